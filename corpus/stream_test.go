package corpus

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/winnow-project/winnow/report"
)

// NewReader over a stream gives the records batch reads from the file.
func TestNewReaderMatchesRecords(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, "{\"id\":\"a\",\"text\":\"一\"}\n\nnot json\n{\"text\":\"二\"}\n")
	zw.Close()
	name := filepath.Join(dir, "x.jsonl.gz")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var want []Record
	if err := Records(context.Background(), []string{name}, nil, "", "", func(r Record) error { want = append(want, r); return nil }); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(name, bytes.NewReader(buf.Bytes()), "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	if len(got) != len(want) || len(got) != 3 {
		t.Fatalf("got %d records, want %d (3)", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID || string(got[i].Text) != string(want[i].Text) || (got[i].Err == nil) != (want[i].Err == nil) {
			t.Errorf("record %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, err := NewReader("pages.txt", strings.NewReader(""), "", ""); err == nil {
		t.Error("NewReader accepted a .txt name")
	}
}

// Check, JSONLine and ErrorLine give what Run writes.
func TestCheckAndLines(t *testing.T) {
	c := CheckerFunc(func(ctx context.Context, id string, text []byte) (*report.Report, error) {
		if strings.Contains(string(text), "boom") {
			panic("boom")
		}
		return &report.Report{Restored: string(text)}, nil
	})
	rec, err := DecodeLine([]byte(`{"id":"7","text":"boom"}`), "text", "id")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(context.Background(), c, &rec); err == nil || !strings.HasPrefix(err.Error(), "check: checker panicked") {
		t.Fatalf("Check of a panicking checker: %v", err)
	}
	if got := string(ErrorLine(&rec, errors.New("x"))); got != `{"id":"7","error":"x"}`+"\n" {
		t.Errorf("ErrorLine = %q", got)
	}
	rec, _ = DecodeLine([]byte(`{"id":"8","text":"ok"}`), "text", "id")
	rep, err := Check(context.Background(), c, &rec)
	if err != nil {
		t.Fatal(err)
	}
	fields, err := ResolveFields([]string{"restored"})
	if err != nil {
		t.Fatal(err)
	}
	line, err := JSONLine(&rec, rep, fields, "")
	if err != nil || string(line) != `{"id":"8","text":"ok","restored":"ok"}`+"\n" {
		t.Errorf("JSONLine = %q, %v", line, err)
	}
	if _, err := ResolveFields([]string{"nope"}); err == nil {
		t.Error("ResolveFields accepted an unknown field")
	}
}
