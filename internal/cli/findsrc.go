package cli

// Shared by index, attribute, dedup and learn: the analyzer with the spin
// detector, signing documents in parallel, and word-level alignment.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/align"
	"github.com/winnow-project/winnow/corpus"
	"github.com/winnow-project/winnow/index"
	"github.com/winnow-project/winnow/minhash"
	"github.com/winnow-project/winnow/quality"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
)

// loadLexicon reads a spin lexicon TSV file.
func loadLexicon(path string) (*spin.Lexicon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--lexicon: %w", err)
	}
	defer f.Close()
	l, err := spin.ParseLexicon(f)
	if err != nil {
		return nil, fmt.Errorf("--lexicon %s: %w", path, err)
	}
	return l, nil
}

// finder is what the corpus-level commands share: the analyzer (with
// spin) whose restored text is signed, and a segmenter for alignment.
type finder struct {
	a    *winnow.Analyzer
	seg  *segment.Segmenter
	mode string
}

// sigFlags are the signature options, fixed when an index is created.
type sigFlags struct {
	o   minhash.Options
	raw bool
}

func (s *sigFlags) add(cmd *cobra.Command) {
	d := minhash.Default()
	s.o.Seed = d.Seed
	cmd.Flags().IntVar(&s.o.NGram, "ngram", d.NGram, "shingle size in characters")
	cmd.Flags().IntVar(&s.o.Perms, "perms", d.Perms, "MinHash permutations")
	cmd.Flags().IntVar(&s.o.Bands, "bands", d.Bands, "LSH bands")
	cmd.Flags().IntVar(&s.o.Rows, "rows", d.Rows, "LSH rows per band")
	cmd.Flags().BoolVar(&s.raw, "raw", false, "sign the input text as given instead of the restored article (for comparison; faster: no analysis)")
}

func (s *sigFlags) mode() string {
	if s.raw {
		return index.ModeRaw
	}
	return index.ModeRestored
}

// newFinder builds the analyzer for mode (none for raw mode).
func newFinder(e *env, f *checkFlags, mode string, needSeg bool) (*finder, error) {
	fd := &finder{mode: mode}
	if mode == index.ModeRestored || needSeg {
		f.spin = true
		a, err := f.analyzer(e)
		if err != nil {
			return nil, err
		}
		fd.a = a
		if fd.seg, err = segment.New(a.Model()); err != nil {
			return nil, err
		}
	}
	return fd, nil
}

// cleanliness orders versions of one text: the cleanest (most likely the
// source of the others) has the lowest spam score, then the lowest spin
// score, then the lowest language-model perplexity (a spinner's words fit
// their context worse than the author's).
type cleanliness struct {
	Spam, Spin, Perplexity float64
}

// less reports whether c is cleaner than o.
func (c cleanliness) less(o cleanliness) bool {
	if c.Spam != o.Spam {
		return c.Spam < o.Spam
	}
	if c.Spin != o.Spin {
		return c.Spin < o.Spin
	}
	return c.Perplexity < o.Perplexity
}

func cleanlinessOf(r *report.Report) cleanliness {
	c := cleanliness{Spam: r.Verdict.SpamScore, Spin: r.Signals[spin.Name].Score}
	if q, ok := r.Signals[quality.Name]; ok && q.Detail != nil {
		var d struct{ Perplexity *float64 }
		if b, err := json.Marshal(q.Detail); err == nil && json.Unmarshal(b, &d) == nil && d.Perplexity != nil {
			c.Perplexity = *d.Perplexity
		}
	}
	return c
}

// text returns the text to sign for a document: its restored article,
// or the input in raw mode; and how clean it is (zero in raw mode).
func (fd *finder) text(ctx context.Context, id string, in []byte) (string, cleanliness, error) {
	if fd.mode == index.ModeRaw {
		return string(in), cleanliness{}, nil
	}
	r, err := fd.a.CheckDocument(ctx, id, in)
	if err != nil {
		return "", cleanliness{}, err
	}
	return r.Restored, cleanlinessOf(r), nil
}

// diff aligns copy with source by the source's words.
func (fd *finder) diff(source, copy string) ([]align.Op, error) {
	if fd.seg == nil {
		return align.Diff(source, copy, nil)
	}
	sw := align.Words(fd.seg.Segment(source))
	ops, err := align.Diff(source, copy, sw)
	if err != nil {
		return nil, err
	}
	return align.Split(ops, source, copy, sw, align.Words(fd.seg.Segment(copy))), nil
}

// signed is one document ready for the index.
type signed struct {
	seq   int
	doc   index.Doc
	clean cleanliness
	err   error
	rec   corpus.Record
}

// signCorpus reads the corpora, signs every record on all cores (records
// skip says to skip are not analysed) and calls out for each, in input
// order, from one goroutine.
func (fd *finder) signCorpus(ctx context.Context, e *env, h *minhash.Hasher, inputs []string, skip func(id string) bool, out func(signed) error) error {
	workers := runtime.NumCPU()
	jobs := make(chan signed, workers*4)
	results := make(chan signed, workers*4)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		readErr = corpus.Records(ctx, inputs, e.stdin, "", "", func(r corpus.Record) error {
			if skip != nil && r.Err == nil && skip(r.ID) {
				return nil
			}
			select {
			case jobs <- signed{seq: seq, rec: r}:
				seq++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.doc.ID = j.rec.ID
				if j.rec.Err != nil {
					j.err = j.rec.Err
				} else {
					j.doc.Text, j.clean, j.err = fd.text(ctx, j.rec.ID, j.rec.Text)
					if j.err == nil {
						j.doc.Sig = h.Sign(j.doc.Text)
					}
				}
				j.rec.Text, j.rec.Object = nil, nil
				select {
				case results <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	// On a terminal, a progress bar counts the documents done.
	var bar *progressbar.ProgressBar
	if isTTY(e.stderr) {
		bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("documents"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		defer bar.Finish()
	}
	pending := map[int]signed{}
	next := 0
	for r := range results {
		pending[r.seq] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if bar != nil {
				bar.Add(1)
			}
			if err := out(p); err != nil {
				cancel()
				for range results {
				}
				return err
			}
		}
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}
