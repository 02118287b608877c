package segment

import (
	"strings"
	"testing"

	"github.com/winnow-project/winnow/models"
)

var realSeg = func() func(testing.TB) *Segmenter {
	var s *Segmenter
	var err error
	done := false
	return func(tb testing.TB) *Segmenter {
		tb.Helper()
		if !done {
			done = true
			m, lerr := models.Default()
			if lerr != nil {
				err = lerr
			} else {
				s, err = New(m)
			}
		}
		if err != nil {
			tb.Skipf("bundled model unavailable: %v", err)
		}
		return s
	}
}()

func benchSegmenter(b *testing.B) *Segmenter { return realSeg(b) }

func BenchmarkNewReal(b *testing.B) {
	m, err := models.Default()
	if err != nil {
		b.Skip(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := New(m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRealModel(t *testing.T) {
	s := realSeg(t)
	used := 0
	for _, n := range s.trie.nodes {
		if n.check != -1 {
			used++
		}
	}
	t.Logf("trie: %d cells, %d used (%.1f%%), %d codes, depth %d", len(s.trie.nodes), used,
		100*float64(used)/float64(len(s.trie.nodes)), s.trie.nCodes, s.trie.maxDepth)
	for _, c := range []struct{ in, want string }{
		{"研究生命的起源", "研究|生命|的|起源"},
		{"这个软件很好用", "这个|软件|很|好用"},
		{"這個軟件很好用", "這個|軟件|很|好用"},
		{"我们在2023年发布了iPhone应用", "我们|在|2023/Number|年|发布|了|iPhone/Latin|应用"},
	} {
		toks := s.Segment(c.in)
		checkTiling(t, c.in, toks)
		if got := render(c.in, toks); got != c.want {
			t.Errorf("Segment(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, tk := range toks {
			if tk.Kind == Word && tk.ID == s.unknown && strings.Contains(c.want, tk.Text(c.in)+"|") {
				t.Errorf("%q unknown to the model", tk.Text(c.in))
			}
		}
	}
	// 這個軟體 segments like 这个软件: same cuts.
	a, b := s.Segment("這個軟體"), s.Segment("这个软件")
	if len(a) != len(b) || len(a) != 2 {
		t.Errorf("這個軟體 → %s, 这个软件 → %s", render("這個軟體", a), render("这个软件", b))
	}
}
