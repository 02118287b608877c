package spineval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
)

// TestFitWeights fits the spin decision model on synthetic spinning of
// the even-numbered clean documents (the odd ones are kept for
// evaluation) and prints the weights for spin/weights.go. It runs only
// with WINNOW_FIT=1 and the shared data.
func TestFitWeights(t *testing.T) {
	if os.Getenv("WINNOW_FIT") == "" {
		t.Skip("set WINNOW_FIT=1 to fit the decision model")
	}
	wiki, news, ok := CleanDocs(SharedDir())
	if !ok {
		t.Skip("shared data not available")
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	seg, err := segment.New(m)
	if err != nil {
		t.Fatal(err)
	}
	det, err := spin.New(m, spin.WithSegmenter(seg), spin.WithAllCandidates())
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for i, d := range wiki {
		if i%2 == 0 {
			docs = append(docs, d)
		}
	}
	for i, d := range news {
		if i%2 == 0 {
			docs = append(docs, d)
		}
	}
	tables := []Table{LexiconTable(spin.DefaultLexicon()), SynonymTable(spin.DefaultSynonyms())}
	rng := rand.New(rand.NewPCG(7, 11))
	var X [][spin.NumFeatures]float64
	var Y []float64
	for i, d := range docs {
		text, truth := d.Text, []Span(nil)
		if i%3 != 2 { // two thirds spun, one third clean
			sp := &Spinner{Seg: seg, Table: tables[i%3], Rate: 2 + 8*rng.Float64(), Stuffing: 0.15, Noise: 0.1}
			text, _, truth = sp.Spin(d.Text, rng)
		}
		res := det.Analyze(text, nil)
		for _, c := range res.Candidates {
			sc := ScoreEdits(text, truth, []Edit{{Start: c.Start, End: c.End, To: c.To}})
			X = append(X, c.Features)
			Y = append(Y, float64(sc.Correct))
		}
	}
	pos := 0.0
	for _, y := range Y {
		pos += y
	}
	t.Logf("%d candidates, %.0f positive", len(Y), pos)
	w := make([]float64, spin.NumFeatures)
	// Full-batch gradient descent with L2 and a little extra weight on
	// negatives, since false edits on clean text cost more than misses.
	const negW = 2.0
	lr := 0.5
	for it := 0; it < 3000; it++ {
		g := make([]float64, len(w))
		tot := 0.0
		for k, x := range X {
			z := 0.0
			for j := range w {
				z += w[j] * x[j]
			}
			p := 1 / (1 + math.Exp(-z))
			wt := 1.0
			if Y[k] == 0 {
				wt = negW
			}
			for j := range w {
				g[j] += wt * (p - Y[k]) * x[j]
			}
			tot += wt
		}
		for j := range w {
			reg := 0.001 * w[j]
			if j == 0 {
				reg = 0
			}
			w[j] -= lr * (g[j]/tot + reg)
		}
	}
	var b strings.Builder
	b.WriteString("var defaultWeights = [NumFeatures]float64{")
	for j, x := range w {
		if j > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.4f", x)
	}
	b.WriteString("}")
	for j, x := range w {
		t.Logf("%-12s %+.4f", spin.FeatureNames[j], x)
	}
	fmt.Println(b.String())
}
