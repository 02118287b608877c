package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/winnow-project/winnow/page"
)

// jsonlReader reads JSON Lines, one record per non-blank line.
type jsonlReader struct {
	name               string
	r                  *bufio.Reader
	zr, f              io.Closer
	line               int
	done               bool
	textField, idField string
}

func (j *jsonlReader) Next() (Record, error) {
	for {
		if j.done {
			return Record{}, io.EOF
		}
		line, tooLong, err := readLine(j.r, MaxRecordBytes)
		j.line++
		id := j.name + ":" + strconv.Itoa(j.line)
		if err != nil && !errors.Is(err, io.EOF) {
			// A broken stream (truncated gzip, bad zstd frame): the
			// partial line, if any, and whatever followed are one error
			// record; nothing more can be read from this input.
			j.done = true
			return Record{ID: id, Source: j.name, Err: fmt.Errorf("read %s after line %d: %w", j.name, j.line-1, err)}, nil
		}
		if err != nil { // io.EOF
			j.done = true
			if len(bytes.TrimSpace(line)) == 0 {
				return Record{}, io.EOF
			}
		}
		if tooLong {
			return Record{ID: id, Source: j.name, Err: fmt.Errorf("line longer than %d bytes", MaxRecordBytes)}, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rec, derr := DecodeLine(line, j.textField, j.idField)
		rec.Source = j.name
		if rec.ID == "" {
			rec.ID = id
		}
		rec.Err = derr
		return rec, nil
	}
}

func (j *jsonlReader) Close() error {
	err := j.zr.Close()
	if j.f != nil {
		if e := j.f.Close(); err == nil {
			err = e
		}
	}
	return err
}

// readLine reads one line without its newline. A line longer than max is
// consumed and discarded (tooLong). err is io.EOF after the last line.
func readLine(r *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, e := r.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			tooLong = true
		}
		if !tooLong {
			line = append(line, chunk...)
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		if e == nil {
			line = bytes.TrimSuffix(line, []byte("\n"))
			line = bytes.TrimSuffix(line, []byte("\r"))
		}
		if tooLong {
			line = nil
		}
		return line, tooLong, e
	}
}

// DecodeLine decodes one JSONL line: a JSON object with a string field
// textField (the document) and optionally idField (a string or a number).
// A line that is not UTF-8 is decoded as GB18030 or Big5 when it is
// clearly Chinese text in that charset (Record.Charset says so). The returned
// Record's Object is the line as UTF-8 and Keys its top-level fields. ID
// is "" when the line has none. Every malformed line is an error, never a
// panic.
func DecodeLine(line []byte, textField, idField string) (Record, error) {
	var rec Record
	line = bytes.TrimSpace(line)
	if !utf8.Valid(line) {
		out, cs, err := toUTF8(line, "", false)
		if err != nil || cs == "" { // "": UTF-8 with broken bytes replaced
			if errors.Is(err, page.ErrBinary) {
				return rec, fmt.Errorf("line is binary, not text")
			}
			// Name the record if its id can be read anyway.
			var probe map[string]json.RawMessage
			if json.Unmarshal(line, &probe) == nil {
				rec.ID = idOf(probe[idField])
			}
			return rec, fmt.Errorf("line is not UTF-8 (first bad byte at offset %d) and not GB18030 or Big5 text", page.FirstInvalid(line))
		}
		line, rec.Charset = out, cs
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		return rec, fmt.Errorf("invalid JSON: %w", err)
	}
	if fields == nil {
		return rec, errors.New("invalid JSON: not an object")
	}
	rec.ID = idOf(fields[idField])
	raw, ok := fields[textField]
	if !ok {
		return rec, fmt.Errorf("no %q field", textField)
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return rec, fmt.Errorf("field %q is not a string", textField)
	}
	rec.Text = []byte(text)
	rec.Object = line
	rec.Keys = make([]string, 0, len(fields))
	for k := range fields {
		rec.Keys = append(rec.Keys, k)
	}
	return rec, nil
}

// idOf reads an id: a JSON string or number ("" otherwise).
func idOf(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	if n := bytes.TrimSpace(raw); len(n) > 0 && (n[0] == '-' || n[0] >= '0' && n[0] <= '9') {
		return string(n)
	}
	return ""
}
