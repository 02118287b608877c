package spineval

import (
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// siteRow is one candidate of one site with its features and label.
type siteRow struct {
	doc, site int
	x         []float64
	y         float64
	s, e      int
	to        string
}

// TestSiteDiag (WINNOW_SPINEVAL_SITES=1) fits a logistic model of the
// candidates' features on synth-train.jsonl and reports what it would
// give on other sets: a diagnosis of how far the language-model
// features separate correct from wrong restorations.
func TestSiteDiag(t *testing.T) {
	out := os.Getenv("WINNOW_SPINEVAL_OUT")
	if out == "" || os.Getenv("WINNOW_SPINEVAL_SITES") == "" {
		t.Skip("set WINNOW_SPINEVAL_SITES=1 and WINNOW_SPINEVAL_OUT")
	}
	_, det, uni := allCandidates(t)
	load := func(name string) ([]siteRow, []Record, int) {
		recs := readSet(t, out, name)
		var rows []siteRow
		site := 0
		truthN := 0
		for di, r := range recs {
			truth := r.Spans
			if truth == nil && r.Original != "" {
				truth = Align(r.Text, r.Original)
			}
			truthN += len(truth)
			type key struct {
				s, e int
				to   string
			}
			tk := map[key]bool{}
			for _, sp := range truth {
				for _, o := range sp.Originals {
					tk[key{sp.Start, sp.End, o}] = true
				}
			}
			res := det.Analyze(r.Text, nil)
			pair := map[string]int{}
			for _, c := range res.Candidates {
				if c.Gain > 1 {
					pair[c.From+"\x00"+c.To]++
				}
			}
			last := [2]int{-1, -1}
			for _, c := range res.Candidates {
				if [2]int{c.Start, c.End} != last {
					site++
					last = [2]int{c.Start, c.End}
				}
				same := pair[c.From+"\x00"+c.To]
				if c.Gain > 1 {
					same--
				}
				fl := uni(c.From)
				x := []float64{
					clip(c.Gain, -4, 6),
					clip(c.Delta-c.Gain, -4, 4),
					clip(math.Min(c.Left, c.Right), -4, 6),
					clip(math.Max(c.Left, c.Right), -4, 6),
					fl,
					b2f(strings.Contains(c.Source, "lexicon")),
					b2f(strings.Contains(c.Source, "gloss")),
					b2f(strings.Contains(c.Source, "cilin") && !strings.Contains(c.Source, "near") || strings.Contains(c.Source, "cilin+")),
					clip(res.DocLogit, -10, 10),
					clip(res.ModelLogit, -10, 10),
					float64(utf8.RuneCountInString(c.From)),
					math.Min(float64(same), 3),
					clip(c.Evidence, -5, 5),
				}
				y := 0.0
				if tk[key{c.Start, c.End, c.To}] {
					y = 1
				}
				rows = append(rows, siteRow{doc: di, site: site, x: x, y: y, s: c.Start, e: c.End, to: c.To})
			}
		}
		return rows, recs, truthN
	}
	train, _, _ := load("synth-train.jsonl")
	X := make([][]float64, len(train))
	Y := make([]float64, len(train))
	for i, r := range train {
		X[i], Y[i] = r.x, r.y
	}
	w, b := fitLogistic(X, Y, 0.01)
	t.Logf("weights %s bias %.3f (%d candidates)", fmtFloats(w), b, len(X))
	for _, name := range []string{"synth-train.jsonl", "synth-table-unseen.jsonl", "synth-half.jsonl", "clean.jsonl", "seed.jsonl"} {
		rows, recs, truthN := load(name)
		// Best candidate per site.
		best := map[int]int{}
		score := make([]float64, len(rows))
		for i, r := range rows {
			z := b
			for j := range w {
				z += w[j] * r.x[j]
			}
			score[i] = 1 / (1 + math.Exp(-z))
			if k, ok := best[r.site]; !ok || score[i] > score[k] {
				best[r.site] = i
			}
		}
		var picks []int
		for _, i := range best {
			picks = append(picks, i)
		}
		sort.Ints(picks)
		chars := 0
		for _, r := range recs {
			chars += utf8.RuneCountInString(r.Text)
		}
		for _, th := range []float64{0.5, 0.7, 0.8, 0.9, 0.95} {
			var ed, ok int
			for _, i := range picks {
				if score[i] >= th {
					ed++
					if rows[i].y == 1 {
						ok++
					}
				}
			}
			t.Logf("%s t=%.2f edits %d correct %d P %.3f R %.3f (truth %d) wrong/10k chars %.2f", name, th, ed, ok,
				float64(ok)/math.Max(1, float64(ed)), float64(ok)/math.Max(1, float64(truthN)), truthN, 1e4*float64(ed-ok)/float64(chars))
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func clip(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
