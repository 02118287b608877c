// Command restore measures the whole check pipeline on content-farm text
// pages whose original article is known (see internal/pageeval for the
// files): the character error rate of the page and of the restored text
// against the article, spin edit precision and recall against the
// recorded substitutions, and the stuffed keyword's insertions removed.
//
//	go run ./bench/restore [-cases bench/restore/heldout] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/internal/pageeval"
)

func main() {
	dir := flag.String("cases", "bench/restore/heldout", "folder of NAME.page.txt, NAME.article.txt, NAME.subs.tsv, NAME.keyword.txt")
	verbose := flag.Bool("v", false, "print the wrong spin edits of every case")
	flag.Parse()
	a, err := winnow.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "restore:", err)
		os.Exit(1)
	}
	r, err := pageeval.Run(context.Background(), a, *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "restore:", err)
		os.Exit(1)
	}
	fmt.Printf("%-36s %-10s %6s %7s %7s %5s %5s %5s %7s\n", "case", "verdict", "chars", "CER<", "CER>", "subs", "edits", "right", "stuffed")
	for _, c := range r.Cases {
		fmt.Printf("%-36s %-10s %6d %7.3f %7.3f %5d %5d %5d %3d/%-3d\n", c.Name, c.Verdict, c.Chars,
			float64(c.Before)/float64(max(1, c.Chars)), float64(c.After)/float64(max(1, c.Chars)),
			c.Subs, c.SpinEdits, c.SpinRight, c.Removed, c.Inserted)
		if *verbose && len(c.Wrong) > 0 {
			fmt.Printf("    wrong: %s\n", strings.Join(c.Wrong, " "))
		}
	}
	before, after := r.CER()
	fmt.Printf("%d cases (%d spun): CER page %.3f → restored %.3f\n", len(r.Cases), r.Spun, before, after)
	fmt.Printf("spin edits %d, right %d: precision %.3f, recall %.3f of %d substitutions; %d spin edits on pages without substitutions\n",
		r.SpinEdits, r.SpinRight, float64(r.SpinRight)/float64(max(1, r.SpinEdits)), float64(r.SpinRight)/float64(max(1, r.Subs)), r.Subs, r.CleanSpinEdits)
	fmt.Printf("stuffing: %d of %d insertions removed\n", r.Removed, r.Inserted)
}
