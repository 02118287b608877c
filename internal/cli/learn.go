package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/index"
	"github.com/winnow-project/winnow/learn"
)

func init() { register(newLearnCmd) }

func newLearnCmd(e *env) *cobra.Command {
	var (
		f         checkFlags
		dir       string
		output    string
		threshold float64
		lo        learn.Options
	)
	cmd := &cobra.Command{
		Use:   "learn SOURCE COPY | learn --index DIR",
		Short: "Learn spinner substitutions from copies aligned with their sources",
		Long: `learn aligns a copy with its source word by word and writes the substitutions
it finds (copy's word → source's word, with how often each was seen) as a spin
lexicon TSV that check --lexicon (and batch, index add, …) loads on top of the
built-in lexicon.

With SOURCE and COPY it aligns the two files. With --index DIR it finds every
pair of indexed documents whose estimated Jaccard is at least --threshold,
takes the less clean one as the copy (higher spam score, then spin score, then
language-model perplexity; then the later indexed) and aligns their stored
texts.`,
		Example: `  winnow learn original.txt spun.txt -o learned.tsv
  winnow learn --index idx/ -o learned.tsv --min-count 2
  winnow check --lexicon learned.tsv page.txt`,
		Args: func(cmd *cobra.Command, args []string) error {
			if dir == "" && len(args) != 2 {
				return errors.New("want SOURCE COPY, or --index DIR")
			}
			if dir != "" && len(args) != 0 {
				return errors.New("--index takes no file arguments")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l := learn.New(lo)
			if dir == "" {
				fd, err := newFinder(e, &f, index.ModeRaw, true)
				if err != nil {
					return err
				}
				src, err := e.readInput(args[0])
				if err != nil {
					return err
				}
				cp, err := e.readInput(args[1])
				if err != nil {
					return err
				}
				ops, err := fd.diff(string(src), string(cp))
				if err != nil {
					return err
				}
				l.Add(ops)
			} else {
				ix, err := index.Open(dir, nil, true)
				if err != nil {
					return err
				}
				defer ix.Close()
				fd, err := newFinder(e, &f, index.ModeRestored, true)
				if err != nil {
					return err
				}
				pairs, err := learnFromIndex(cmd, ix, fd, l, threshold)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "learn: %d near-duplicate pairs aligned\n", pairs)
			}
			ps := l.Pairs()
			w := e.stdout
			if output != "" && output != "-" {
				fo, err := os.Create(output)
				if err != nil {
					return err
				}
				defer fo.Close()
				w = fo
			}
			if err := learn.WriteTSV(w, ps); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "learn: %d substitution pairs\n", len(ps))
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&dir, "index", "", "learn from the near-duplicate pairs of this index")
	cmd.Flags().StringVarP(&output, "output", "o", "", "lexicon TSV to write (default standard output)")
	cmd.Flags().Float64Var(&threshold, "threshold", 0.4, "with --index: estimated Jaccard at or above which two documents are a pair")
	cmd.Flags().IntVar(&lo.MinCount, "min-count", 1, "write only pairs seen at least this often")
	cmd.Flags().IntVar(&lo.MaxRunes, "max-runes", 6, "longest spun or original form learned, in characters")
	return cmd
}

// learnFromIndex aligns every near-duplicate pair of the index.
func learnFromIndex(cmd *cobra.Command, ix *index.Index, fd *finder, l *learn.Learner, threshold float64) (int, error) {
	type pair struct{ a, b uint32 }
	done := map[pair]bool{}
	scores := map[uint32]cleanliness{}
	score := func(d index.Doc) (cleanliness, error) {
		if s, ok := scores[d.Num]; ok {
			return s, nil
		}
		r, err := fd.a.CheckDocument(cmd.Context(), d.ID, []byte(d.Text))
		if err != nil {
			return cleanliness{}, err
		}
		s := cleanlinessOf(r)
		scores[d.Num] = s
		return s, nil
	}
	n := 0
	err := ix.Each(func(d index.Doc) error {
		hits, err := ix.Query(d.Sig, 20)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if h.Num == d.Num || h.Estimated < threshold {
				continue
			}
			p := pair{min(d.Num, h.Num), max(d.Num, h.Num)}
			if done[p] {
				continue
			}
			done[p] = true
			o, err := ix.Doc(h.Num)
			if err != nil {
				return err
			}
			sd, err := score(d)
			if err != nil {
				return err
			}
			so, err := score(o)
			if err != nil {
				return err
			}
			src, cp := d, o
			if so.less(sd) || sd == so && d.Num > o.Num {
				src, cp = o, d
			}
			ops, err := fd.diff(src.Text, cp.Text)
			if err != nil {
				continue // too different to align: not a spun copy
			}
			l.Add(ops)
			n++
		}
		return nil
	})
	return n, err
}
