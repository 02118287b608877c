// Package corpus runs the one-document check over whole corpora.
//
// It takes inputs (JSONL files, plain or gzip/zstd compressed; folders of
// .txt and .html files; WARC and WARC.gz files; "-" for standard input;
// globs) and a Checker (the winnow Analyzer, or anything that turns one
// document into a report.Report), and gives an output file (JSONL, plain
// or compressed, or Parquet) with one record per input record, an errors
// file with one {"id","error"} record per record that could not be read or
// checked, optionally a rejects file, a Summary whose counts add up
// (in = out + dropped + errors), and Stats (label counts, a spam-score
// histogram, top stuffed keywords, spin pairs, boilerplate line types)
// that WriteStats and WriteHTML render.
//
// Work is streamed: one goroutine reads records, Options.Workers
// goroutines check them, one goroutine writes them, and a bounded window
// of records in flight keeps memory flat whatever the input size. Output
// keeps input order unless Options.Unordered.
//
// Every input is written to its own part file beside the output, renamed
// into place when the input is complete and noted in a manifest; the parts
// are joined into the output at the end. A run that is killed can be
// resumed (Options.Resume): complete inputs are skipped, incomplete ones
// are done again, so no record is lost or written twice.
//
// Corpus never analyses text itself: every document goes through the
// Checker, once.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/winnow-project/winnow/report"
)

// Checker checks one document. It must be safe for concurrent use.
type Checker interface {
	Check(ctx context.Context, id string, text []byte) (*report.Report, error)
}

// CheckerFunc adapts a function to Checker.
type CheckerFunc func(ctx context.Context, id string, text []byte) (*report.Report, error)

// Check calls f.
func (f CheckerFunc) Check(ctx context.Context, id string, text []byte) (*report.Report, error) {
	return f(ctx, id, text)
}

// Options configure Run. Zero values are the documented defaults.
type Options struct {
	// Inputs are file names, directories, globs or "-" (Stdin).
	Inputs []string
	Stdin  io.Reader
	// Output is the output file; its extension picks the format (.jsonl,
	// .jsonl.gz, .jsonl.zst, .parquet). "-" writes JSONL to Stdout as
	// the records are done, in input order (completion order with
	// Unordered).
	Output string
	Stdout io.Writer
	// Errors is the errors file (default: beside the output,
	// NAME.errors.jsonl). Rejects, when set, receives the dropped records.
	Errors, Rejects string
	// TextField and IDField name the JSONL fields (default "text", "id").
	TextField, IDField string
	// Fields are the report fields added to each output record (default
	// DefaultFields; "all" for every field).
	Fields []string
	// Drop keeps only the documents the verdict keeps.
	Drop bool
	// Workers is the number of documents checked at once (default: the
	// number of CPUs).
	Workers int
	// Unordered lets records be written as soon as they are checked.
	Unordered bool
	// Resume skips inputs that a previous run of the same command
	// completed.
	Resume bool
	// Signals are the signal names that get a score column in Parquet
	// output (default DefaultSignals).
	Signals []string
	// Log receives progress notes and warnings (default slog.Default()).
	Log *slog.Logger
	// Progress, when set, is called from one goroutine after each record
	// is written.
	Progress func(Progress)
}

// DefaultFields are the report fields added to JSONL records by default.
var DefaultFields = []string{"title", "meta", "verdict", "restored", "edits", "signals"}

// AllFields are every report field that --fields may name.
var AllFields = []string{"version", "title", "meta", "verdict", "restored", "lines", "edits", "signals", "stats"}

// DefaultSignals are the signals that get a Parquet score column.
var DefaultSignals = []string{"boilerplate", "punct", "quality", "spin", "stuffing"}

// Progress is the state of a run, for progress bars.
type Progress struct {
	Docs       int64 // records written (any destination)
	Bytes      int64 // input bytes read
	TotalBytes int64 // size of all inputs, -1 when unknown (stdin)
	Elapsed    time.Duration
}

// Summary is the outcome of a run. In = Out + Dropped + Errors when
// nothing was lost.
type Summary struct {
	In, Out, Dropped, Errors int64
	// Ignored counts WARC records that are not text documents (requests,
	// metadata, images); they are not input records.
	Ignored int64
	// Inputs is the number of inputs, SkippedInputs those a resumed run
	// found complete (their counts are included above).
	Inputs, SkippedInputs int
	Bytes                 int64 // input bytes read in this run
	Elapsed               time.Duration
	Output, ErrorsFile    string
	RejectsFile           string
	Stats                 *Stats
}

// Balanced reports whether every input record is accounted for.
func (s *Summary) Balanced() bool { return s.In == s.Out+s.Dropped+s.Errors }

// String is the closing line of a run.
func (s *Summary) String() string {
	ok := "ok"
	if !s.Balanced() {
		ok = "COUNTS DO NOT ADD UP"
	}
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.In) / s.Elapsed.Seconds()
	}
	return fmt.Sprintf("in %d = out %d + dropped %d + errors %d (%s); %d input(s), %d skipped as complete; %.1f MB in %v (%.0f docs/s)",
		s.In, s.Out, s.Dropped, s.Errors, ok, s.Inputs, s.SkippedInputs,
		float64(s.Bytes)/1e6, s.Elapsed.Round(time.Millisecond), rate)
}

// ErrUnbalanced is returned (wrapped) by Run when the counts do not add up.
var ErrUnbalanced = errors.New("corpus: record counts do not add up")

func (o *Options) defaults() error {
	if len(o.Inputs) == 0 {
		return errors.New("corpus: no inputs")
	}
	if o.Output == "" {
		return errors.New("corpus: no output")
	}
	if o.TextField == "" {
		o.TextField = "text"
	}
	if o.IDField == "" {
		o.IDField = "id"
	}
	if len(o.Fields) == 0 {
		o.Fields = DefaultFields
	}
	if len(o.Fields) == 1 && o.Fields[0] == "all" {
		o.Fields = AllFields
	}
	for _, f := range o.Fields {
		if !contains(AllFields, f) {
			return fmt.Errorf("corpus: unknown report field %q (known: %v)", f, AllFields)
		}
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if len(o.Signals) == 0 {
		o.Signals = DefaultSignals
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Output == "-" && o.Resume {
		return errors.New("corpus: --resume needs an output file, not stdout")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
