package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Record is one input document.
type Record struct {
	// ID is the record's identifier: the JSONL id field, the WARC record
	// ID, the file's path, or NAME:LINE when the input gives none.
	ID string
	// Text is the document, UTF-8.
	Text []byte
	// Object is the input JSON object (UTF-8) for JSONL inputs, and Keys
	// its top-level field names; nil for other inputs.
	Object []byte
	Keys   []string
	// Source is the file the record came from; URL the WARC target URI.
	Source, URL string
	// Charset is the charset the text was decoded from ("" for UTF-8).
	Charset string
	// Err, when set, means the record could not be read: it becomes an
	// error record.
	Err error
}

// MaxRecordBytes is the largest record (JSONL line, file, WARC payload)
// read; larger ones become error records, so memory stays bounded.
const MaxRecordBytes = 64 << 20

// Kinds of input.
const (
	kindJSONL = "jsonl"
	kindText  = "text" // one .txt/.html file, or a folder of them
	kindWARC  = "warc"
)

// input is one argument after glob and folder expansion: the unit of
// resumption.
type input struct {
	name  string   // as given (or as matched by a glob)
	kind  string   // kindJSONL, kindText, kindWARC
	files []string // kindText: the files, sorted
	size  int64    // bytes on disk, -1 for stdin
}

func (in input) stdin() bool { return in.name == "-" }

// expand turns arguments into inputs. Globs that match nothing and
// missing files are errors: the run does not start.
func expand(args []string) ([]input, error) {
	var out []input
	for _, a := range args {
		if a == "-" {
			out = append(out, input{name: "-", kind: kindJSONL, size: -1})
			continue
		}
		names := []string{a}
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			if err != nil {
				return nil, fmt.Errorf("glob %q: %w", a, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("glob %q matches no file", a)
			}
			sort.Strings(m)
			names = m
		}
		for _, n := range names {
			in, err := describe(n)
			if err != nil {
				return nil, err
			}
			out = append(out, in)
		}
	}
	return out, nil
}

func describe(name string) (input, error) {
	st, err := os.Stat(name)
	if err != nil {
		return input{}, err
	}
	if st.IsDir() {
		in := input{name: name, kind: kindText}
		err := filepath.WalkDir(name, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isTextFile(p) {
				in.files = append(in.files, p)
				if fi, err := d.Info(); err == nil {
					in.size += fi.Size()
				}
			}
			return nil
		})
		if err != nil {
			return input{}, fmt.Errorf("read folder %s: %w", name, err)
		}
		sort.Strings(in.files)
		return in, nil
	}
	in := input{name: name, size: st.Size(), kind: fileKind(name)}
	switch in.kind {
	case kindText:
		in.files = []string{name}
	case "":
		return input{}, fmt.Errorf("%s: unknown input type (want .jsonl[.gz|.zst], .warc[.gz], .txt, .html or a folder)", name)
	}
	return in, nil
}

// fileKind is the kind of input a file name says (kindWARC, kindText,
// kindJSONL; "" when unknown), after any compression extension.
func fileKind(name string) string {
	base := strings.ToLower(trimCompression(filepath.Base(name)))
	switch {
	case strings.HasSuffix(base, ".warc"):
		return kindWARC
	case isTextFile(base):
		return kindText
	case strings.HasSuffix(base, ".jsonl"), strings.HasSuffix(base, ".ndjson"), strings.HasSuffix(base, ".json"):
		return kindJSONL
	}
	return ""
}

func isTextFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".html" || ext == ".htm"
}

func trimCompression(name string) string {
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return name[:len(name)-len(ext)]
		}
	}
	return name
}

// counter counts bytes read into a shared total.
type counter struct {
	r     io.Reader
	total *atomic.Int64
}

func (c counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.total.Add(int64(n))
	return n, err
}

// decompress wraps r according to the name's extension, or, for stdin
// (name "-"), according to the stream's magic bytes.
func decompress(name string, r io.Reader) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	kind := ""
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		kind = "gz"
	case strings.HasSuffix(lower, ".zst"), strings.HasSuffix(lower, ".zstd"):
		kind = "zst"
	case name == "-":
		magic, _ := br.Peek(4)
		switch {
		case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
			kind = "gz"
		case len(magic) == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd:
			kind = "zst"
		}
	}
	switch kind {
	case "gz":
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, nil
	case "zst":
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		return zr.IOReadCloser(), nil
	}
	return io.NopCloser(br), nil
}

// recordReader gives an input's records; Next returns io.EOF at the end.
// A record that cannot be read comes back with Err set; an error from
// Next itself means the input cannot be read any further and has already
// been reported as a record.
type recordReader interface {
	Next() (Record, error)
	Close() error
}

// open opens an input for reading. total counts the input bytes read.
func open(in input, stdin io.Reader, opt *Options, total *atomic.Int64) (recordReader, error) {
	switch in.kind {
	case kindText:
		return &textReader{files: in.files, root: in.name, total: total}, nil
	}
	var raw io.Reader
	var closer io.Closer
	if in.stdin() {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		raw = stdin
	} else {
		f, err := os.Open(in.name)
		if err != nil {
			return nil, err
		}
		raw, closer = f, f
	}
	return openStream(in.name, in.kind, counter{raw, total}, closer, opt)
}

// openStream reads a JSONL or WARC stream named name; closer, when not
// nil, is closed with the reader.
func openStream(name, kind string, raw io.Reader, closer io.Closer, opt *Options) (recordReader, error) {
	if kind == kindWARC {
		return newWARCReader(name, raw, closer)
	}
	r, err := decompress(name, raw)
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, err
	}
	return &jsonlReader{name: name, r: bufio.NewReaderSize(r, 1<<20), zr: r, f: closer,
		textField: opt.TextField, idField: opt.IDField}, nil
}

// textReader reads .txt and .html files, one document each.
type textReader struct {
	files []string
	root  string
	i     int
	total *atomic.Int64
}

func (t *textReader) Next() (Record, error) {
	if t.i >= len(t.files) {
		return Record{}, io.EOF
	}
	p := t.files[t.i]
	t.i++
	rec := Record{ID: p, Source: p}
	f, err := os.Open(p)
	if err != nil {
		rec.Err = err
		return rec, nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(counter{f, t.total}, MaxRecordBytes+1))
	if err != nil {
		rec.Err = fmt.Errorf("read: %w", err)
		return rec, nil
	}
	if len(data) > MaxRecordBytes {
		rec.Err = fmt.Errorf("file larger than %d bytes", MaxRecordBytes)
		return rec, nil
	}
	text, cs, err := toUTF8(data, "", strings.HasSuffix(strings.ToLower(p), "html") || strings.HasSuffix(strings.ToLower(p), ".htm"))
	rec.Text, rec.Charset, rec.Err = text, cs, err
	return rec, nil
}

func (t *textReader) Close() error { return nil }
