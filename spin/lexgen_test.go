package spin

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/models"
)

// TestLexiconCandidates writes candidate lexicon pairs for review to
// $WINNOW_LEXGEN_OUT: pairs of two-character words of one Cilin '=' group
// that share a character, where the rarer word (by the language model's
// unigram log10) is the plausible spun form of the more frequent one.
// Nothing here is shipped automatically: the reviewed pairs are added to
// data/lexicon.tsv by hand with family "cilin-rev". Columns: spun,
// original, their unigram log10, the size of the Cilin group;
// WINNOW_LEXGEN_ALL=1 keeps the pairs the lexicon already holds.
func TestLexiconCandidates(t *testing.T) {
	out := os.Getenv("WINNOW_LEXGEN_OUT")
	if out == "" {
		t.Skip("set WINNOW_LEXGEN_OUT to write lexicon candidates")
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	uni := func(w string) (float64, bool) {
		id, ok := m.Vocab().ID(w)
		if !ok {
			return 0, false
		}
		st := m.BeginSentenceState()
		var o lm.State
		st = lm.NullState()
		p, _ := m.Score(&st, id, &o)
		return float64(p), true
	}
	syn := DefaultSynonyms()
	lex := DefaultLexicon()
	have := map[[2]string]bool{}
	for _, e := range lex.Entries() {
		have[[2]string{e.Spun, e.Original}] = true
	}
	type cand struct {
		spun, orig string
		fs, fo     float64
		group      int
	}
	var cs []cand
	seen := map[[2]string]bool{}
	for i := 0; i < syn.Groups(); i++ {
		if syn.Kind(i) != '=' {
			continue
		}
		g := syn.Group(i)
		for _, a := range g {
			for _, b := range g {
				if a == b || utf8.RuneCountInString(a) != 2 || utf8.RuneCountInString(b) != 2 {
					continue
				}
				if !shareRune(a, b) {
					continue
				}
				fa, ok1 := uni(a)
				fb, ok2 := uni(b)
				if !ok1 || !ok2 {
					continue
				}
				// a is the spun form of b: b frequent, a rarer.
				if fb < -5.2 || fa < -7 || fb-fa < 0.3 {
					continue
				}
				k := [2]string{a, b}
				if seen[k] || have[k] && os.Getenv("WINNOW_LEXGEN_ALL") == "" {
					continue
				}
				seen[k] = true
				cs = append(cs, cand{a, b, fa, fb, len(g)})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].fo > cs[j].fo })
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, c := range cs {
		fmt.Fprintf(w, "%s\t%s\t%.2f\t%.2f\t%d\n", c.spun, c.orig, c.fs, c.fo, c.group)
	}
	w.Flush()
	t.Logf("%d candidates", len(cs))
}

func shareRune(a, b string) bool {
	for _, r := range a {
		if strings.ContainsRune(b, r) {
			return true
		}
	}
	return false
}

// TestLexiconFrequencies writes every lexicon entry with the unigram
// log10 of its spun form and original to $WINNOW_LEXFREQ_OUT (for review).
func TestLexiconFrequencies(t *testing.T) {
	out := os.Getenv("WINNOW_LEXFREQ_OUT")
	if out == "" {
		t.Skip("set WINNOW_LEXFREQ_OUT to write the lexicon's frequencies")
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	uni := func(w string) float64 {
		id, ok := m.Vocab().ID(w)
		if !ok {
			return -99
		}
		st := lm.NullState()
		p, _ := m.Score(&st, id, &st)
		return float64(p)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, e := range DefaultLexicon().Entries() {
		fmt.Fprintf(f, "%s\t%s\t%s\t%.2f\t%.2f\n", e.Spun, e.Original, e.Family, uni(e.Spun), uni(e.Original))
	}
}
