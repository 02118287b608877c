// Package labeleval scores line labels and stuffed-keyword removal of
// the check pipeline on text pages with gold labels: NAME.txt,
// NAME.labels.tsv (LINE<TAB>LABEL for every non-empty line) and
// optionally NAME.keyword.txt (KEYWORD<TAB>TIMES inserted). It is used
// by bench/lines and by the held-out regression test; its readers of the
// keyword and substitution files serve internal/pageeval and
// internal/spineval too.
package labeleval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
)

// Labels are the line labels, in the order reports print them.
var Labels = []string{"boilerplate", "title", "meta", "heading", "body"}

// Checker is what is scored (winnow.Analyzer).
type Checker interface {
	Check(ctx context.Context, input []byte) (*report.Report, error)
}

// Result holds the counts of one run.
type Result struct {
	Pages, Lines, Right int
	// Confusion counts gold → got label pairs ("" when a gold line got
	// no label).
	Confusion map[[2]string]int
	// ArticleKept and ArticleLost count the gold body and heading lines
	// kept or labelled boilerplate; TemplateKept the gold boilerplate
	// lines kept; ContentDropped the lines of any other gold label
	// labelled boilerplate.
	ArticleKept, ArticleLost, TemplateKept, ContentDropped int
	// StuffedPages, Found, Inserted and Removed: pages with a stuffed
	// keyword, those whose keyword was removed at least once, the
	// insertions and the removed occurrences (at most the insertions per
	// page); CleanPages and CleanRemovals: pages without stuffing and
	// the stuffing edits on them.
	StuffedPages, Found, Inserted, Removed, CleanPages, CleanRemovals int
	// Verdicts counts the pages by verdict label; Edits counts the edits
	// by kind (boilerplate edits left out: the line labels score them).
	Verdicts, Edits map[string]int
	// Wrong lists the mislabelled lines ("page:line gold got: text") and
	// Stuffing one line per page.
	Wrong, Stuffing []string
}

// Accuracy is the share of lines labelled as the gold says.
func (r *Result) Accuracy() float64 { return ratio(r.Right, r.Lines) }

// PR returns a label's precision and recall and its gold count.
func (r *Result) PR(label string) (p, rec float64, gold int) {
	var tp, fp, fn int
	for k, c := range r.Confusion {
		switch {
		case k[0] == label && k[1] == label:
			tp += c
		case k[1] == label:
			fp += c
		case k[0] == label:
			fn += c
		}
	}
	return ratio(tp, tp+fp), ratio(tp, tp+fn), tp + fn
}

// Run checks every page of dir with c and scores it.
func Run(ctx context.Context, c Checker, dir string) (*Result, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var pages []string
	for _, f := range files {
		// NAME.keyword.txt and other NAME.*.txt are a page's notes.
		if p := strings.TrimSuffix(f, ".txt"); !strings.Contains(filepath.Base(p), ".") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		return nil, fmt.Errorf("labeleval: no pages in %s", dir)
	}
	r := &Result{Pages: len(pages), Confusion: map[[2]string]int{}, Verdicts: map[string]int{}, Edits: map[string]int{}}
	for _, p := range pages {
		if err := r.page(ctx, c, p); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Result) page(ctx context.Context, c Checker, p string) error {
	text, err := os.ReadFile(p + ".txt")
	if err != nil {
		return err
	}
	gold, err := readLabels(p + ".labels.tsv")
	if err != nil {
		return err
	}
	kw, times, err := ReadKeyword(p + ".keyword.txt")
	if err != nil {
		return err
	}
	rep, err := c.Check(ctx, text)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	name := filepath.Base(p)
	got := map[int]string{}
	for _, l := range rep.Lines {
		got[l.Line] = string(l.Label)
	}
	var nums []int
	for n := range gold {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		g, s := gold[n], got[n]
		r.Lines++
		r.Confusion[[2]string{g, s}]++
		if g == s {
			r.Right++
		} else {
			r.Wrong = append(r.Wrong, fmt.Sprintf("%s:%d gold %s, got %s: %s", name, n, g, s, lineText(text, n)))
		}
		article := g == "body" || g == "heading"
		kept := s != "" && s != string(document.LabelBoilerplate)
		if g != string(document.LabelBoilerplate) && !kept {
			r.ContentDropped++
		}
		switch {
		case article && kept:
			r.ArticleKept++
		case article:
			r.ArticleLost++
		case g == string(document.LabelBoilerplate) && kept:
			r.TemplateKept++
		}
	}
	r.Verdicts[string(rep.Verdict.Label)]++
	removed, stuffing := 0, 0
	for _, e := range rep.Edits {
		if e.Kind != document.KindBoilerplate {
			r.Edits[string(e.Kind)]++
		}
		if e.Kind != document.KindStuffing {
			continue
		}
		stuffing++
		if kw != "" && strings.Contains(e.From, kw) {
			removed++
		}
	}
	if times > 0 {
		r.StuffedPages++
		r.Inserted += times
		r.Removed += min(removed, times)
		if removed > 0 {
			r.Found++
		}
		r.Stuffing = append(r.Stuffing, fmt.Sprintf("%s: %q inserted %d, removed %d (stuffing edits %d); verdict %s", name, kw, times, removed, stuffing, rep.Verdict.Label))
	} else {
		r.CleanPages++
		r.CleanRemovals += stuffing
		r.Stuffing = append(r.Stuffing, fmt.Sprintf("%s: no stuffing; stuffing edits %d; verdict %s", name, stuffing, rep.Verdict.Label))
	}
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func lineText(text []byte, n int) string {
	lines := strings.Split(string(text), "\n")
	if n-1 < len(lines) {
		s := []rune(lines[n-1])
		if len(s) > 40 {
			s = s[:40]
		}
		return string(s)
	}
	return ""
}

func readLabels(path string) (map[int]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(fields) != 2 {
			continue
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[n] = fields[1]
	}
	return out, sc.Err()
}

// ReadKeyword reads a NAME.keyword.txt file: the stuffed keyword and how
// often it was inserted; "" and 0 when the file is missing or says "-".
func ReadKeyword(path string) (string, int, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	fields := strings.Split(strings.TrimSpace(string(b)), "\t")
	if len(fields) != 2 {
		return "", 0, fmt.Errorf("%s: want KEYWORD<TAB>TIMES", path)
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", path, err)
	}
	if fields[0] == "-" {
		return "", 0, nil
	}
	return fields[0], n, nil
}

// Sub is a recorded substitution: the spun form on the page and the
// original it replaced.
type Sub struct{ Spun, Original string }

// ReadSubs reads a NAME.subs.tsv file (SPUN<TAB>ORIGINAL[<TAB>NOTE] per
// substitution, in page order; blank lines and # comments skipped); no
// file means no substitutions.
func ReadSubs(path string) ([]Sub, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	defer f.Close()
	var out []Sub
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 2 || fs[0] == "" || fs[1] == "" {
			return nil, fmt.Errorf("%s:%d: want SPUN<TAB>ORIGINAL", path, n)
		}
		out = append(out, Sub{fs[0], fs[1]})
	}
	return out, sc.Err()
}
