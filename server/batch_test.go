package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBatch(t *testing.T) {
	_, ts := newTest(t, realChecker(t), Options{MaxBodyBytes: 20000})
	seedText := string(seed(t))
	rec := func(v map[string]any) string { b, _ := json.Marshal(v); return string(b) }
	in := strings.Join([]string{
		rec(map[string]any{"id": "seed", "text": seedText, "url": "http://example.invalid/a"}),
		"",
		rec(map[string]any{"id": 42, "html": "<p>正文。</p>"}),
		"not json",
		rec(map[string]any{"text": "没有编号的一行。"}),
		rec(map[string]any{"id": "x", "body": "no text field"}),
		rec(map[string]any{"id": "big", "text": strings.Repeat("长", 8000)}), // 24 KB > 20000
		"  ",
		rec(map[string]any{"id": "last", "text": "最后一行。"}),
	}, "\n") // no final newline
	resp := post(t, ts.URL+"/v1/batch", "application/x-ndjson", []byte(in))
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("Content-Type %q", ct)
	}
	out := lines(t, body)
	want := []struct {
		id  string
		err string
	}{
		{"seed", ""}, {"42", ""}, {"4", "invalid JSON"}, {"5", ""}, {"x", `no "text" field`},
		{"7", "longer than 20000"}, {"last", ""},
	}
	if len(out) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(out), len(want), body)
	}
	for i, w := range want {
		if w.err != "" {
			var e map[string]string
			if err := json.Unmarshal([]byte(out[i]), &e); err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			if len(e) != 2 || e["id"] != w.id || !strings.Contains(e["error"], w.err) {
				t.Errorf("line %d: %s, want {id %q, error with %q}", i+1, out[i], w.id, w.err)
			}
			continue
		}
		r := validReport(t, []byte(out[i]))
		if r.ID != w.id {
			t.Errorf("line %d: id %q, want %q", i+1, r.ID, w.id)
		}
		if w.id == "seed" && r.Verdict.Label != "spam" {
			t.Errorf("seed: verdict %q", r.Verdict.Label)
		}
	}
}

// TestBatchOrder: lines analysed concurrently, finishing in random order,
// come out in input order.
func TestBatchOrder(t *testing.T) {
	c := fakeChecker{hook: func(ctx context.Context, _ string, _ []byte) error {
		time.Sleep(time.Duration(rand.IntN(5)) * time.Millisecond)
		return nil
	}}
	_, ts := newTest(t, c, Options{Concurrency: 4})
	var in bytes.Buffer
	const n = 200
	for i := range n {
		fmt.Fprintf(&in, `{"id":"d%d","text":"第%d篇。"}`+"\r\n", i, i)
	}
	resp := post(t, ts.URL+"/v1/batch", "", in.Bytes())
	out := lines(t, readAll(t, resp))
	if len(out) != n {
		t.Fatalf("%d lines, want %d", len(out), n)
	}
	for i, l := range out {
		var r struct {
			ID       string `json:"id"`
			Restored string `json:"restored"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.ID != fmt.Sprintf("d%d", i) || r.Restored != fmt.Sprintf("第%d篇。", i) {
			t.Fatalf("line %d: %s", i, l)
		}
	}
}

// TestBatchStreams: the first result arrives before the body is complete.
func TestBatchStreams(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{})
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/batch", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	respc := make(chan *http.Response, 1)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			errc <- err
			return
		}
		respc <- resp
	}()
	if _, err := io.WriteString(pw, `{"id":"one","text":"一。"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	var resp *http.Response
	select {
	case resp = <-respc:
	case err := <-errc:
		t.Fatal(err)
	case <-time.After(5 * time.Second):
		t.Fatal("no response headers while the body is open")
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	first, err := br.ReadString('\n')
	if err != nil || !strings.Contains(first, `"id":"one"`) {
		t.Fatalf("first line %q, %v", first, err)
	}
	io.WriteString(pw, `{"id":"two","text":"二。"}`+"\n")
	pw.Close()
	second, err := br.ReadString('\n')
	if err != nil || !strings.Contains(second, `"id":"two"`) {
		t.Fatalf("second line %q, %v", second, err)
	}
	if rest, _ := io.ReadAll(br); len(rest) != 0 {
		t.Errorf("more output: %q", rest)
	}
}

func TestBatchLimits(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{MaxBatchBytes: 100})
	var in bytes.Buffer
	for i := range 5 {
		fmt.Fprintf(&in, `{"id":"%d","text":"一二三"}`+"\n", i) // 28 bytes a line
	}
	// Content-Length above the cap: 413 before anything is read.
	wantError(t, post(t, ts.URL+"/v1/batch", "application/x-ndjson", in.Bytes()), http.StatusRequestEntityTooLarge, codeTooLarge)
	// Chunked: the lines within the cap are answered, then an error line.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/batch", io.MultiReader(bytes.NewReader(in.Bytes())))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Close {
		t.Error("a batch answer keeps its connection open")
	}
	out := lines(t, readAll(t, resp))
	if len(out) != 4 || !strings.Contains(out[3], "body larger than 100 bytes") || !strings.Contains(out[2], `"id":"2"`) {
		t.Errorf("chunked over the cap: %q", out)
	}
	wantError(t, post(t, ts.URL+"/v1/batch", "text/csv", []byte("a,b")), http.StatusUnsupportedMediaType, codeUnsupportedMedia)
}

func TestBatchDeadline(t *testing.T) {
	c := fakeChecker{hook: func(ctx context.Context, id string, _ []byte) error {
		if id == "slow" {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}}
	_, ts := newTest(t, c, Options{Deadline: 50 * time.Millisecond})
	resp := post(t, ts.URL+"/v1/batch", "", []byte(`{"id":"slow","text":"慢"}`+"\n"+`{"id":"fast","text":"快"}`+"\n"))
	out := lines(t, readAll(t, resp))
	if len(out) != 2 || !strings.Contains(out[0], `"error":"analysis took longer than 50ms"`) || !strings.Contains(out[1], `"id":"fast"`) {
		t.Errorf("got %q", out)
	}
}

func TestReadLine(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("abc\r\n"+strings.Repeat("x", 40)+"\nlast"), 16)
	for _, w := range []struct {
		line    string
		tooLong bool
		eof     bool
	}{{"abc", false, false}, {"", true, false}, {"last", false, true}} {
		line, tooLong, err := readLine(br, 10)
		if string(line) != w.line || tooLong != w.tooLong || (err == io.EOF) != w.eof {
			t.Errorf("readLine = %q %v %v, want %q %v eof=%v", line, tooLong, err, w.line, w.tooLong, w.eof)
		}
	}
}

func TestCapReader(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int64
		err   bool
	}{{"abcdef", 6, false}, {"abcdef", 10, false}, {"abcdef", 5, true}, {"", 0, false}, {"a", 0, true}} {
		got, err := io.ReadAll(&capReader{r: iotest(tc.in), left: tc.limit, limit: tc.limit})
		var mbe *http.MaxBytesError
		if tc.err != errors.As(err, &mbe) || int64(len(got)) > tc.limit || !strings.HasPrefix(tc.in, string(got)) {
			t.Errorf("%q cap %d: read %q, err %v", tc.in, tc.limit, got, err)
		}
	}
}

// iotest returns a reader that gives one byte at a time.
func iotest(s string) io.Reader { return &oneByte{s: s} }

type oneByte struct{ s string }

func (o *oneByte) Read(p []byte) (int, error) {
	if o.s == "" {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0], o.s = o.s[0], o.s[1:]
	return 1, nil
}
