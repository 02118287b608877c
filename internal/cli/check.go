package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/spin"
)

func init() {
	register(newCheckCmd)
	register(newCleanCmd)
}

// checkFlags are the flags check and clean share.
type checkFlags struct {
	config     string
	disable    []string
	spam       float64
	suspicious float64
	lexicon    string // learned spin lexicon on top of the built-in one
	spin       bool   // run the spin detector (implied by lexicon)
}

func (f *checkFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.config, "config", "", "JSON configuration file over the defaults (see docs/config.md)")
	cmd.Flags().StringSliceVar(&f.disable, "disable", nil, "detectors to switch off: boilerplate, punct, stuffing, quality")
	cmd.Flags().Float64Var(&f.spam, "spam-threshold", -1, "spam_score at or above which a document is spam (default from config: 0.6)")
	cmd.Flags().Float64Var(&f.suspicious, "suspicious-threshold", -1, "spam_score at or above which a document is suspicious (default from config: 0.3)")
	cmd.Flags().StringVar(&f.lexicon, "lexicon", "", "spin lexicon TSV (e.g. from winnow learn) loaded on top of the built-in one; runs the spin detector")
}

// analyzer builds the analyzer from the flags and the shared model.
func (f *checkFlags) analyzer(e *env) (*winnow.Analyzer, error) {
	cfg := winnow.DefaultConfig()
	if f.config != "" {
		var err error
		if cfg, err = winnow.LoadConfig(f.config); err != nil {
			return nil, err
		}
	}
	if f.spam >= 0 {
		cfg.Verdict.Spam = f.spam
	}
	if f.suspicious >= 0 {
		cfg.Verdict.Suspicious = f.suspicious
	}
	m, err := e.model()
	if err != nil {
		return nil, err
	}
	opts := []winnow.Option{winnow.WithConfig(cfg), winnow.WithModel(m), winnow.WithDisabled(f.disable...), winnow.WithLogger(e.log)}
	if f.spin || f.lexicon != "" {
		var sopts []spin.Option
		if f.lexicon != "" {
			l, err := loadLexicon(f.lexicon)
			if err != nil {
				return nil, err
			}
			sopts = append(sopts, spin.WithExtraLexicon(l))
		}
		d, err := spin.New(m, sopts...)
		if err != nil {
			return nil, err
		}
		opts = append(opts, winnow.WithDetector(d))
	}
	return winnow.New(opts...)
}

func newCheckCmd(e *env) *cobra.Command {
	var (
		f       checkFlags
		asJSON  bool
		color   string
		compact bool
	)
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Report how a document was manipulated and restore it",
		Long: `check reads one document (FILE, or - for standard input), text or an HTML
page (sniffed; any charset, GBK and Big5 included), and reports
the verdict and its reasons, every line's label, and every edit that undoes
template boilerplate, keyword stuffing and punctuation noise, with evidence.
On a terminal the text is shown with removed parts red and struck through
and replacements green. --json prints one JSON object (docs/report.md).`,
		Example: `  winnow check examples/seed-openai-48h.txt
  winnow check --json page.txt | jq .verdict
  cat page.txt | winnow check -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			useColor, err := colorMode(color, e)
			if err != nil {
				return err
			}
			r, in, err := f.checkFile(cmd.Context(), e, args[0])
			if err != nil {
				return err
			}
			w := bufio.NewWriter(e.stdout)
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				if !compact {
					enc.SetIndent("", "  ")
				}
				if err := enc.Encode(r); err != nil {
					return err
				}
			} else if err := r.WriteText(w, in, useColor); err != nil {
				return err
			}
			return w.Flush()
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as one JSON object")
	cmd.Flags().BoolVar(&compact, "compact", false, "with --json: one line, no indentation")
	cmd.Flags().StringVar(&color, "color", "auto", "colour the text report: auto (on a terminal), always, never")
	return cmd
}

func newCleanCmd(e *env) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "clean FILE",
		Short: "Print only the restored article",
		Long: `clean reads one document (FILE, or - for standard input), text or an HTML
page, and prints the article without boilerplate (for a page: its template
blocks), inserted keywords and punctuation noise: one line per kept line.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, _, err := f.checkFile(cmd.Context(), e, args[0])
			if err != nil {
				return err
			}
			out := r.Restored
			if out != "" && !strings.HasSuffix(out, "\n") {
				out += "\n"
			}
			_, err = fmt.Fprint(e.stdout, out)
			return err
		},
	}
	f.add(cmd)
	return cmd
}

func colorMode(mode string, e *env) (bool, error) {
	switch mode {
	case "auto":
		return isTTY(e.stdout), nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, fmt.Errorf("--color %q: want auto, always or never", mode)
}

// checkFile reads one document (a path, or - for standard input) and
// checks it with the analyzer the flags describe.
func (f *checkFlags) checkFile(ctx context.Context, e *env, name string) (*report.Report, []byte, error) {
	a, err := f.analyzer(e)
	if err != nil {
		return nil, nil, err
	}
	in, err := e.readInput(name)
	if err != nil {
		return nil, nil, err
	}
	r, err := a.CheckDocument(ctx, name, in)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, in, nil
}
