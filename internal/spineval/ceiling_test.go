package spineval

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/segment"
)

// TestCeiling (WINNOW_SPINEVAL_CEILING=1, WINNOW_SPINEVAL_SETS=a.jsonl,b.jsonl)
// measures how far any restorer that decides by the bundled trigram
// model can get on a set's true substitutions: the share whose original
// scores better than the spun word in its sentence (the spun context,
// other substitutions left in place), by more than 0, 1 and 2 log10; the
// share whose original is the more frequent word; and the share that
// is also among the detector's candidates when every word gets them
// (with the embedded lexicon and Cilin: a set spun with a lexicon half
// shows that half's pairs as candidates, so read it for the tables the
// detector does not hold).
func TestCeiling(t *testing.T) {
	out := os.Getenv("WINNOW_SPINEVAL_OUT")
	if out == "" || os.Getenv("WINNOW_SPINEVAL_CEILING") == "" {
		t.Skip("set WINNOW_SPINEVAL_CEILING=1 and WINNOW_SPINEVAL_OUT")
	}
	m, det, uni := allCandidates(t)
	seg, err := segment.New(m)
	if err != nil {
		t.Fatal(err)
	}
	score := func(s string) float64 {
		var words []string
		for _, tk := range seg.Segment(s) {
			if tk.Kind == segment.Word {
				words = append(words, tk.Text(s))
			}
		}
		x, _ := lm.SentenceScore(m, words, false, false)
		return x
	}
	sets := strings.Split(os.Getenv("WINNOW_SPINEVAL_SETS"), ",")
	if sets[0] == "" {
		sets = []string{"synth-table-unseen.jsonl"}
	}
	for _, name := range sets {
		var n, better, by1, by2, freq, cand, candBy1 int
		for _, r := range readSet(t, out, name) {
			if r.Label == nil || !*r.Label {
				continue
			}
			type key struct {
				s, e int
				to   string
			}
			cands := map[key]bool{}
			all := det.Analyze(r.Text, nil).Candidates
			for _, c := range all {
				cands[key{c.Start, c.End, c.To}] = true
			}
			exact := func(s, e int, to string) bool { return cands[key{s, e, to}] }
			sents := segment.Sentences(r.Text)
			truth := r.Spans
			if truth == nil && r.Original != "" {
				truth = Align(r.Text, r.Original)
			}
			for _, sp := range truth {
				if len(sp.Originals) == 0 {
					continue
				}
				n++
				o, w := sp.Originals[0], r.Text[sp.Start:sp.End]
				// The sentence around the substitution.
				k := sort.Search(len(sents), func(k int) bool { return sents[k].End >= sp.End })
				if k == len(sents) || sents[k].Start > sp.Start {
					continue
				}
				a, b := sents[k].Start, sents[k].End
				s := r.Text[a:b]
				g := score(s[:sp.Start-a]+o+s[sp.End-a:]) - score(s)
				if g > 0 {
					better++
				}
				if g > 1 {
					by1++
				}
				if g > 2 {
					by2++
				}
				if uni(o) > uni(w) {
					freq++
				}
				if covered(r.Text, sp, all, exact) {
					cand++
					if g > 1 {
						candBy1++
					}
				}
			}
		}
		f := func(k int) float64 { return float64(k) / float64(max(n, 1)) }
		t.Logf("%s: %d substitutions; original better in context by >0 %.3f, >1 %.3f, >2 %.3f; original more frequent %.3f; a candidate %.3f, a candidate and better by >1 %.3f",
			name, n, f(better), f(by1), f(by2), f(freq), f(cand), f(candBy1))
	}
}
