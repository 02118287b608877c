package winnow_test

import (
	"context"
	"testing"

	"github.com/winnow-project/winnow/internal/labeleval"
)

// TestHeldOutTextPages guards what the held-out text pages of
// bench/lines showed (written blind to the rules, our own text; see
// bench/lines/README.md): farm pages read by their layout, stuffed
// phrases found, and no line of a clean document taken for template.
func TestHeldOutTextPages(t *testing.T) {
	a := real(t)
	ctx := context.Background()
	farm, err := labeleval.Run(ctx, a, "bench/lines/heldout")
	if err != nil {
		t.Fatal(err)
	}
	if acc := farm.Accuracy(); acc < 0.93 {
		for _, w := range farm.Wrong {
			t.Log(w)
		}
		t.Errorf("farm pages: label accuracy %.3f, want ≥ 0.93", acc)
	}
	if farm.ArticleLost > 0 || farm.TemplateKept > 8 {
		t.Errorf("farm pages: %d article lines lost, %d template lines kept", farm.ArticleLost, farm.TemplateKept)
	}
	if farm.Found < farm.StuffedPages || farm.Removed*10 < farm.Inserted*9 || farm.CleanRemovals > 0 {
		for _, s := range farm.Stuffing {
			t.Log(s)
		}
		t.Errorf("stuffing: %d of %d pages found, %d of %d removed, %d removals on clean pages",
			farm.Found, farm.StuffedPages, farm.Removed, farm.Inserted, farm.CleanRemovals)
	}
	clean, err := labeleval.Run(ctx, a, "bench/lines/clean")
	if err != nil {
		t.Fatal(err)
	}
	if clean.ContentDropped > 0 {
		for _, w := range clean.Wrong {
			t.Log(w)
		}
		t.Errorf("clean documents: %d content lines labelled boilerplate", clean.ContentDropped)
	}
	if acc := clean.Accuracy(); acc < 0.9 {
		t.Errorf("clean documents: label accuracy %.3f, want ≥ 0.9", acc)
	}
	t.Logf("farm pages %.3f (%d/%d stuffed found), clean documents %.3f", farm.Accuracy(), farm.Found, farm.StuffedPages, clean.Accuracy())
}
