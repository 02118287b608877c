package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBatchCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	data := `{"id":"a","text":"今天天气很好，我们一起去公园散步。公园里的花都开了。"}` + "\n" +
		`{"id":"b","text":` + "\n" + // invalid JSON: an error record
		`{"id":"c","text":"第二篇文章讲的是一个关于学习的故事。"}` + "\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"batch", in, "-o", out, "-j", "2", "--stats", filepath.Join(dir, "stats.json"), "--report", filepath.Join(dir, "r.html")},
		strings.NewReader(""), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "in 3 = out 2 + dropped 0 + errors 1 (ok)") {
		t.Errorf("summary: %s", stderr.String())
	}
	var st struct {
		In, Out, Errors int
		Balanced        bool
	}
	b, err := os.ReadFile(filepath.Join(dir, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &st); err != nil || st.In != 3 || st.Out != 2 || st.Errors != 1 || !st.Balanced {
		t.Errorf("stats %+v %v", st, err)
	}
	for _, f := range []string{"out.jsonl", "out.errors.jsonl", "r.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
