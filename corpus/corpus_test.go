package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestJSONLInputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		enc  func(tb, []byte) []byte
	}{
		{"in.jsonl", func(_ tb, b []byte) []byte { return b }},
		{"in.jsonl.gz", gz},
		{"in.jsonl.zst", func(t tb, b []byte) []byte { return zst(t.(testing.TB), b) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, filepath.Join(dir, tc.name), tc.enc(t, jsonl(50, nil)))
			out := filepath.Join(dir, "out.jsonl")
			sum := runT(t, Options{Inputs: []string{in}, Output: out, Workers: 3})
			if sum.In != 50 || sum.Out != 50 || sum.Errors != 0 {
				t.Fatalf("summary %s", sum)
			}
			recs := readJSONL(t, out)
			for i, r := range recs {
				if r["id"] != fmt.Sprintf("doc-%d", i) {
					t.Fatalf("record %d has id %v: order lost", i, r["id"])
				}
				if r["lang"] != "zh" || r["text"] == nil || r["verdict"] == nil || r["restored"] == nil {
					t.Fatalf("record %d lacks input or report fields: %v", i, r)
				}
			}
			if _, err := os.Stat(out + ".parts"); !os.IsNotExist(err) {
				t.Errorf("parts folder left behind: %v", err)
			}
		})
	}
}

func TestSynthesizedIDsAndFields(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "a.jsonl"), []byte(
		`{"body":"无编号的文章。","verdict":"input's own"}`+"\n\n"+`{"body":"第二篇。","key":7}`+"\n"))
	out := filepath.Join(dir, "out.jsonl")
	runT(t, Options{Inputs: []string{in}, Output: out, TextField: "body", IDField: "key", Fields: []string{"verdict"}})
	recs := readJSONL(t, out)
	if got := ids(recs); !slices.Equal(got, []string{in + ":1", "7"}) {
		t.Fatalf("ids %v", got)
	}
	if recs[0]["verdict"] != "input's own" || recs[0]["winnow_verdict"] == nil {
		t.Errorf("field collision not handled: %v", recs[0])
	}
	if _, ok := recs[1]["restored"]; ok {
		t.Errorf("--fields not honoured: %v", recs[1])
	}
}

func TestTextFolder(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeFile(t, filepath.Join(docs, "a.txt"), []byte("第一篇文章。"))
	writeFile(t, filepath.Join(docs, "sub", "b.html"), []byte("<html><body><p>第二篇</p></body></html>"))
	writeFile(t, filepath.Join(docs, "c.txt"), toGBK(t, "这是用国标码保存的中文文章，内容很长。"))
	writeFile(t, filepath.Join(docs, "d.html"), append([]byte(`<meta charset="gbk">`), toGBK(t, "网页")...))
	writeFile(t, filepath.Join(docs, "e.txt"), []byte{0xc3, 0x28, 0xff, 0xfe, 0x80, 0x81})
	writeFile(t, filepath.Join(docs, "skip.png"), []byte{1, 2, 3})
	out := filepath.Join(dir, "out.jsonl")
	sum := runT(t, Options{Inputs: []string{docs}, Output: out})
	if sum.In != 5 || sum.Out != 4 || sum.Errors != 1 {
		t.Fatalf("summary %s", sum)
	}
	recs := readJSONL(t, out)
	byID := map[string]map[string]any{}
	for _, r := range recs {
		byID[filepath.Base(fmt.Sprint(r["id"]))] = r
	}
	if byID["c.txt"]["text"] != "这是用国标码保存的中文文章，内容很长。" || byID["c.txt"]["charset"] != "gb18030" {
		t.Errorf("GBK text not detected: %v", byID["c.txt"])
	}
	if !strings.Contains(fmt.Sprint(byID["d.html"]["text"]), "网页") {
		t.Errorf("meta charset not used: %v", byID["d.html"])
	}
	errs := readJSONL(t, filepath.Join(dir, "out.errors.jsonl"))
	if len(errs) != 1 || !strings.HasSuffix(fmt.Sprint(errs[0]["id"]), "e.txt") || !strings.Contains(fmt.Sprint(errs[0]["error"]), "not UTF-8") {
		t.Errorf("errors %v", errs)
	}
}

func TestWARC(t *testing.T) {
	var w bytes.Buffer
	w.Write(warcRequest("r1", "http://a.example/"))
	w.Write(warcRecord("1", "http://a.example/", "text/html; charset=utf-8", []byte("<p>第一篇</p>")))
	w.Write(warcRecord("2", "http://b.example/", "text/html; charset=gbk", toGBK(t, "<p>第二篇，国标码</p>")))
	w.Write(warcRecord("3", "http://c.example/logo.png", "image/png", []byte{0x89, 'P', 'N', 'G'}))
	w.Write(warcRecord("4", "http://d.example/", "text/plain", []byte("第四篇")))
	plain := w.Bytes()
	// .warc.gz is gzip per record.
	var z bytes.Buffer
	for _, part := range [][]byte{
		warcRequest("r1", "http://a.example/"),
		warcRecord("1", "http://a.example/", "text/html; charset=utf-8", []byte("<p>第一篇</p>")),
		warcRecord("2", "http://b.example/", "text/html; charset=gbk", toGBK(t, "<p>第二篇，国标码</p>")),
		warcRecord("3", "http://c.example/logo.png", "image/png", []byte{0x89, 'P', 'N', 'G'}),
		warcRecord("4", "http://d.example/", "text/plain", []byte("第四篇")),
	} {
		z.Write(gz(t, part))
	}
	for name, data := range map[string][]byte{"a.warc": plain, "a.warc.gz": z.Bytes()} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, filepath.Join(dir, name), data)
			out := filepath.Join(dir, "out.jsonl")
			sum := runT(t, Options{Inputs: []string{in}, Output: out})
			if sum.In != 3 || sum.Out != 3 || sum.Ignored != 2 {
				t.Fatalf("summary %s (ignored %d)", sum, sum.Ignored)
			}
			recs := readJSONL(t, out)
			if got := ids(recs); !slices.Equal(got, []string{"urn:uuid:1", "urn:uuid:2", "urn:uuid:4"}) {
				t.Fatalf("ids %v", got)
			}
			if recs[0]["text"] != "<p>第一篇</p>" || recs[0]["url"] != "http://a.example/" {
				t.Errorf("HTTP headers not stripped: %v", recs[0])
			}
			if recs[1]["text"] != "<p>第二篇，国标码</p>" || recs[1]["charset"] != "gbk" {
				t.Errorf("Content-Type charset not used: %v", recs[1])
			}
		})
	}
}

func TestTruncatedWARC(t *testing.T) {
	var w bytes.Buffer
	w.Write(warcRecord("1", "http://a.example/", "text/html", []byte("<p>第一篇</p>")))
	w.Write(warcRecord("2", "http://b.example/", "text/html", []byte("<p>第二篇，很长的一篇文章</p>")))
	data := w.Bytes()[:w.Len()-20]
	for name, d := range map[string][]byte{"t.warc": data, "t.warc.gz": append(gz(t, warcRecord("1", "http://a.example/", "text/html", []byte("<p>第一篇</p>"))), gz(t, warcRecord("2", "http://b.example/", "text/html", []byte("<p>第二篇</p>")))[:30]...)} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, filepath.Join(dir, name), d)
			other := writeFile(t, filepath.Join(dir, "z.jsonl"), jsonl(3, nil))
			out := filepath.Join(dir, "out.jsonl")
			sum := runT(t, Options{Inputs: []string{in, other}, Output: out})
			if sum.Out != 4 || sum.Errors != 1 || sum.In != 5 {
				t.Fatalf("summary %s", sum)
			}
			errs := readJSONL(t, filepath.Join(dir, "out.errors.jsonl"))
			t.Logf("error record: %v", errs[0])
		})
	}
}

func TestCorruptInputs(t *testing.T) {
	dir := t.TempDir()
	full := gz(t, jsonl(200, nil))
	truncated := writeFile(t, filepath.Join(dir, "trunc.jsonl.gz"), full[:len(full)*2/3])
	var mixed bytes.Buffer
	mixed.WriteString(`{"id":"ok-1","text":"正常的文章。"}` + "\n")
	mixed.WriteString(`{"id":"bad-json","text":` + "\n")
	mixed.WriteString(`["not","an","object"]` + "\n")
	mixed.WriteString(`{"id":"no-text"}` + "\n")
	mixed.Write(toGBK(t, `{"id":"gbk","text":"这是国标码编码的一行文字，应该被识别出来。"}`))
	mixed.WriteString("\n")
	mixed.WriteString(`{"id":"latin1","text":"caf` + "\xe9" + `"}` + "\n")
	mixed.WriteString(`{"id":"fails","text":"FAIL"}` + "\n")
	mixed.WriteString(`{"id":"panics","text":"PANIC"}` + "\n")
	mixed.WriteString(`{"id":"ok-2","text":"又一篇。"}`) // no final newline
	bad := writeFile(t, filepath.Join(dir, "mixed.jsonl"), mixed.Bytes())
	out := filepath.Join(dir, "out.jsonl")
	sum := runT(t, Options{Inputs: []string{truncated, bad}, Output: out, Workers: 2})
	recs := readJSONL(t, out)
	errs := readJSONL(t, filepath.Join(dir, "out.errors.jsonl"))
	if int64(len(recs)) != sum.Out || int64(len(errs)) != sum.Errors {
		t.Fatalf("files disagree with summary %s: %d out, %d errors", sum, len(recs), len(errs))
	}
	if sum.Out < 10 || sum.Out >= 200+3 {
		t.Errorf("out %d", sum.Out)
	}
	errIDs := ids(errs)
	for _, want := range []string{"no-text", "latin1", "fails", "panics", bad + ":2", bad + ":3"} {
		if !slices.Contains(errIDs, want) {
			t.Errorf("no error record for %s in %v", want, errIDs)
		}
	}
	if !slices.ContainsFunc(errIDs, func(s string) bool { return strings.HasPrefix(s, truncated+":") }) {
		t.Errorf("truncated gzip not reported: %v", errIDs)
	}
	got := ids(recs)
	for _, want := range []string{"ok-1", "gbk", "ok-2"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s in output", want)
		}
	}
}

func TestOutputFormats(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.jsonl"), jsonl(30, func(i int) string {
		if i%3 == 0 {
			return "垃圾关键词关键词"
		}
		return ""
	}))
	in2 := writeFile(t, filepath.Join(dir, "in2.jsonl"), jsonl(5, nil))
	for _, name := range []string{"o.jsonl.gz", "o.jsonl.zst", "o.jsonl"} {
		out := filepath.Join(dir, name)
		runT(t, Options{Inputs: []string{in, in2}, Output: out})
		if n := len(readJSONL(t, out)); n != 35 {
			t.Errorf("%s: %d records", name, n)
		}
	}
	out := filepath.Join(dir, "o.parquet")
	runT(t, Options{Inputs: []string{in, in2}, Output: out})
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct {
		ID            string   `parquet:"id"`
		Label         string   `parquet:"label"`
		SpamScore     float64  `parquet:"spam_score"`
		Keep          bool     `parquet:"keep"`
		Restored      string   `parquet:"restored"`
		StuffingScore *float64 `parquet:"stuffing_score,optional"`
		SpinScore     *float64 `parquet:"spin_score,optional"`
	}
	rows, err := parquet.Read[row](f, mustSize(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 35 || rows[0].ID != "doc-0" || rows[0].Label != "spam" || rows[0].Keep || rows[1].Label != "clean" {
		t.Fatalf("parquet rows %d: %+v %+v", len(rows), rows[0], rows[1])
	}
	if rows[0].StuffingScore == nil || *rows[0].StuffingScore != 0.9 || rows[0].SpinScore != nil {
		t.Errorf("signal columns: %+v", rows[0])
	}
	if strings.Contains(rows[0].Restored, "关键词") {
		t.Errorf("restored text: %q", rows[0].Restored)
	}
}

func mustSize(t *testing.T, path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestDropAndRejects(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.jsonl"), jsonl(20, func(i int) string {
		if i%4 == 0 {
			return "垃圾"
		}
		return ""
	}))
	out := filepath.Join(dir, "kept.jsonl")
	rej := filepath.Join(dir, "rejects.jsonl.gz")
	sum := runT(t, Options{Inputs: []string{in}, Output: out, Drop: true, Rejects: rej, Unordered: true, Workers: 4})
	if sum.Out != 15 || sum.Dropped != 5 {
		t.Fatalf("summary %s", sum)
	}
	if n := len(readJSONL(t, rej)); n != 5 {
		t.Errorf("rejects has %d", n)
	}
	for _, r := range readJSONL(t, out) {
		if v := r["verdict"].(map[string]any); v["keep"] != true {
			t.Errorf("dropped document in output: %v", r["id"])
		}
	}
}

func TestStdinAndGlob(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p1.jsonl"), jsonl(3, nil))
	writeFile(t, filepath.Join(dir, "p2.jsonl"), jsonl(4, nil))
	out := filepath.Join(dir, "out.jsonl")
	sum := runT(t, Options{Inputs: []string{filepath.Join(dir, "p*.jsonl"), "-"}, Stdin: bytes.NewReader(gz(t, jsonl(2, nil))), Output: out})
	if sum.In != 9 || sum.Inputs != 3 {
		t.Fatalf("summary %s", sum)
	}
	var stdout bytes.Buffer
	sum = runT(t, Options{Inputs: []string{"-"}, Stdin: bytes.NewReader(jsonl(2, nil)), Output: "-", Stdout: &stdout, Errors: filepath.Join(dir, "e.jsonl")})
	if sum.Out != 2 || strings.Count(stdout.String(), "\n") != 2 {
		t.Fatalf("stdout output: %s %q", sum, stdout.String())
	}
	if _, err := Run(t.Context(), fakeChecker{}, Options{Inputs: []string{filepath.Join(dir, "nothing*.jsonl")}, Output: out}); err == nil {
		t.Error("a glob matching nothing should be an error")
	}
}

func TestStatsAndHTML(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.jsonl"), jsonl(10, func(i int) string {
		if i < 4 {
			return "垃圾关键词，关键词。"
		}
		return ""
	}))
	sum := runT(t, Options{Inputs: []string{in}, Output: filepath.Join(dir, "o.jsonl")})
	f := sum.File()
	if f.Labels["spam"] != 4 || f.Labels["clean"] != 6 || f.Histogram[18].Count != 4 || f.Histogram[2].Count != 6 {
		t.Errorf("stats %+v", f)
	}
	if len(f.Stuffed) != 1 || f.Stuffed[0] != (Count{"关键词", 8}) || f.Boilerplate[0] != (Count{"copyright", 10}) {
		t.Errorf("tallies %+v %+v", f.Stuffed, f.Boilerplate)
	}
	var b bytes.Buffer
	if err := sum.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<svg", "关键词", "copyright", "spam"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "<script src") || strings.Contains(html, "http://") && !strings.Contains(html, "xmlns") {
		t.Errorf("report is not self-contained")
	}
}

// TestStdoutStreams: with output "-", a record's result reaches
// standard output while standard input is still open (a pipeline
// reader downstream is not kept waiting for the end of the run).
func TestStdoutStreams(t *testing.T) {
	dir := t.TempDir()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := Run(t.Context(), fakeChecker{}, Options{Inputs: []string{"-"}, Stdin: inR, Output: "-", Stdout: outW, Errors: filepath.Join(dir, "e.jsonl"), Workers: 1})
		outW.Close()
		done <- err
	}()
	recs := bytes.SplitAfter(jsonl(2, nil), []byte("\n"))
	if _, err := inW.Write(recs[0]); err != nil {
		t.Fatal(err)
	}
	// The first result must come before the second record is sent.
	// (The deadline only keeps a regression from hanging the suite.)
	br := bufio.NewReader(outR)
	first := make(chan string, 1)
	go func() { l, _ := br.ReadString('\n'); first <- l }()
	select {
	case line := <-first:
		if !strings.Contains(line, `"doc-0"`) {
			t.Fatalf("first line %q", line)
		}
	case <-time.After(time.Minute):
		inW.Close()
		t.Fatal("no output while standard input is open")
	}
	inW.Write(recs[1])
	inW.Close()
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, `"doc-1"`) {
		t.Fatalf("second line %q, %v", line, err)
	}
	if _, err := br.ReadString('\n'); err != io.EOF {
		t.Errorf("more output after two records: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
