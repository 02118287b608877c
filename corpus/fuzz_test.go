package corpus

import (
	"bufio"
	"bytes"
	"io"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeLine: any line gives a record or an error, never a panic; a
// decoded record's text and object are UTF-8.
func FuzzDecodeLine(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"正文"}`), "text", "id")
	f.Add([]byte(`{"id":12,"body":"x"}`), "body", "id")
	f.Add([]byte(`{"text":"\ud800"}`), "text", "id")
	f.Add([]byte("{\"text\":\"\xc4\xe3\xba\xc3\"}"), "text", "id")
	f.Add([]byte(`[1,2]`), "text", "id")
	f.Add([]byte(`null`), "text", "id")
	f.Fuzz(func(t *testing.T, line []byte, textField, idField string) {
		rec, err := DecodeLine(line, textField, idField)
		if err != nil {
			return
		}
		if !utf8.Valid(rec.Text) || !utf8.Valid(rec.Object) {
			t.Fatalf("invalid UTF-8 out of %q", line)
		}
	})
}

// FuzzToUTF8: any bytes with any declared charset give UTF-8 or an error.
func FuzzToUTF8(f *testing.F) {
	f.Add([]byte("中文"), "", false)
	f.Add([]byte{0xc4, 0xe3, 0xba, 0xc3}, "", false)
	f.Add([]byte("<meta charset=gbk>\xc4\xe3"), "", true)
	f.Add([]byte{0xa4, 0xa4}, "big5", false)
	f.Add([]byte{0xff}, "no-such-charset", true)
	f.Fuzz(func(t *testing.T, data []byte, declared string, html bool) {
		out, _, err := toUTF8(data, declared, html)
		if err == nil && !utf8.Valid(out) && utf8.Valid(data) && declared == "" {
			t.Fatalf("lost UTF-8 validity for %q", data)
		}
	})
}

// FuzzReadLine: lines come back whole (up to the cap) and in order.
func FuzzReadLine(f *testing.F) {
	f.Add([]byte("a\nbb\r\n\nccc"), 2)
	f.Add([]byte("x"), 0)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max < 0 || max > 1<<16 {
			return
		}
		r := bufio.NewReaderSize(bytes.NewReader(data), 16)
		var n int
		for {
			line, tooLong, err := readLine(r, max)
			if tooLong && line != nil || len(line) > max {
				t.Fatalf("line of %d over cap %d", len(line), max)
			}
			n += len(line)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if n > len(data) {
			t.Fatalf("read %d bytes of %d", n, len(data))
		}
	})
}
