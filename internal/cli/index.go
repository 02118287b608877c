package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/index"
)

func init() { register(newIndexCmd) }

func newIndexCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Build and inspect a persistent near-duplicate (MinHash LSH) index",
	}
	cmd.AddCommand(newIndexAddCmd(e), newIndexStatsCmd(e), newIndexVerifyCmd(e), newIndexCompactCmd(e))
	return cmd
}

func newIndexAddCmd(e *env) *cobra.Command {
	var (
		f     checkFlags
		s     sigFlags
		dir   string
		batch int
		every time.Duration
	)
	cmd := &cobra.Command{
		Use:   "add CORPUS... --index DIR",
		Short: "Add documents to an index (created on first use)",
		Long: `index add reads corpora (JSONL, folders of .txt/.html, WARC, as batch does),
restores every document (winnow check's restored article, spin detection on)
and adds its MinHash signature and restored text to the index in DIR.
Documents whose ID is indexed already are skipped, so a run that was killed
can simply be run again. Documents are committed in batches (--batch, or
every --commit-every): each batch is one transaction, so a kill loses at
most the batch in flight and never leaves the index inconsistent.
--ngram, --perms, --bands, --rows and --raw take effect when the index is
created and must match afterwards.`,
		Example: `  winnow index add sources.jsonl --index idx/
  winnow index add --raw pages/ --index idx-raw/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return errors.New("--index DIR is required")
			}
			if batch < 1 {
				return fmt.Errorf("--batch %d: want at least 1", batch)
			}
			cfg := &index.Config{MinHash: s.o, Mode: s.mode()}
			ix, err := index.Open(dir, cfg, false)
			if err != nil {
				return err
			}
			defer ix.Close()
			fd, err := newFinder(e, &f, cfg.Mode, false)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			start := time.Now()
			var (
				buf               []index.Doc
				added, seen, errs int
				last              = time.Now()
			)
			flush := func() error {
				if len(buf) == 0 {
					return nil
				}
				n, err := ix.Add(buf)
				added += n
				buf = buf[:0]
				last = time.Now()
				return err
			}
			skip := func(id string) bool {
				ok, err := ix.Has(id)
				return err == nil && ok
			}
			err = fd.signCorpus(ctx, e, ix.Hasher(), args, skip, func(r signed) error {
				seen++
				if r.err != nil {
					errs++
					e.log.Warn("skipped", "id", r.rec.ID, "err", r.err)
					return nil
				}
				buf = append(buf, r.doc)
				if len(buf) >= batch || time.Since(last) >= every {
					return flush()
				}
				return nil
			})
			if ferr := flush(); err == nil {
				err = ferr
			}
			st, serr := ix.Stats()
			el := time.Since(start)
			fmt.Fprintf(e.stderr, "index add: %d read, %d added, %d errors in %s (%.0f docs/s); index: %d documents, %d segments, %.1f MB\n",
				seen, added, errs, el.Round(time.Millisecond), float64(seen)/max(el.Seconds(), 1e-3), st.Docs, st.Segments, float64(st.Bytes)/1e6)
			if err != nil {
				return err
			}
			return serr
		},
	}
	f.add(cmd)
	s.add(cmd)
	cmd.Flags().StringVar(&dir, "index", "", "index directory")
	cmd.Flags().IntVar(&batch, "batch", 5000, "documents per transaction (and per index segment)")
	cmd.Flags().DurationVar(&every, "commit-every", 30*time.Second, "also commit a batch after this long")
	return cmd
}

// indexCmd is a command that opens the index of --index DIR (read-only
// when readOnly) and runs fn on it.
func indexCmd(use, short string, readOnly bool, fn func(ix *index.Index) error) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return errors.New("--index DIR is required")
			}
			ix, err := index.Open(dir, nil, readOnly)
			if err != nil {
				return err
			}
			defer ix.Close()
			return fn(ix)
		},
	}
	cmd.Flags().StringVar(&dir, "index", "", "index directory")
	return cmd
}

func newIndexStatsCmd(e *env) *cobra.Command {
	return indexCmd("stats --index DIR", "Print an index's configuration and counts as JSON", true, func(ix *index.Index) error {
		st, err := ix.Stats()
		if err != nil {
			return err
		}
		out := struct {
			index.Config
			index.Stats
			BytesPerDoc float64 `json:"bytes_per_doc"`
		}{ix.Config(), st, float64(st.Bytes) / float64(max(st.Docs, 1))}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	})
}

func newIndexVerifyCmd(e *env) *cobra.Command {
	return indexCmd("verify --index DIR", "Check that an index is consistent (every document, signature and posting)", true, func(ix *index.Index) error {
		if err := ix.Verify(); err != nil {
			return &exitError{code: 3, err: err}
		}
		st, _ := ix.Stats()
		_, err := fmt.Fprintf(e.stdout, "ok: %d documents, %d segments\n", st.Docs, st.Segments)
		return err
	})
}

func newIndexCompactCmd(e *env) *cobra.Command {
	cmd := indexCmd("compact --index DIR", "Merge an index's segments into one, so that queries make one lookup per band", false, func(ix *index.Index) error {
		start := time.Now()
		n, err := ix.Compact()
		if err != nil {
			return err
		}
		st, err := ix.Stats()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stderr, "index compact: %d segments merged in %s; index: %d documents, %d segments, %.1f MB\n",
			n, time.Since(start).Round(time.Millisecond), st.Docs, st.Segments, float64(st.Bytes)/1e6)
		return err
	})
	cmd.Long = `index compact merges the postings of every segment (one per index add batch)
into one: a query looks up each band once per segment, so an index built by many
runs answers faster once compacted. It runs in one transaction: killed, it leaves
the index as it was.`
	return cmd
}
