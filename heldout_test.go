package winnow_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/winnow-project/winnow/document"
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

// TestHeldOutHTMLPages guards the held-out HTML pages of bench/html
// (written blind to the page rules; see bench/html/README.md): every
// page's article is found (bag-of-characters recall) without much
// template (precision).
func TestHeldOutHTMLPages(t *testing.T) {
	a := real(t)
	files, _ := filepath.Glob("bench/html/heldout/*.html")
	if len(files) < 10 {
		t.Fatalf("%d held-out pages", len(files))
	}
	chars := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range s {
			if !unicode.IsSpace(r) {
				m[r]++
			}
		}
		return m
	}
	var shared, got, want int
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		gold, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".gold.txt")
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.CheckDocument(context.Background(), f, in)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, l := range r.Lines {
			if l.Label == document.LabelBody || l.Label == document.LabelHeading {
				b.WriteString(r.Text[l.Start:l.End])
			}
		}
		g, s := chars(string(gold)), chars(b.String())
		pageShared, pageWant := 0, 0
		for c, n := range g {
			pageShared += min(n, s[c])
			pageWant += n
		}
		for _, n := range s {
			got += n
		}
		if pageShared*10 < pageWant*9 {
			t.Errorf("%s: article recall %d/%d", f, pageShared, pageWant)
		}
		shared += pageShared
		want += pageWant
	}
	p, rec := float64(shared)/float64(max(got, 1)), float64(shared)/float64(max(want, 1))
	if p < 0.95 || rec < 0.98 {
		t.Errorf("held-out HTML: precision %.3f recall %.3f, want ≥ 0.95 and ≥ 0.98", p, rec)
	}
	t.Logf("held-out HTML: precision %.3f recall %.3f", p, rec)
}
