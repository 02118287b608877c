package lm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// refModel scores by the ARPA definition directly, from maps: the longest
// n-gram w_{i-k}..w_i present gives the probability, plus the back-off
// weights of every longer context present (absent contexts weigh 0).
type refModel struct {
	order int
	prob  map[string]float64
	back  map[string]float64
}

func (r *refModel) score(hist []string, w string) float64 {
	// Unknown words are <unk>, in the history too (KenLM maps them to ID 0).
	known := func(x string) string {
		if _, ok := r.prob[x]; ok {
			return x
		}
		return "<unk>"
	}
	w = known(w)
	h := make([]string, len(hist))
	for i, x := range hist {
		h[i] = known(x)
	}
	hist = h
	if len(hist) > r.order-1 {
		hist = hist[len(hist)-(r.order-1):]
	}
	for k := len(hist); k >= 0; k-- {
		key := strings.Join(append(append([]string(nil), hist[len(hist)-k:]...), w), " ")
		p, ok := r.prob[key]
		if !ok {
			continue
		}
		for j := k + 1; j <= len(hist); j++ {
			p += r.back[strings.Join(hist[len(hist)-j:], " ")]
		}
		return p
	}
	p := r.prob["<unk>"]
	for j := 1; j <= len(hist); j++ {
		p += r.back[strings.Join(hist[len(hist)-j:], " ")]
	}
	return p
}

// randomARPA writes a random model of the given order in which n-grams
// are kept at random, so that contexts and suffixes are often missing,
// as in pruned SRILM models.
func randomARPA(r *rand.Rand, order, words int) (string, *refModel) {
	ref := &refModel{order: order, prob: map[string]float64{}, back: map[string]float64{}}
	vocab := []string{"<unk>"}
	for i := 0; i < words; i++ {
		vocab = append(vocab, fmt.Sprintf("w%d", i))
	}
	levels := make([][]string, order)
	seen := map[string]bool{}
	for _, w := range vocab {
		levels[0] = append(levels[0], w)
		seen[w] = true
	}
	for n := 2; n <= order; n++ {
		for t := 0; t < words*3; t++ {
			g := make([]string, n)
			for k := range g {
				g[k] = vocab[1+r.IntN(words)]
			}
			key := strings.Join(g, " ")
			if !seen[key] {
				seen[key] = true
				levels[n-1] = append(levels[n-1], key)
			}
		}
	}
	var b strings.Builder
	b.WriteString("\\data\\\n")
	for n := 1; n <= order; n++ {
		fmt.Fprintf(&b, "ngram %d=%d\n", n, len(levels[n-1]))
	}
	for n := 1; n <= order; n++ {
		fmt.Fprintf(&b, "\n\\%d-grams:\n", n)
		for _, key := range levels[n-1] {
			p := -float64(r.IntN(4000)) / 1000
			ref.prob[key] = float64(float32(p))
			if n < order {
				bo := float64(r.IntN(2000)-1500) / 1000
				ref.back[key] = float64(float32(bo))
				fmt.Fprintf(&b, "%g\t%s\t%g\n", p, key, bo)
			} else {
				fmt.Fprintf(&b, "%g\t%s\n", p, key)
			}
		}
	}
	b.WriteString("\n\\end\\\n")
	return b.String(), ref
}

// Random models with missing contexts and suffixes score exactly as the
// ARPA definition says, through the blank n-grams ReadARPA inserts.
func TestRandomModelsAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	blanks := 0
	for trial := 0; trial < 30; trial++ {
		order := 2 + trial%5
		text, ref := randomARPA(r, order, 6+trial%7)
		g, err := ReadARPA(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		m, err := FromGrams(g)
		if err != nil {
			t.Fatalf("order %d: %v", order, err)
		}
		blanks += g.Blanks
		v := m.Vocab()
		for q := 0; q < 300; q++ {
			seq := make([]string, 1+r.IntN(8))
			for k := range seq {
				seq[k] = fmt.Sprintf("w%d", r.IntN(8))
			}
			st := NullState()
			for k, w := range seq {
				id, _ := v.ID(w)
				got, _ := m.Score(&st, id, &st)
				want := ref.score(seq[:k], w)
				if math.Abs(float64(got)-want) > 1e-4 {
					t.Fatalf("order %d, %q word %d: got %v, want %v (blanks %d)", order, seq, k, got, want, g.Blanks)
				}
			}
		}
	}
	if blanks == 0 {
		t.Fatal("the random models never needed a blank n-gram: the test does not exercise fillBlanks")
	}
	t.Logf("%d blank n-grams inserted", blanks)
}
