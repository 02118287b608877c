// Command lines measures line labelling and keyword-stuffing detection on
// plain-text pages with gold labels (see internal/labeleval for the
// files): line-label accuracy, per-label precision and recall, the
// confusion matrix, article and template lines kept or lost, and for
// stuffing the pages whose keyword was found, the inserted occurrences
// removed and the removals on pages without stuffing.
//
//	go run ./bench/lines [-pages bench/lines/heldout] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/internal/labeleval"
)

func main() {
	dir := flag.String("pages", "bench/lines/heldout", "folder of NAME.txt, NAME.labels.tsv, NAME.keyword.txt")
	verbose := flag.Bool("v", false, "print every wrong line and every stuffing result")
	flag.Parse()
	a, err := winnow.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lines:", err)
		os.Exit(1)
	}
	r, err := labeleval.Run(context.Background(), a, *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lines:", err)
		os.Exit(1)
	}
	if *verbose {
		for _, s := range append(r.Wrong, r.Stuffing...) {
			fmt.Println(s)
		}
	}
	fmt.Printf("%d pages, %d non-empty lines: label accuracy %.3f\n", r.Pages, r.Lines, r.Accuracy())
	fmt.Printf("article lines (body, heading) kept %d, lost %d; template lines kept %d; content lines (any label but boilerplate) dropped %d\n",
		r.ArticleKept, r.ArticleLost, r.TemplateKept, r.ContentDropped)
	fmt.Printf("%-12s %9s %9s %6s\n", "label", "precision", "recall", "gold")
	for _, l := range labeleval.Labels {
		p, rec, gold := r.PR(l)
		fmt.Printf("%-12s %9.3f %9.3f %6d\n", l, p, rec, gold)
	}
	fmt.Printf("confusion (gold → got):\n")
	for _, g := range labeleval.Labels {
		var parts []string
		for _, s := range append(labeleval.Labels, "") {
			if c := r.Confusion[[2]string{g, s}]; c > 0 {
				if s == "" {
					s = "(none)"
				}
				parts = append(parts, fmt.Sprintf("%s %d", s, c))
			}
		}
		fmt.Printf("  %-12s %s\n", g, strings.Join(parts, ", "))
	}
	fmt.Printf("stuffing: keyword found on %d of %d stuffed pages; %d of %d inserted occurrences removed (%.3f); %d stuffing edits on %d pages without stuffing\n",
		r.Found, r.StuffedPages, r.Removed, r.Inserted, float64(r.Removed)/float64(max(1, r.Inserted)), r.CleanRemovals, r.CleanPages)
	fmt.Printf("verdicts: %s; edits other than boilerplate: %s\n", counts(r.Verdicts), counts(r.Edits))
}

// counts prints a count map as "key n, key n" in key order.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
