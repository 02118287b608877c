package spineval

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/segment"
)

// TestAdaptProbe (WINNOW_SPINEVAL_ADAPT=name.jsonl) tries corpus-level
// learning of a spinner's table: Cilin pairs whose spun side is far
// more frequent, against its synonym, in the half of the documents that
// look most spun than the model's unigrams expect (or, with
// WINNOW_SPINEVAL_ADAPT_REF=1, than the other half of the corpus), and
// whose original fits the contexts better. A diagnosis, not shipped: it
// prints how many learned pairs are the spinner's (bench/spin/README.md).
func TestAdaptProbe(t *testing.T) {
	out := os.Getenv("WINNOW_SPINEVAL_OUT")
	name := os.Getenv("WINNOW_SPINEVAL_ADAPT")
	if out == "" || name == "" {
		t.Skip("set WINNOW_SPINEVAL_ADAPT and WINNOW_SPINEVAL_OUT")
	}
	recs := readSet(t, out, name)
	m, det, uni := allCandidates(t)
	seg, err := segment.New(m)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]float64{}
	ref := map[string]float64{} // counts in the documents that look least spun
	var scores []float64
	for _, r := range recs {
		scores = append(scores, det.Analyze(r.Text, nil).ModelLogit)
	}
	srt := append([]float64(nil), scores...)
	sort.Float64s(srt)
	median := srt[len(srt)/2]
	type agg struct {
		n, pos, gain, side float64
	}
	pairs := map[[2]string]*agg{}
	truth := map[[2]string]bool{}
	for di, r := range recs {
		for _, tk := range seg.Segment(r.Text) {
			if tk.Kind == segment.Word {
				if scores[di] >= median {
					count[r.Text[tk.Start:tk.End]]++
				} else {
					ref[r.Text[tk.Start:tk.End]]++
				}
			}
		}
		if scores[di] < median {
			continue
		}
		for _, sp := range r.Spans {
			for _, o := range sp.Originals {
				truth[[2]string{r.Text[sp.Start:sp.End], o}] = true
			}
		}
		res := det.Analyze(r.Text, nil)
		for _, c := range res.Candidates {
			if !strings.Contains(c.Source, "cilin") || strings.Contains(c.Source, "lexicon") {
				continue
			}
			k := [2]string{c.From, c.To}
			a := pairs[k]
			if a == nil {
				a = &agg{}
				pairs[k] = a
			}
			a.n++
			if c.Gain > 0.3 {
				a.pos++
			}
			a.gain += math.Max(-3, math.Min(4, c.Gain))
			a.side += math.Max(-3, math.Min(4, math.Min(c.Left, c.Right)))
		}
	}
	type scored struct {
		k                    [2]string
		llr, gain, pos, side float64
		ns, no               float64
	}
	var ss []scored
	for k, a := range pairs {
		ns, no := count[k[0]], count[k[1]]
		if ns < 3 {
			continue
		}
		r0 := math.Pow(10, uni(k[0])-uni(k[1]))
		if os.Getenv("WINNOW_SPINEVAL_ADAPT_REF") != "" {
			r0 = (ref[k[0]] + 0.5) / (ref[k[1]] + 0.5)
		}
		e := r0 / (1 + r0)
		N := ns + no
		ph := ns / N
		llr := 0.0
		if ph > e {
			llr = ns*math.Log10(ph/e) + no*math.Log10(math.Max(1e-9, 1-ph)/(1-e))
			if no == 0 {
				llr = ns * math.Log10(1/e)
			}
		}
		ss = append(ss, scored{k, llr, a.gain / a.n, a.pos / a.n, a.side / a.n, ns, no})
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].llr > ss[j].llr })
	for _, th := range [][3]float64{{3, 0.3, 0.3}, {5, 0.3, 0.3}, {5, 0.5, 0.4}, {10, 0.3, 0.3}, {10, 0.5, 0.5}, {20, 0.5, 0.5}} {
		best := map[string]scored{}
		for _, s := range ss {
			if s.llr >= th[0] && s.gain >= th[1] && s.pos >= th[2] {
				if b, ok := best[s.k[0]]; !ok || s.gain > b.gain {
					best[s.k[0]] = s
				}
			}
		}
		var ok, all int
		var cov float64
		for _, s := range best {
			all++
			if truth[s.k] {
				ok++
				cov += s.ns
			}
		}
		t.Logf("llr>=%.0f gain>=%.1f pos>=%.1f: %d pairs, %d true (%.2f), spun occurrences of true pairs %.0f", th[0], th[1], th[2], all, ok, float64(ok)/math.Max(1, float64(all)), cov)
	}
	if o := os.Getenv("WINNOW_SPINEVAL_ADAPT_OUT"); o != "" {
		f, _ := os.Create(o)
		w := bufio.NewWriter(f)
		best := map[string]scored{}
		for _, s := range ss {
			if s.llr >= 5 && s.gain >= 0.3 && s.pos >= 0.3 {
				if b, ok := best[s.k[0]]; !ok || s.gain > b.gain {
					best[s.k[0]] = s
				}
			}
		}
		for _, s := range best {
			fmt.Fprintf(w, "%s\t%s\tlearned\t%.1f\t%.2f\t%.2f\t%v\n", s.k[0], s.k[1], s.llr, s.gain, s.pos, truth[s.k])
		}
		w.Flush()
		f.Close()
	}
}
