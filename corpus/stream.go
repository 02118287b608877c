package corpus

import (
	"context"
	"fmt"
	"io"

	"github.com/winnow-project/winnow/report"
)

// The pieces of Run that a pipeline running on another engine (the
// Apache Beam pipeline in beam/) needs in order to read, check and write
// records exactly as batch does, one record at a time.

// Reader reads the records of one JSONL or WARC stream with batch's
// readers. Next returns io.EOF after the last record; a record that
// cannot be read comes back with Err set, and an error from Next means
// nothing more can be read (batch makes that an error record too).
type Reader struct {
	rr recordReader
}

// NewReader reads r, a JSONL file (.jsonl, .ndjson, .json; plain, .gz or
// .zst) or a WARC file (.warc, .warc.gz), the kind told by name as batch
// tells it. name is also the prefix of NAME:LINE ids and the records'
// Source. textField and idField name the JSONL fields ("" for "text"
// and "id"). Closing the Reader does not close r.
func NewReader(name string, r io.Reader, textField, idField string) (*Reader, error) {
	kind := fileKind(name)
	if kind != kindJSONL && kind != kindWARC {
		return nil, fmt.Errorf("%s: not a JSONL or WARC file name (want .jsonl[.gz|.zst] or .warc[.gz])", name)
	}
	opt := &Options{TextField: textField, IDField: idField}
	if opt.TextField == "" {
		opt.TextField = "text"
	}
	if opt.IDField == "" {
		opt.IDField = "id"
	}
	rr, err := openStream(name, kind, r, nil, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Reader{rr: rr}, nil
}

// Next returns the next record.
func (r *Reader) Next() (Record, error) { return r.rr.Next() }

// Ignored counts the WARC records read so far that are not text
// documents (requests, metadata, images); they are not input records.
func (r *Reader) Ignored() int64 {
	if w, ok := r.rr.(*warcReader); ok {
		return w.skipped
	}
	return 0
}

// Close releases the reader.
func (r *Reader) Close() error { return r.rr.Close() }

// Check checks one record as Run does: a record that could not be read
// gives its read error, a checker error or panic gives "check: ..."; the
// error's text is what the errors file says.
func Check(ctx context.Context, c Checker, rec *Record) (*report.Report, error) {
	if rec.Err != nil {
		return nil, rec.Err
	}
	rep, err := safeCheck(ctx, c, rec)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	return rep, nil
}

// ResolveFields checks report field names as Run does (nil gives
// DefaultFields, "all" gives AllFields).
func ResolveFields(fields []string) ([]string, error) {
	o := Options{Inputs: []string{"-"}, Output: "-", Fields: fields}
	if err := o.defaults(); err != nil {
		return nil, err
	}
	return o.Fields, nil
}

// JSONLine is the JSONL output record batch writes for a checked record:
// the input object (or id, source, url, charset and text for WARC
// records) with the report's fields added, newline-terminated.
func JSONLine(rec *Record, rep *report.Report, fields []string, textField string) ([]byte, error) {
	if textField == "" {
		textField = "text"
	}
	s := &sink{fields: fields, textField: textField}
	return s.jsonLine(rec, rep)
}

// ErrorLine is the errors-file record batch writes for a record that
// could not be read or checked: {"id","source","error"}, newline-terminated.
func ErrorLine(rec *Record, err error) []byte { return errorLine(rec, err) }
