// Package testlm builds tiny language models for tests: it takes words
// with unigram log10 probabilities (and optional bigrams) and gives an
// lm.Model, so tests run without the bundled model.
package testlm

import (
	"fmt"
	"sort"
	"strings"

	"github.com/winnow-project/winnow/lm"
)

// Bigram is a two-word entry with its log10 probability.
type Bigram struct {
	A, B    string
	LogProb float64
}

// New returns a model over words (log10 unigram probabilities) and
// bigrams. Every unigram gets back-off weight 0.
func New(words map[string]float64, bigrams []Bigram) (lm.Model, error) {
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	var b strings.Builder
	// ARPA forbids back-off weights on the highest order, so the model
	// always has bigrams.
	order := 2
	bigrams = append([]Bigram{{A: "<s>", B: "</s>", LogProb: -1.5}}, bigrams...)
	fmt.Fprintf(&b, "\\data\\\nngram 1=%d\n", len(keys)+3)
	if order == 2 {
		fmt.Fprintf(&b, "ngram 2=%d\n", len(bigrams))
	}
	b.WriteString("\n\\1-grams:\n")
	fmt.Fprintf(&b, "-7.0\t<unk>\t0\n-99\t<s>\t0\n-1.5\t</s>\t0\n")
	for _, w := range keys {
		fmt.Fprintf(&b, "%.4f\t%s\t0\n", words[w], w)
	}
	if order == 2 {
		b.WriteString("\n\\2-grams:\n")
		for _, g := range bigrams {
			fmt.Fprintf(&b, "%.4f\t%s %s\n", g.LogProb, g.A, g.B)
		}
	}
	b.WriteString("\n\\end\\\n")
	g, err := lm.ReadARPA(strings.NewReader(b.String()))
	if err != nil {
		return nil, fmt.Errorf("testlm: %w", err)
	}
	m, err := lm.FromGrams(g)
	if err != nil {
		return nil, fmt.Errorf("testlm: %w", err)
	}
	return m, nil
}

// Words splits a space-separated list into a vocabulary with one log10
// probability for all.
func Words(list string, logProb float64) map[string]float64 {
	m := map[string]float64{}
	for _, w := range strings.Fields(list) {
		m[w] = logProb
	}
	return m
}
