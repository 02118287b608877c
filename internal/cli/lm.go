package cli

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/lm"
)

func newLMCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "lm",
		Short: "Build and query n-gram language models",
	}
	c.AddCommand(newLMBuildCmd(e), newLMQueryCmd(e), newLMPplCmd(e))
	return c
}

func newLMBuildCmd(e *env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "build MODEL.arpa[.gz|.xz] -o MODEL.wlm",
		Short: "Convert an ARPA model to winnow's compact format",
		Long: `Convert an ARPA model (plain, gzip or xz) to winnow's compact, memory-mapped
format. The conversion is lossless and deterministic: the same ARPA text
always gives the same bytes. The bundled model is made with
  winnow lm build lm_sc.arpa.xz -o models/zh_CN.wlm`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				out = trimExt(args[0]) + ".wlm"
			}
			t0 := time.Now()
			g, err := lm.OpenARPA(args[0])
			if err != nil {
				return err
			}
			e.log.Info("parsed ARPA", "file", args[0], "order", len(g.Levels), "words", len(g.Words), "took", time.Since(t0))
			data, err := lm.Build(g)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := lm.WriteFile(out, data); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote %s: order %d, %d words, %d bytes in %v\n",
				out, len(g.Levels), len(g.Words), len(data), time.Since(t0).Round(time.Millisecond))
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "output file (default: input name with .wlm)")
	return c
}

// scoreLines reads sentences (one per line) from the input and calls fn
// with each line's tokens.
func (e *env) scanLines(name string, fn func(line string) error) error {
	r, err := e.openInput(name)
	if err != nil {
		return err
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 256<<20)
	for sc.Scan() {
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

func newLMQueryCmd(e *env) *cobra.Command {
	var noMarkers, raw bool
	c := &cobra.Command{
		Use:   "query [FILE|-]",
		Short: "Score sentences word by word, like KenLM's query",
		Long: `Score each input line as a sentence and print, for every word,
word=ID n-gram-length log10-probability, then the line's total and OOV count,
as KenLM's query does. Lines are words separated by spaces; with --raw they
are segmented first. Reads standard input without FILE.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := e.model()
			if err != nil {
				return err
			}
			tok, err := e.tokenizer(m, raw)
			if err != nil {
				return err
			}
			var ppl lm.Perplexity
			w := bufio.NewWriter(e.stdout)
			defer w.Flush()
			err = e.scanLines(argOr(args, "-"), func(line string) error {
				words := tok(line)
				total, scores := lm.SentenceScore(m, words, !noMarkers, !noMarkers)
				oov := 0
				for _, s := range scores {
					ppl.Add(s)
					if s.Unknown {
						oov++
					}
					fmt.Fprintf(w, "%s=%d %d %.6g\t", s.Word, s.ID, s.NGram, s.LogProb)
				}
				fmt.Fprintf(w, "Total: %.6g OOV: %d\n", total, oov)
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "Perplexity including OOVs:\t%.6g\nPerplexity excluding OOVs:\t%.6g\nOOVs:\t%d\nTokens:\t%d\n",
				ppl.Value(), ppl.ValueNoOOV(), ppl.OOV, ppl.Words)
			return nil
		},
	}
	c.Flags().BoolVar(&noMarkers, "no-markers", false, "do not add <s> and </s> (models without them never do)")
	c.Flags().BoolVar(&raw, "raw", false, "segment raw text instead of reading space-separated words")
	return c
}

func newLMPplCmd(e *env) *cobra.Command {
	var tokenized bool
	c := &cobra.Command{
		Use:   "ppl [FILE|-]",
		Short: "Perplexity of a text under the model",
		Long: `Segment the text (one sentence or document per line) and print its
perplexity under the model, with and without OOV words. With --tokenized the
lines are already words separated by spaces.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := e.model()
			if err != nil {
				return err
			}
			tok, err := e.tokenizer(m, !tokenized)
			if err != nil {
				return err
			}
			var ppl lm.Perplexity
			lines := 0
			err = e.scanLines(argOr(args, "-"), func(line string) error {
				words := tok(line)
				if len(words) == 0 {
					return nil
				}
				lines++
				_, scores := lm.SentenceScore(m, words, true, true)
				for _, s := range scores {
					ppl.Add(s)
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "lines\t%d\ntokens\t%d\noov\t%d\nperplexity\t%.4g\nperplexity_no_oov\t%.4g\n",
				lines, ppl.Words, ppl.OOV, ppl.Value(), ppl.ValueNoOOV())
			return nil
		},
	}
	c.Flags().BoolVar(&tokenized, "tokenized", false, "input is words separated by spaces")
	return c
}

func argOr(args []string, def string) string {
	if len(args) > 0 {
		return args[0]
	}
	return def
}

// tokenizer returns a function that turns a line into words: split on
// spaces, or segmented with the model's vocabulary when raw is set.
func (e *env) tokenizer(m lm.Model, raw bool) (func(string) []string, error) {
	if !raw {
		return strings.Fields, nil
	}
	return e.segmentWords(m)
}
