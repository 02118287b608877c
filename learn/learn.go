// Package learn harvests spinner substitutions from aligned source/copy
// pairs.
//
// It takes the Ops of align.Diff (source → copy) and gives substitution
// pairs, spun form → original, with how often each was seen, as a spin
// lexicon (spin.ParseLexicon's TSV, family "learned") that the spin
// detector loads on top of its built-in one. Only substitutions of Han
// words of a bounded length are kept: a spinner swaps words, so a longer
// or mixed span is a rewrite, not a substitution worth learning.
package learn

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/align"
	"github.com/winnow-project/winnow/spin"
)

// Family is the lexicon family of learned entries.
const Family = "learned"

// Options bound what is learned.
type Options struct {
	// MaxRunes is the longest spun or original form kept (default 6).
	MaxRunes int
	// MinCount is how often a pair must be seen to be written (default 1).
	MinCount int
}

func (o Options) withDefaults() Options {
	if o.MaxRunes <= 0 {
		o.MaxRunes = 6
	}
	if o.MinCount <= 0 {
		o.MinCount = 1
	}
	return o
}

// Pair is a learned substitution.
type Pair struct {
	Spun     string `json:"spun"`
	Original string `json:"original"`
	Count    int    `json:"count"`
}

// Learner accumulates pairs. The zero value is not ready; use New.
type Learner struct {
	o      Options
	counts map[[2]string]int
}

// New returns an empty Learner.
func New(o Options) *Learner { return &Learner{o: o.withDefaults(), counts: map[[2]string]int{}} }

// Candidate reports whether an op is a substitution worth learning, and
// its spun and original forms.
func (l *Learner) Candidate(op align.Op) (spun, orig string, ok bool) {
	if op.Kind != align.Substitute || op.Changed == op.Original {
		return "", "", false
	}
	if !hanWord(op.Changed, l.o.MaxRunes) || !hanWord(op.Original, l.o.MaxRunes) {
		return "", "", false
	}
	return op.Changed, op.Original, true
}

// Add counts the learnable substitutions of one aligned pair of texts
// and returns how many it counted.
func (l *Learner) Add(ops []align.Op) int {
	n := 0
	for _, op := range ops {
		if s, o, ok := l.Candidate(op); ok {
			l.counts[[2]string{s, o}]++
			n++
		}
	}
	return n
}

// Pairs returns the pairs seen at least MinCount times, most frequent
// first (then by spun form, original).
func (l *Learner) Pairs() []Pair {
	var out []Pair
	for k, c := range l.counts {
		if c >= l.o.MinCount {
			out = append(out, Pair{Spun: k[0], Original: k[1], Count: c})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Spun != b.Spun {
			return a.Spun < b.Spun
		}
		return a.Original < b.Original
	})
	return out
}

// Lexicon returns the pairs as a spin lexicon (family "learned").
func (l *Learner) Lexicon() *spin.Lexicon {
	var es []spin.Entry
	for _, p := range l.Pairs() {
		es = append(es, spin.Entry{Spun: p.Spun, Original: p.Original, Family: Family})
	}
	return spin.NewLexicon(es)
}

// WriteTSV writes pairs as a spin lexicon file: a comment header, then
// "spun<TAB>original<TAB>learned<TAB>count" lines (spin.ParseLexicon
// reads the first three fields and ignores the count).
func WriteTSV(w io.Writer, pairs []Pair) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# winnow learned lexicon: spun<TAB>original<TAB>family<TAB>times seen")
	for _, p := range pairs {
		fmt.Fprintf(bw, "%s\t%s\t%s\t%d\n", p.Spun, p.Original, Family, p.Count)
	}
	return bw.Flush()
}

func hanWord(s string, max int) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > max {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
