package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/server"
)

func init() { register(newServeCmd) }

func newServeCmd(e *env) *cobra.Command {
	var (
		f   checkFlags
		o   server.Options
		mib float64
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API and a web page that shows every edit",
		Long: `serve runs winnow as an HTTP service (default 127.0.0.1:8080):

  POST /v1/check      one document (JSON {"text"} or {"html"}, or a text/plain
                      or text/html body) → its report (docs/report.md)
  POST /v1/batch      JSON Lines in → JSON Lines out, streamed: one report or
                      {"id","error"} per input line
  GET  /healthz       liveness
  GET  /metrics       Prometheus metrics
  GET  /openapi.json  the OpenAPI 3.1 document
  GET  /              a page to paste or upload a document and see every edit

Bodies above --max-body get 413; when --concurrency analyses run and
--queue more wait, further requests get 503 with Retry-After; an analysis
past --deadline gets 504. SIGINT or SIGTERM stops accepting connections
and lets the requests in flight finish (--shutdown-timeout). Errors are
JSON {"error","code"}; requests are logged at --log-level info.`,
		Example: `  winnow serve
  winnow serve --addr 127.0.0.1:9000 --log-level info
  curl -s --data-binary @examples/seed-openai-48h.txt -H 'Content-Type: text/plain' localhost:8080/v1/check | jq .verdict`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if mib <= 0 {
				return errors.New("--max-body must be positive")
			}
			o.MaxBodyBytes = int64(mib * (1 << 20))
			a, err := f.analyzer(e)
			if err != nil {
				return err
			}
			o.Log, o.Version = e.log, versionString()
			s, err := server.New(a, o)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			fmt.Fprintf(e.stderr, "winnow serve: listening on http://%s/ (Ctrl-C to stop)\n", s.Options().Addr)
			return s.Run(ctx)
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.Addr, "addr", server.DefaultAddr, "address to listen on")
	fl.Float64Var(&mib, "max-body", server.DefaultMaxBodyBytes/(1<<20), "largest document body in MiB (and batch line); larger gets 413")
	fl.Int64Var(&o.MaxBatchBytes, "max-batch", server.DefaultMaxBatchBytes, "largest /v1/batch body in bytes")
	fl.DurationVar(&o.ReadTimeout, "read-timeout", 30*time.Second, "time to read a request (a batch: each line)")
	fl.DurationVar(&o.WriteTimeout, "write-timeout", 60*time.Second, "time to write a response (a batch: each line)")
	fl.DurationVar(&o.Deadline, "deadline", 20*time.Second, "deadline of one document's analysis, waiting for a slot included (504 past it)")
	fl.IntVar(&o.Concurrency, "concurrency", 0, "analyses at once (default: GOMAXPROCS)")
	fl.IntVar(&o.Queue, "queue", 0, "requests that may wait for an analysis slot before 503 (default: 4×concurrency)")
	fl.DurationVar(&o.RetryAfter, "retry-after", time.Second, "Retry-After sent with 503")
	fl.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "how long to wait for requests in flight at shutdown")
	return cmd
}
