// Command index measures the LSH index at scale: it generates documents
// (never written to disk as a corpus), adds them to a fresh index in raw
// mode in batches, then queries near-copies, and prints time, build rate,
// disk, bytes per document, peak RSS and query latency.
//
//	go run ./bench/index -n 1000000 -dir /tmp/idx1m
//
// Documents are 300 characters drawn from a pool of 1,000 common
// characters with a per-document bias, so unrelated documents share few
// 3-gram shingles, as real text does. Analysis (restoration) is not
// included: its cost is the batch command's and is measured there.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/winnow-project/winnow/index"
	"github.com/winnow-project/winnow/minhash"
)

func main() {
	n := flag.Int("n", 100000, "documents to index")
	chars := flag.Int("chars", 300, "characters per document")
	batch := flag.Int("batch", 50000, "documents per Add (segment)")
	queries := flag.Int("queries", 1000, "near-copy queries after the build")
	dir := flag.String("dir", "", "index directory (default: a temporary one, removed)")
	compact := flag.Bool("compact", false, "after the queries, compact the index (one segment) and query again")
	flag.Parse()
	if err := run(*n, *chars, *batch, *queries, *dir, *compact); err != nil {
		fmt.Fprintln(os.Stderr, "bench/index:", err)
		os.Exit(1)
	}
}

var pool = func() []rune {
	var out []rune
	for r := rune(0x4E00); len(out) < 1000; r += 7 {
		out = append(out, r)
	}
	return out
}()

func genDoc(seed uint64, chars int) string {
	rng := rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15))
	off := rng.IntN(len(pool))
	var b strings.Builder
	for i := 0; i < chars; i++ {
		// Half the characters from a document-specific window of 200.
		if rng.IntN(2) == 0 {
			b.WriteRune(pool[(off+rng.IntN(200))%len(pool)])
		} else {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
	}
	return b.String()
}

// spun replaces about one character in ten.
func spun(doc string, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	r := []rune(doc)
	for i := range r {
		if rng.IntN(10) == 0 {
			r[i] = pool[rng.IntN(len(pool))]
		}
	}
	return string(r)
}

func run(n, chars, batch, queries int, dir string, compact bool) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "winnow-bench-index-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	ix, err := index.Open(dir, &index.Config{MinHash: minhash.Default(), Mode: index.ModeRaw}, false)
	if err != nil {
		return err
	}
	defer ix.Close()
	h := ix.Hasher()
	workers := runtime.NumCPU()
	start := time.Now()
	var signTime, addTime time.Duration
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		docs := make([]index.Doc, hi-lo)
		t0 := time.Now()
		done := make(chan struct{})
		for w := 0; w < workers; w++ {
			go func(w int) {
				for i := lo + w; i < hi; i += workers {
					text := genDoc(uint64(i), chars)
					docs[i-lo] = index.Doc{ID: fmt.Sprintf("doc-%08d", i), Text: text, Sig: h.Sign(text)}
				}
				done <- struct{}{}
			}(w)
		}
		for w := 0; w < workers; w++ {
			<-done
		}
		t1 := time.Now()
		if _, err := ix.Add(docs); err != nil {
			return err
		}
		signTime += t1.Sub(t0)
		addTime += time.Since(t1)
		fmt.Fprintf(os.Stderr, "%d docs, %s\n", hi, time.Since(start).Round(time.Second))
	}
	build := time.Since(start)
	st, err := ix.Stats()
	if err != nil {
		return err
	}
	fi, err := os.Stat(filepath.Join(dir, index.FileName))
	if err != nil {
		return err
	}
	ask := func() ([]time.Duration, int, error) {
		rng := rand.New(rand.NewPCG(99, 99))
		var lat []time.Duration
		correct := 0
		for q := 0; q < queries; q++ {
			i := rng.IntN(n)
			text := spun(genDoc(uint64(i), chars), uint64(q))
			t0 := time.Now()
			hits, err := ix.Query(h.Sign(text), 1)
			lat = append(lat, time.Since(t0))
			if err != nil {
				return nil, 0, err
			}
			if len(hits) > 0 && hits[0].ID == fmt.Sprintf("doc-%08d", i) {
				correct++
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		return lat, correct, nil
	}
	lat, correct, err := ask()
	if err != nil {
		return err
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("documents            %d (%d characters each), %d segments\n", st.Docs, chars, st.Segments)
	fmt.Printf("build                %s: %.0f docs/s (signing %s on %d cores, index writes %s)\n", build.Round(time.Millisecond), float64(n)/build.Seconds(), signTime.Round(time.Millisecond), workers, addTime.Round(time.Millisecond))
	fmt.Printf("disk                 %.1f MB, %.0f bytes/document\n", float64(fi.Size())/1e6, float64(fi.Size())/float64(n))
	fmt.Printf("peak RSS             %.0f MB\n", float64(ru.Maxrss)/1024)
	if len(lat) > 0 {
		fmt.Printf("query (sign + LSH)   p50 %s, p99 %s over %d near-copies (10%% of characters changed); top-1 %d/%d\n",
			lat[len(lat)/2], lat[len(lat)*99/100], len(lat), correct, len(lat))
	}
	if compact {
		t0 := time.Now()
		merged, err := ix.Compact()
		if err != nil {
			return err
		}
		took := time.Since(t0)
		if lat, correct, err = ask(); err != nil {
			return err
		}
		if len(lat) > 0 {
			fmt.Printf("compact              %d segments merged in %s; query p50 %s, p99 %s; top-1 %d/%d\n",
				merged, took.Round(time.Millisecond), lat[len(lat)/2], lat[len(lat)*99/100], correct, len(lat))
		}
	}
	return nil
}
