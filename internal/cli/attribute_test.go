package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fixtures written for this test: two sources and a copy of the first
// with four words swapped, a keyword stuffed and punctuation noise.
const (
	srcRiver  = "这条河从山里流出来，经过三个村子，最后汇入东边的大湖。每年春天，河边的柳树发芽，孩子们在岸上放风筝。老人们说，这条河以前更宽，夏天常常发大水。\n"
	srcBakery = "街角的面包店每天早上六点开门，老板先烤好法棍和牛角包，再准备午餐用的三明治。附近的上班族常常排队购买，周末还有人专门开车过来。\n"
	cpRiver   = "这条河从山里流出来，经过三个村子，最终汇入东边的大湖。每年春季，河边的柳树发芽 。小孩们在岸上放风筝。老人们讲，这条河以前更宽，夏天常常发大水。\n"
)

func TestIndexAttributeDedupLearn(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled model")
	}
	dir := t.TempDir()
	srcDir := filepath.Join(dir, "src")
	os.MkdirAll(srcDir, 0o755)
	os.WriteFile(filepath.Join(srcDir, "river.txt"), []byte(srcRiver), 0o644)
	os.WriteFile(filepath.Join(srcDir, "bakery.txt"), []byte(srcBakery), 0o644)
	cp := filepath.Join(dir, "copy.txt")
	os.WriteFile(cp, []byte(cpRiver), 0o644)
	idx := filepath.Join(dir, "idx")
	run := func(args ...string) (string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Main(args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String(), errb.String()
	}
	run("index", "add", srcDir, "--index", idx)
	// Again: nothing new.
	if _, stderr := run("index", "add", srcDir, "--index", idx); !strings.Contains(stderr, "0 added") {
		t.Errorf("second add: %s", stderr)
	}
	if out, _ := run("index", "verify", "--index", idx); !strings.HasPrefix(out, "ok: 2 documents") {
		t.Errorf("verify: %s", out)
	}
	// A second segment, then one again after compact.
	extra := filepath.Join(dir, "extra")
	os.MkdirAll(extra, 0o755)
	os.WriteFile(filepath.Join(extra, "station.txt"), []byte("山顶的气象站每小时记录一次风速和气温，数据通过卫星传回城里，供预报员参考。\n"), 0o644)
	run("index", "add", extra, "--index", idx)
	if _, stderr := run("index", "compact", "--index", idx); !strings.Contains(stderr, "2 segments merged") || !strings.Contains(stderr, "3 documents, 1 segments") {
		t.Errorf("compact: %s", stderr)
	}
	if out, _ := run("index", "verify", "--index", idx); !strings.HasPrefix(out, "ok: 3 documents, 1 segments") {
		t.Errorf("verify after compact: %s", out)
	}
	out, _ := run("attribute", "--json", "-k", "1", cp, "--index", idx)
	var a struct {
		Mode    string
		Sources []source
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Mode != "restored" || len(a.Sources) != 1 || !strings.HasSuffix(a.Sources[0].ID, "river.txt") {
		t.Fatalf("attribute: %s", out)
	}
	subs := map[string]string{}
	for _, op := range a.Sources[0].Substitutions {
		subs[op.Changed] = op.Original
	}
	for spun, orig := range map[string]string{"最终": "最后", "春季": "春天", "小孩们": "孩子们", "讲": "说"} {
		if subs[spun] != orig {
			t.Errorf("substitution %s → %s missing: %v", spun, orig, subs)
		}
	}
	if text, _ := run("attribute", cp, "--index", idx); !strings.Contains(text, "最终 → 最后") {
		t.Errorf("text output:\n%s", text)
	}

	clusters := filepath.Join(dir, "clusters.jsonl")
	run("dedup", srcDir, cp, "-o", clusters)
	b, _ := os.ReadFile(clusters)
	var c cluster
	if err := json.Unmarshal(b, &c); err != nil || c.Size != 2 || !strings.HasSuffix(c.Keep, "river.txt") {
		t.Errorf("dedup: %s (%v)", b, err)
	}

	lex := filepath.Join(dir, "learned.tsv")
	run("learn", filepath.Join(srcDir, "river.txt"), cp, "-o", lex)
	lb, _ := os.ReadFile(lex)
	if !strings.Contains(string(lb), "最终\t最后\tlearned\t1") {
		t.Errorf("learned lexicon:\n%s", lb)
	}
	var r struct{ Signals map[string]any }
	out, _ = run("check", "--json", "--lexicon", lex, cp)
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Signals["spin"] == nil {
		t.Errorf("check --lexicon: no spin signal (%v)", err)
	}
	// learn --index: add the copy, then learn from the pair.
	run("index", "add", cp, "--index", idx)
	out, _ = run("learn", "--index", idx)
	if !strings.Contains(out, "\tlearned\t") {
		t.Errorf("learn --index:\n%s", out)
	}
	var code int
	var errb bytes.Buffer
	if code = Main([]string{"check", "--lexicon", filepath.Join(dir, "missing.tsv"), cp}, nil, &bytes.Buffer{}, &errb); code == 0 {
		t.Error("check with a missing lexicon: want failure")
	}
}

// TestAttributeHeldOutFarmPages: each blind farm page of
// bench/restore/heldout (template, spinning, stuffing, noise) is
// attributed to its own original article among those articles and the
// held-out clean and farm documents of bench/lines as distractors.
func TestAttributeHeldOutFarmPages(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled model")
	}
	root := filepath.Join("..", "..", "bench")
	pages, _ := filepath.Glob(filepath.Join(root, "restore", "heldout", "*.page.txt"))
	if len(pages) < 10 {
		t.Fatalf("%d farm pages", len(pages))
	}
	src := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(src, 0o755)
	copyTo := func(f, name string) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(src, name), b, 0o644)
	}
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p), ".page.txt")
		copyTo(strings.TrimSuffix(p, ".page.txt")+".article.txt", name+".txt")
	}
	for _, d := range []string{"genres", "clean", "heldout"} {
		fs, _ := filepath.Glob(filepath.Join(root, "lines", d, "*.txt"))
		for _, f := range fs {
			if b := filepath.Base(f); strings.Count(b, ".") == 1 {
				copyTo(f, "distractor-"+d+"-"+b)
			}
		}
	}
	idx := filepath.Join(t.TempDir(), "idx")
	var out, errb bytes.Buffer
	if code := Main([]string{"index", "add", src, "--index", idx}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("index add: %s", errb.String())
	}
	for _, p := range pages {
		out.Reset()
		if code := Main([]string{"attribute", "--json", "-k", "1", "--no-diff", p, "--index", idx}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("attribute %s: %s", p, errb.String())
		}
		var a struct{ Sources []source }
		if err := json.Unmarshal(out.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(filepath.Base(p), ".page.txt") + ".txt"
		if len(a.Sources) == 0 || filepath.Base(a.Sources[0].ID) != want {
			t.Errorf("%s: attributed to %+v, want %s", filepath.Base(p), a.Sources, want)
		}
	}
}
