// Command winnow-beam checks a corpus with winnow on an Apache Beam
// runner: Prism in this process by default, or Flink, Spark, Dataflow or
// any portable job service with --runner and the runner's flags.
//
//	winnow-beam --output OUT [flags] INPUT...
//
// INPUTs are JSONL files (plain, .gz, .zst) and WARC files (plain, .gz),
// or globs, local or on a Beam file system (gs://). OUT receives
// reports-*.jsonl, kept-*.jsonl, errors-*.jsonl and stats.json; see the
// pipeline package. The exit code is 3 when the counts do not add up.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/beam/pipeline"
	"github.com/winnow-project/winnow/corpus"
)

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func main() {
	var (
		inputs, fields, disable listFlag
		o                       pipeline.Options
		config                  string
		spam, suspicious        float64
	)
	flag.Var(&inputs, "input", "input files or globs, comma-separated or repeated (or give them as arguments)")
	flag.StringVar(&o.Output, "output", "", "output folder (local or gs://...): reports-*, kept-*, errors-*.jsonl and stats.json")
	flag.StringVar(&o.TextField, "text_field", "text", "JSONL field holding the document")
	flag.StringVar(&o.IDField, "id_field", "id", "JSONL field holding the id (FILE:LINE when absent)")
	flag.Var(&fields, "fields", "report fields added to records, comma-separated, or all (default "+strings.Join(corpus.DefaultFields, ",")+")")
	flag.StringVar(&config, "config", "", "JSON configuration file over the defaults (docs/config.md)")
	flag.Var(&disable, "disable", "detectors to switch off: boilerplate, punct, stuffing, quality")
	flag.Float64Var(&spam, "spam_threshold", -1, "spam_score at or above which a document is spam (default from config)")
	flag.Float64Var(&suspicious, "suspicious_threshold", -1, "spam_score at or above which a document is suspicious (default from config)")
	flag.Int64Var(&o.ShardBytes, "shard_bytes", pipeline.DefaultShardBytes, "size at which an output file is closed and the next begun")
	flag.IntVar(&o.Workers, "check_workers", 0, "documents one worker checks at once (default: its number of CPUs)")
	flag.Parse()
	// On a distributed runner this binary is also the worker: Init runs
	// the worker harness there and does not return.
	beam.Init()

	if err := run(context.Background(), o, append(inputs, flag.Args()...), fields, disable, config, spam, suspicious); err != nil {
		fmt.Fprintln(os.Stderr, "winnow-beam:", err)
		if errors.Is(err, corpus.ErrUnbalanced) {
			os.Exit(3)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, o pipeline.Options, inputs, fields, disable []string, config string, spam, suspicious float64) error {
	if o.Output == "" {
		return errors.New("--output is required")
	}
	if len(inputs) == 0 {
		return errors.New("no inputs (--input or arguments)")
	}
	cfg := winnow.DefaultConfig()
	if config != "" {
		var err error
		if cfg, err = winnow.LoadConfig(config); err != nil {
			return err
		}
	}
	if spam >= 0 {
		cfg.Verdict.Spam = spam
	}
	if suspicious >= 0 {
		cfg.Verdict.Suspicious = suspicious
	}
	cfg.Disabled = append(cfg.Disabled, disable...)
	o.Inputs, o.Fields, o.Config = inputs, fields, &cfg

	p, s := beam.NewPipelineWithRoot()
	if err := pipeline.Build(ctx, s, o); err != nil {
		return err
	}
	start := time.Now()
	if err := beamx.Run(ctx, p); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	st, err := pipeline.ReadStats(ctx, o.Output)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "winnow-beam: in %d = reports %d + errors %d (%s); kept %d; %.1fs (%.0f docs/s); %s\n",
		st.In, st.Out, st.Errors, map[bool]string{true: "ok", false: "COUNTS DO NOT ADD UP"}[st.Balanced],
		st.Kept, secs, float64(st.In)/max(secs, 1e-3), o.Output)
	if !st.Balanced {
		return fmt.Errorf("%w: see %s/%s", corpus.ErrUnbalanced, o.Output, pipeline.StatsFile)
	}
	return nil
}
