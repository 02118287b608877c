package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/verdict"
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
}

// fakeChecker labels a document spam when it contains "垃圾", fails on
// "FAIL", panics on "PANIC", and marks every "关键词" as a stuffed keyword.
type fakeChecker struct{}

func (fakeChecker) Check(ctx context.Context, id string, text []byte) (*report.Report, error) {
	s := string(text)
	if strings.Contains(s, "FAIL") {
		return nil, errors.New("fake failure")
	}
	if strings.Contains(s, "PANIC") {
		panic("fake panic")
	}
	d := document.New(id, text)
	score := 0.1
	if strings.Contains(s, "垃圾") {
		score = 0.9
	}
	var edits []document.Edit
	for i := 0; ; {
		j := strings.Index(s[i:], "关键词")
		if j < 0 {
			break
		}
		edits = append(edits, document.Edit{Start: i + j, End: i + j + len("关键词"), Kind: document.KindStuffing, From: "关键词", Reason: "fake"})
		i += j + len("关键词")
	}
	d.Signals = map[string]document.Signal{
		"stuffing":    {Score: score, Counts: map[string]int{"inserted": len(edits)}},
		"boilerplate": {Counts: map[string]int{"lines": 1, "copyright": 1}},
	}
	v := verdict.Verdict{Label: verdict.Clean, Keep: true, SpamScore: score, Reasons: []string{}}
	if score > 0.6 {
		v.Label, v.Keep = verdict.Spam, false
	}
	return report.New(d, edits, strings.ReplaceAll(s, "关键词", ""), v), nil
}

func writeFile(t tb, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gz(t tb, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zst(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func toGBK(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonl makes n JSONL lines with ids doc-0… and Chinese text.
func jsonl(n int, extra func(i int) string) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("第%d篇文章。今天天气很好，我们去公园散步。", i)
		if extra != nil {
			text += extra(i)
		}
		tb, _ := json.Marshal(text)
		fmt.Fprintf(&b, `{"id":"doc-%d","text":%s,"lang":"zh"}`+"\n", i, tb)
	}
	return b.Bytes()
}

// readJSONL reads a JSONL file (plain, .gz or .zst) into objects.
func readJSONL(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := decompress(path, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: bad line %q: %v", path, sc.Text(), err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return out
}

func ids(recs []map[string]any) []string {
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprint(r["id"]))
	}
	return out
}

// warcRecord is one WARC response record with an HTTP message.
func warcRecord(id, uri, contentType string, body []byte) []byte {
	http := []byte("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n")
	http = append(http, body...)
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n", id, uri, len(http))
	b.Write(http)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func warcRequest(id, uri string) []byte {
	msg := "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
	return []byte(fmt.Sprintf("WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: application/http;msgtype=request\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", id, uri, len(msg), msg))
}

func runT(t testing.TB, opt Options) *Summary {
	t.Helper()
	if opt.Log == nil {
		opt.Log = discardLog()
	}
	sum, err := Run(context.Background(), fakeChecker{}, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !sum.Balanced() {
		t.Fatalf("unbalanced: %s", sum)
	}
	return sum
}
