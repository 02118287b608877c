package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalDumpAndParam runs eval on our own spun sentence (the bundled
// model) with --dump and --param, and checks the figures and the dump.
func TestEvalDumpAndParam(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "edits.jsonl")
	in := `{"id":"a","text":"我们经由过程这个设置装备摆设文件来启动办事器。","original":"我们通过这个配置文件来启动服务器。","label":"spun"}` + "\n" +
		`{"id":"b","text":"北京是中国的首都，也是全国的政治中心。","label":"clean"}` + "\n"
	code, out, stderr := run(t, in, "eval", "--dump", dump, "--param", "LexMass=10", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"documents: 2 (spun 1, clean 1", "restoration:", "character error rate"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	var n, correct int
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct {
			ID      string `json:"id"`
			From    string `json:"from"`
			To      string `json:"to"`
			Correct bool   `json:"correct"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("dump line %q: %v", line, err)
		}
		if e.ID != "a" {
			t.Errorf("edit in %q: %s", e.ID, line)
		}
		n++
		if e.Correct {
			correct++
		}
	}
	if n < 2 || correct < 2 {
		t.Errorf("dump has %d edits, %d correct; want the expansions restored:\n%s", n, correct, b)
	}
	if code, _, stderr := run(t, in, "eval", "--param", "NoSuch=1", "-"); code == 0 || !strings.Contains(stderr, "NoSuch") {
		t.Errorf("unknown parameter: exit %d, %q", code, stderr)
	}
}
