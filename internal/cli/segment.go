package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/segment"
)

func init() { register(newSegmentCmd) }

// segmentWords returns a function that segments a line into the words the
// model scores (white space dropped).
func (e *env) segmentWords(m lm.Model) (func(string) []string, error) {
	seg, err := segment.New(m)
	if err != nil {
		return nil, err
	}
	var toks []segment.Token
	return func(line string) []string {
		toks = seg.AppendTokens(toks[:0], line)
		words := make([]string, 0, len(toks))
		for _, t := range toks {
			if t.Kind != segment.Space {
				words = append(words, line[t.Start:t.End])
			}
		}
		return words
	}, nil
}

func newSegmentCmd(e *env) *cobra.Command {
	var asJSON, sentences bool
	var sep string
	c := &cobra.Command{
		Use:   "segment [FILE|-]",
		Short: "Segment Chinese text into words",
		Long: `Segment text into words by the maximum-probability path over the language
model's vocabulary (traditional characters are looked up as simplified).
Prints each input line's words separated by --sep (two spaces, the SIGHAN
format, by default). --json prints one object per token with byte offsets
into the line, kind and model word ID; --sentences prints one sentence per
line instead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var seg *segment.Segmenter
			if !sentences {
				m, err := e.model()
				if err != nil {
					return err
				}
				if seg, err = segment.New(m); err != nil {
					return err
				}
			}
			w := bufio.NewWriter(e.stdout)
			defer w.Flush()
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			var toks []segment.Token
			lineNo := 0
			return e.scanLines(argOr(args, "-"), func(line string) error {
				lineNo++
				if sentences {
					for _, s := range segment.Sentences(line) {
						fmt.Fprintln(w, line[s.Start:s.End])
					}
					return nil
				}
				toks = seg.AppendTokens(toks[:0], line)
				if asJSON {
					for _, t := range toks {
						if err := enc.Encode(tokenJSON{lineNo, t.Start, t.End, t.Kind.String(), line[t.Start:t.End], uint32(t.ID)}); err != nil {
							return err
						}
					}
					return nil
				}
				var b strings.Builder
				for _, t := range toks {
					if t.Kind == segment.Space {
						continue
					}
					if b.Len() > 0 {
						b.WriteString(sep)
					}
					b.WriteString(line[t.Start:t.End])
				}
				b.WriteByte('\n')
				_, err := w.WriteString(b.String())
				return err
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "one JSON object per token")
	c.Flags().BoolVar(&sentences, "sentences", false, "split into sentences instead of words")
	c.Flags().StringVar(&sep, "sep", "  ", "separator between words")
	return c
}

type tokenJSON struct {
	Line  int    `json:"line"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	ID    uint32 `json:"id"`
}
