package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/winnow-project/winnow/report"
)

// sink is one destination format: JSONL (plain, gzip or zstd) or Parquet.
type sink struct {
	parquet     bool
	compression string // "", "gz", "zst" (JSONL only)
	ext         string // part file extension
	fields      []string
	textField   string
	pq          *pqSchema
}

func newSink(name string, o *Options) (*sink, error) {
	lower := strings.ToLower(name)
	s := &sink{fields: o.Fields, textField: o.TextField}
	switch {
	case strings.HasSuffix(lower, ".parquet"):
		s.parquet, s.ext = true, ".parquet"
		s.pq = newPQSchema(o.Signals)
	case strings.HasSuffix(lower, ".gz"):
		s.compression, s.ext = "gz", ".jsonl.gz"
	case strings.HasSuffix(lower, ".zst"), strings.HasSuffix(lower, ".zstd"):
		s.compression, s.ext = "zst", ".jsonl.zst"
	case name == "-", strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".ndjson"):
		s.ext = ".jsonl"
	default:
		return nil, fmt.Errorf("%s: unknown output type (want .jsonl, .jsonl.gz, .jsonl.zst or .parquet)", name)
	}
	return s, nil
}

// encode turns a checked record into what the sink's part writer takes:
// a JSONL line ([]byte) or a parquet.Row.
func (s *sink) encode(rec *Record, rep *report.Report) (any, error) {
	if s.parquet {
		return s.pq.row(rec, rep), nil
	}
	return s.jsonLine(rec, rep)
}

// jsonLine is the input object with the report's fields added. A report
// field whose name the input already uses is written as winnow_NAME.
func (s *sink) jsonLine(rec *Record, rep *report.Report) ([]byte, error) {
	var b bytes.Buffer
	keys := rec.Keys
	if rec.Object != nil {
		obj := bytes.TrimSpace(rec.Object)
		b.Write(obj[:len(obj)-1]) // without the closing brace
		b.Truncate(len(bytes.TrimRight(b.Bytes(), " \t\r\n")))
		if len(keys) > 0 {
			b.WriteByte(',')
		}
		if !contains(keys, "id") {
			writeField(&b, "id", rec.ID)
			b.WriteByte(',')
		}
	} else {
		b.WriteByte('{')
		writeField(&b, "id", rec.ID)
		b.WriteByte(',')
		writeField(&b, "source", rec.Source)
		b.WriteByte(',')
		if rec.URL != "" {
			writeField(&b, "url", rec.URL)
			b.WriteByte(',')
		}
		if rec.Charset != "" {
			writeField(&b, "charset", rec.Charset)
			b.WriteByte(',')
		}
		writeField(&b, s.textField, string(rec.Text))
		b.WriteByte(',')
		keys = []string{"id", "source", "url", "charset", s.textField}
	}
	for i, f := range s.fields {
		name := f
		if contains(keys, name) {
			name = "winnow_" + name
		}
		if i > 0 {
			b.WriteByte(',')
		}
		v, err := reportField(rep, f)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", f, err)
		}
		writeKey(&b, name)
		b.Write(v)
	}
	// An HTML page's lines and edits index the text extracted from it
	// (decoded text likewise), not the input: write that text (and
	// input_kind) beside them.
	if rep.InputKind != "" && (contains(s.fields, "edits") || contains(s.fields, "lines")) {
		for _, f := range []string{"input_kind", "text"} {
			name := f
			if contains(keys, name) || contains(s.fields, name) {
				name = "winnow_" + name
			}
			v, _ := reportField(rep, f)
			b.WriteByte(',')
			writeKey(&b, name)
			b.Write(v)
		}
	}
	if len(s.fields) == 0 {
		b.Truncate(len(bytes.TrimRight(b.Bytes(), ",")))
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func reportField(rep *report.Report, f string) ([]byte, error) {
	var v any
	switch f {
	case "version":
		v = rep.Version
	case "title":
		v = rep.Title
	case "meta":
		v = rep.Meta
	case "verdict":
		v = rep.Verdict
	case "restored":
		v = rep.Restored
	case "lines":
		v = rep.Lines
	case "edits":
		v = rep.Edits
	case "signals":
		v = rep.Signals
	case "stats":
		v = rep.Stats
	case "input_kind":
		v = rep.InputKind
	case "text":
		v = rep.Text
	case "page":
		v = rep.Page
	default:
		return nil, fmt.Errorf("unknown field %q", f)
	}
	return json.Marshal(v)
}

func writeKey(b *bytes.Buffer, k string) {
	kb, _ := json.Marshal(k)
	b.Write(kb)
	b.WriteByte(':')
}

func writeField(b *bytes.Buffer, k, v string) {
	writeKey(b, k)
	vb, _ := json.Marshal(v)
	b.Write(vb)
}

// errorLine is one record of the errors file.
func errorLine(rec *Record, err error) []byte {
	b, _ := json.Marshal(struct {
		ID     string `json:"id"`
		Source string `json:"source,omitempty"`
		Error  string `json:"error"`
	}{rec.ID, rec.Source, err.Error()})
	return append(b, '\n')
}

// partWriter writes one part file.
type partWriter interface {
	write(v any) error
	close() error // flushes, syncs and closes the file
}

func (s *sink) create(path string) (partWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if s.parquet {
		w := s.pq.writer(f)
		return &parquetPart{f: f, w: w}, nil
	}
	p := &jsonlPart{f: f, bw: bufio.NewWriterSize(f, 1<<20)}
	p.w = p.bw
	switch s.compression {
	case "gz":
		p.zc = gzip.NewWriter(p.bw)
		p.w = p.zc
	case "zst":
		zw, err := zstd.NewWriter(p.bw, zstd.WithEncoderConcurrency(1))
		if err != nil {
			f.Close()
			return nil, err
		}
		p.zc, p.w = zw, zw
	}
	return p, nil
}

type jsonlPart struct {
	f  *os.File
	bw *bufio.Writer
	zc io.WriteCloser
	w  io.Writer
}

func (p *jsonlPart) write(v any) error {
	b, ok := v.([]byte)
	if !ok {
		return fmt.Errorf("jsonl part: unexpected %T", v)
	}
	_, err := p.w.Write(b)
	return err
}

func (p *jsonlPart) close() error {
	var errs []error
	if p.zc != nil {
		errs = append(errs, p.zc.Close())
	}
	errs = append(errs, p.bw.Flush(), p.f.Sync(), p.f.Close())
	return errors.Join(errs...)
}

type parquetPart struct {
	f    *os.File
	w    *parquet.GenericWriter[any]
	rows []parquet.Row
}

func (p *parquetPart) write(v any) error {
	r, ok := v.(parquet.Row)
	if !ok {
		return fmt.Errorf("parquet part: unexpected %T", v)
	}
	p.rows = append(p.rows[:0], r)
	_, err := p.w.WriteRows(p.rows)
	return err
}

func (p *parquetPart) close() error {
	return errors.Join(p.w.Close(), p.f.Sync(), p.f.Close())
}

// join writes the parts, in order, to dst: byte concatenation for JSONL
// (gzip members and zstd frames concatenate into one valid stream), row
// by row for Parquet.
func (s *sink) join(dst io.Writer, parts []string) error {
	if !s.parquet {
		for _, p := range parts {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(dst, f)
			f.Close()
			if err != nil {
				return fmt.Errorf("join %s: %w", p, err)
			}
		}
		return nil
	}
	w := s.pq.writer(dst)
	buf := make([]parquet.Row, 256)
	for _, p := range parts {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		r := parquet.NewGenericReader[any](f, s.pq.schema)
		for {
			n, err := r.ReadRows(buf)
			if n > 0 {
				if _, werr := w.WriteRows(buf[:n]); werr != nil {
					f.Close()
					return werr
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return fmt.Errorf("join %s: %w", p, err)
			}
		}
		r.Close()
		f.Close()
	}
	return w.Close()
}

// pqSchema is the flat Parquet schema: id, source, url, label,
// spam_score, keep, restored, title, text (for HTML pages, the text
// extracted from the page; null for text inputs, whose text is the
// input's), and SIGNAL_score per signal.
type pqSchema struct {
	schema  *parquet.Schema
	col     map[string]int
	signals []string
}

func newPQSchema(signals []string) *pqSchema {
	g := parquet.Group{
		"id":         parquet.String(),
		"source":     parquet.String(),
		"url":        parquet.Optional(parquet.String()),
		"label":      parquet.String(),
		"spam_score": parquet.Leaf(parquet.DoubleType),
		"keep":       parquet.Leaf(parquet.BooleanType),
		"restored":   parquet.String(),
		"title":      parquet.Optional(parquet.String()),
		"text":       parquet.Optional(parquet.String()),
	}
	sigs := append([]string(nil), signals...)
	sort.Strings(sigs)
	for _, s := range sigs {
		g[s+"_score"] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
	}
	p := &pqSchema{schema: parquet.NewSchema("winnow", g), col: map[string]int{}, signals: sigs}
	for i, path := range p.schema.Columns() {
		p.col[strings.Join(path, ".")] = i
	}
	return p
}

// writer returns a Parquet writer of rows of this schema (zstd, row
// groups of 4,096).
func (p *pqSchema) writer(w io.Writer) *parquet.GenericWriter[any] {
	return parquet.NewGenericWriter[any](w, p.schema, parquet.Compression(&pqzstd.Codec{}), parquet.MaxRowsPerRowGroup(4096))
}

func (p *pqSchema) row(rec *Record, rep *report.Report) parquet.Row {
	row := make(parquet.Row, len(p.col))
	set := func(name string, v any) {
		i := p.col[name]
		row[i] = parquet.ValueOf(v).Level(0, 0, i)
	}
	opt := func(name string, v any, ok bool) {
		i := p.col[name]
		if ok {
			row[i] = parquet.ValueOf(v).Level(0, 1, i)
		} else {
			row[i] = parquet.NullValue().Level(0, 0, i)
		}
	}
	set("id", rec.ID)
	set("source", rec.Source)
	opt("url", rec.URL, rec.URL != "")
	set("label", rep.Verdict.Label)
	set("spam_score", rep.Verdict.SpamScore)
	set("keep", rep.Verdict.Keep)
	set("restored", rep.Restored)
	opt("title", rep.Title, rep.Title != "")
	opt("text", rep.Text, rep.InputKind == "html")
	for _, s := range p.signals {
		sig, ok := rep.Signals[s]
		opt(s+"_score", sig.Score, ok)
	}
	return row
}
