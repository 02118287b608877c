package spineval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/spin"
)

// readSet reads the evaluation set name from folder out.
func readSet(t testing.TB, out, name string) []Record {
	t.Helper()
	f, err := os.Open(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadJSONL(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}

// allCandidates returns the bundled model, a detector that gives every
// word its candidates and reports them all (for diagnosis), and the
// model's unigram log10 of a word (−9 when unknown).
func allCandidates(t testing.TB) (lm.Model, *spin.Detector, func(string) float64) {
	t.Helper()
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := spin.DefaultParams()
	p.ExpandAt = -1e9
	det, err := spin.New(m, spin.WithAllCandidates(), spin.WithParams(p))
	if err != nil {
		t.Fatal(err)
	}
	uni := func(w string) float64 {
		id, ok := m.Vocab().ID(w)
		if !ok {
			return -9
		}
		st := lm.NullState()
		x, _ := m.Score(&st, id, &st)
		return float64(x)
	}
	return m, det, uni
}
