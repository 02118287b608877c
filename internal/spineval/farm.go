package spineval

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/winnow-project/winnow/internal/labeleval"
)

// FarmArticles reads the farm pages of dir (bench/restore/heldout:
// NAME.page.txt, NAME.article.txt, NAME.subs.tsv, NAME.keyword.txt) and
// returns, for every page with substitutions, a record whose text is the
// spun article as the page shows it, without the template, the stuffed
// keyword and the spaced or doubled marks, and whose original is the
// article: spinning alone, for winnow eval. A page line belongs to the
// article when undoing the recorded substitutions gives one of the
// article's lines (punctuation and spaces aside).
func FarmArticles(dir string) ([]Record, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "*.page.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(pages)
	var out []Record
	for _, p := range pages {
		base := strings.TrimSuffix(p, ".page.txt")
		page, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		article, err := os.ReadFile(base + ".article.txt")
		if err != nil {
			return nil, err
		}
		subs, err := labeleval.ReadSubs(base + ".subs.tsv")
		if err != nil {
			return nil, err
		}
		if len(subs) == 0 {
			continue
		}
		kw, _, err := labeleval.ReadKeyword(base + ".keyword.txt")
		if err != nil {
			return nil, err
		}
		want := map[string]bool{}
		var art []string
		for _, l := range strings.Split(string(article), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				art = append(art, l)
				want[farmKey(l)] = true
			}
		}
		var text []string
		for _, l := range strings.Split(string(page), "\n") {
			if kw != "" {
				l = strings.ReplaceAll(l, kw, "")
			}
			l = reSpacedMark.ReplaceAllString(strings.TrimSpace(l), "$1")
			l = reDoubled.ReplaceAllString(l, "$1")
			u := l
			for _, s := range subs {
				u = strings.ReplaceAll(u, s.Spun, s.Original)
			}
			if l != "" && want[farmKey(u)] {
				text = append(text, l)
			}
		}
		lab := true
		out = append(out, Record{ID: filepath.Base(base), Text: strings.Join(text, "\n"), Original: strings.Join(art, "\n"), Label: &lab})
	}
	return out, nil
}

var (
	reSpacedMark = regexp.MustCompile(`[ \x{3000}]+([，。])`)
	reDoubled    = regexp.MustCompile(`(，|。)(?:，|。)+`)
	reFarmPunct  = regexp.MustCompile(`[\s，。、；：！？“”「」（）,.!?;:]`)
)

// farmKey is a line without punctuation and spaces.
func farmKey(s string) string { return reFarmPunct.ReplaceAllString(s, "") }
