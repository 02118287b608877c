// Package pageeval scores the whole check pipeline on content-farm text
// pages whose original article is known: how close the restored text
// comes to the article, and how the spin and stuffing edits compare
// with the recorded manipulation. A case NAME in a folder has
//
//	NAME.page.txt     the farm page (template, spun article, stuffing, noise),
//	                  or NAME.page.html, the page as HTML
//	NAME.article.txt  the original article: title line, then paragraphs
//	NAME.subs.tsv     SPUN<TAB>ORIGINAL[<TAB>FAMILY] per substitution, in page order
//	NAME.keyword.txt  KEYWORD<TAB>TIMES inserted, or "-<TAB>0"
//
// It is used by bench/restore and by the held-out regression test.
package pageeval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/internal/labeleval"
	"github.com/winnow-project/winnow/internal/spineval"
	"github.com/winnow-project/winnow/report"
)

// Checker is what is scored (winnow.Analyzer).
type Checker interface {
	Check(ctx context.Context, input []byte) (*report.Report, error)
}

// Case is the outcome on one page.
type Case struct {
	Name string
	// Verdict is the report's verdict label.
	Verdict string
	// Chars is the article's length in runes (without spaces); Before
	// and After the rune edit distances from the page's text (an HTML
	// page's extracted text) and from the restored text to the article
	// (all without spaces).
	Chars, Before, After int
	// Subs are the recorded substitutions, SpinEdits the spin edits,
	// SpinRight those that undo a recorded substitution.
	Subs, SpinEdits, SpinRight int
	// Inserted and Removed: the keyword's insertions and the stuffing
	// edits that remove it (at most Inserted); Stuffing all stuffing
	// edits.
	Inserted, Removed, Stuffing int
	// Wrong lists the spin edits that undo no recorded substitution.
	Wrong []string
}

// Result holds every case and the totals.
type Result struct {
	Cases []Case
	// Spun counts the cases with substitutions.
	Spun int
	// Chars, Before, After, Subs, SpinEdits, SpinRight, Inserted,
	// Removed: sums over the cases; CleanSpinEdits the spin edits on
	// pages without substitutions.
	Chars, Before, After, Subs, SpinEdits, SpinRight, Inserted, Removed, CleanSpinEdits int
}

// CER returns the character error rate of the page and of the restored
// text against the articles.
func (r *Result) CER() (before, after float64) {
	return ratio(r.Before, r.Chars), ratio(r.After, r.Chars)
}

// Run checks every case in dir with c.
func Run(ctx context.Context, c Checker, dir string) (*Result, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.page.txt"))
	if err != nil {
		return nil, err
	}
	html, _ := filepath.Glob(filepath.Join(dir, "*.page.html"))
	files = append(files, html...)
	if len(files) == 0 {
		return nil, fmt.Errorf("pageeval: no *.page.txt or *.page.html in %s", dir)
	}
	sort.Strings(files)
	r := &Result{}
	for _, f := range files {
		cs, err := run(ctx, c, f)
		if err != nil {
			return nil, err
		}
		r.Cases = append(r.Cases, cs)
		r.Chars += cs.Chars
		r.Before += cs.Before
		r.After += cs.After
		r.Subs += cs.Subs
		r.SpinEdits += cs.SpinEdits
		r.SpinRight += cs.SpinRight
		r.Inserted += cs.Inserted
		r.Removed += cs.Removed
		if cs.Subs > 0 {
			r.Spun++
		} else {
			r.CleanSpinEdits += cs.SpinEdits
		}
	}
	return r, nil
}

// sub is a recorded substitution.
type sub = labeleval.Sub

func run(ctx context.Context, c Checker, file string) (Case, error) {
	base := strings.TrimSuffix(strings.TrimSuffix(file, ".txt"), ".html")
	base = strings.TrimSuffix(base, ".page")
	cs := Case{Name: filepath.Base(base)}
	page, err := os.ReadFile(file)
	if err != nil {
		return cs, err
	}
	article, err := os.ReadFile(base + ".article.txt")
	if err != nil {
		return cs, err
	}
	subs, err := labeleval.ReadSubs(base + ".subs.tsv")
	if err != nil {
		return cs, err
	}
	kw, times, err := labeleval.ReadKeyword(base + ".keyword.txt")
	if err != nil {
		return cs, err
	}
	rep, err := c.Check(ctx, page)
	if err != nil {
		return cs, fmt.Errorf("%s: %w", cs.Name, err)
	}
	cs.Verdict = rep.Verdict.Label
	a := squeeze(string(article))
	cs.Chars = len([]rune(a))
	text := rep.Text // an HTML page's extracted text
	if text == "" {
		text = string(page)
	}
	cs.Before = spineval.Levenshtein(squeeze(text), a)
	cs.After = spineval.Levenshtein(squeeze(rep.Restored), a)
	cs.Subs, cs.Inserted = len(subs), times
	left := map[sub]int{}
	for _, s := range subs {
		left[s]++
	}
	for _, e := range rep.Edits {
		switch e.Kind {
		case document.KindSpin:
			cs.SpinEdits++
			if s, ok := undoes(e.From, e.To, left); ok {
				left[s]--
				cs.SpinRight++
			} else {
				cs.Wrong = append(cs.Wrong, fmt.Sprintf("%s→%s", e.From, e.To))
			}
		case document.KindStuffing:
			cs.Stuffing++
			if kw != "" && strings.Contains(e.From, kw) && cs.Removed < times {
				cs.Removed++
			}
		}
	}
	return cs, nil
}

// undoes reports the recorded substitution an edit from → to undoes:
// the same pair, or the pair inside a longer edit (办理层 → 管理层 for
// 办理 → 管理), or a longer recorded pair the edit lies inside.
func undoes(from, to string, left map[sub]int) (sub, bool) {
	if s := (sub{Spun: from, Original: to}); left[s] > 0 {
		return s, true
	}
	for s, n := range left {
		if n <= 0 {
			continue
		}
		if i := strings.Index(from, s.Spun); i >= 0 && from[:i]+s.Original+from[i+len(s.Spun):] == to {
			return s, true
		}
		if i := strings.Index(s.Spun, from); i >= 0 && s.Spun[:i]+to+s.Spun[i+len(from):] == s.Original {
			return s, true
		}
	}
	return sub{}, false
}

// squeeze drops white space, so that line breaks and the spaces of
// punctuation noise do not count as errors of their own.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
