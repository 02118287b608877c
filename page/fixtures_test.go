package page_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/winnow-project/winnow/page"
)

// charF1 compares two texts as multisets of their non-space characters.
func charF1(got, gold string) (p, r, f float64) {
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, c := range s {
			if !unicode.IsSpace(c) && c != '\u3000' {
				m[c]++
			}
		}
		return m
	}
	g, w := count(got), count(gold)
	var common, ng, nw int
	for c, n := range g {
		ng += n
		common += min(n, w[c])
	}
	for _, n := range w {
		nw += n
	}
	if ng > 0 {
		p = float64(common) / float64(ng)
	}
	if nw > 0 {
		r = float64(common) / float64(nw)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

type fixtureMeta struct {
	Title   string   `json:"title"`
	Source  string   `json:"source"`
	Date    string   `json:"date"`
	Authors []string `json:"authors"`
	Editors []string `json:"editors"`
}

// TestFixtures checks the article blocks of every fixture against its
// gold main text (character F1 ≥ 0.9) and its title and metadata.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob("../testdata/html/*.html")
	if len(files) < 20 {
		t.Fatalf("%d fixtures, want ≥ 20", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		t.Run(name, func(t *testing.T) {
			b, _ := os.ReadFile(f)
			gold, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".gold.txt")
			if err != nil {
				t.Fatal(err)
			}
			p, err := page.Parse(b, page.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var art []string
			for _, bl := range p.Blocks {
				if bl.Kind == page.KindArticle {
					art = append(art, bl.Text)
				}
			}
			pr, rc, f1 := charF1(strings.Join(art, "\n"), string(gold))
			t.Logf("P=%.3f R=%.3f F1=%.3f", pr, rc, f1)
			if f1 < 0.9 {
				t.Errorf("F1 %.3f < 0.9 (P=%.3f R=%.3f)", f1, pr, rc)
			}
			var want fixtureMeta
			raw, _ := os.ReadFile(strings.TrimSuffix(f, ".html") + ".meta.json")
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if p.Title != want.Title {
				t.Errorf("title %q, want %q", p.Title, want.Title)
			}
			if want.Source != "" && p.Meta.Source != want.Source {
				t.Errorf("source %q, want %q", p.Meta.Source, want.Source)
			}
			if !strings.HasPrefix(p.Meta.Date, want.Date[:10]) {
				t.Errorf("date %q, want %q", p.Meta.Date, want.Date)
			}
			if len(want.Authors) > 0 && strings.Join(p.Meta.Authors, " ") != strings.Join(want.Authors, " ") {
				t.Errorf("authors %q, want %q", p.Meta.Authors, want.Authors)
			}
			if len(want.Editors) > 0 && strings.Join(p.Meta.Editors, " ") != strings.Join(want.Editors, " ") {
				t.Errorf("editors %q, want %q", p.Meta.Editors, want.Editors)
			}
		})
	}
}
