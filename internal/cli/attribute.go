package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/align"
	"github.com/winnow-project/winnow/index"
	"github.com/winnow-project/winnow/minhash"
)

func init() { register(newAttributeCmd) }

// source is one attributed source of a document.
type source struct {
	ID            string     `json:"id"`
	Estimated     float64    `json:"estimated_jaccard"`
	Exact         float64    `json:"exact_jaccard"`
	Bands         int        `json:"bands"`
	Substitutions []align.Op `json:"substitutions"`
	Inserted      int        `json:"inserted"` // insert ops (copy only)
	Deleted       int        `json:"deleted"`  // delete ops (source only)
	AlignError    string     `json:"align_error,omitempty"`
}

// attribute finds the top k sources of one document in ix.
func attribute(ix *index.Index, fd *finder, text, input string, k int, withDiff bool) ([]source, error) {
	h := ix.Hasher()
	sig := h.Sign(text)
	hits, err := ix.Query(sig, max(4*k, 20))
	if err != nil {
		return nil, err
	}
	qsh := minhash.Shingles(text, h.Options().NGram)
	var out []source
	for _, hit := range hits {
		d, err := ix.Doc(hit.Num)
		if err != nil {
			return nil, err
		}
		out = append(out, source{ID: d.ID, Estimated: hit.Estimated, Bands: hit.Bands,
			Exact: minhash.Jaccard(qsh, minhash.Shingles(d.Text, h.Options().NGram))})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Exact > out[j].Exact })
	if len(out) > k {
		out = out[:k]
	}
	if !withDiff {
		return out, nil
	}
	for i := range out {
		d, err := ix.Doc(hits[indexOf(hits, out[i].ID)].Num)
		if err != nil {
			return nil, err
		}
		ops, err := fd.diff(d.Text, input)
		if err != nil {
			out[i].AlignError = err.Error()
			continue
		}
		out[i].Substitutions = []align.Op{}
		for _, op := range ops {
			switch op.Kind {
			case align.Substitute:
				out[i].Substitutions = append(out[i].Substitutions, op)
			case align.Insert:
				out[i].Inserted++
			case align.Delete:
				out[i].Deleted++
			}
		}
	}
	return out, nil
}

func indexOf(hits []index.Hit, id string) int {
	for i, h := range hits {
		if h.ID == id {
			return i
		}
	}
	return 0
}

func newAttributeCmd(e *env) *cobra.Command {
	var (
		f      checkFlags
		dir    string
		k      int
		asJSON bool
		noDiff bool
	)
	cmd := &cobra.Command{
		Use:   "attribute FILE --index DIR",
		Short: "Find where a (spun) document was copied from",
		Long: `attribute restores one document (FILE, or - for standard input) as check does,
signs it like the index's documents and prints the top -k indexed sources,
by exact Jaccard similarity of their character shingles (the estimate from the
MinHash signatures beside it), each with a word-level diff of the input against
the source: every substitution as copy → original, with byte offsets into
both, and how many insertions and deletions there were besides.`,
		Example: `  winnow attribute suspect.txt --index idx/
  winnow attribute --json -k 1 suspect.txt --index idx/ | jq '.sources[0].substitutions'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return errors.New("--index DIR is required")
			}
			if k < 1 {
				return fmt.Errorf("-k %d: want at least 1", k)
			}
			ix, err := index.Open(dir, nil, true)
			if err != nil {
				return err
			}
			defer ix.Close()
			fd, err := newFinder(e, &f, ix.Config().Mode, true)
			if err != nil {
				return err
			}
			in, err := e.readInput(args[0])
			if err != nil {
				return err
			}
			text, _, err := fd.text(cmd.Context(), args[0], in)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			srcs, err := attribute(ix, fd, text, string(in), k, !noDiff)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(e.stdout)
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(map[string]any{"file": args[0], "mode": ix.Config().Mode, "sources": srcs}); err != nil {
					return err
				}
				return w.Flush()
			}
			if len(srcs) == 0 {
				fmt.Fprintf(w, "%s: no source found in the index\n", args[0])
			}
			for i, s := range srcs {
				fmt.Fprintf(w, "%d. %s  exact Jaccard %.3f  estimated %.3f  (%d bands)\n", i+1, s.ID, s.Exact, s.Estimated, s.Bands)
				if s.AlignError != "" {
					fmt.Fprintf(w, "   not aligned: %s\n", s.AlignError)
					continue
				}
				if noDiff {
					continue
				}
				fmt.Fprintf(w, "   %d substitutions, %d insertions, %d deletions\n", len(s.Substitutions), s.Inserted, s.Deleted)
				for _, op := range s.Substitutions {
					fmt.Fprintf(w, "   %s → %s\t(copy %d:%d, source %d:%d)\n", op.Changed, op.Original, op.Copy.Start, op.Copy.End, op.Source.Start, op.Source.End)
				}
			}
			return w.Flush()
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&dir, "index", "", "index directory")
	cmd.Flags().IntVarP(&k, "top", "k", 3, "number of sources to print")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.Flags().BoolVar(&noDiff, "no-diff", false, "do not align the document with its sources")
	return cmd
}
