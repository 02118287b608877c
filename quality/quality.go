// Package quality measures how much a document reads like natural
// Chinese prose: its perplexity under the language model (as CCNet
// does) and Chinese-aware versions of the Gopher, C4 and FineWeb rules.
//
// It takes a Document with labelled lines and tokens and gives the signal
// "quality", which lists every rule with its value, threshold and
// outcome. It proposes no edits.
package quality

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/internal/counts"
	"github.com/winnow-project/winnow/lm"
)

// Name is the detector's signal name.
const Name = "quality"

// Config holds the thresholds (see docs/config.md for how each was set).
type Config struct {
	MaxPerplexity   float64 `json:"max_perplexity" yaml:"max_perplexity"`       // CCNet: word perplexity of kept lines
	MinHanShare     float64 `json:"min_han_share" yaml:"min_han_share"`         // Han characters among letters and digits
	MinRunes        int     `json:"min_runes" yaml:"min_runes"`                 // Gopher: document length
	MinEndPunct     float64 `json:"min_end_punct" yaml:"min_end_punct"`         // C4/FineWeb: lines ending in 。！？…
	MaxDupLines     float64 `json:"max_dup_lines" yaml:"max_dup_lines"`         // Gopher: duplicate line share
	MaxTopBigram    float64 `json:"max_top_bigram" yaml:"max_top_bigram"`       // Gopher: characters in the top word bigram
	MaxDupFivegrams float64 `json:"max_dup_fivegrams" yaml:"max_dup_fivegrams"` // Gopher: characters in repeated word 5-grams
	MaxSymbolRatio  float64 `json:"max_symbol_ratio" yaml:"max_symbol_ratio"`   // Gopher: symbols per word
	MaxDigitShare   float64 `json:"max_digit_share" yaml:"max_digit_share"`     // digits among letters and digits
}

// DefaultConfig is the calibrated configuration.
func DefaultConfig() Config {
	return Config{
		MaxPerplexity:   250000,
		MinHanShare:     0.5,
		MinRunes:        20,
		MinEndPunct:     0.5,
		MaxDupLines:     0.3,
		MaxTopBigram:    0.2,
		MaxDupFivegrams: 0.15,
		MaxSymbolRatio:  0.1,
		MaxDigitShare:   0.3,
	}
}

// Detector is the quality detector.
type Detector struct {
	cfg  Config
	m    lm.Model
	pool sync.Pool // of *scratch
}

// New returns a detector; with a nil model perplexity is not measured.
func New(m lm.Model, cfg Config) *Detector {
	det := &Detector{cfg: cfg, m: m}
	det.pool.New = func() any { return new(scratch) }
	return det
}

// Name implements document.Detector.
func (*Detector) Name() string { return Name }

// Rule is one rule's outcome.
type Rule struct {
	Name      string  `json:"name"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Pass      bool    `json:"pass"`
}

// Detect implements document.Detector.
func (det *Detector) Detect(ctx context.Context, d *document.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := det.cfg
	var han, alnum, digits, runes, symbols int
	var kept []string
	for _, l := range d.Lines {
		if !l.Kept() {
			continue
		}
		s := d.LineText(l)
		kept = append(kept, strings.TrimSpace(s))
		for _, r := range s {
			runes++
			switch {
			case isHan(r):
				han++
				alnum++
			case unicode.IsDigit(r):
				digits++
				alnum++
			case unicode.IsLetter(r):
				alnum++
			case r == '#' || r == '…' || unicode.Is(unicode.So, r):
				symbols++
			}
		}
	}
	words, bigramTop, dup5 := det.repetition(d)
	rules := make([]Rule, 0, 9)
	add := func(name string, v, th float64, pass bool) {
		rules = append(rules, Rule{Name: name, Value: round(v), Threshold: th, Pass: pass})
	}
	hs := ratio(han, alnum)
	add("han_share", hs, c.MinHanShare, hs >= c.MinHanShare)
	add("length_runes", float64(runes), float64(c.MinRunes), runes >= c.MinRunes)
	if len(kept) > 1 {
		ends, dups := 0, 0
		seen := map[string]bool{}
		for _, s := range kept {
			r, _ := utf8.DecodeLastRuneInString(s)
			if strings.ContainsRune("。！？…”」』.!?", r) {
				ends++
			}
			if seen[s] {
				dups++
			}
			seen[s] = true
		}
		e := ratio(ends, len(kept))
		add("end_punct_share", e, c.MinEndPunct, e >= c.MinEndPunct)
		dl := ratio(dups, len(kept))
		add("dup_line_share", dl, c.MaxDupLines, dl <= c.MaxDupLines)
	}
	if words >= 20 {
		add("top_bigram_share", bigramTop, c.MaxTopBigram, bigramTop <= c.MaxTopBigram)
		add("dup_5gram_share", dup5, c.MaxDupFivegrams, dup5 <= c.MaxDupFivegrams)
	}
	sr := ratio(symbols, max(words, 1))
	add("symbol_ratio", sr, c.MaxSymbolRatio, sr <= c.MaxSymbolRatio)
	ds := ratio(digits, alnum)
	add("digit_share", ds, c.MaxDigitShare, ds <= c.MaxDigitShare)
	ppl := math.NaN()
	if det.m != nil && len(d.Tokens) > 0 {
		ppl = det.perplexity(d)
		if !math.IsNaN(ppl) {
			add("perplexity", ppl, c.MaxPerplexity, ppl <= c.MaxPerplexity)
		}
	}
	failed := 0
	var names []string
	for _, r := range rules {
		if !r.Pass {
			failed++
			names = append(names, fmt.Sprintf("%s %.3g (threshold %.3g)", r.Name, r.Value, r.Threshold))
		}
	}
	sig := document.Signal{Counts: map[string]int{"rules": len(rules), "failed": failed, "words": words}}
	sig.Score = ratio(failed, len(rules))
	if failed > 0 {
		sig.Reasons = []string{"low text quality: " + strings.Join(names, ", ")}
	}
	detail := struct {
		Perplexity *float64 `json:"perplexity,omitempty"`
		Rules      []Rule   `json:"rules"`
	}{Rules: rules}
	if !math.IsNaN(ppl) {
		p := round(ppl)
		detail.Perplexity = &p
	}
	sig.Detail = detail
	d.SetSignal(Name, sig)
	return nil
}

// repetition returns the number of word tokens in kept lines, the share
// of characters covered by the most frequent word bigram and the share
// covered by word 5-grams that occur more than once.
func (det *Detector) repetition(d *document.Document) (words int, top, dup5 float64) {
	sc := det.pool.Get().(*scratch)
	defer func() {
		if cap(sc.ws) <= maxPooled {
			det.pool.Put(sc) // a huge document's memory goes to the collector
		}
	}()
	ws := sc.ws[:0]
	li := 0
	for _, t := range d.Tokens {
		if t.Kind != document.TokenWord && t.Kind != document.TokenLatin && t.Kind != document.TokenNumber {
			continue
		}
		for li < len(d.Lines) && d.Lines[li].End <= t.Start {
			li++
		}
		if li >= len(d.Lines) || t.Start < d.Lines[li].Start || !d.Lines[li].Kept() {
			continue
		}
		s := d.TokenText(t)
		ws = append(ws, word{maphash.String(seed, s), utf8.RuneCountInString(s)})
	}
	sc.ws = ws
	words = len(ws)
	if words < 5 {
		return words, 0, 0
	}
	total := 0
	for _, w := range ws {
		total += w.runes
	}
	mix := func(h, x uint64) uint64 { return (h^x)*0x100000001b3 + 0x9e3779b97f4a7c15 }
	// The most frequent bigram, by the characters its occurrences cover.
	// (mix is symmetric, so AB and BA, and every doubled word AA, share a
	// key.)
	sc.n.Reset(len(ws))
	best := 0
	for i := 0; i+1 < len(ws); i++ {
		c := sc.n.Add(mix(ws[i].h, ws[i+1].h))
		if n := c * (ws[i].runes + ws[i+1].runes); n > best && c > 1 {
			best = n
		}
	}
	// Word 5-grams that occur more than once cover their words.
	sc.n.Reset(len(ws))
	keys := sc.keys[:0]
	for i := 0; i+5 <= len(ws); i++ {
		k := ws[i].h
		for j := 1; j < 5; j++ {
			k = mix(k, ws[i+j].h)
		}
		keys = append(keys, k)
		sc.n.Add(k)
	}
	covered := slices.Grow(sc.covered[:0], len(ws))[:len(ws)]
	clear(covered)
	for i, k := range keys {
		if sc.n.Count(k) > 1 {
			for j := i; j < i+5; j++ {
				covered[j] = true
			}
		}
	}
	sc.keys, sc.covered = keys, covered
	dupRunes := 0
	for i, c := range covered {
		if c {
			dupRunes += ws[i].runes
		}
	}
	return words, ratio(best, total), ratio(dupRunes, total)
}

// maxPooled is the largest scratch (in tokens) kept for the next document.
const maxPooled = 1 << 16

// scratch is the per-document working memory of repetition, reused
// across documents.
type scratch struct {
	ws      []word
	keys    []uint64
	covered []bool
	n       counts.Table
}

var seed = maphash.MakeSeed()

// word is one word of repetition: a hash of its text and its length.
type word struct {
	h     uint64
	runes int
}

// perplexity is 10^(−log10 P / N) over the words of kept lines, each
// line scored as a sentence (white space and punctuation skipped): the
// document's shared scores (document.Document.Score), including each
// line's end-of-sentence score, OOV words excluded. A document the
// pipeline did not score is scored here, on a copy of its tokens.
func (det *Detector) perplexity(d *document.Document) float64 {
	toks, sents := d.Tokens, d.Sentences
	if !d.Scored {
		toks = append([]document.Token(nil), d.Tokens...)
		sents = document.ScoreTokens(det.m, d.Lines, toks, nil)
	}
	unk := det.m.Vocab().Unknown()
	var pp lm.Perplexity
	for _, s := range sents {
		for _, t := range toks[s.First:s.End] {
			if t.Scored() {
				pp.Add(lm.WordScore{LogProb: t.LogProb, Unknown: t.ID == unk})
			}
		}
		pp.Add(lm.WordScore{LogProb: s.EndLogProb})
	}
	return pp.ValueNoOOV()
}

// isHan is unicode.Is(unicode.Han, r), with the CJK Unified Ideographs
// block (all Han) and ASCII decided without the table.
func isHan(r rune) bool {
	if r >= 0x4e00 && r <= 0x9fff {
		return true
	}
	if r < 0x2e80 {
		return false // no Han script character below the CJK radicals
	}
	return unicode.Is(unicode.Han, r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }
