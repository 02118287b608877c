package corpus

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/nlnwa/gowarc/v2"
)

// warcReader reads the response records of a WARC (plain, or gzip per
// record) whose payload is text or HTML. The HTTP headers are stripped
// and the charset of their Content-Type is used to decode the payload.
// Other records (requests, metadata, images) are not documents and are
// skipped; Skipped counts them.
type warcReader struct {
	name    string
	r       *gowarc.WarcFileReader
	f       io.Closer
	done    bool
	skipped int64
}

func newWARCReader(name string, r io.Reader, f io.Closer) (*warcReader, error) {
	wr, err := gowarc.NewWarcFileReaderFromStream(r, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithAddMissingDigest(false),
		gowarc.WithFixDigest(false),
		gowarc.WithFixContentLength(false),
	)
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, fmt.Errorf("warc %s: %w", name, err)
	}
	return &warcReader{name: name, r: wr, f: f}, nil
}

func (w *warcReader) Next() (Record, error) {
	for {
		if w.done {
			return Record{}, io.EOF
		}
		rec, off, _, err := w.r.Next()
		if err != nil {
			w.done = true
			if errors.Is(err, io.EOF) && rec == nil {
				return Record{}, io.EOF
			}
			// A truncated or corrupt record: report it; what follows
			// cannot be found reliably.
			return Record{ID: fmt.Sprintf("%s@%d", w.name, off), Source: w.name, Err: fmt.Errorf("warc record at offset %d: %w", off, err)}, nil
		}
		out, ok := w.response(rec, off)
		rec.Close()
		if !ok {
			w.skipped++
			continue
		}
		if out.Err != nil && isTruncation(out.Err) {
			w.done = true
		}
		return out, nil
	}
}

func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// response turns a response record into a Record; ok is false for
// records that are not text documents.
func (w *warcReader) response(rec gowarc.WarcRecord, off int64) (Record, bool) {
	if rec.Type() != gowarc.Response {
		return Record{}, false
	}
	h := rec.WarcHeader()
	out := Record{Source: w.name, URL: h.Get(gowarc.WarcTargetURI)}
	out.ID = strings.Trim(h.Get(gowarc.WarcRecordID), "<>")
	if out.ID == "" {
		out.ID = fmt.Sprintf("%s@%d", w.name, off)
	}
	hb, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		// Not an HTTP response (a DNS answer, say).
		return Record{}, false
	}
	var charset string
	html := true
	if hh := hb.HttpHeader(); hh != nil {
		if ct := hh.Get("Content-Type"); ct != "" {
			mt, params, err := mime.ParseMediaType(ct)
			if err == nil {
				if !strings.HasPrefix(mt, "text/") && mt != "application/xhtml+xml" {
					return Record{}, false
				}
				html = mt != "text/plain"
				charset = params["charset"]
			}
		}
	}
	pr, err := hb.PayloadBytes()
	if err != nil {
		out.Err = fmt.Errorf("payload: %w", err)
		return out, true
	}
	data, err := io.ReadAll(io.LimitReader(pr, MaxRecordBytes+1))
	if err != nil {
		out.Err = fmt.Errorf("payload: %w", err)
		return out, true
	}
	if len(data) > MaxRecordBytes {
		out.Err = fmt.Errorf("payload larger than %d bytes", MaxRecordBytes)
		return out, true
	}
	if n, err := rec.ContentLength(); err == nil && n > 0 && int64(len(hb.ProtocolHeaderBytes())+len(data)) < n {
		out.Err = fmt.Errorf("payload truncated: %w", io.ErrUnexpectedEOF)
		return out, true
	}
	out.Text, out.Charset, out.Err = toUTF8(data, charset, html)
	return out, true
}

func (w *warcReader) Close() error {
	err := w.r.Close()
	if w.f != nil {
		if e := w.f.Close(); err == nil {
			err = e
		}
	}
	return err
}
