package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/winnow-project/winnow/beam/pipeline"
	"github.com/winnow-project/winnow/internal/cli"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// fixtures writes two JSONL shards (one gzip) and a WARC into dir and
// returns their names. The documents are the repository's test texts,
// whole and cut into pieces, and the inputs hold every kind of bad
// record: a line that is not JSON, one without text, a non-UTF-8 line,
// a WARC record in GBK and records that are not documents.
func fixtures(t *testing.T, dir string) []string {
	t.Helper()
	var texts []string
	for _, name := range []string{"../../examples/seed-openai-48h.txt", "../../testdata/clean-article.txt", "../../testdata/spam-watch.txt", "../../testdata/crlf.txt", "../../testdata/one-line.txt"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		lines := strings.Split(string(b), "\n")
		for i := 0; i < len(lines); i += 7 {
			texts = append(texts, strings.Join(lines[i:min(i+12, len(lines))], "\n"))
		}
	}
	line := func(v map[string]any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	var a, b strings.Builder
	for i, tx := range texts {
		switch {
		case i%5 == 4:
			b.WriteString(line(map[string]any{"text": tx, "url": fmt.Sprintf("http://example.com/%d", i)})) // id FILE:LINE
		case i%2 == 0:
			a.WriteString(line(map[string]any{"id": fmt.Sprintf("doc-%d", i), "text": tx, "lang": "zh"}))
		default:
			b.WriteString(line(map[string]any{"id": 1000 + i, "text": tx}))
		}
	}
	a.WriteString("not json\n")
	a.WriteString(`{"id":"no-text","body":"x"}` + "\n")
	a.WriteString("{\"id\":\"latin1\",\"text\":\"caf\xe9\"}\n")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, b.String())
	zw.Close()

	var w bytes.Buffer
	record := func(typ, id, uri, contentType string, block []byte) {
		fmt.Fprintf(&w, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2025-01-02T03:04:05Z\r\n", typ, id)
		if uri != "" {
			fmt.Fprintf(&w, "WARC-Target-URI: %s\r\n", uri)
		}
		fmt.Fprintf(&w, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", contentType, len(block))
		w.Write(block)
		w.WriteString("\r\n\r\n")
	}
	http := func(ct string, body []byte) []byte {
		return append([]byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", ct, len(body))), body...)
	}
	record("warcinfo", "00000000-0000-4000-8000-000000000000", "", "application/warc-fields", []byte("software: winnow test\r\n"))
	for i, tx := range texts[:6] {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		uri := fmt.Sprintf("http://example.com/page/%d", i)
		record("request", id[:len(id)-1]+"f", uri, "application/http; msgtype=request", []byte("GET /page HTTP/1.1\r\nHost: example.com\r\n\r\n"))
		switch i {
		case 0:
			html := "<html><head><title>页面</title></head><body><p>" + strings.ReplaceAll(tx, "\n", "</p>\n<p>") + "</p></body></html>"
			record("response", id, uri, "application/http; msgtype=response", http("text/html; charset=utf-8", []byte(html)))
		case 1:
			gbk, err := simplifiedchinese.GBK.NewEncoder().String(tx)
			if err != nil {
				t.Fatal(err)
			}
			record("response", id, uri, "application/http; msgtype=response", http("text/plain; charset=gbk", []byte(gbk)))
		case 2:
			record("response", id, uri, "application/http; msgtype=response", http("image/png", []byte("\x89PNG\r\n")))
		default:
			record("response", id, uri, "application/http; msgtype=response", http("text/plain; charset=utf-8", []byte(tx)))
		}
	}
	return []string{write("a.jsonl", []byte(a.String())), write("b.jsonl.gz", gz.Bytes()), write("c.warc", w.Bytes())}
}

// readShards reads the records of DIR/NAME-*-of-*.jsonl by id.
func readShards(t *testing.T, dir, name string) map[string]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, name+"-*-of-*.jsonl"))
	out := map[string]string{}
	for _, f := range files {
		for id, l := range readJSONL(t, f) {
			if _, dup := out[id]; dup {
				t.Errorf("%s: id %s written twice", name, id)
			}
			out[id] = l
		}
	}
	return out
}

func readJSONL(t *testing.T, name string) map[string]string {
	t.Helper()
	out := map[string]string{}
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var v struct {
			ID json.RawMessage `json:"id"` // a string or a number
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id := string(v.ID)
		if _, dup := out[id]; dup {
			t.Errorf("%s: id %s twice", name, id)
		}
		out[id] = sc.Text()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func batch(t *testing.T, args ...string) {
	t.Helper()
	var stderr bytes.Buffer
	if code := cli.Main(append([]string{"batch", "-q"}, args...), nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("winnow batch %v: exit %d: %s", args, code, stderr.String())
	}
}

func runBeam(t *testing.T, o pipeline.Options) {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	if err := pipeline.Build(context.Background(), s, o); err != nil {
		t.Fatal(err)
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		t.Fatalf("pipeline on prism: %v", err)
	}
}

func sameRecords(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d records, winnow batch wrote %d", what, len(got), len(want))
	}
	var ids []string
	for id := range want {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if got[id] != want[id] {
			t.Errorf("%s: record %s differs from winnow batch's\n got: %.300s\nwant: %.300s", what, id, got[id], want[id])
		}
	}
}

func readStats(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "seconds")
	// Score sums are float sums in another order: equal to 1e-9.
	if sigs, ok := m["signals"].(map[string]any); ok {
		for _, v := range sigs {
			if sig, ok := v.(map[string]any); ok {
				if f, ok := sig["score_sum"].(float64); ok {
					sig["score_sum"] = math.Round(f*1e9) / 1e9
				}
			}
		}
	}
	return m
}

// The pipeline on Prism writes what winnow batch writes on the same
// inputs: the same report records (per id, in any order and any number
// of shards), the same kept documents as batch --drop, the same error
// records, and the same stats.
func TestPipelineEqualsBatch(t *testing.T) {
	dir := t.TempDir()
	inputs := fixtures(t, dir)
	ref := filepath.Join(dir, "batch")
	if err := os.Mkdir(ref, 0o755); err != nil {
		t.Fatal(err)
	}
	batch(t, append(inputs, "-o", filepath.Join(ref, "all.jsonl"), "--errors", filepath.Join(ref, "errors.jsonl"), "--stats", filepath.Join(ref, "stats.json"))...)
	batch(t, append(inputs, "-o", filepath.Join(ref, "kept.jsonl"), "--drop", "--errors", filepath.Join(ref, "kept-errors.jsonl"))...)
	wantReports := readJSONL(t, filepath.Join(ref, "all.jsonl"))
	wantKept := readJSONL(t, filepath.Join(ref, "kept.jsonl"))
	wantErrors := readJSONL(t, filepath.Join(ref, "errors.jsonl"))
	wantStats := readStats(t, filepath.Join(ref, "stats.json"))
	if len(wantErrors) < 3 || len(wantKept) == 0 || len(wantKept) == len(wantReports) {
		t.Fatalf("fixtures too easy: %d reports, %d kept, %d errors", len(wantReports), len(wantKept), len(wantErrors))
	}

	out := filepath.Join(dir, "beam")
	// Small shards first, so that bundles roll their files; then the
	// default size into the same folder, which must leave no stale shard.
	for _, shardBytes := range []int64{20000, 0} {
		t.Run(fmt.Sprintf("shard_bytes=%d", shardBytes), func(t *testing.T) {
			runBeam(t, pipeline.Options{Inputs: []string{filepath.Join(dir, "*.jsonl*"), inputs[2]}, Output: out, ShardBytes: shardBytes, Workers: 2})
			sameRecords(t, "reports", readShards(t, out, pipeline.Reports), wantReports)
			sameRecords(t, "kept", readShards(t, out, pipeline.Kept), wantKept)
			sameRecords(t, "errors", readShards(t, out, pipeline.Errors), wantErrors)
			got := readStats(t, filepath.Join(out, pipeline.StatsFile))
			if !reflect.DeepEqual(got, wantStats) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(wantStats, "", " ")
				t.Errorf("stats differ from winnow batch's:\n got: %s\nwant: %s", g, w)
			}
			if got["balanced"] != true {
				t.Errorf("stats not balanced: %v", got)
			}
			shards, _ := filepath.Glob(filepath.Join(out, pipeline.Reports+"-*"))
			if shardBytes > 0 && len(shards) < 2 {
				t.Errorf("%d report shards with %d-byte shards, want several", len(shards), shardBytes)
			}
			if shardBytes == 0 && len(shards) != 1 {
				t.Errorf("report shards %v, want one (stale shards left?)", shards)
			}
			left, _ := filepath.Glob(filepath.Join(out, ".*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	for _, o := range []pipeline.Options{
		{Inputs: []string{filepath.Join(dir, "*.jsonl")}, Output: dir},
		{Inputs: []string{"x.jsonl"}},
		{Output: dir},
		{Inputs: []string{"x.jsonl"}, Output: dir, Fields: []string{"nope"}},
	} {
		_, s := beam.NewPipelineWithRoot()
		if err := pipeline.Build(context.Background(), s, o); err == nil {
			t.Errorf("Build(%+v) gave no error", o)
		}
	}
}
