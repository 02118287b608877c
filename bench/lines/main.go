// Command lines measures line labelling and keyword-stuffing detection on
// plain-text content-farm pages with gold labels: NAME.txt, NAME.labels.tsv
// (LINE<TAB>LABEL for every non-empty line; labels boilerplate, title,
// meta, heading, body) and NAME.keyword.txt (KEYWORD<TAB>TIMES inserted,
// "-<TAB>0" or no file for a page without stuffing).
//
// It prints line-label accuracy, per-label precision and recall, the
// confusion matrix, the article text kept (body and heading lines kept
// vs lost, template lines kept), and for stuffing: pages whose keyword
// was found, inserted occurrences removed, and removals on pages without
// stuffing.
//
//	go run ./bench/lines [-pages bench/lines/heldout] [-v]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/document"
)

var labels = []string{"boilerplate", "title", "meta", "heading", "body"}

func main() {
	dir := flag.String("pages", "bench/lines/heldout", "folder of NAME.txt, NAME.labels.tsv, NAME.keyword.txt")
	verbose := flag.Bool("v", false, "print every wrong line and every stuffing result")
	flag.Parse()
	if err := run(*dir, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "lines:", err)
		os.Exit(1)
	}
}

func run(dir string, verbose bool) error {
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var pages []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".keyword.txt") {
			pages = append(pages, strings.TrimSuffix(f, ".txt"))
		}
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		return fmt.Errorf("no pages in %s", dir)
	}
	a, err := winnow.New()
	if err != nil {
		return err
	}
	confusion := map[[2]string]int{}
	var total, right int
	var articleKept, articleLost, templateKept, contentDropped int
	var stuffedPages, found, inserted, removed, cleanPages, cleanRemovals int
	for _, p := range pages {
		text, err := os.ReadFile(p + ".txt")
		if err != nil {
			return err
		}
		gold, err := readLabels(p + ".labels.tsv")
		if err != nil {
			return err
		}
		kw, times, err := readKeyword(p + ".keyword.txt")
		if err != nil {
			return err
		}
		rep, err := a.Check(context.Background(), text)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		name := filepath.Base(p)
		got := map[int]string{}
		for _, l := range rep.Lines {
			got[l.Line] = string(l.Label)
		}
		var lines []int
		for n := range gold {
			lines = append(lines, n)
		}
		sort.Ints(lines)
		for _, n := range lines {
			g, s := gold[n], got[n]
			total++
			confusion[[2]string{g, s}]++
			if g == s {
				right++
			} else if verbose {
				fmt.Printf("%s:%d gold %s, got %s: %s\n", name, n, g, s, lineText(text, n))
			}
			article := g == "body" || g == "heading"
			kept := s != "" && s != string(document.LabelBoilerplate)
			if g != string(document.LabelBoilerplate) && !kept {
				contentDropped++
			}
			switch {
			case article && kept:
				articleKept++
			case article:
				articleLost++
			case g == "boilerplate" && kept:
				templateKept++
			}
		}
		n := 0
		for _, e := range rep.Edits {
			if e.Kind == document.KindStuffing && strings.Contains(e.From, nonEmpty(kw)) {
				n++
			}
		}
		stuffing := 0
		for _, e := range rep.Edits {
			if e.Kind == document.KindStuffing {
				stuffing++
			}
		}
		if times > 0 {
			stuffedPages++
			inserted += times
			removed += min(n, times)
			if n > 0 {
				found++
			}
			if verbose {
				fmt.Printf("%s: %q inserted %d, removed %d (stuffing edits %d); verdict %s\n", name, kw, times, n, stuffing, rep.Verdict.Label)
			}
		} else {
			cleanPages++
			cleanRemovals += stuffing
			if verbose {
				fmt.Printf("%s: no stuffing; stuffing edits %d; verdict %s\n", name, stuffing, rep.Verdict.Label)
			}
		}
	}
	fmt.Printf("%d pages, %d non-empty lines: label accuracy %.3f\n", len(pages), total, float64(right)/float64(total))
	fmt.Printf("article lines (body, heading) kept %d, lost %d; template lines kept %d; content lines (any label but boilerplate) dropped %d\n", articleKept, articleLost, templateKept, contentDropped)
	fmt.Printf("%-12s %9s %9s %6s\n", "label", "precision", "recall", "gold")
	for _, l := range labels {
		var tp, fp, fn int
		for k, c := range confusion {
			switch {
			case k[0] == l && k[1] == l:
				tp += c
			case k[1] == l:
				fp += c
			case k[0] == l:
				fn += c
			}
		}
		fmt.Printf("%-12s %9.3f %9.3f %6d\n", l, ratio(tp, tp+fp), ratio(tp, tp+fn), tp+fn)
	}
	fmt.Printf("confusion (gold → got):\n")
	for _, g := range labels {
		var parts []string
		for _, s := range append(labels, "") {
			if c := confusion[[2]string{g, s}]; c > 0 {
				if s == "" {
					s = "(none)"
				}
				parts = append(parts, fmt.Sprintf("%s %d", s, c))
			}
		}
		fmt.Printf("  %-12s %s\n", g, strings.Join(parts, ", "))
	}
	fmt.Printf("stuffing: keyword found on %d of %d stuffed pages; %d of %d inserted occurrences removed (%.3f); %d stuffing edits on %d pages without stuffing\n",
		found, stuffedPages, removed, inserted, ratio(removed, inserted), cleanRemovals, cleanPages)
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func nonEmpty(s string) string {
	if s == "" {
		return "\x00"
	}
	return s
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

func readKeyword(path string) (string, int, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", 0, nil // a set without stuffing
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
