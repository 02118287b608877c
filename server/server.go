// Package server serves winnow over HTTP.
//
// It takes a Checker (a *winnow.Analyzer, shared by every request) and
// Options (limits and timeouts) and gives an http.Handler and a server
// that shuts down gracefully:
//
//	POST /v1/check    one document → its report.Report as JSON. The body is
//	                  JSON {"text"} or {"html"} (optionally "id"), or the raw
//	                  document with Content-Type text/plain or text/html.
//	POST /v1/batch    JSON Lines in ({"id","text"} or {"id","html"} per
//	                  line) → JSON Lines out, streamed in input order: one
//	                  report per input line, or {"id","error"} for a line
//	                  that could not be read or checked.
//	GET  /healthz     liveness ({"status":"ok"}; 503 while shutting down).
//	GET  /metrics     Prometheus metrics: requests and latency by endpoint
//	                  and status code, documents by verdict label, requests
//	                  and analyses in flight, rejections.
//	GET  /openapi.json the OpenAPI 3.1 document of this API (embedded).
//	GET  /            a web page: paste or upload a document, see every
//	                  edit marked and the restored article.
//
// Limits: a body size cap (413), read and write timeouts, a deadline per
// analysis (504), a bound on the analyses running and waiting (503 with
// Retry-After when saturated). Every error is JSON {"error","code"}.
// Requests are logged with log/slog.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/winnow-project/winnow/report"
)

// Checker analyses one document. *winnow.Analyzer is one; it must be safe
// for concurrent use.
type Checker interface {
	CheckDocument(ctx context.Context, id string, input []byte) (*report.Report, error)
}

// PageChecker is a Checker that also takes the input's Content-Type and
// reads HTML pages as such, extracting the article from the markup
// ("" lets it sniff). When the Checker given to New implements it, every
// document goes to CheckPage with the type it came with; otherwise to
// CheckDocument.
type PageChecker interface {
	CheckPage(ctx context.Context, id string, input []byte, contentType string) (*report.Report, error)
}

// Options are the server's limits. Zero values take the defaults.
type Options struct {
	// Addr is the address Run listens on (default 127.0.0.1:8080).
	Addr string
	// MaxBodyBytes caps a /v1/check body and each /v1/batch line
	// (default 5 MB); larger bodies get 413.
	MaxBodyBytes int64
	// MaxBatchBytes caps a whole /v1/batch body (default 256 MB).
	MaxBatchBytes int64
	// ReadTimeout and WriteTimeout bound reading a request and writing its
	// response (default 30 s and 60 s). /v1/batch extends both as each
	// line is read and written, so a long stream is not cut off while it
	// makes progress.
	ReadTimeout, WriteTimeout time.Duration
	// IdleTimeout closes idle keep-alive connections (default 2 min).
	IdleTimeout time.Duration
	// Deadline bounds one document's analysis (default 20 s); past it the
	// request gets 504 (a batch line an error record).
	Deadline time.Duration
	// Concurrency is the number of analyses that run at once (default
	// GOMAXPROCS); Queue the number of requests that may wait for one
	// (default 4×Concurrency). Beyond both, requests get 503 with
	// Retry-After.
	Concurrency, Queue int
	// RetryAfter is the Retry-After sent with 503 (default 1 s).
	RetryAfter time.Duration
	// ShutdownTimeout bounds the wait for requests in flight when Run's
	// context ends (default 30 s).
	ShutdownTimeout time.Duration
	// Log receives access logs and errors (default slog.Default()).
	Log *slog.Logger
	// Registerer receives the metrics and Gatherer serves them at
	// /metrics (default: a new registry with the Go and process
	// collectors).
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer
	// Version is reported by /healthz.
	Version string
}

// Defaults.
const (
	DefaultAddr          = "127.0.0.1:8080"
	DefaultMaxBodyBytes  = 5 << 20
	DefaultMaxBatchBytes = 256 << 20
)

func (o *Options) defaults() {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxBatchBytes <= 0 {
		o.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 30 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 60 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 2 * time.Minute
	}
	if o.Deadline <= 0 {
		o.Deadline = 20 * time.Second
	}
	if o.Concurrency <= 0 {
		o.Concurrency = runtime.GOMAXPROCS(0)
	}
	if o.Queue < 0 {
		o.Queue = 0
	} else if o.Queue == 0 {
		o.Queue = 4 * o.Concurrency
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = time.Second
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Registerer == nil || o.Gatherer == nil {
		reg := prometheus.NewRegistry()
		reg.MustRegister(collectorsGo()...)
		o.Registerer, o.Gatherer = reg, reg
	}
}

// Server is the HTTP service. Create it with New.
type Server struct {
	opt     Options
	checker Checker
	page    PageChecker // nil when the checker takes no content type
	// admit bounds the requests that analyse (running or waiting); work
	// bounds the analyses running.
	admit, work chan struct{}
	metrics     *metrics
	handler     http.Handler
	draining    atomic.Bool
}

// New returns a server for c. It fails when the metrics cannot be
// registered (a name already taken in Options.Registerer).
func New(c Checker, opt Options) (*Server, error) {
	if c == nil {
		return nil, errors.New("server: nil Checker")
	}
	opt.defaults()
	s := &Server{
		opt:     opt,
		checker: c,
		admit:   make(chan struct{}, opt.Concurrency+opt.Queue),
		work:    make(chan struct{}, opt.Concurrency),
	}
	s.page, _ = c.(PageChecker)
	if _, err := OpenAPI(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	m, err := newMetrics(opt.Registerer)
	if err != nil {
		return nil, fmt.Errorf("server: metrics: %w", err)
	}
	s.metrics = m
	s.handler = s.routes()
	return s, nil
}

// Handler returns the server's HTTP handler (for tests and for mounting
// under another server).
func (s *Server) Handler() http.Handler { return s.handler }

// Options returns the options in force, defaults filled in.
func (s *Server) Options() Options { return s.opt }

// Run listens on Options.Addr and serves until ctx ends, then shuts down
// gracefully (see Serve).
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opt.Addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends. It then stops accepting connections,
// lets the requests in flight finish (up to Options.ShutdownTimeout) and
// returns nil, or an error when they could not all finish in time or
// serving failed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: min(s.opt.ReadTimeout, 10*time.Second),
		ReadTimeout:       s.opt.ReadTimeout,
		WriteTimeout:      s.opt.WriteTimeout,
		IdleTimeout:       s.opt.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.opt.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.opt.Log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.opt.Log.Info("shutting down: draining requests in flight", "timeout", s.opt.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.opt.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	s.opt.Log.Info("stopped")
	return nil
}
