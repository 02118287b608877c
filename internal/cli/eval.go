package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/internal/spineval"
	"github.com/winnow-project/winnow/spin"
)

func init() { register(newEvalCmd) }

func newEvalCmd(e *env) *cobra.Command {
	var (
		lexicon    string
		synonyms   string
		noSyn      bool
		coverage   bool
		threshold  float64
		thresholds []float64
		params     []string
		dump       string
	)
	cmd := &cobra.Command{
		Use:   "eval [file.jsonl ...]",
		Short: "Measure spin detection and restoration on labelled JSONL",
		Long: `eval reads JSONL records ({"text": …, "original": …, "label": "spun"|"clean"},
original and label optional; "spans": [{"start","end","originals"}] may give the true
substitutions instead of original) from the files or standard input, runs the spin
detector on every text and prints detection figures (AUC, precision and recall of
the spin score at each threshold) and restoration figures (edit precision and recall
against the original, character error rate before and after restoration, false
edits per 10,000 characters of clean documents).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"-"}
			}
			var recs []spineval.Record
			for _, a := range args {
				r, err := e.openInput(a)
				if err != nil {
					return err
				}
				rs, err := spineval.ReadJSONL(r)
				r.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", a, err)
				}
				recs = append(recs, rs...)
			}
			m, err := e.model()
			if err != nil {
				return err
			}
			opts := []spin.Option{spin.WithThreshold(threshold)}
			if len(params) > 0 {
				p := spin.DefaultParams()
				for _, kv := range params {
					k, v, ok := strings.Cut(kv, "=")
					if !ok {
						return fmt.Errorf("--param %q: want Name=value", kv)
					}
					if err := p.Set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
						return err
					}
				}
				opts = append(opts, spin.WithParams(p))
			}
			if lexicon != "" {
				f, err := os.Open(lexicon)
				if err != nil {
					return err
				}
				l, err := spin.ParseLexicon(f)
				f.Close()
				if err != nil {
					return err
				}
				opts = append(opts, spin.WithLexicon(l))
			}
			if synonyms != "" {
				f, err := os.Open(synonyms)
				if err != nil {
					return err
				}
				s, err := spin.ParseSynonyms(f)
				f.Close()
				if err != nil {
					return err
				}
				opts = append(opts, spin.WithSynonyms(s))
			}
			if noSyn {
				opts = append(opts, spin.WithSynonyms(nil))
			}
			if coverage {
				opts = append(opts, spin.WithAllCandidates())
			}
			det, err := spin.New(m, opts...)
			if err != nil {
				return err
			}
			var w io.Writer
			var bw *bufio.Writer
			if dump != "" {
				f, err := os.Create(dump)
				if err != nil {
					return err
				}
				defer f.Close()
				bw = bufio.NewWriter(f)
				w = bw
			}
			// On a terminal, a progress bar counts the records done.
			var progress func(int)
			if isTTY(e.stderr) {
				bar := progressbar.NewOptions(len(recs),
					progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("records"),
					progressbar.OptionShowCount(),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
				defer bar.Finish()
				progress = func(done int) { bar.Set(done) }
			}
			spineval.Evaluate(det, recs, thresholds, w, progress).Write(e.stdout)
			if bw != nil {
				if err := bw.Flush(); err != nil {
					return fmt.Errorf("--dump: %w", err)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&lexicon, "lexicon", "", "spin lexicon TSV to use instead of the embedded one (to measure unseen tables)")
	cmd.Flags().StringVar(&synonyms, "synonyms", "", "synonym groups (Cilin format, one group a line) to use instead of the embedded ones (to measure unseen tables)")
	cmd.Flags().BoolVar(&noSyn, "no-synonyms", false, "do not use the Cilin synonym groups")
	cmd.Flags().BoolVar(&coverage, "coverage", false, "also report how many true substitutions have their original among the candidates")
	cmd.Flags().Float64Var(&threshold, "threshold", spin.DefaultThreshold, "edit confidence at or above which a spun word is reverted")
	cmd.Flags().StringVar(&dump, "dump", "", "write every edit, with whether it restores the original, to this JSONL file")
	cmd.Flags().StringArrayVar(&params, "param", nil, "set a constant of the spin decision model, Name=value (repeatable; for calibration, see spin.Params)")
	cmd.Flags().Float64SliceVar(&thresholds, "flag", []float64{0.3, 0.6}, "spin-score thresholds to report detection at (suspicious, spam)")
	return cmd
}
