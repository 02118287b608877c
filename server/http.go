package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error codes of the {"error","code"} body.
const (
	codeBadRequest       = "bad_request"
	codeTooLarge         = "too_large"
	codeUnsupportedMedia = "unsupported_media_type"
	codeMethodNotAllowed = "method_not_allowed"
	codeNotFound         = "not_found"
	codeOverloaded       = "overloaded"
	codeShuttingDown     = "shutting_down"
	codeDeadline         = "deadline_exceeded"
	codeCanceled         = "canceled"
	codeNotUTF8          = "not_utf8"
	codeInternal         = "internal"
)

// Reasons of winnow_rejected_total.
const (
	reasonOverloaded = "overloaded"
	reasonTooLarge   = "too_large"
	reasonDeadline   = "deadline"
)

// apiError is an error with its HTTP status and code.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, code, msg string) *apiError {
	return &apiError{status: status, code: code, msg: msg}
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// writeError writes e as JSON. 503 responses carry Retry-After.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	if e.status == http.StatusServiceUnavailable || e.status == http.StatusTooManyRequests {
		h.Set("Retry-After", strconv.Itoa(int((s.opt.RetryAfter+time.Second-1)/time.Second)))
	}
	w.WriteHeader(e.status)
	b, err := json.Marshal(errorBody{Error: e.msg, Code: e.code})
	if err != nil { // cannot happen for two strings; keep the response valid anyway
		b = []byte(`{"error":"internal error","code":"internal"}`)
	}
	w.Write(append(b, '\n'))
}

// route is one path of the API.
type route struct {
	endpoint string // metrics label
	methods  []string
	handler  http.HandlerFunc
}

// routes builds the handler: exact paths, JSON 404 and 405, access log
// and metrics around everything.
func (s *Server) routes() http.Handler {
	get := []string{http.MethodGet, http.MethodHead}
	post := []string{http.MethodPost}
	table := map[string]route{
		"/v1/check":     {"check", post, s.handleCheck},
		"/v1/batch":     {"batch", post, s.handleBatch},
		"/healthz":      {"healthz", get, s.handleHealth},
		"/metrics":      {"metrics", get, s.handleMetrics()},
		"/openapi.json": {"openapi", get, s.handleOpenAPI},
		"/":             {"page", get, s.handlePage},
	}
	assets := s.handleAssets()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt, ok := table[r.URL.Path]
		if !ok && strings.HasPrefix(r.URL.Path, assetPrefix) {
			rt, ok = route{"assets", get, assets}, true
		}
		if !ok {
			rt = route{endpoint: "other", handler: func(w http.ResponseWriter, r *http.Request) {
				s.writeError(w, errorf(http.StatusNotFound, codeNotFound, "no such path: "+r.URL.Path))
			}}
		} else if !slices.Contains(rt.methods, r.Method) {
			allowed := strings.Join(rt.methods, ", ")
			rt.handler = func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Allow", allowed)
				s.writeError(w, errorf(http.StatusMethodNotAllowed, codeMethodNotAllowed, r.Method+" "+r.URL.Path+": allowed: "+allowed))
			}
		}
		s.observe(rt, w, r)
	})
}

// observe runs a route's handler with the access log and the metrics.
func (s *Server) observe(rt route, w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.metrics.inFlight.Inc()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		s.metrics.inFlight.Dec()
		code := rec.code
		if code == 0 {
			code = http.StatusOK
		}
		d := time.Since(start)
		c := strconv.Itoa(code)
		s.metrics.requests.WithLabelValues(rt.endpoint, c).Inc()
		s.metrics.latency.WithLabelValues(rt.endpoint, c).Observe(d.Seconds())
		lvl := slog.LevelInfo
		if code >= 500 && r.Context().Err() == nil {
			lvl = slog.LevelWarn
		}
		s.opt.Log.LogAttrs(r.Context(), lvl, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", code),
			slog.Int64("bytes_in", r.ContentLength),
			slog.Int64("bytes_out", rec.bytes),
			slog.Duration("duration", d),
			slog.String("remote", remoteHost(r.RemoteAddr)),
		)
	}()
	rt.handler(rec, r)
}

func remoteHost(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// recorder notes the status code and size of a response. It passes
// Flush through and unwraps for http.ResponseController.
type recorder struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// unwrap returns the server's own ResponseWriter under the recorder, for
// http.MaxBytesReader: past its limit it tells the server to close the
// connection after the response rather than read the rest of the body.
func unwrap(w http.ResponseWriter) http.ResponseWriter {
	if r, ok := w.(*recorder); ok {
		return r.ResponseWriter
	}
	return w
}

// isTimeout reports whether err is a network timeout (a read deadline).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
