package spineval

import (
	"testing"

	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/spin"
)

// TestHandSpun guards the hand-spun held-out articles of bench/spin
// (spun by hand, blind to the lexicon; our own text): spun articles rank
// above their originals, the originals get no edit, and most edits on
// the spun ones restore the original.
func TestHandSpun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled model")
	}
	recs := readSet(t, "../../bench/spin/handspun", "handspun.jsonl")
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	det, err := spin.New(m)
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(det, recs, []float64{0.3}, nil, nil)
	if r.Positives != 12 || r.Negatives != 12 {
		t.Fatalf("%d spun, %d clean records", r.Positives, r.Negatives)
	}
	if r.AUC < 0.95 || r.CleanEdits > 0 || r.Restoration.Precision() < 0.7 || r.FlagFP[0] > 0 {
		t.Errorf("AUC %.3f, %d edits on the originals, %d originals flagged, restoration precision %.3f",
			r.AUC, r.CleanEdits, r.FlagFP[0], r.Restoration.Precision())
	}
	t.Logf("AUC %.3f; flagged %d/12; edits %d, precision %.3f recall %.3f", r.AUC, r.FlagTP[0], r.Restoration.Edits, r.Restoration.Precision(), r.Restoration.Recall())
}
