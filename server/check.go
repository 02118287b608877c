package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/report"
)

// checkRequest is the JSON body of POST /v1/check: exactly one of Text
// and HTML.
type checkRequest struct {
	ID   string  `json:"id"`
	Text *string `json:"text"`
	HTML *string `json:"html"`
}

// input is one document to analyse.
type input struct {
	id   string
	data []byte
	// ctype is the Content-Type passed to a PageChecker: "" to sniff.
	ctype string
}

// Content types of documents whose bytes are UTF-8 for certain.
const (
	typeText = "text/plain; charset=utf-8"
	typeHTML = "text/html; charset=utf-8"
)

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		s.writeError(w, errorf(http.StatusServiceUnavailable, codeShuttingDown, "the server is shutting down"))
		return
	}
	if r.ContentLength > s.opt.MaxBodyBytes {
		s.metrics.rejected.WithLabelValues(reasonTooLarge).Inc()
		s.writeError(w, tooLarge(s.opt.MaxBodyBytes))
		return
	}
	// The body is read before taking a place in the queue, so a slow
	// client holds no place (ReadTimeout bounds its upload).
	doc, aerr := s.readCheckBody(w, r)
	if aerr != nil {
		if aerr.code == codeTooLarge {
			s.metrics.rejected.WithLabelValues(reasonTooLarge).Inc()
		}
		s.writeError(w, aerr)
		return
	}
	if !s.tryAdmit() {
		s.metrics.rejected.WithLabelValues(reasonOverloaded).Inc()
		s.writeError(w, errorf(http.StatusServiceUnavailable, codeOverloaded, "too many requests in progress; retry later"))
		return
	}
	defer s.release()
	rep, err := s.analyze(r.Context(), doc)
	if err != nil {
		s.writeError(w, s.analysisError(err))
		return
	}
	body, err := marshalReport(rep)
	if err != nil {
		s.writeError(w, errorf(http.StatusInternalServerError, codeInternal, err.Error()))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(body)
}

func tooLarge(limit int64) *apiError {
	return errorf(http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("body larger than %d bytes", limit))
}

// readCheckBody reads the document of a /v1/check request by its
// content type.
func (s *Server) readCheckBody(w http.ResponseWriter, r *http.Request) (input, *apiError) {
	doc := input{id: r.URL.Query().Get("id")}
	ct := r.Header.Get("Content-Type")
	mt, params := "", map[string]string{}
	if ct != "" {
		var err error
		if mt, params, err = mime.ParseMediaType(ct); err != nil {
			return doc, errorf(http.StatusUnsupportedMediaType, codeUnsupportedMedia, fmt.Sprintf("Content-Type %q: %v", ct, err))
		}
	}
	switch mt {
	case "application/json", "text/plain", "text/html", "":
	default:
		return doc, errorf(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
			fmt.Sprintf("Content-Type %q: send application/json ({\"text\"} or {\"html\"}), text/plain or text/html", mt))
	}
	body, err := io.ReadAll(http.MaxBytesReader(unwrap(w), r.Body, s.opt.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return doc, tooLarge(s.opt.MaxBodyBytes)
		}
		if isTimeout(err) {
			return doc, errorf(http.StatusRequestTimeout, codeBadRequest, "reading the body timed out")
		}
		return doc, errorf(http.StatusBadRequest, codeBadRequest, "reading the body: "+err.Error())
	}
	if mt == "" { // no type: JSON when it looks like an object, else text
		mt = "text/plain"
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '{' {
			mt = "application/json"
		}
	}
	switch mt {
	case "application/json":
		var req checkRequest
		if err := json.Unmarshal(body, &req); err != nil {
			return doc, errorf(http.StatusBadRequest, codeBadRequest, "invalid JSON: "+err.Error())
		}
		if (req.Text == nil) == (req.HTML == nil) {
			return doc, errorf(http.StatusBadRequest, codeBadRequest, `the JSON object needs exactly one of "text" and "html"`)
		}
		if req.ID != "" {
			doc.id = req.ID
		}
		if req.Text != nil {
			doc.data, doc.ctype = []byte(*req.Text), typeText
		} else {
			doc.data, doc.ctype = []byte(*req.HTML), typeHTML
		}
	case "text/html":
		if s.page != nil { // the page reader finds the charset, the header's first
			doc.data, doc.ctype = body, ct
			break
		}
		fallthrough
	default:
		doc.data = body
		if ct != "" {
			doc.ctype = typeText
			if mt == "text/html" {
				doc.ctype = typeHTML
			} else if params["charset"] == "" {
				// No charset named: the bytes decide (UTF-8, else GB18030
				// or Big5 Chinese text).
				doc.ctype = "text/plain"
			}
		}
		if cs := params["charset"]; cs != "" {
			if doc.data, err = toUTF8(doc.data, cs); err != nil {
				return doc, errorf(http.StatusUnsupportedMediaType, codeUnsupportedMedia, err.Error())
			}
		}
	}
	return doc, nil
}

// toUTF8 decodes data from the named charset (WHATWG names).
func toUTF8(data []byte, charset string) ([]byte, error) {
	enc, err := htmlindex.Get(strings.ToLower(strings.TrimSpace(charset)))
	if err != nil {
		return nil, fmt.Errorf("charset %q: unknown", charset)
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" {
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("charset %q: %w", charset, err)
	}
	return out, nil
}

// tryAdmit takes a place among the requests that analyse, without
// waiting; release gives it back.
func (s *Server) tryAdmit() bool {
	select {
	case s.admit <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s *Server) release() { <-s.admit }

// statusClientClosed is the status recorded for a request whose client
// went away before its answer.
const statusClientClosed = 499

// errDeadline is returned when an analysis outlives Options.Deadline.
var errDeadline = errors.New("analysis deadline exceeded")

// analyze checks one document within Options.Deadline, waiting for a
// free analysis slot first (the wait counts against the deadline). When
// the deadline passes analyze returns at once; the analysis keeps its
// slot until the checker notices the cancelled context and returns, so
// the number of analyses running never exceeds Options.Concurrency.
func (s *Server) analyze(ctx context.Context, doc input) (*report.Report, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, s.opt.Deadline, errDeadline)
	select {
	case s.work <- struct{}{}:
	case <-ctx.Done():
		cancel()
		return nil, s.ctxErr(ctx)
	}
	type result struct {
		rep *report.Report
		err error
	}
	done := make(chan result, 1)
	s.metrics.analyses.Inc()
	go func() {
		var res result
		func() {
			defer func() {
				if p := recover(); p != nil {
					res.err = fmt.Errorf("checker panicked: %v", p)
				}
			}()
			res.rep, res.err = s.check(ctx, doc)
		}()
		if res.err != nil && ctx.Err() != nil { // before cancel, below
			res.err = fmt.Errorf("%w: %w", s.ctxErr(ctx), res.err)
		}
		// Free the slot before the result is seen, so that a client that
		// has its answer never finds the analysis still counted.
		s.metrics.analyses.Dec()
		<-s.work
		done <- res // buffered: never blocks
		cancel()
	}()
	finish := func(res result) (*report.Report, error) {
		s.count(res.rep, res.err)
		return res.rep, res.err
	}
	select {
	case res := <-done:
		return finish(res)
	case <-ctx.Done():
		select {
		case res := <-done: // finished as the context ended
			return finish(res)
		default:
		}
		err := s.ctxErr(ctx)
		s.count(nil, err)
		return nil, err
	}
}

// ctxErr is the cause of ctx's end: errDeadline or the request's own
// cancellation.
func (s *Server) ctxErr(ctx context.Context) error {
	if c := context.Cause(ctx); c != nil {
		return c
	}
	return ctx.Err()
}

func (s *Server) check(ctx context.Context, doc input) (*report.Report, error) {
	s.metrics.bytesIn.Add(float64(len(doc.data)))
	if s.page != nil {
		return s.page.CheckPage(ctx, doc.id, doc.data, doc.ctype)
	}
	return s.checker.CheckDocument(ctx, doc.id, doc.data)
}

// count records a document's outcome in the metrics.
func (s *Server) count(rep *report.Report, err error) {
	if err != nil || rep == nil {
		if errors.Is(err, errDeadline) {
			s.metrics.rejected.WithLabelValues(reasonDeadline).Inc()
		}
		s.metrics.documents.WithLabelValues("error").Inc()
		return
	}
	s.metrics.documents.WithLabelValues(rep.Verdict.Label).Inc()
}

// analysisError maps an analysis error to a response.
func (s *Server) analysisError(err error) *apiError {
	switch {
	case errors.Is(err, errDeadline):
		return errorf(http.StatusGatewayTimeout, codeDeadline, fmt.Sprintf("analysis took longer than %s", s.opt.Deadline))
	case errors.Is(err, context.Canceled):
		// The client went away; nginx's 499 keeps these apart from 5xx in
		// the metrics and the log. Nobody reads the body.
		return errorf(statusClientClosed, codeCanceled, "request canceled by the client")
	case errors.Is(err, winnow.ErrNotUTF8):
		return errorf(http.StatusUnprocessableEntity, codeNotUTF8, err.Error()+"; send UTF-8 or name the charset in Content-Type")
	}
	s.opt.Log.Error("analysis failed", "err", err)
	return errorf(http.StatusInternalServerError, codeInternal, err.Error())
}

// marshalReport is the report as one JSON line.
func marshalReport(r *report.Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode report: %w", err)
	}
	return b.Bytes(), nil
}
