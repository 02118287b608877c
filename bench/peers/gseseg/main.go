// Command gseseg segments a text file with go-ego/gse, a peer of winnow's
// segmenter, so that bench/run.sh can compare speed and F1 in one run. It
// lives in its own module so that winnow itself does not depend on gse.
//
//	go run ./gseseg [-hmm] IN OUT
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-ego/gse"
)

func main() {
	hmm := flag.Bool("hmm", false, "use gse's HMM for unknown words (slower)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: gseseg [-hmm] IN OUT")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	seg, err := gse.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	out := make([]string, len(lines))
	// Time the segmentation alone, several passes, like the other tools.
	passes := 5
	t0 := time.Now()
	for p := 0; p < passes; p++ {
		for i, l := range lines {
			words := seg.Cut(l, *hmm)
			if p == 0 {
				kept := words[:0]
				for _, w := range words {
					if strings.TrimSpace(w) != "" {
						kept = append(kept, w)
					}
				}
				out[i] = strings.Join(kept, "  ")
			}
		}
	}
	el := time.Since(t0)
	f, err := os.Create(flag.Arg(1))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	for _, l := range out {
		w.WriteString(l + "\n")
	}
	w.Flush()
	f.Close()
	mb := float64(len(data)*passes) / 1e6
	fmt.Printf("gse (hmm=%v): %d bytes x %d passes in %.2fs = %.2f MB/s\n", *hmm, len(data), passes, el.Seconds(), mb/el.Seconds())
}
