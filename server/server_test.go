package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/verdict"
)

const seedPath = "../examples/seed-openai-48h.txt"

// analyzer is the real analyzer with the bundled model, loaded once.
var analyzer = sync.OnceValues(func() (*winnow.Analyzer, error) { return winnow.New() })

func realChecker(t testing.TB) Checker {
	t.Helper()
	a, err := analyzer()
	if err != nil {
		t.Fatalf("winnow.New: %v", err)
	}
	return a
}

func seed(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return b
}

// fakeChecker answers with a small clean report after calling hook.
type fakeChecker struct {
	hook func(ctx context.Context, id string, input []byte) error
}

func (f fakeChecker) CheckDocument(ctx context.Context, id string, input []byte) (*report.Report, error) {
	if f.hook != nil {
		if err := f.hook(ctx, id, input); err != nil {
			return nil, err
		}
	}
	return fakeReport(id, input), nil
}

func fakeReport(id string, input []byte) *report.Report {
	return &report.Report{
		Version:  report.SchemaVersion,
		ID:       id,
		Verdict:  verdict.Verdict{Label: "clean", Keep: true, Reasons: []string{"fake"}},
		Restored: string(input),
		Lines:    []document.Line{},
		Edits:    []document.Edit{},
		Signals:  map[string]document.Signal{},
		Stats:    report.Stats{InputBytes: len(input), RestoredBytes: len(input)},
	}
}

// newTest starts an httptest server on 127.0.0.1.
func newTest(t *testing.T, c Checker, o Options) (*Server, *httptest.Server) {
	t.Helper()
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := New(c, o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, url, ctype string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	return resp
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return b
}

// wantError checks an error response: status, JSON {"error","code"}.
func wantError(t *testing.T, resp *http.Response, status int, code string) errorBody {
	t.Helper()
	body := readAll(t, resp)
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	if e.Code != code || e.Error == "" {
		t.Errorf("error body %+v, want code %q and a message", e, code)
	}
	return e
}

var reportSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("schema.json")
})

func validReport(t *testing.T, raw []byte) *report.Report {
	t.Helper()
	sch, err := reportSchema()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("report does not match report/schema.json: %v", err)
	}
	var r report.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func TestCheckSeed(t *testing.T) {
	_, ts := newTest(t, realChecker(t), Options{})
	text := seed(t)
	jsonBody, _ := json.Marshal(map[string]string{"id": "seed", "text": string(text)})
	htmlBody, _ := json.Marshal(map[string]string{"html": string(text)})
	for _, tc := range []struct {
		name, ctype string
		body        []byte
		id          string
	}{
		{"json text", "application/json", jsonBody, "seed"},
		{"json html", "application/json", htmlBody, ""},
		{"text/plain", "text/plain; charset=utf-8", text, ""},
		{"text/html", "text/html", text, ""},
		{"no content type", "", text, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := post(t, ts.URL+"/v1/check", tc.ctype, tc.body)
			body := readAll(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			r := validReport(t, body)
			if r.ID != tc.id {
				t.Errorf("id %q, want %q", r.ID, tc.id)
			}
			if r.Verdict.Label != "spam" {
				t.Errorf("verdict %q, want spam", r.Verdict.Label)
			}
			kinds := map[string]int{}
			for _, e := range r.Edits {
				kinds[string(e.Kind)]++
			}
			if kinds["stuffing"] == 0 {
				t.Errorf("edits by kind %v: want stuffing", kinds)
			}
			// Read as text, the template lines are edits; an analyzer that
			// reads HTML may drop them with the page's markup instead.
			if !strings.Contains(tc.name, "html") && kinds["boilerplate"] == 0 {
				t.Errorf("edits by kind %v: want boilerplate", kinds)
			}
		})
	}
}

func TestCheckIDQuery(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{})
	resp := post(t, ts.URL+"/v1/check?id=doc-1", "text/plain", []byte("正文。"))
	if r := validReport(t, readAll(t, resp)); r.ID != "doc-1" {
		t.Errorf("id %q", r.ID)
	}
}

func TestCheckCharset(t *testing.T) {
	var got []byte
	_, ts := newTest(t, fakeChecker{hook: func(_ context.Context, _ string, in []byte) error { got = in; return nil }}, Options{})
	gbk := []byte{0xc4, 0xe3, 0xba, 0xc3} // 你好 in GBK
	resp := post(t, ts.URL+"/v1/check", "text/plain; charset=gbk", gbk)
	readAll(t, resp)
	if resp.StatusCode != http.StatusOK || string(got) != "你好" {
		t.Errorf("status %d, checker got %q, want 你好", resp.StatusCode, got)
	}
	wantError(t, post(t, ts.URL+"/v1/check", "text/plain; charset=klingon", gbk), http.StatusUnsupportedMediaType, codeUnsupportedMedia)
}

func TestCheckBadRequests(t *testing.T) {
	_, ts := newTest(t, realChecker(t), Options{})
	for _, tc := range []struct {
		name, ctype string
		body        string
		status      int
		code        string
	}{
		{"bad JSON", "application/json", `{"text": "未完`, 400, codeBadRequest},
		{"JSON not an object", "application/json", `["text"]`, 400, codeBadRequest},
		{"text not a string", "application/json", `{"text": 3}`, 400, codeBadRequest},
		{"neither text nor html", "application/json", `{"id": "x"}`, 400, codeBadRequest},
		{"both text and html", "application/json", `{"text": "a", "html": "b"}`, 400, codeBadRequest},
		{"bad JSON sniffed", "", `{"text": `, 400, codeBadRequest},
		{"form", "application/x-www-form-urlencoded", `text=x`, 415, codeUnsupportedMedia},
		{"bad media type", "text/;;", `x`, 415, codeUnsupportedMedia},
		{"not UTF-8", "text/plain", "\xff\xfe正文", 422, codeNotUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, post(t, ts.URL+"/v1/check", tc.ctype, []byte(tc.body)), tc.status, tc.code)
		})
	}
}

func TestBodyTooLarge(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{MaxBodyBytes: 100})
	big := bytes.Repeat([]byte("字"), 40) // 120 bytes
	// With Content-Length: refused before reading.
	e := wantError(t, post(t, ts.URL+"/v1/check", "text/plain", big), http.StatusRequestEntityTooLarge, codeTooLarge)
	if !strings.Contains(e.Error, "100") {
		t.Errorf("message %q does not name the limit", e.Error)
	}
	// Chunked (no Content-Length): refused while reading.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/check", io.MultiReader(bytes.NewReader(big)))
	req.Header.Set("Content-Type", "text/plain")
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, resp, http.StatusRequestEntityTooLarge, codeTooLarge)
	// At the limit: accepted.
	resp = post(t, ts.URL+"/v1/check", "text/plain", big[:99])
	if readAll(t, resp); resp.StatusCode != http.StatusOK {
		t.Errorf("99 bytes: status %d", resp.StatusCode)
	}
}

func TestMethodNotAllowedAndNotFound(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{})
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodGet, "/v1/check", "POST"},
		{http.MethodPut, "/v1/check", "POST"},
		{http.MethodGet, "/v1/batch", "POST"},
		{http.MethodPost, "/healthz", "GET, HEAD"},
		{http.MethodDelete, "/metrics", "GET, HEAD"},
		{http.MethodPost, "/openapi.json", "GET, HEAD"},
		{http.MethodPost, "/", "GET, HEAD"},
		{http.MethodPost, "/assets/app.js", "GET, HEAD"},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, resp, http.StatusMethodNotAllowed, codeMethodNotAllowed)
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
	for _, path := range []string{"/nope", "/v1/check/", "/assets/missing.js", "/assets/"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, resp, http.StatusNotFound, codeNotFound)
	}
}

// blocker is a checker whose analyses wait until released.
type blocker struct {
	started chan string
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{started: make(chan string, 16), release: make(chan struct{})}
}

func (b *blocker) CheckDocument(ctx context.Context, id string, in []byte) (*report.Report, error) {
	b.started <- string(in)
	<-b.release // ignores ctx, like a slow stage would
	return fakeReport(id, in), nil
}

func TestSaturated(t *testing.T) {
	b := newBlocker()
	s, ts := newTest(t, b, Options{Concurrency: 1, Queue: 1, RetryAfter: 3 * time.Second})
	type result struct {
		resp *http.Response
		body []byte
	}
	results := make(chan result, 2)
	send := func(text string) {
		resp := post(t, ts.URL+"/v1/check", "text/plain", []byte(text))
		results <- result{resp, readAll(t, resp)}
	}
	go send("first")
	if got := <-b.started; got != "first" {
		t.Fatalf("started %q", got)
	}
	go send("second") // waits in the queue
	waitFor(t, func() bool { return len(s.admit) == 2 })
	// Third: one running, one waiting: refused.
	for _, path := range []string{"/v1/check", "/v1/batch"} {
		resp := post(t, ts.URL+path, "", []byte(`{"text":"third"}`))
		wantError(t, resp, http.StatusServiceUnavailable, codeOverloaded)
		if ra := resp.Header.Get("Retry-After"); ra != "3" {
			t.Errorf("%s: Retry-After %q, want 3", path, ra)
		}
	}
	close(b.release)
	for range 2 {
		r := <-results
		if r.resp.StatusCode != http.StatusOK {
			t.Errorf("status %d: %s", r.resp.StatusCode, r.body)
		}
	}
	if got := <-b.started; got != "second" {
		t.Errorf("started %q, want second", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestDeadline(t *testing.T) {
	done := make(chan struct{})
	c := fakeChecker{hook: func(ctx context.Context, _ string, _ []byte) error {
		defer close(done)
		time.Sleep(300 * time.Millisecond) // a stage that does not look at ctx
		return ctx.Err()
	}}
	s, ts := newTest(t, c, Options{Deadline: 50 * time.Millisecond, Concurrency: 1})
	start := time.Now()
	e := wantError(t, post(t, ts.URL+"/v1/check", "text/plain", []byte("慢")), http.StatusGatewayTimeout, codeDeadline)
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("answered after %s; the deadline is 50ms", d)
	}
	if !strings.Contains(e.Error, "50ms") {
		t.Errorf("message %q", e.Error)
	}
	// The analysis keeps its slot until it returns.
	if n := len(s.work); n != 1 {
		t.Errorf("%d analyses hold a slot right after the deadline, want 1", n)
	}
	<-done
	waitFor(t, func() bool { return len(s.work) == 0 })
}

func TestDeadlineWhileQueued(t *testing.T) {
	b := newBlocker()
	defer close(b.release)
	_, ts := newTest(t, b, Options{Deadline: 100 * time.Millisecond, Concurrency: 1, Queue: 1})
	go func() {
		resp := post(t, ts.URL+"/v1/check", "text/plain", []byte("first"))
		readAll(t, resp)
	}()
	<-b.started
	wantError(t, post(t, ts.URL+"/v1/check", "text/plain", []byte("second")), http.StatusGatewayTimeout, codeDeadline)
}

func TestHealthz(t *testing.T) {
	s, ts := newTest(t, fakeChecker{}, Options{Version: "v-test"})
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h health
	if err := json.Unmarshal(readAll(t, resp), &h); err != nil || resp.StatusCode != 200 || h.Status != "ok" || h.Version != "v-test" {
		t.Errorf("healthz: %d %+v %v", resp.StatusCode, h, err)
	}
	s.draining.Store(true)
	resp, err = http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	if readAll(t, resp); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("draining: status %d", resp.StatusCode)
	}
	wantError(t, post(t, ts.URL+"/v1/check", "text/plain", []byte("x")), http.StatusServiceUnavailable, codeShuttingDown)
}

func TestMetrics(t *testing.T) {
	_, ts := newTest(t, realChecker(t), Options{})
	readAll(t, post(t, ts.URL+"/v1/check", "text/plain", seed(t)))
	readAll(t, post(t, ts.URL+"/v1/check", "application/json", []byte("{")))
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body := string(readAll(t, resp))
	for _, want := range []string{
		`winnow_http_requests_total{code="200",endpoint="check"} 1`,
		`winnow_http_requests_total{code="400",endpoint="check"} 1`,
		`winnow_http_request_duration_seconds_count{code="200",endpoint="check"} 1`,
		`winnow_documents_total{label="spam"} 1`,
		`winnow_documents_total{label="clean"} 0`,
		`winnow_http_requests_in_flight 1`, // this request
		`winnow_analyses_in_flight 0`,
		`winnow_rejected_total{reason="overloaded"} 0`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestAccessLog(t *testing.T) {
	var buf syncBuffer
	_, ts := newTest(t, fakeChecker{}, Options{Log: slog.New(slog.NewJSONHandler(&buf, nil))})
	readAll(t, post(t, ts.URL+"/v1/check", "text/plain", []byte("x")))
	var rec map[string]any
	for line := range strings.SplitSeq(buf.String(), "\n") {
		if strings.Contains(line, `"msg":"request"`) {
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	if rec == nil || rec["path"] != "/v1/check" || rec["status"] != float64(200) || rec["method"] != "POST" {
		t.Errorf("access log %v (all: %s)", rec, buf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestPageAndAssets(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{})
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page := string(readAll(t, resp))
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	for _, want := range []string{`id="input"`, `id="file"`, `id="doc"`, `id="restored"`, `id="copy"`, `/assets/app.js`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("page refers to another site")
	}
	for path, ctype := range map[string]string{"/assets/app.js": "text/javascript", "/assets/style.css": "text/css"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || len(body) == 0 {
			t.Errorf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if bytes.Contains(body, []byte("innerHTML")) || bytes.Contains(body, []byte("//cdn")) {
			t.Errorf("%s uses innerHTML or a CDN", path)
		}
	}
}

func TestGracefulShutdown(t *testing.T) {
	b := newBlocker()
	s, err := New(b, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ShutdownTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()

	type result struct {
		status int
		body   []byte
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Post(url+"/v1/check", "text/plain", strings.NewReader("在途"))
		if err != nil {
			inflight <- result{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		inflight <- result{resp.StatusCode, body, err}
	}()
	<-b.started
	cancel() // SIGTERM
	select {
	case err := <-served:
		t.Fatalf("Serve returned with a request in flight: %v", err)
	case <-time.After(150 * time.Millisecond):
	}
	// New connections are refused while draining.
	if _, err := (&http.Client{Timeout: time.Second}).Get(url + "/healthz"); err == nil {
		t.Error("a new request was served after shutdown began")
	}
	close(b.release)
	r := <-inflight
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("in-flight request: status %d, err %v, body %s", r.status, r.err, r.body)
	}
	if rep := validReport(t, r.body); rep.Restored != "在途" {
		t.Errorf("restored %q", rep.Restored)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the drain")
	}
}

func TestShutdownTimeout(t *testing.T) {
	b := newBlocker()
	defer close(b.release)
	s, err := New(b, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ShutdownTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	go http.Post("http://"+ln.Addr().String()+"/v1/check", "text/plain", strings.NewReader("x"))
	<-b.started
	cancel()
	select {
	case err := <-served:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Serve: %v, want the shutdown deadline", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not give up after ShutdownTimeout")
	}
}

func TestRunListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, err := New(fakeChecker{}, Options{Addr: ln.Addr().String(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("Run on a taken port: %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(nil, Options{}); err == nil {
		t.Error("New(nil) did not fail")
	}
	o := Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s, err := New(fakeChecker{}, o)
	if err != nil {
		t.Fatal(err)
	}
	o = s.Options() // same registry again: names taken
	if _, err := New(fakeChecker{}, o); err == nil {
		t.Error("registering the metrics twice did not fail")
	}
}

// lines splits a JSONL response.
func lines(t *testing.T, body []byte) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func ExampleServer_Handler() {
	s, err := New(fakeChecker{}, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 200 {"status":"ok","analyses_in_flight":0}
}

// TestClientGone: a client that leaves while its document waits or is
// analysed is counted as 499, not as a server error.
func TestClientGone(t *testing.T) {
	b := newBlocker()
	defer close(b.release)
	s, ts := newTest(t, b, Options{Concurrency: 1})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/check", strings.NewReader("走了"))
	req.Header.Set("Content-Type", "text/plain")
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-b.started
	cancel()
	if err := <-errc; err == nil {
		t.Fatal("the canceled request got an answer")
	}
	waitFor(t, func() bool {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return strings.Contains(rec.Body.String(), `winnow_http_requests_total{code="499",endpoint="check"} 1`)
	})
}

// TestCheckHTMLPage: when the analyzer reads HTML pages itself
// (PageChecker), an HTML document's report describes the extracted text.
func TestCheckHTMLPage(t *testing.T) {
	c := realChecker(t)
	if _, ok := c.(PageChecker); !ok {
		t.Skip("the analyzer takes no Content-Type (no CheckPage): HTML is checked as text")
	}
	_, ts := newTest(t, c, Options{})
	html := "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body><p>" +
		strings.ReplaceAll(string(seed(t)), "\n", "</p>\n<p>") + "</p></body></html>"
	body, _ := json.Marshal(map[string]string{"html": html})
	for _, tc := range []struct {
		ctype string
		body  []byte
	}{{"application/json", body}, {"text/html", []byte(html)}, {"", []byte(html)}} {
		resp := post(t, ts.URL+"/v1/check", tc.ctype, tc.body)
		raw := readAll(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d: %s", tc.ctype, resp.StatusCode, raw)
		}
		if r := validReport(t, raw); strings.Contains(r.Restored, "<p>") {
			t.Errorf("%q: the restored text has markup", tc.ctype)
		}
	}
}

// TestCheckGBKText: Chinese text saved as GBK is decoded, and the report
// carries the decoded text its offsets index (input_kind text).
func TestCheckGBKText(t *testing.T) {
	_, ts := newTest(t, realChecker(t), Options{})
	text := "市图书馆新开了一间儿童阅览室，里面有上千本绘本，周末还会举办亲子读书会。\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ctype, kind string // a named charset is decoded by the server: UTF-8 text reaches check
	}{{"text/plain; charset=gbk", ""}, {"text/plain", "text"}, {"", "text"}} {
		resp := post(t, ts.URL+"/v1/check", tc.ctype, gbk)
		body := readAll(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d: %s", tc.ctype, resp.StatusCode, body)
		}
		r := validReport(t, body)
		if r.InputKind != tc.kind || r.Restored != text || tc.kind == "text" && (r.Text != text || r.Page == nil || r.Page.Bytes != len(gbk)) {
			t.Errorf("%q: input_kind %q text %q restored %q page %+v", tc.ctype, r.InputKind, r.Text, r.Restored, r.Page)
		}
	}
}
