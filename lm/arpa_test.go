package lm

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func loadToy(t testing.TB) *Trie {
	t.Helper()
	g, err := OpenARPA("testdata/toy2.arpa")
	if err != nil {
		t.Fatal(err)
	}
	m, err := FromGrams(g)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-5 }

// Expected values are worked out by hand from testdata/toy2.arpa.
func TestToyHandComputed(t *testing.T) {
	m := loadToy(t)
	total, words := SentenceScore(m, strings.Fields("a b c a"), true, true)
	want := []struct {
		p float64
		n int
	}{
		{-0.4, 2},         // <s> a
		{-0.1, 3},         // <s> a b
		{-0.2, 3},         // a b c
		{-0.35 + 0.05, 2}, // c a, back-off of "b c" (positive)
		{-0.7 - 0.3, 1},   // </s>, back-offs of "a" and "c a" (absent: 0)
	}
	if len(words) != len(want) {
		t.Fatalf("got %d scores, want %d", len(words), len(want))
	}
	for i, w := range want {
		if !near(float64(words[i].LogProb), w.p) || words[i].NGram != w.n {
			t.Errorf("word %d %q: got %v/%d, want %v/%d", i, words[i].Word, words[i].LogProb, words[i].NGram, w.p, w.n)
		}
	}
	if !near(total, -2.0) {
		t.Errorf("total %v, want -2.0", total)
	}
}

func TestToyUnknownAndBackoff(t *testing.T) {
	m := loadToy(t)
	tests := []struct {
		name  string
		words []string
		bos   bool
		want  []float64
	}{
		{"unk from null", []string{"zz"}, false, []float64{-1.0}},
		{"unk after <s>", []string{"zz"}, true, []float64{-1.0 - 0.5}},
		{"after unk", []string{"zz", "b"}, false, []float64{-1.0, -0.8}},
		{"bigram then backoff", []string{"a", "c"}, false, []float64{-0.6, -1.2 - 0.3}},
		{"missing trigram, bigram found", []string{"a", "b", "</s>"}, false, []float64{-0.6, -0.3, -0.45 - 0.15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ws := SentenceScore(m, tc.words, tc.bos, false)
			for i, w := range tc.want {
				if !near(float64(ws[i].LogProb), w) {
					t.Errorf("word %d: got %v, want %v", i, ws[i].LogProb, w)
				}
			}
			if ws[0].Unknown != (tc.words[0] == "zz") {
				t.Errorf("unknown flag wrong")
			}
		})
	}
}

func TestARPAErrors(t *testing.T) {
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"no data", "hello\n"},
		{"no counts", "\\data\\\n\\1-grams:\n-1 a\n\\end\\\n"},
		{"count mismatch", "\\data\\\nngram 1=2\n\\1-grams:\n-1 a\n\\end\\\n"},
		{"bad prob", "\\data\\\nngram 1=1\n\\1-grams:\nx a\n\\end\\\n"},
		{"positive prob", "\\data\\\nngram 1=1\n\\1-grams:\n0.5 a\n\\end\\\n"},
		{"unknown word in bigram", "\\data\\\nngram 1=1\nngram 2=1\n\\1-grams:\n-1 a 0\n\\2-grams:\n-1 a b\n\\end\\\n"},
		{"truncated", "\\data\\\nngram 1=2\n\\1-grams:\n-1 a\n"},
		{"order too high", "\\data\\\nngram 1=1\nngram 2=1\nngram 3=1\nngram 4=1\nngram 5=1\nngram 6=1\nngram 7=1\n"},
		{"duplicate unigram", "\\data\\\nngram 1=2\n\\1-grams:\n-1 a\n-1 a\n\\end\\\n"},
		{"backoff on top order", "\\data\\\nngram 1=1\n\\1-grams:\n-1 a -0.5\n\\end\\\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadARPA(strings.NewReader(tc.text))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("error %v does not wrap ErrFormat", err)
			}
		})
	}
}

func TestUnigramOnlyAndNoUnk(t *testing.T) {
	g, err := ReadARPA(strings.NewReader("\\data\\\nngram 1=2\n\n\\1-grams:\n-0.5\ta\n-0.2 b\n\n\\end\\\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := FromGrams(g)
	if err != nil {
		t.Fatal(err)
	}
	_, ws := SentenceScore(m, []string{"a", "x"}, true, true)
	if len(ws) != 2 || ws[0].LogProb != -0.5 || ws[1].LogProb != unkLogProb {
		t.Fatalf("got %+v", ws)
	}
}

// The compact bytes are a pure function of the ARPA: building twice gives
// identical output, and loading them back gives the same scores.
func TestBuildDeterministicAndRoundTrip(t *testing.T) {
	g, err := OpenARPA("testdata/toy2.arpa")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Build(g)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(g)
	if string(a) != string(b) {
		t.Fatal("Build is not deterministic")
	}
	path := t.TempDir() + "/toy.wlm"
	if err := WriteFile(path, a); err != nil {
		t.Fatal(err)
	}
	m, closer, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	ref := loadToy(t)
	crossCheck(t, ref, m, g.Words, 2000)
}

// crossCheck scores random word sequences with two models and demands
// identical results.
func crossCheck(t *testing.T, a, b Model, words []string, n int) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		seq := make([]string, 1+r.IntN(6))
		for k := range seq {
			seq[k] = words[r.IntN(len(words))]
		}
		ta, wa := SentenceScore(a, seq, true, true)
		tb, wb := SentenceScore(b, seq, true, true)
		if ta != tb {
			t.Fatalf("%q: %v vs %v", seq, ta, tb)
		}
		for k := range wa {
			if wa[k].NGram != wb[k].NGram {
				t.Fatalf("%q word %d: n-gram %d vs %d", seq, k, wa[k].NGram, wb[k].NGram)
			}
		}
	}
}

// Truncating or corrupting a compact model gives an error, never a panic.
func TestCompactCorrupt(t *testing.T) {
	g, _ := OpenARPA("testdata/toy2.arpa")
	data, _ := Build(g)
	for cut := 0; cut < len(data); cut++ {
		if _, err := LoadCompact(data[:cut]); err == nil {
			t.Fatalf("truncated at %d: no error", cut)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		bad := append([]byte(nil), data...)
		for k := 0; k < 1+r.IntN(4); k++ {
			bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
		}
		m, err := LoadCompact(bad)
		if err != nil {
			continue
		}
		// A corruption that still loads must still answer safely.
		SentenceScore(m, []string{"a", "b", "c", "zz", "</s>"}, true, true)
	}
}

func TestOpenMissing(t *testing.T) {
	if _, _, err := Open("testdata/does-not-exist"); !os.IsNotExist(err) {
		t.Fatalf("want not-exist error, got %v", err)
	}
}
