package corpus

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/winnow-project/winnow/report"
)

// Destinations of a record.
const (
	destOut = iota
	destDrop
	destErr
	nDest
)

type job struct {
	seq   int64
	input int
	rec   Record
}

type outcome struct {
	seq   int64
	input int
	dest  int
	value any // what the destination's part writer takes
	rep   *report.Report
	err   error
}

type inputEnd struct {
	input   int
	n       int64 // records read
	ignored int64 // WARC records that are not documents
}

// run is the state of one Run.
type run struct {
	opt      *Options
	checker  Checker
	inputs   []input
	keys     []string
	sinks    [nDest]*sink
	finals   [nDest]string // final file of each destination ("" = none)
	partsDir string
	manPath  string
	man      *manifest
	bytes    atomic.Int64
	start    time.Time
	// stream receives the output records directly when Output is "-".
	stream *bufio.Writer
}

// Run checks every record of opt.Inputs with c and writes the results.
// The error is non-nil when the run could not finish or when the counts
// do not add up (ErrUnbalanced); per-record problems are error records,
// not errors.
func Run(ctx context.Context, c Checker, opt Options) (*Summary, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	inputs, err := expand(opt.Inputs)
	if err != nil {
		return nil, err
	}
	r := &run{opt: &opt, checker: c, inputs: inputs, start: time.Now()}
	if err := r.setup(); err != nil {
		return nil, err
	}
	sum, err := r.process(ctx)
	if err != nil {
		return sum, err
	}
	if err := r.finish(sum); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(r.start)
	if !sum.Balanced() {
		return sum, fmt.Errorf("%w: %s", ErrUnbalanced, sum)
	}
	return sum, nil
}

func (r *run) setup() error {
	o := r.opt
	var err error
	if r.sinks[destOut], err = newSink(o.Output, o); err != nil {
		return err
	}
	base := o.Output
	if o.Output == "-" {
		r.stream = bufio.NewWriterSize(o.Stdout, 64<<10)
		dir, err := os.MkdirTemp("", "winnow-batch-")
		if err != nil {
			return err
		}
		base = filepath.Join(dir, "stdout.jsonl")
		r.partsDir = dir
	} else {
		r.partsDir = o.Output + ".parts"
	}
	r.finals[destOut] = o.Output
	r.manPath = base + ".manifest.json"
	if o.Rejects != "" {
		if r.sinks[destDrop], err = newSink(o.Rejects, o); err != nil {
			return fmt.Errorf("--rejects: %w", err)
		}
		r.finals[destDrop] = o.Rejects
	}
	if o.Errors == "" {
		if o.Output == "-" {
			o.Errors = "winnow-errors.jsonl"
		} else {
			o.Errors = stripExt(o.Output) + ".errors.jsonl"
		}
	}
	if r.sinks[destErr], err = newSink(o.Errors, o); err != nil {
		return fmt.Errorf("--errors: %w", err)
	}
	if r.sinks[destErr].parquet {
		return errors.New("--errors must be a JSONL file")
	}
	r.finals[destErr] = o.Errors
	for _, in := range r.inputs {
		r.keys = append(r.keys, inputKey(in))
	}
	fp := fingerprint(o)
	if o.Resume {
		m, err := readManifest(r.manPath)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return err
		case m.Options != fp:
			return fmt.Errorf("--resume: the options differ from the run in %s (%s vs %s); run without --resume", r.manPath, m.Options, fp)
		case m.Complete:
			return fmt.Errorf("--resume: the run in %s is complete; run without --resume to do it again", r.manPath)
		default:
			r.man = m
		}
	}
	if r.man == nil {
		r.man = &manifest{Version: 1, Options: fp, Inputs: map[string]*inputState{}}
		if o.Output != "-" {
			os.RemoveAll(r.partsDir)
			os.Remove(r.manPath)
		}
	}
	if err := os.MkdirAll(r.partsDir, 0o755); err != nil {
		return err
	}
	// Parts of inputs that were not completed are stale.
	if ents, err := os.ReadDir(r.partsDir); err == nil {
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".tmp") {
				os.Remove(filepath.Join(r.partsDir, e.Name()))
			}
		}
	}
	return nil
}

func stripExt(name string) string {
	name = trimCompression(name)
	if ext := filepath.Ext(name); ext != "" {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

// inputKey identifies an input across runs: its absolute path, size and
// modification time. Standard input has no identity and is never skipped.
func inputKey(in input) string {
	h := sha256.New()
	if in.stdin() {
		fmt.Fprintf(h, "stdin %d %d", os.Getpid(), time.Now().UnixNano())
	} else {
		abs, _ := filepath.Abs(in.name)
		fmt.Fprintf(h, "%s %s\n", in.kind, abs)
		paths := in.files
		if in.kind != kindText {
			paths = []string{in.name}
		}
		for _, p := range paths {
			if st, err := os.Stat(p); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", p, st.Size(), st.ModTime().UnixNano())
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// fingerprint names the options that change what is written; a resumed
// run must use the same.
func fingerprint(o *Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s|%v|%v|%s|%s|%v", o.Output, o.TextField, o.IDField, o.Fields, o.Drop, o.Rejects, o.Errors, o.Signals)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (r *run) partPath(dest int, key string) string {
	name := [nDest]string{"out", "rejects", "errors"}[dest]
	return filepath.Join(r.partsDir, key+"."+name+r.sinks[dest].ext)
}

// inputRun is the writer's state for one input in progress.
type inputRun struct {
	parts   [nDest]partWriter
	written int64
	ended   bool
	end     inputEnd
	state   inputState
}

func (r *run) process(ctx context.Context) (*Summary, error) {
	o := r.opt
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sum := &Summary{Inputs: len(r.inputs), Stats: NewStats()}
	var total int64
	for _, in := range r.inputs {
		if in.size < 0 {
			total = -1
			break
		}
		total += in.size
	}
	skip := make([]bool, len(r.inputs))
	for i, k := range r.keys {
		if st, ok := r.man.Inputs[k]; ok {
			skip[i] = true
			sum.SkippedInputs++
			sum.add(st)
			if total > 0 {
				total -= r.inputs[i].size
			}
		}
	}

	window := o.Workers * 8
	slots := make(chan struct{}, window)
	jobs := make(chan job, o.Workers*2)
	results := make(chan outcome, window)
	ends := make(chan inputEnd, 16)

	// Reader: inputs in order, records in order.
	go func() {
		defer close(ends)
		defer close(jobs)
		var seq int64
		send := func(j job) bool {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for i, in := range r.inputs {
			if skip[i] {
				continue
			}
			var n, ignored int64
			rr, err := open(in, o.Stdin, o, &r.bytes)
			if err != nil {
				if !send(job{seq, i, Record{ID: in.name, Source: in.name, Err: fmt.Errorf("open: %w", err)}}) {
					return
				}
				seq++
				n++
			} else {
				for {
					rec, err := rr.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						rec = Record{ID: fmt.Sprintf("%s:%d", in.name, n+1), Source: in.name, Err: err}
					}
					if !send(job{seq, i, rec}) {
						rr.Close()
						return
					}
					seq++
					n++
					if err != nil {
						break
					}
				}
				if wr, ok := rr.(*warcReader); ok {
					ignored = wr.skipped
				}
				if err := rr.Close(); err != nil {
					o.Log.Debug("close input", "input", in.name, "err", err)
				}
			}
			select {
			case ends <- inputEnd{i, n, ignored}:
			case <-ctx.Done():
				return
			}
		}
	}()

	// Workers.
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out := r.check(ctx, j)
				select {
				case results <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Writer.
	runs := map[int]*inputRun{}
	get := func(i int) *inputRun {
		ir := runs[i]
		if ir == nil {
			ir = &inputRun{state: inputState{Name: r.inputs[i].name, Stats: NewStats()}}
			runs[i] = ir
		}
		return ir
	}
	pending := map[int64]outcome{}
	var next int64
	var docs int64
	write := func(out outcome) error {
		ir := get(out.input)
		if out.dest == destOut && r.stream != nil {
			b, ok := out.value.([]byte)
			if !ok {
				return fmt.Errorf("stdout: unexpected %T", out.value)
			}
			if _, err := r.stream.Write(b); err != nil {
				return fmt.Errorf("write stdout: %w", err)
			}
		} else if ir.parts[out.dest] == nil && r.sinks[out.dest] != nil {
			pw, err := r.sinks[out.dest].create(r.partPath(out.dest, r.keys[out.input]) + ".tmp")
			if err != nil {
				return err
			}
			ir.parts[out.dest] = pw
		}
		if pw := ir.parts[out.dest]; pw != nil {
			if err := pw.write(out.value); err != nil {
				return fmt.Errorf("write %s: %w", r.finals[out.dest], err)
			}
		}
		switch out.dest {
		case destOut:
			ir.state.Out++
		case destDrop:
			ir.state.Dropped++
		case destErr:
			ir.state.Errors++
			ir.state.Stats.Errors++
		}
		if out.rep != nil {
			ir.state.Stats.Add(out.rep)
		}
		ir.written++
		<-slots
		docs++
		if o.Progress != nil {
			o.Progress(Progress{Docs: docs, Bytes: r.bytes.Load(), TotalBytes: total, Elapsed: time.Since(r.start)})
		}
		return r.maybeFinish(out.input, ir, runs, sum)
	}
	resultsOpen, endsOpen := true, true
	for resultsOpen || endsOpen {
		select {
		case <-ctx.Done():
			return sum, ctx.Err()
		case e, ok := <-ends:
			if !ok {
				endsOpen, ends = false, nil
				continue
			}
			ir := get(e.input)
			ir.ended, ir.end = true, e
			if err := r.maybeFinish(e.input, ir, runs, sum); err != nil {
				return sum, err
			}
		case out, ok := <-results:
			if !ok {
				resultsOpen, results = false, nil
				continue
			}
			if o.Unordered {
				if err := write(out); err != nil {
					return sum, err
				}
				continue
			}
			pending[out.seq] = out
			for {
				p, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				if err := write(p); err != nil {
					return sum, err
				}
			}
		}
		if r.stream != nil && len(results) == 0 {
			// Nothing more ready: let the reader downstream have it.
			if err := r.stream.Flush(); err != nil {
				return sum, fmt.Errorf("write stdout: %w", err)
			}
		}
	}
	if len(runs) > 0 {
		return sum, fmt.Errorf("corpus: %d input(s) did not finish", len(runs))
	}
	sum.Bytes = r.bytes.Load()
	return sum, nil
}

// check runs one job through the checker and encodes its outcome.
func (r *run) check(ctx context.Context, j job) outcome {
	out := outcome{seq: j.seq, input: j.input}
	rec := &j.rec
	fail := func(err error) outcome {
		out.dest, out.value, out.err, out.rep = destErr, errorLine(rec, err), err, nil
		return out
	}
	rep, err := Check(ctx, r.checker, rec)
	if err != nil {
		return fail(err)
	}
	out.rep = rep
	out.dest = destOut
	if r.opt.Drop && !rep.Verdict.Keep {
		out.dest = destDrop
	}
	if s := r.sinks[out.dest]; s != nil {
		v, err := s.encode(rec, rep)
		if err != nil {
			return fail(err)
		}
		out.value = v
	}
	// Keep only what Stats.Add reads.
	out.rep = &report.Report{Verdict: rep.Verdict, Edits: rep.Edits, Signals: rep.Signals, Stats: rep.Stats}
	return out
}

// safeCheck turns a panic in the checker into an error record.
func safeCheck(ctx context.Context, c Checker, rec *Record) (rep *report.Report, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, err = nil, fmt.Errorf("checker panicked: %v", p)
		}
	}()
	rep, err = c.Check(ctx, rec.ID, rec.Text)
	if err == nil && rep == nil {
		err = errors.New("checker returned no report")
	}
	return rep, err
}

// maybeFinish completes an input once all its records are written: its
// parts are closed, synced and renamed into place, then the manifest
// notes it.
func (r *run) maybeFinish(i int, ir *inputRun, runs map[int]*inputRun, sum *Summary) error {
	if !ir.ended || ir.written != ir.end.n {
		return nil
	}
	key := r.keys[i]
	for d, pw := range ir.parts {
		if pw == nil {
			continue
		}
		if err := pw.close(); err != nil {
			return fmt.Errorf("close part of %s: %w", r.inputs[i].name, err)
		}
		if err := os.Rename(r.partPath(d, key)+".tmp", r.partPath(d, key)); err != nil {
			return err
		}
		ir.state.Parts = append(ir.state.Parts, filepath.Base(r.partPath(d, key)))
	}
	ir.state.In = ir.end.n
	ir.state.Ignored = ir.end.ignored
	st := ir.state
	sum.add(&st)
	persisted := st
	persisted.Stats = st.Stats.trimmed()
	r.man.Inputs[key] = &persisted
	delete(runs, i)
	if r.opt.Output == "-" {
		return nil
	}
	return r.man.write(r.manPath)
}

func (s *Summary) add(st *inputState) {
	s.In += st.In
	s.Out += st.Out
	s.Dropped += st.Dropped
	s.Errors += st.Errors
	s.Ignored += st.Ignored
	if s.Stats == nil {
		s.Stats = NewStats()
	}
	s.Stats.Merge(st.Stats)
}

// finish joins the parts of every input, in input order, into the final
// files (through a temporary file and a rename), marks the manifest
// complete and removes the parts.
func (r *run) finish(sum *Summary) error {
	for d := 0; d < nDest; d++ {
		if r.sinks[d] == nil {
			continue
		}
		var parts []string
		for _, k := range r.keys {
			p := r.partPath(d, k)
			if _, err := os.Stat(p); err == nil {
				parts = append(parts, p)
			}
		}
		if err := r.writeFinal(d, parts); err != nil {
			return err
		}
	}
	sum.Output, sum.ErrorsFile, sum.RejectsFile = r.finals[destOut], r.finals[destErr], r.finals[destDrop]
	r.man.Complete = true
	if r.opt.Output != "-" {
		if err := r.man.write(r.manPath); err != nil {
			return err
		}
	}
	return os.RemoveAll(r.partsDir)
}

func (r *run) writeFinal(d int, parts []string) error {
	final := r.finals[d]
	if final == "-" {
		if r.stream != nil && d == destOut {
			return r.stream.Flush() // written as the records came
		}
		return r.sinks[d].join(r.opt.Stdout, parts)
	}
	if d == destErr && len(parts) == 0 {
		os.Remove(final) // no errors: no errors file (and none stale)
		return nil
	}
	if len(parts) == 0 && r.sinks[d].parquet {
		// An empty Parquet file still needs its schema.
		return WriteFileAtomic(final, func(f *os.File) error { return r.sinks[d].join(f, nil) })
	}
	if len(parts) == 1 {
		return os.Rename(parts[0], final)
	}
	return WriteFileAtomic(final, func(f *os.File) error { return r.sinks[d].join(f, parts) })
}

// WriteFileAtomic writes path through a temporary file in the same
// folder, synced and renamed into place: a reader sees the old file or
// the whole new one.
func WriteFileAtomic(path string, fill func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = fill(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// manifest records the inputs a run has completed, beside the output.
type manifest struct {
	Version  int                    `json:"version"`
	Options  string                 `json:"options"`
	Complete bool                   `json:"complete"`
	Inputs   map[string]*inputState `json:"inputs"`
}

// inputState is one completed input: its counts, stats and parts.
type inputState struct {
	Name    string   `json:"name"`
	In      int64    `json:"in"`
	Out     int64    `json:"out"`
	Dropped int64    `json:"dropped"`
	Errors  int64    `json:"errors"`
	Ignored int64    `json:"ignored,omitempty"`
	Parts   []string `json:"parts"`
	Stats   *Stats   `json:"stats"`
}

func readManifest(path string) (*manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	if m.Inputs == nil {
		m.Inputs = map[string]*inputState{}
	}
	return &m, nil
}

func (m *manifest) write(path string) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, func(f *os.File) error { _, err := f.Write(b); return err })
}

// trimmed is a copy of s with the ranked tallies cut to their top
// entries, for the manifest.
func (s *Stats) trimmed() *Stats {
	c := *s
	cut := func(m map[string]int64) map[string]int64 {
		out := map[string]int64{}
		for _, e := range Top(m, 1000) {
			out[e.Key] = e.Count
		}
		return out
	}
	c.Stuffed, c.SpinPairs = cut(s.Stuffed), cut(s.SpinPairs)
	return &c
}
