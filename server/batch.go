package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/winnow-project/winnow/corpus"
)

// batchJob is one input line of /v1/batch: its output line is ready when
// done is closed.
type batchJob struct {
	out    []byte
	failed bool // out is an error line
	done   chan struct{}
}

// batchTypes are the content types /v1/batch takes.
var batchTypes = map[string]bool{
	"": true, "application/x-ndjson": true, "application/jsonl": true, "application/x-jsonlines": true,
	"application/jsonlines": true, "application/json-lines": true, "application/json": true, "text/plain": true,
}

// handleBatch streams JSON Lines: one output line per non-blank input
// line, in input order. Up to Options.Concurrency lines of one request
// are analysed at once (sharing the server-wide analysis slots); lines
// are read while earlier results are written.
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		s.writeError(w, errorf(http.StatusServiceUnavailable, codeShuttingDown, "the server is shutting down"))
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !batchTypes[mt] {
			s.writeError(w, errorf(http.StatusUnsupportedMediaType, codeUnsupportedMedia,
				fmt.Sprintf("Content-Type %q: send JSON Lines (application/x-ndjson)", ct)))
			return
		}
	}
	if r.ContentLength > s.opt.MaxBatchBytes {
		s.metrics.rejected.WithLabelValues(reasonTooLarge).Inc()
		s.writeError(w, tooLarge(s.opt.MaxBatchBytes))
		return
	}
	if !s.tryAdmit() {
		s.metrics.rejected.WithLabelValues(reasonOverloaded).Inc()
		s.writeError(w, errorf(http.StatusServiceUnavailable, codeOverloaded, "too many requests in progress; retry later"))
		return
	}
	defer s.release()

	rc := http.NewResponseController(w)
	// Read lines while writing results (HTTP/1.1 otherwise stops reading
	// the body at the first write). Not supported means HTTP/2, which is
	// full duplex anyway.
	_ = rc.EnableFullDuplex()
	// Not http.MaxBytesReader: past its cap it calls into the response
	// from this reading goroutine while the handler writes. A batch
	// answer closes its connection instead, so a body left unread at the
	// cap is never taken for the next request.
	body := &capReader{r: r.Body, left: s.opt.MaxBatchBytes, limit: s.opt.MaxBatchBytes}
	w.Header().Set("Connection", "close")
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	jobs := make(chan *batchJob, s.opt.Concurrency)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		s.readBatch(ctx, rc, body, jobs)
	}()
	defer func() {
		// The body must not be read after the handler returns: wait for
		// the reader. It is done, or the connection is broken, or its read
		// ends within ReadTimeout. Then clear the per-line deadlines, which
		// would otherwise outlive this request on a kept-alive connection.
		cancel()
		for range jobs {
		}
		<-readerDone
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
	}()

	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	var lines, failed int
	for j := range jobs {
		select {
		case <-j.done:
		case <-ctx.Done():
			return
		}
		_ = rc.SetWriteDeadline(time.Now().Add(s.opt.WriteTimeout))
		if _, err := w.Write(j.out); err != nil {
			s.opt.Log.Warn("batch: client gone", "lines", lines, "err", err)
			return
		}
		lines++
		if j.failed {
			failed++
		}
		if len(jobs) == 0 {
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
	s.opt.Log.Debug("batch done", "lines", lines, "errors", failed)
}

// readBatch reads the body line by line and sends one job per non-blank
// line, starting its analysis. It closes jobs at the end of the body, at
// a read error (sent as a last error line) or when ctx ends.
func (s *Server) readBatch(ctx context.Context, rc *http.ResponseController, body io.Reader, jobs chan<- *batchJob) {
	defer close(jobs)
	br := bufio.NewReaderSize(body, 64<<10)
	send := func(j *batchJob) bool {
		select {
		case jobs <- j:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for n := 1; ; n++ {
		_ = rc.SetReadDeadline(time.Now().Add(s.opt.ReadTimeout))
		line, tooLong, err := readLine(br, s.opt.MaxBodyBytes)
		id := strconv.Itoa(n)
		if err != nil && !errors.Is(err, io.EOF) {
			msg := "reading the body: " + err.Error()
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.metrics.rejected.WithLabelValues(reasonTooLarge).Inc()
				msg = fmt.Sprintf("body larger than %d bytes; stopped before line %d", s.opt.MaxBatchBytes, n)
			} else if isTimeout(err) && ctx.Err() == nil {
				msg = fmt.Sprintf("reading line %d timed out", n)
			}
			if ctx.Err() == nil {
				send(errorJob(id, msg))
			}
			return
		}
		switch {
		case tooLong:
			s.metrics.rejected.WithLabelValues(reasonTooLarge).Inc()
			s.metrics.documents.WithLabelValues("error").Inc()
			if !send(errorJob(id, fmt.Sprintf("line longer than %d bytes", s.opt.MaxBodyBytes))) {
				return
			}
		case len(bytes.TrimSpace(line)) > 0:
			if !send(s.startLine(ctx, id, line)) {
				return
			}
		}
		if err != nil { // io.EOF
			return
		}
	}
}

// startLine decodes one line and starts its analysis.
func (s *Server) startLine(ctx context.Context, id string, line []byte) *batchJob {
	doc, err := decodeBatchLine(line)
	if doc.id == "" {
		doc.id = id
	}
	if err != nil {
		s.metrics.documents.WithLabelValues("error").Inc()
		return errorJob(doc.id, err.Error())
	}
	j := &batchJob{done: make(chan struct{})}
	go func() {
		defer close(j.done)
		rep, err := s.analyze(ctx, doc)
		if err == nil {
			if j.out, err = marshalReport(rep); err == nil {
				return
			}
		}
		j.out, j.failed = errorLine(doc.id, s.analysisError(err).msg), true
	}()
	return j
}

// decodeBatchLine reads {"id","text"} or {"id","html"} with the corpus
// package's JSONL decoding (ids may be strings or numbers; GB18030 lines
// are converted).
func decodeBatchLine(line []byte) (input, error) {
	rec, err := corpus.DecodeLine(line, "text", "id")
	if err == nil {
		return input{id: rec.ID, data: rec.Text, ctype: typeText}, nil
	}
	if hrec, herr := corpus.DecodeLine(line, "html", "id"); herr == nil {
		return input{id: hrec.ID, data: hrec.Text, ctype: typeHTML}, nil
	}
	return input{id: rec.ID}, err
}

func errorJob(id, msg string) *batchJob {
	j := &batchJob{out: errorLine(id, msg), failed: true, done: make(chan struct{})}
	close(j.done)
	return j
}

// errorLine is the {"id","error"} output line of a line that could not be
// read or checked.
func errorLine(id, msg string) []byte {
	b, err := json.Marshal(struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	}{id, msg})
	if err != nil {
		b = []byte(`{"id":"","error":"internal error"}`)
	}
	return append(b, '\n')
}

// capReader reads at most limit bytes and fails with
// *http.MaxBytesError when there are more.
type capReader struct {
	r           io.Reader
	left, limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if int64(n) > c.left {
		n, c.left = int(c.left), 0
		return n, &http.MaxBytesError{Limit: c.limit}
	}
	c.left -= int64(n)
	return n, err
}

// readLine reads one line without its line break. A line longer than max
// is read to its end and dropped (tooLong). err is io.EOF after the last
// line.
func readLine(r *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, e := r.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(chunk)) > max+2 { // +2: the line break
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(e, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if !tooLong && int64(len(line)) > max {
			tooLong, line = true, nil
		}
		return line, tooLong, e
	}
}
