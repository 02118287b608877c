// Package winnow finds and undoes content-farm manipulation in Chinese
// web text.
//
// An Analyzer takes one document (text bytes) and gives a report.Report:
// the article as its author wrote it (boilerplate, inserted keywords and
// punctuation noise removed), every edit with its evidence, a label for
// every line, each detector's signal and a verdict. The pipeline is
//
//	lines.Split → boiler → lines.Label → punct → segment (+ scores) → stuffing
//	→ quality → spin → (extra detectors) → restore → verdict → report
//
// and every stage adds to one document.Document. The segmentation stage
// also scores every token of the kept lines once with the language model
// (document.Document.Score); detectors read those scores and score only
// the alternative contexts they compare. An Analyzer loads its language
// model and segmenter once, reuses per-document buffers across documents
// (sync.Pool) and is safe for concurrent use.
package winnow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/winnow-project/winnow/boiler"
	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/punct"
	"github.com/winnow-project/winnow/quality"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/restore"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
	"github.com/winnow-project/winnow/stuffing"
	"github.com/winnow-project/winnow/verdict"
)

// ErrNotUTF8 is returned for input that is not valid UTF-8 (convert
// other charsets first).
var ErrNotUTF8 = errors.New("winnow: input is not valid UTF-8")

// Analyzer checks documents. Create one with New and share it.
type Analyzer struct {
	cfg    Config
	model  lm.Model
	seg    *segment.Segmenter
	boiler *boiler.Detector
	// detectors run after segmentation, in order.
	detectors []document.Detector
	log       *slog.Logger
	buffers   buffers
}

type settings struct {
	cfg       Config
	model     lm.Model
	modelPath string
	noModel   bool
	extra     []document.Detector
	log       *slog.Logger
}

// Option configures New.
type Option func(*settings) error

// WithConfig replaces the whole configuration (start from DefaultConfig
// or LoadConfig).
func WithConfig(c Config) Option {
	return func(s *settings) error { s.cfg = c; return nil }
}

// WithModel uses m as the language model instead of the bundled one.
func WithModel(m lm.Model) Option {
	return func(s *settings) error {
		if m == nil {
			return errors.New("winnow: WithModel(nil)")
		}
		s.model = m
		return nil
	}
}

// WithModelPath loads the language model from a file (ARPA, KenLM binary
// or winnow's compact format).
func WithModelPath(path string) Option {
	return func(s *settings) error { s.modelPath = path; return nil }
}

// WithoutModel runs without a language model: no segmentation, so no
// keyword stuffing or perplexity. For tests and tiny builds.
func WithoutModel() Option {
	return func(s *settings) error { s.noModel = true; return nil }
}

// WithDetector adds a detector that runs after the built-in ones. Its
// signal takes part in the verdict with the weight configured for its
// name. A detector named "spin" replaces the built-in spin detector.
func WithDetector(d document.Detector) Option {
	return func(s *settings) error {
		if d == nil {
			return errors.New("winnow: WithDetector(nil)")
		}
		s.extra = append(s.extra, d)
		return nil
	}
}

// WithDisabled switches detectors off by name (boilerplate, punct,
// stuffing, quality, spin, or an added detector's name).
func WithDisabled(names ...string) Option {
	return func(s *settings) error {
		s.cfg.Disabled = append(s.cfg.Disabled, names...)
		return nil
	}
}

// WithLogger sets the logger (default: slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error { s.log = l; return nil }
}

// New builds an Analyzer. Without WithModel/WithModelPath it uses the
// bundled model (models.Load, which honours $WINNOW_MODEL).
func New(opts ...Option) (*Analyzer, error) {
	s := settings{cfg: DefaultConfig()}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	if err := s.cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Analyzer{cfg: s.cfg, log: s.log}
	if a.log == nil {
		a.log = slog.Default()
	}
	if !s.noModel {
		m := s.model
		if m == nil {
			var err error
			if m, err = models.Load(s.modelPath); err != nil {
				return nil, fmt.Errorf("winnow: %w", err)
			}
		}
		seg, err := segment.New(m)
		if err != nil {
			return nil, fmt.Errorf("winnow: segmenter: %w", err)
		}
		a.model, a.seg = m, seg
	}
	on := func(name string) bool { return !s.cfg.disabled(name) }
	if on(boiler.Name) {
		a.boiler = boiler.New(s.cfg.Boilerplate)
	}
	if on(punct.Name) {
		a.detectors = append(a.detectors, punct.New(s.cfg.Punct))
	}
	if on(stuffing.Name) {
		a.detectors = append(a.detectors, stuffing.New(a.model, s.cfg.Stuffing))
	}
	if on(quality.Name) {
		a.detectors = append(a.detectors, quality.New(a.model, s.cfg.Quality))
	}
	// Spin restoration needs the model and shares the analyzer's model
	// and segmenter. A detector named spin passed with WithDetector (one
	// with a learned lexicon, say) takes the built-in one's place.
	if on(spin.Name) && a.model != nil && !hasDetector(s.extra, spin.Name) {
		sd, err := spin.New(a.model, spin.WithSegmenter(a.seg), spin.WithThreshold(s.cfg.Spin.Threshold))
		if err != nil {
			return nil, fmt.Errorf("winnow: %w", err)
		}
		a.detectors = append(a.detectors, sd)
	}
	for _, d := range s.extra {
		if on(d.Name()) {
			a.detectors = append(a.detectors, d)
		}
	}
	return a, nil
}

func hasDetector(ds []document.Detector, name string) bool {
	for _, d := range ds {
		if d.Name() == name {
			return true
		}
	}
	return false
}

// Model returns the analyzer's language model (nil with WithoutModel).
func (a *Analyzer) Model() lm.Model { return a.model }

// Config returns the analyzer's configuration.
func (a *Analyzer) Config() Config { return a.cfg }

// Check analyses one document.
func (a *Analyzer) Check(ctx context.Context, input []byte) (*report.Report, error) {
	return a.CheckDocument(ctx, "", input)
}

// CheckDocument analyses one document and records id in the report.
// Input that sniffs as HTML is read as a page (see CheckPage).
func (a *Analyzer) CheckDocument(ctx context.Context, id string, input []byte) (*report.Report, error) {
	return a.check(ctx, id, input, "")
}

func (a *Analyzer) check(ctx context.Context, id string, input []byte, contentType string) (*report.Report, error) {
	d, err := a.analyze(ctx, id, input, contentType, true)
	if err != nil {
		return nil, err
	}
	edits := restore.Resolve(d.Text, d.Edits)
	restored := restore.Apply(d.Text, edits)
	lines.Describe(d, func(l document.Line) string { return restore.ApplySpan(d.Text, edits, l.Start, l.End) })
	describePage(d)
	v := verdict.Decide(a.cfg.Verdict, d)
	r := report.New(d, edits, restored, v)
	// The report keeps no tokens: they serve the next document.
	a.buffers.putDocument(d)
	return r, nil
}

// Analyze runs the stages up to and including the detectors and returns
// the document with its lines, tokens, edits and signals, for callers
// that need more than the report (evaluation, the spin learner).
// An HTML page is analysed as the text of its blocks (d.Source says so).
func (a *Analyzer) Analyze(ctx context.Context, id string, input []byte) (*document.Document, error) {
	return a.analyze(ctx, id, input, "", false)
}

// analyze runs the stages up to the detectors. With pooled, the
// document's tokens come from the analyzer's buffers and the caller
// gives them back (buffers.putDocument) once it no longer needs them.
func (a *Analyzer) analyze(ctx context.Context, id string, input []byte, contentType string, pooled bool) (*document.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := a.newDocument(id, input, contentType)
	if err != nil {
		return nil, err
	}
	if a.boiler != nil {
		if err := a.boiler.Detect(ctx, d); err != nil {
			return nil, fmt.Errorf("winnow: %s: %w", a.boiler.Name(), err)
		}
	}
	lines.Label(d)
	if a.boiler != nil {
		// Reading a text page's layout may have found more template lines.
		boiler.Sync(d)
	}
	if a.seg != nil {
		a.segment(d, pooled)
		// Every token's language-model score, once, for the detectors.
		d.Score(a.model)
	}
	for _, det := range a.detectors {
		if err := det.Detect(ctx, d); err != nil {
			return nil, fmt.Errorf("winnow: %s: %w", det.Name(), err)
		}
	}
	return d, nil
}
