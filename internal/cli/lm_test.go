package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the command line and returns exit code, stdout, stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLMBuildQueryPpl(t *testing.T) {
	dir := t.TempDir()
	wlm := filepath.Join(dir, "toy.wlm")
	code, _, stderr := run(t, "", "lm", "build", "../../lm/testdata/toy2.arpa", "-o", wlm)
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(wlm); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		in   string
		want []string
	}{
		// Hand-computed in lm/arpa_test.go: <s> a b c a </s> totals -2.
		{"query", []string{"lm", "query", "--model", wlm}, "a b c a\n",
			[]string{"a=3 2 -0.4\t", "b=4 3 -0.1\t", "</s>=2 1 -1\t", "Total: -2 OOV: 0", "Tokens:\t5"}},
		{"query oov", []string{"lm", "query", "--model", wlm, "--no-markers"}, "zz\n",
			[]string{"zz=0 1 -1\t", "OOV: 1"}},
		{"ppl tokenized", []string{"lm", "ppl", "--model", wlm, "--tokenized"}, "a b c a\n\n",
			[]string{"lines\t1", "tokens\t5", "perplexity\t2.512"}},
		{"query from ARPA directly", []string{"lm", "query", "--model", "../../lm/testdata/toy2.arpa"}, "a b c a\n",
			[]string{"Total: -2 OOV: 0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, tc.in, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestLMErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.arpa")
	os.WriteFile(bad, []byte("\\data\\\nngram 1=2\n\\1-grams:\n-1 a\n\\end\\\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing ARPA", []string{"lm", "build", filepath.Join(dir, "nope.arpa")}, "no such file"},
		{"malformed ARPA", []string{"lm", "build", bad, "-o", filepath.Join(dir, "x.wlm")}, "header says 2, found 1"},
		{"missing model", []string{"lm", "query", "--model", filepath.Join(dir, "nope.wlm")}, "no such file"},
		{"bad log level", []string{"--log-level", "loud", "version"}, "--log-level"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code == 0 {
				t.Fatal("exit 0")
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q lacks %q", stderr, tc.want)
			}
		})
	}
}

func TestSegmentAndVersion(t *testing.T) {
	code, out, stderr := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "winnow ") {
		t.Fatalf("version: %d %q %q", code, out, stderr)
	}
	code, out, stderr = run(t, "社交媒体上的消息\n", "segment")
	if code != 0 {
		t.Fatalf("segment: %d %s", code, stderr)
	}
	if strings.TrimSpace(out) != "社交  媒体  上  的  消息" {
		t.Errorf("segment: %q", out)
	}
	code, out, _ = run(t, "第一句。第二句！\n", "segment", "--sentences")
	if code != 0 || out != "第一句。\n第二句！\n" {
		t.Errorf("sentences: %d %q", code, out)
	}
	code, out, _ = run(t, "ab 12\n", "segment", "--json")
	if code != 0 || !strings.Contains(out, `"kind":"Latin","text":"ab"`) || !strings.Contains(out, `"kind":"Number","text":"12"`) {
		t.Errorf("json: %d %q", code, out)
	}
}
