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
	"github.com/winnow-project/winnow/internal/pageeval"
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

// TestHeldOutGenres guards the 20 clean documents of bench/lines/genres
// (written blind, in genres that look like manipulation: lyrics with a
// refrain, product listings repeating a brand, forum threads, chat logs,
// classical Chinese, poems, Cantonese, traditional Chinese, code): every
// one is clean, with no spin, stuffing or punctuation edit, and the
// lines keep their content.
func TestHeldOutGenres(t *testing.T) {
	r, err := labeleval.Run(context.Background(), real(t), "bench/lines/genres")
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdicts["clean"] != r.Pages || len(r.Edits) > 0 {
		for _, s := range r.Stuffing {
			t.Log(s)
		}
		t.Errorf("genre documents: verdicts %v, edits %v; want all clean, none", r.Verdicts, r.Edits)
	}
	if acc := r.Accuracy(); acc < 0.9 || r.ContentDropped > 1 {
		for _, w := range r.Wrong {
			t.Log(w)
		}
		t.Errorf("genre documents: label accuracy %.3f (want ≥ 0.9), %d content lines dropped", acc, r.ContentDropped)
	}
}

// TestHeldOutFarmPages guards the 10 farm pages of bench/restore/heldout
// (written blind with their original articles and every manipulation
// recorded): the restored text is much closer to the article than the
// page, the stuffed keyword is removed, and spin edits are few but right.
func TestHeldOutFarmPages(t *testing.T) {
	r, err := pageeval.Run(context.Background(), real(t), "bench/restore/heldout")
	if err != nil {
		t.Fatal(err)
	}
	before, after := r.CER()
	if after > 0.15 || after > before/2 {
		t.Errorf("character error rate %.3f → %.3f, want ≤ 0.15", before, after)
	}
	if r.Removed*10 < r.Inserted*9 {
		t.Errorf("stuffing: %d of %d insertions removed, want ≥ 90%%", r.Removed, r.Inserted)
	}
	if r.CleanSpinEdits > 0 || r.SpinEdits > 0 && r.SpinRight*10 < r.SpinEdits*8 {
		for _, c := range r.Cases {
			t.Log(c.Name, c.Wrong)
		}
		t.Errorf("spin: %d of %d edits right, %d on pages without spinning", r.SpinRight, r.SpinEdits, r.CleanSpinEdits)
	}
	for _, c := range r.Cases {
		if c.Verdict == "clean" && c.Inserted > 0 {
			t.Errorf("%s: verdict clean for a farm page", c.Name)
		}
	}
	t.Logf("farm pages: CER %.3f → %.3f; stuffing %d/%d; spin %d/%d right of %d", before, after, r.Removed, r.Inserted, r.SpinRight, r.SpinEdits, r.Subs)
}

// TestHeldOutFamilyPages guards the 8 technical farm pages of
// bench/restore/family (written blind in the manner of the expansion
// spinner, 经由过程 for 通过, and of the CMS spinner, 剖析 for 分析, with
// pairs of the writer's own): most spin edits right, the stuffed keyword
// gone, the restored text closer to the article.
func TestHeldOutFamilyPages(t *testing.T) {
	r, err := pageeval.Run(context.Background(), real(t), "bench/restore/family")
	if err != nil {
		t.Fatal(err)
	}
	before, after := r.CER()
	if after > 0.12 || after > before/2 {
		t.Errorf("character error rate %.3f → %.3f, want ≤ 0.12", before, after)
	}
	if r.Removed < r.Inserted {
		t.Errorf("stuffing: %d of %d insertions removed", r.Removed, r.Inserted)
	}
	if r.SpinRight*100 < r.SpinEdits*88 || r.SpinRight*6 < r.Subs {
		for _, c := range r.Cases {
			t.Log(c.Name, c.Wrong)
		}
		t.Errorf("spin: %d of %d edits right, %d substitutions", r.SpinRight, r.SpinEdits, r.Subs)
	}
	t.Logf("family pages: CER %.3f → %.3f; stuffing %d/%d; spin %d/%d right of %d", before, after, r.Removed, r.Inserted, r.SpinRight, r.SpinEdits, r.Subs)
}

// TestHeldOutHTMLFarmPages guards the 8 HTML farm pages of
// bench/restore/html (written blind: article containers of many kinds,
// spun text, stuffed keywords of up to four words, punctuation noise):
// the restored text is close to the article and the keywords are gone.
func TestHeldOutHTMLFarmPages(t *testing.T) {
	r, err := pageeval.Run(context.Background(), real(t), "bench/restore/html")
	if err != nil {
		t.Fatal(err)
	}
	before, after := r.CER()
	if after > 0.14 || after > before/3 {
		t.Errorf("character error rate %.3f → %.3f, want ≤ 0.14", before, after)
	}
	if r.Removed*10 < r.Inserted*9 {
		t.Errorf("stuffing: %d of %d insertions removed, want ≥ 90%%", r.Removed, r.Inserted)
	}
	if r.SpinEdits > 0 && r.SpinRight*4 < r.SpinEdits*3 {
		t.Errorf("spin: %d of %d edits right", r.SpinRight, r.SpinEdits)
	}
	for _, c := range r.Cases {
		if c.Verdict == "clean" {
			t.Errorf("%s: verdict clean for a farm page", c.Name)
		}
	}
	t.Logf("HTML farm pages: CER %.3f → %.3f; stuffing %d/%d; spin %d/%d right of %d", before, after, r.Removed, r.Inserted, r.SpinRight, r.SpinEdits, r.Subs)
}

// TestHeldOutCleanHTMLPages guards the 10 legitimate news pages of
// bench/restore/clean-html (written blind: government, court,
// university, TV, newspaper, weather, WeChat, financial pages with their
// share buttons, related news, comments, figures and tables): every one
// clean, no spin, stuffing or punctuation edit, the article found.
func TestHeldOutCleanHTMLPages(t *testing.T) {
	r, err := pageeval.Run(context.Background(), real(t), "bench/restore/clean-html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Cases {
		if c.Verdict != "clean" || c.SpinEdits > 0 || c.Stuffing > 0 {
			t.Errorf("%s: verdict %s, %d spin edits %v, %d stuffing edits", c.Name, c.Verdict, c.SpinEdits, c.Wrong, c.Stuffing)
		}
	}
	if _, after := r.CER(); after > 0.1 {
		t.Errorf("character error rate of the restored text %.3f, want ≤ 0.1", after)
	}
}
