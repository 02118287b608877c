// Command check measures the check pipeline against the acceptance
// criteria of issue 3 and prints the figures:
//
//   - on examples/seed-openai-48h.txt: boilerplate lines, stuffed and
//     legitimate occurrences of the stuffed term, verdict and reasons;
//   - on the clean corpus (one document per line, default
//     ../shared/data/clean/*.txt): the share of documents labelled spam or
//     suspicious, edits per 10,000 characters, and throughput (documents/s,
//     MB/s, sequential on one goroutine, model loaded once).
//
// It exits 0 with a note when the shared data is absent.
//
//	go run ./bench/check [-shared ../shared] [-v]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/document"
)

func main() {
	shared := flag.String("shared", "../shared", "directory holding data/clean")
	seed := flag.String("seed", "examples/seed-openai-48h.txt", "the seed page")
	verbose := flag.Bool("v", false, "print every flagged clean document and edit")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	a, err := winnow.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	if err := seedReport(ctx, a, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	files, _ := filepath.Glob(filepath.Join(*shared, "data", "clean", "*.txt"))
	if len(files) == 0 {
		fmt.Println("clean corpus: not found under", *shared, "- skipped")
		return
	}
	if err := cleanReport(ctx, a, files, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func seedReport(ctx context.Context, a *winnow.Analyzer, path string) error {
	in, err := os.ReadFile(path)
	if err != nil {
		fmt.Println("seed: not found:", err)
		return nil
	}
	r, err := a.Check(ctx, in)
	if err != nil {
		return err
	}
	fmt.Printf("== seed %s\n", path)
	for _, l := range r.Lines {
		if l.Label == document.LabelBoilerplate {
			fmt.Printf("boilerplate line %d: %.40q\n", l.Line, string(in[l.Start:l.End]))
		}
	}
	kinds := map[document.Kind]int{}
	for _, e := range r.Edits {
		kinds[e.Kind]++
	}
	fmt.Printf("edits: %v\n", kinds)
	if s, ok := r.Signals["stuffing"]; ok {
		b, _ := jsonOf(s.Detail)
		fmt.Printf("stuffing keywords: %s\n", b)
	}
	fmt.Printf("verdict: %s score %.3f keep=%v\n", r.Verdict.Label, r.Verdict.SpamScore, r.Verdict.Keep)
	for _, s := range r.Verdict.Reasons {
		fmt.Println("  reason:", s)
	}
	return nil
}

func cleanReport(ctx context.Context, a *winnow.Analyzer, files []string, verbose bool) error {
	type flagged struct {
		file  string
		line  int
		label string
		score float64
		why   string
	}
	var docs, runes, bytes, edits, flaggedN int
	var took time.Duration
	var bad []flagged
	kinds := map[document.Kind]int{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		n := 0
		for sc.Scan() {
			n++
			line := sc.Bytes()
			if len(strings.TrimSpace(string(line))) == 0 {
				continue
			}
			t0 := time.Now()
			r, err := a.Check(ctx, line)
			took += time.Since(t0)
			if err != nil {
				fh.Close()
				return fmt.Errorf("%s:%d: %w", f, n, err)
			}
			docs++
			bytes += len(line)
			runes += utf8.RuneCount(line)
			edits += len(r.Edits)
			for _, e := range r.Edits {
				kinds[e.Kind]++
				if verbose {
					fmt.Printf("edit %s:%d %s %q→%q %s\n", filepath.Base(f), n, e.Kind, e.From, e.To, e.Reason)
				}
			}
			if r.Verdict.Label != "clean" {
				flaggedN++
				bad = append(bad, flagged{filepath.Base(f), n, r.Verdict.Label, r.Verdict.SpamScore, strings.Join(r.Verdict.Reasons, " | ")})
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].score > bad[j].score })
	fmt.Printf("== clean corpus: %d files, %d documents, %d characters\n", len(files), docs, runes)
	fmt.Printf("flagged spam/suspicious: %d of %d = %.2f%% (goal ≤ 1%%)\n", flaggedN, docs, 100*float64(flaggedN)/float64(max(docs, 1)))
	fmt.Printf("edits: %d = %.2f per 10,000 characters (goal ≤ 1) %v\n", edits, 1e4*float64(edits)/float64(max(runes, 1)), kinds)
	fmt.Printf("throughput (1 core, sequential): %.0f docs/s, %.2f MB/s\n", float64(docs)/took.Seconds(), float64(bytes)/1e6/took.Seconds())
	for i, b := range bad {
		if i >= 10 && !verbose {
			break
		}
		fmt.Printf("  %s:%d %s %.2f %s\n", b.file, b.line, b.label, b.score, b.why)
	}
	return nil
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
