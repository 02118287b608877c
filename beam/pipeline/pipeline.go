// Package pipeline is winnow's corpus check as an Apache Beam pipeline,
// for corpora that outgrow one machine.
//
// It takes JSONL shards (plain, .gz or .zst) and WARC files (plain or
// .gz) on any Beam file system (local paths, gs://) and gives, in an
// output folder, sharded JSONL files of reports (every checked record:
// the input object with the report's fields added, as `winnow batch`
// writes it), of kept documents (the same records, only those the
// verdict keeps, as `winnow batch --drop` writes them), of error records
// ({"id","source","error"}, as batch's errors file), and stats.json (the
// shape of `winnow batch --stats`).
//
// The stages are
//
//	files ─Reshuffle─▶ read (corpus.NewReader, one file per element)
//	      ─▶ check (winnow.Analyzer.CheckDocument via corpus.Check)
//	      ─▶ write (per-bundle files, rolled at ShardBytes) ─┐
//	      ─▶ Combine(stats)  ─────────────────────────────────┼─▶ finalize
//	docs ─▶ CountElms ────────────────────────────────────────┘
//
// Nothing here analyses text or encodes records: reading, checking and
// encoding are the corpus package's, which batch runs too. Every record
// read gives exactly one report or error record; finalize renames the
// bundles' temporary files to their final names (only bundles the runner
// committed reach it) and checks in = reports + errors, reports = the
// documents counted by the stats combiner and kept = the verdicts that
// keep.
//
// Memory stays bounded whatever the corpus size: records stream from
// reader to writer inside one fused stage, each writer holds one
// buffered file per output, and the combiners hold tallies (pruned as
// batch prunes them), never records.
package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/corpus"
	"github.com/winnow-project/winnow/report"
)

// Output names: DIR/reports-00000-of-00004.jsonl and so on.
const (
	Reports   = "reports"
	Kept      = "kept"
	Errors    = "errors"
	StatsFile = "stats.json"
)

// DefaultShardBytes is the size at which a bundle's output file is
// closed and a new one started.
const DefaultShardBytes = 256 << 20

// Options configure Build.
type Options struct {
	// Inputs are files or globs on a Beam file system.
	Inputs []string
	// Output is the output folder (local path or gs://bucket/prefix).
	Output string
	// TextField and IDField name the JSONL fields ("text", "id").
	TextField, IDField string
	// Fields are the report fields added to each record (nil:
	// corpus.DefaultFields; "all").
	Fields []string
	// Config is the analyzer's configuration (winnow.DefaultConfig when
	// zero; Disabled switches detectors off).
	Config *winnow.Config
	// ShardBytes rolls output files (DefaultShardBytes when 0).
	ShardBytes int64
	// Workers is the number of documents one check DoFn instance checks
	// at once (runtime.NumCPU() of the worker when 0).
	Workers int
}

// Build adds the pipeline to s. It expands the globs of o.Inputs now, so
// a pattern that matches nothing is an error before anything runs.
func Build(ctx context.Context, s beam.Scope, o Options) error {
	if o.Output == "" {
		return errors.New("pipeline: no output folder")
	}
	if len(o.Inputs) == 0 {
		return errors.New("pipeline: no inputs")
	}
	fields, err := corpus.ResolveFields(o.Fields)
	if err != nil {
		return err
	}
	cfg := winnow.DefaultConfig()
	if o.Config != nil {
		cfg = *o.Config
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("pipeline: config: %w", err)
	}
	files, err := expand(ctx, o.Inputs)
	if err != nil {
		return err
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = DefaultShardBytes
	}
	runID, err := newRunID()
	if err != nil {
		return err
	}
	out := strings.TrimRight(o.Output, "/")

	names := beam.Reshuffle(s.Scope("files"), beam.CreateList(s.Scope("files"), files))
	docs := beam.ParDo(s.Scope("read"), &readFn{TextField: o.TextField, IDField: o.IDField}, names)
	outcomes := beam.ParDo(s.Scope("check"), &checkFn{Config: string(cfgJSON), Fields: fields, TextField: o.TextField, Workers: o.Workers}, docs)
	shards := beam.ParDo(s.Scope("write"), &writeFn{Dir: out, RunID: runID, ShardBytes: o.ShardBytes}, outcomes)
	tally := beam.Combine(s.Scope("stats"), &statsFn{}, outcomes)
	in := stats.CountElms(s.Scope("count"), docs)
	fs := s.Scope("finalize")
	beam.ParDo0(fs, &finalizeFn{Dir: out, RunID: runID, Start: time.Now().UnixNano()}, beam.Impulse(fs),
		beam.SideInput{Input: in}, beam.SideInput{Input: shards}, beam.SideInput{Input: tally})
	return nil
}

// expand turns inputs into file names: globs through the file system's
// List, sorted; plain names as they are.
func expand(ctx context.Context, inputs []string) ([]string, error) {
	var files []string
	for _, in := range inputs {
		if !strings.ContainsAny(in, "*?[") {
			files = append(files, in)
			continue
		}
		fs, err := filesystem.New(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		m, err := fs.List(ctx, in)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("glob %q: %w", in, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("glob %q matches no file", in)
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	return files, nil
}

func newRunID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("pipeline: run id: %w", err)
	}
	return time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:]), nil
}

// Doc is one input record between the reader and the checker (a
// corpus.Record with its read error as text, so that runners can encode
// it).
type Doc struct {
	ID, Source, URL, Charset string
	Text, Object             []byte
	Keys                     []string
	Err                      string
}

func docOf(r *corpus.Record) Doc {
	d := Doc{ID: r.ID, Source: r.Source, URL: r.URL, Charset: r.Charset, Text: r.Text, Object: r.Object, Keys: r.Keys}
	if r.Err != nil {
		d.Err = r.Err.Error()
		if d.Err == "" {
			d.Err = "unreadable record"
		}
	}
	return d
}

func (d *Doc) record() corpus.Record {
	r := corpus.Record{ID: d.ID, Source: d.Source, URL: d.URL, Charset: d.Charset, Text: d.Text, Object: d.Object, Keys: d.Keys}
	if d.Err != "" {
		r.Err = errors.New(d.Err)
	}
	return r
}

// Outcome is one checked record: its output line, and for a report the
// parts of it that the stats read.
type Outcome struct {
	Error bool   // Line is an error record
	Keep  bool   // the verdict keeps the document
	Line  []byte // JSONL record, newline-terminated
	Stats []byte // JSON of the report's verdict, edits, signals and stats
}

// Shard is one file a write bundle completed, under its temporary name.
type Shard struct {
	Dest    string // Reports, Kept or Errors
	Temp    string
	Records int64
}

// Tally is the stats combiner's accumulator.
type Tally struct {
	Stats *corpus.Stats
}

func init() {
	register.DoFn3x1[context.Context, string, func(Doc), error](&readFn{})
	register.DoFn3x1[context.Context, Doc, func(Outcome), error](&checkFn{})
	register.DoFn3x1[context.Context, Outcome, func(Shard), error](&writeFn{})
	register.DoFn5x1[context.Context, []byte, func(*int) bool, func(*Shard) bool, func(*Tally) bool, error](&finalizeFn{})
	register.Combiner3[Tally, Outcome, Tally](&statsFn{})
	register.Emitter1[Doc]()
	register.Emitter1[Outcome]()
	register.Emitter1[Shard]()
	register.Iter1[int]()
	register.Iter1[Shard]()
	register.Iter1[Tally]()
	beam.RegisterCoder(reflect.TypeOf(Tally{}), encodeTally, decodeTally)
}

func encodeTally(t Tally) ([]byte, error) {
	if t.Stats == nil {
		t.Stats = corpus.NewStats()
	}
	return json.Marshal(t.Stats)
}

func decodeTally(b []byte) (Tally, error) {
	st := corpus.NewStats()
	if err := json.Unmarshal(b, st); err != nil {
		return Tally{}, fmt.Errorf("decode stats: %w", err)
	}
	return Tally{Stats: st}, nil
}

// readFn reads one file with batch's readers and emits its records. A
// file that cannot be opened is one error record, as in batch.
type readFn struct {
	TextField, IDField string

	ignored beam.Counter
}

func (f *readFn) Setup() { f.ignored = beam.NewCounter("winnow", "warc_ignored_records") }

func (f *readFn) ProcessElement(ctx context.Context, name string, emit func(Doc)) error {
	fail := func(err error) {
		emit(docOf(&corpus.Record{ID: name, Source: name, Err: fmt.Errorf("open: %w", err)}))
	}
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		fail(err)
		return nil
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, name)
	if err != nil {
		fail(err)
		return nil
	}
	defer rc.Close()
	r, err := corpus.NewReader(name, rc, f.TextField, f.IDField)
	if err != nil {
		fail(err)
		return nil
	}
	defer r.Close()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rec = corpus.Record{ID: fmt.Sprintf("%s:%d", name, n+1), Source: name, Err: err}
		}
		emit(docOf(&rec))
		n++
		if err != nil {
			break
		}
	}
	f.ignored.Inc(ctx, r.Ignored())
	return nil
}

// analyzers holds one Analyzer per configuration per process: the model
// is loaded once per worker, whatever the number of DoFn instances.
var (
	analyzersMu sync.Mutex
	analyzers   = map[string]func() (*winnow.Analyzer, error){}
)

func analyzer(cfgJSON string) (*winnow.Analyzer, error) {
	analyzersMu.Lock()
	get, ok := analyzers[cfgJSON]
	if !ok {
		get = sync.OnceValues(func() (*winnow.Analyzer, error) {
			var cfg winnow.Config
			if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
				return nil, fmt.Errorf("pipeline: config: %w", err)
			}
			return winnow.New(winnow.WithConfig(cfg))
		})
		analyzers[cfgJSON] = get
	}
	analyzersMu.Unlock()
	return get()
}

// checkFn checks each record with the shared Analyzer. Records are
// checked by Workers goroutines while the bundle goes on; results are
// emitted from the bundle's goroutine, at most a small window of records
// behind, and all of them by FinishBundle.
type checkFn struct {
	Config    string // winnow.Config as JSON
	Fields    []string
	TextField string
	Workers   int

	checker  corpus.Checker
	jobs     chan Doc
	results  chan Outcome
	inflight int
	window   int
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	checked  beam.Counter
}

func (f *checkFn) Setup() error {
	a, err := analyzer(f.Config)
	if err != nil {
		return err
	}
	f.checker = corpus.CheckerFunc(a.CheckDocument)
	w := f.Workers
	if w <= 0 {
		w = runtime.NumCPU()
	}
	f.window = 4 * w
	f.jobs = make(chan Doc, f.window)
	f.results = make(chan Outcome, f.window)
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	for range w {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			for d := range f.jobs {
				f.results <- f.check(ctx, &d)
			}
		}()
	}
	f.checked = beam.NewCounter("winnow", "checked_records")
	return nil
}

// check is batch's per-record step: corpus.Check, then the record's line.
func (f *checkFn) check(ctx context.Context, d *Doc) Outcome {
	rec := d.record()
	rep, err := corpus.Check(ctx, f.checker, &rec)
	if err == nil {
		var line []byte
		if line, err = corpus.JSONLine(&rec, rep, f.Fields, f.TextField); err == nil {
			st, merr := json.Marshal(&report.Report{Verdict: rep.Verdict, Edits: rep.Edits, Signals: rep.Signals, Stats: rep.Stats})
			if merr == nil {
				return Outcome{Keep: rep.Verdict.Keep, Line: line, Stats: st}
			}
			err = fmt.Errorf("encode stats: %w", merr)
		}
	}
	return Outcome{Error: true, Line: corpus.ErrorLine(&rec, err)}
}

func (f *checkFn) ProcessElement(ctx context.Context, d Doc, emit func(Outcome)) error {
	for f.inflight >= f.window {
		f.emitOne(ctx, emit)
	}
	f.jobs <- d
	f.inflight++
	for f.inflight > 0 { // emit what is done, without waiting
		select {
		case o := <-f.results:
			f.inflight--
			f.checked.Inc(ctx, 1)
			emit(o)
		default:
			return nil
		}
	}
	return nil
}

func (f *checkFn) emitOne(ctx context.Context, emit func(Outcome)) {
	o := <-f.results
	f.inflight--
	f.checked.Inc(ctx, 1)
	emit(o)
}

func (f *checkFn) FinishBundle(ctx context.Context, emit func(Outcome)) error {
	for f.inflight > 0 {
		f.emitOne(ctx, emit)
	}
	return nil
}

func (f *checkFn) Teardown() {
	if f.jobs != nil {
		close(f.jobs)
		f.cancel()
		// Workers of a failed bundle may still hold results; drain them.
		go func() {
			for range f.results {
			}
		}()
		f.wg.Wait()
		close(f.results)
	}
}

// writeFn writes a bundle's outcomes to temporary files, one per output
// at a time, rolled at ShardBytes, and emits each completed file.
type writeFn struct {
	Dir, RunID string
	ShardBytes int64

	fs   filesystem.Interface
	open map[string]*part
}

type part struct {
	temp    string
	w       io.WriteCloser
	bytes   int64
	records int64
}

func tempDir(dir, runID string) string { return dir + "/.winnow-beam-" + runID }

func (f *writeFn) StartBundle(ctx context.Context, _ func(Shard)) error {
	fs, err := filesystem.New(ctx, f.Dir)
	if err != nil {
		return fmt.Errorf("output %s: %w", f.Dir, err)
	}
	f.fs, f.open = fs, map[string]*part{}
	return nil
}

func (f *writeFn) ProcessElement(ctx context.Context, o Outcome, emit func(Shard)) error {
	if o.Error {
		return f.write(ctx, Errors, o.Line, emit)
	}
	if err := f.write(ctx, Reports, o.Line, emit); err != nil {
		return err
	}
	if o.Keep {
		return f.write(ctx, Kept, o.Line, emit)
	}
	return nil
}

func (f *writeFn) write(ctx context.Context, dest string, line []byte, emit func(Shard)) error {
	p := f.open[dest]
	if p == nil {
		var rnd [8]byte
		if _, err := rand.Read(rnd[:]); err != nil {
			return err
		}
		temp := tempDir(f.Dir, f.RunID) + "/" + dest + "-" + hex.EncodeToString(rnd[:]) + ".jsonl"
		w, err := f.fs.OpenWrite(ctx, temp)
		if err != nil {
			return fmt.Errorf("create %s: %w", temp, err)
		}
		p = &part{temp: temp, w: w}
		f.open[dest] = p
	}
	if _, err := p.w.Write(line); err != nil {
		return fmt.Errorf("write %s: %w", p.temp, err)
	}
	p.bytes += int64(len(line))
	p.records++
	if p.bytes >= f.ShardBytes {
		return f.close(dest, emit)
	}
	return nil
}

// close completes one file: synced when the file system allows it.
func (f *writeFn) close(dest string, emit func(Shard)) error {
	p := f.open[dest]
	delete(f.open, dest)
	var err error
	if s, ok := p.w.(interface{ Sync() error }); ok {
		err = s.Sync()
	}
	if cerr := p.w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", p.temp, err)
	}
	emit(Shard{Dest: dest, Temp: p.temp, Records: p.records})
	return nil
}

func (f *writeFn) FinishBundle(ctx context.Context, emit func(Shard)) error {
	dests := make([]string, 0, len(f.open))
	for d := range f.open {
		dests = append(dests, d)
	}
	sort.Strings(dests)
	for _, d := range dests {
		if err := f.close(d, emit); err != nil {
			return err
		}
	}
	return f.fs.Close()
}

// statsFn sums the reports' numbers with batch's corpus.Stats.
type statsFn struct{}

func (statsFn) CreateAccumulator() Tally { return Tally{Stats: corpus.NewStats()} }

func (statsFn) AddInput(t Tally, o Outcome) (Tally, error) {
	if t.Stats == nil {
		t.Stats = corpus.NewStats()
	}
	if o.Error {
		t.Stats.Errors++
		return t, nil
	}
	var rep report.Report
	if err := json.Unmarshal(o.Stats, &rep); err != nil {
		return t, fmt.Errorf("stats of a report: %w", err)
	}
	t.Stats.Add(&rep)
	return t, nil
}

func (statsFn) MergeAccumulators(a, b Tally) Tally {
	if a.Stats == nil {
		return b
	}
	a.Stats.Merge(b.Stats)
	return a
}

func (statsFn) ExtractOutput(t Tally) Tally {
	if t.Stats == nil {
		t.Stats = corpus.NewStats()
	}
	return t
}

// finalizeFn runs once, after every bundle is written: it names the
// files, removes what an earlier run or a failed bundle left, checks the
// counts and writes stats.json.
type finalizeFn struct {
	Dir, RunID string
	Start      int64 // pipeline construction, Unix ns
}

func (f *finalizeFn) ProcessElement(ctx context.Context, _ []byte, ins func(*int) bool, shardIt func(*Shard) bool, tallies func(*Tally) bool) error {
	var in int64
	var n int
	for ins(&n) {
		in += int64(n)
	}
	st := corpus.NewStats()
	var t Tally
	for tallies(&t) {
		st.Merge(t.Stats)
	}
	byDest := map[string][]Shard{}
	counts := map[string]int64{}
	var sh Shard
	for shardIt(&sh) {
		byDest[sh.Dest] = append(byDest[sh.Dest], sh)
		counts[sh.Dest] += sh.Records
	}
	fs, err := filesystem.New(ctx, f.Dir)
	if err != nil {
		return fmt.Errorf("output %s: %w", f.Dir, err)
	}
	defer fs.Close()
	final := map[string]bool{}
	for _, dest := range []string{Reports, Kept, Errors} {
		list := byDest[dest]
		sort.Slice(list, func(i, j int) bool { return list[i].Temp < list[j].Temp })
		for i, s := range list {
			name := fmt.Sprintf("%s/%s-%05d-of-%05d.jsonl", f.Dir, dest, i, len(list))
			if err := rename(ctx, fs, s.Temp, name); err != nil {
				return err
			}
			final[path.Base(name)] = true
		}
		// Shards of an earlier run into the same folder.
		old, err := fs.List(ctx, f.Dir+"/"+dest+"-*-of-*.jsonl")
		if err != nil {
			return fmt.Errorf("list %s: %w", f.Dir, err)
		}
		for _, o := range old {
			if !final[path.Base(o)] {
				if err := remove(ctx, fs, o); err != nil {
					return err
				}
			}
		}
	}
	// Files of bundles that failed and were retried.
	tmp := tempDir(f.Dir, f.RunID)
	left, err := fs.List(ctx, tmp+"/*")
	if err != nil {
		return fmt.Errorf("list %s: %w", tmp, err)
	}
	for _, l := range left {
		if err := remove(ctx, fs, l); err != nil {
			return err
		}
	}
	_ = remove(ctx, fs, tmp) // the folder itself, on file systems that have folders

	sum := corpus.Summary{In: in, Out: counts[Reports], Errors: counts[Errors], Stats: st,
		Elapsed: time.Since(time.Unix(0, f.Start))}
	var problems []string
	if !sum.Balanced() {
		problems = append(problems, fmt.Sprintf("in %d ≠ reports %d + errors %d", in, sum.Out, sum.Errors))
	}
	if st.Documents != sum.Out || st.Errors != sum.Errors {
		problems = append(problems, fmt.Sprintf("stats count %d reports and %d errors, the files %d and %d", st.Documents, st.Errors, sum.Out, sum.Errors))
	}
	if st.Kept != counts[Kept] {
		problems = append(problems, fmt.Sprintf("stats count %d kept, the files %d", st.Kept, counts[Kept]))
	}
	file := sum.File()
	if len(problems) > 0 {
		file.Balanced = false
	}
	b, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	if err := writeAtomic(ctx, fs, f.Dir+"/"+StatsFile, append(b, '\n')); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", corpus.ErrUnbalanced, strings.Join(problems, "; "))
	}
	return nil
}

// rename moves a temporary file into place; done again after a retry,
// it finds the file already there.
func rename(ctx context.Context, fs filesystem.Interface, from, to string) error {
	err := filesystem.Rename(ctx, fs, from, to)
	if err == nil {
		return nil
	}
	if _, serr := fs.Size(ctx, from); serr != nil {
		if _, terr := fs.Size(ctx, to); terr == nil {
			return nil
		}
	}
	return fmt.Errorf("rename %s to %s: %w", from, to, err)
}

func remove(ctx context.Context, fs filesystem.Interface, name string) error {
	r, ok := fs.(filesystem.Remover)
	if !ok {
		return nil
	}
	if err := r.Remove(ctx, name); err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	return nil
}

func writeAtomic(ctx context.Context, fs filesystem.Interface, name string, data []byte) error {
	tmp := path.Join(path.Dir(name), "."+path.Base(name)+".tmp")
	if strings.Contains(name, "://") {
		tmp = name + ".tmp"
	}
	if err := filesystem.Write(ctx, fs, tmp, data); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	return rename(ctx, fs, tmp, name)
}

// ReadStats reads the stats.json of a finished run.
func ReadStats(ctx context.Context, dir string) (*corpus.StatsFile, error) {
	name := strings.TrimRight(dir, "/") + "/" + StatsFile
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	b, err := filesystem.Read(ctx, fs, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var f corpus.StatsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &f, nil
}
