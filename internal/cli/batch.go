package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/corpus"
)

func init() { register(newBatchCmd) }

func newBatchCmd(e *env) *cobra.Command {
	var (
		f                 checkFlags
		o                 corpus.Options
		reportPath, stats string
		quiet             bool
	)
	cmd := &cobra.Command{
		Use:   "batch INPUT... -o OUTPUT",
		Short: "Check a corpus: JSONL, folders of .txt/.html, WARC; on all cores, nothing lost",
		Long: `batch checks every document of its inputs and writes one record per input
record: JSONL (each input record with the report's fields added; .gz or .zst
by extension) or Parquet (-o x.parquet: id, source, url, label, spam_score,
keep, restored, title, text — the text extracted from an HTML page, null
for text inputs — and one score column per signal).

Inputs are JSONL files (.jsonl, .jsonl.gz, .jsonl.zst; --text-field and
--id-field name the fields, ids default to FILE:LINE), folders of .txt and
.html files, WARC and WARC.gz files (text and HTML response records; HTTP
headers stripped, their charset used), globs, and - for standard input.

Every input record ends up in exactly one place: the output, the rejects
(--drop) or the errors file ({"id","error"}; default beside the output).
The closing summary shows in = out + dropped + errors; the exit code is 3
when the counts do not add up. Each input is written to a part file and
noted in OUTPUT.manifest.json when complete, so --resume after a crash or
kill skips complete inputs and redoes the rest.`,
		Example: `  winnow batch crawl/*.jsonl.zst -o checked.jsonl.zst
  winnow batch pages/ -o pages.parquet --report report.html --stats stats.json
  winnow batch cc.warc.gz -o kept.jsonl --drop --rejects spam.jsonl -j 2
  winnow batch big.jsonl -o out.jsonl --resume`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Output == "" {
				return errors.New("-o OUTPUT is required (- for standard output)")
			}
			a, err := f.analyzer(e)
			if err != nil {
				return err
			}
			o.Inputs, o.Stdin, o.Stdout, o.Log = args, e.stdin, e.stdout, e.log
			var bar *progressbar.ProgressBar
			if !quiet && isTTY(e.stderr) {
				bar = newBar(e)
				o.Progress = func(p corpus.Progress) {
					if p.TotalBytes > 0 {
						bar.ChangeMax64(p.TotalBytes)
					}
					bar.Describe(fmt.Sprintf("%d docs, %.0f docs/s", p.Docs, float64(p.Docs)/max(p.Elapsed.Seconds(), 1e-3)))
					bar.Set64(p.Bytes)
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			sum, err := corpus.Run(ctx, corpus.CheckerFunc(a.CheckDocument), o)
			if bar != nil {
				bar.Finish()
				fmt.Fprintln(e.stderr)
			}
			if sum != nil && (err == nil || errors.Is(err, corpus.ErrUnbalanced)) {
				if werr := writeRunFiles(sum, reportPath, stats); werr != nil {
					return werr
				}
				fmt.Fprintln(e.stderr, "winnow batch:", sum)
			}
			if errors.Is(err, corpus.ErrUnbalanced) {
				return &exitError{code: 3, err: err}
			}
			if errors.Is(err, context.Canceled) {
				return fmt.Errorf("interrupted; run again with --resume to continue: %w", err)
			}
			return err
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&o.Output, "output", "o", "", "output file: .jsonl, .jsonl.gz, .jsonl.zst or .parquet; - for standard output (JSONL, written as records are done, in input order)")
	fl.StringVar(&o.TextField, "text-field", "text", "JSONL field holding the document")
	fl.StringVar(&o.IDField, "id-field", "id", "JSONL field holding the id (FILE:LINE when absent)")
	fl.StringSliceVar(&o.Fields, "fields", corpus.DefaultFields, "report fields added to JSONL records, or all: "+fmt.Sprint(corpus.AllFields))
	fl.BoolVar(&o.Drop, "drop", false, "write only the documents the verdict keeps")
	fl.StringVar(&o.Rejects, "rejects", "", "file for the documents --drop leaves out")
	fl.StringVar(&o.Errors, "errors", "", "file for records that could not be read or checked (default OUTPUT-without-extension.errors.jsonl)")
	fl.IntVarP(&o.Workers, "jobs", "j", 0, "documents checked at once (default: all cores)")
	fl.BoolVar(&o.Unordered, "unordered", false, "write records as they are done, not in input order")
	fl.BoolVar(&o.Resume, "resume", false, "skip the inputs a previous run of the same command completed")
	fl.StringSliceVar(&o.Signals, "signals", corpus.DefaultSignals, "signals that get a score column in Parquet output")
	fl.StringVar(&reportPath, "report", "", "write a self-contained HTML report with charts")
	fl.StringVar(&stats, "stats", "", "write the run's numbers as JSON")
	fl.BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func newBar(e *env) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)
}

func writeRunFiles(sum *corpus.Summary, reportPath, stats string) error {
	if reportPath != "" {
		if err := corpus.WriteFileAtomic(reportPath, func(fh *os.File) error { return sum.WriteHTML(fh) }); err != nil {
			return err
		}
	}
	if stats == "" {
		return nil
	}
	return corpus.WriteFileAtomic(stats, func(fh *os.File) error { return sum.WriteStats(fh) })
}
