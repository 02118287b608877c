// Package document defines the value that flows through winnow's check
// pipeline and the contract every detector follows.
//
// A Document takes the input bytes of one page and collects, stage by
// stage, what the stages find: labelled Lines (package lines), Tokens
// (package segment), Edits and Signals (the detectors: boiler, punct,
// stuffing, quality, and later spin). Every stage adds to the same
// Document and never reaches back; restoration only applies Edits and the
// verdict only reads Signals. A new detector is therefore one package
// whose type satisfies Detector.
//
// All offsets (Line.Start/End, Token.Start/End, Edit.Start/End) are byte
// offsets into Document.Input and always fall on UTF-8 boundaries.
package document

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/winnow-project/winnow/lm"
)

// Label classifies one input line. One of the constants below.
type Label string

// Line labels.
const (
	LabelBoilerplate Label = "boilerplate" // template text: headers, footers, expanders, links
	LabelTitle       Label = "title"       // the article title
	LabelMeta        Label = "meta"        // original title, source, reporters, date
	LabelHeading     Label = "heading"     // a section heading inside the article
	LabelBody        Label = "body"        // article text
)

// Line is one non-empty input line. Start and End delimit its content
// without the line terminator ("\n" or "\r\n").
type Line struct {
	Line   int    `json:"line"` // 1-based input line number
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Label  Label  `json:"label"`
	Reason string `json:"reason"`
}

// Kept reports whether the line survives into the restored article.
func (l Line) Kept() bool { return l.Label != LabelBoilerplate }

// Kind says which detector family an edit undoes.
type Kind string

// Edit kinds.
const (
	KindSpin        Kind = "spin"        // a synonym swapped in by a spinner, reverted
	KindStuffing    Kind = "stuffing"    // a search keyword inserted for traffic, removed
	KindPunct       Kind = "punct"       // punctuation noise, normalized
	KindBoilerplate Kind = "boilerplate" // a template line, removed
)

// Edit replaces Input[Start:End] (which equals From) with To.
type Edit struct {
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Kind       Kind    `json:"kind"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	Confidence float64 `json:"confidence"` // 0..1
	Reason     string  `json:"reason"`
}

// TokenKind is the class of a token. The values mirror package segment's
// kinds; the segmentation stage converts.
type TokenKind uint8

// Token kinds.
const (
	TokenOther TokenKind = iota
	TokenWord
	TokenLatin
	TokenNumber
	TokenURL
	TokenEmail
	TokenPunct
	TokenSpace
	TokenSymbol
)

// Token is one segment of Input with its language-model word ID and,
// once the segmentation stage has scored the document (see
// Document.Score), its log10 probability in sentence context.
type Token struct {
	Start, End int
	Kind       TokenKind
	ID         lm.WordID
	// LogProb is log10 P(token | the scored tokens before it in its
	// sentence) and NGram the length of the n-gram that matched (1 for a
	// unigram or <unk>, up to the model's order), as lm.Model.Score
	// gives them; see Document.Score for what a sentence is. NGram 0
	// means the token is not scored (white space, punctuation, tokens of
	// boilerplate lines, or a document that was not scored).
	LogProb float32
	NGram   uint8
}

// Scored reports whether the token has a language-model score.
func (t Token) Scored() bool { return t.NGram > 0 }

// Meta is what the article says about itself (the lines labelled meta).
type Meta struct {
	OriginalTitle string   `json:"original_title,omitempty"` // 原标题
	Source        string   `json:"source,omitempty"`         // 来源 / the publishing outlet
	Reporters     []string `json:"reporters,omitempty"`      // 记者 / 作者
	Editors       []string `json:"editors,omitempty"`        // 责任编辑 (HTML pages)
	Date          string   `json:"date,omitempty"`
}

// Empty reports whether nothing was found.
func (m Meta) Empty() bool {
	return m.OriginalTitle == "" && m.Source == "" && len(m.Reporters) == 0 && len(m.Editors) == 0 && m.Date == ""
}

// Source describes input that was not plain text. For an HTML page,
// Document.Input is the text extracted from the page (one block per
// line) and every offset indexes that text; Source says where it came
// from.
type Source struct {
	Kind        string // "html", or "text" for text decoded from another charset
	Bytes       int    // size of the page as given
	Charset     string // WHATWG name of the page's encoding
	CharsetFrom string // bom, header, meta or sniff
	CharsetNote string // a conflict or repair, when there was one
	Extractor   string // "readability" or "dom": how the article container was found
	Blocks      int    // blocks of text on the page
	Template    int    // of which template (navigation, related lists, comments, …)
	Title       string // the title the page states (<h1>, og:title, <title>)
	Meta        Meta   // what the page's <meta> tags and bylines state
}

// Signal is one detector's summary: a score and the counts behind it.
// The verdict reads Score and Reasons; the report shows everything.
type Signal struct {
	// Score is how strongly this detector's findings point to
	// manipulation, 0 (none) to 1 (certain).
	Score float64
	// Reasons are sentences a person reads, empty when nothing was found.
	Reasons []string
	// Counts are the detector's tallies (e.g. "lines", "edits").
	Counts map[string]int
	// Detail is any further JSON-marshalable object; its fields are
	// merged into the signal's JSON object (e.g. stuffing's keywords).
	Detail any
}

// MarshalJSON writes {"score":…, "reasons":[…], "counts":{…}, …Detail}.
func (s Signal) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if s.Detail != nil {
		raw, err := json.Marshal(s.Detail)
		if err != nil {
			return nil, err
		}
		var inner map[string]any
		if err := json.Unmarshal(raw, &inner); err == nil {
			for k, v := range inner {
				m[k] = v
			}
		} else {
			m["detail"] = json.RawMessage(raw)
		}
	}
	m["score"] = s.Score
	reasons := s.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	m["reasons"] = reasons
	counts := s.Counts
	if counts == nil {
		counts = map[string]int{}
	}
	m["counts"] = counts
	return json.Marshal(m)
}

// Document is one input page on its way through the pipeline.
type Document struct {
	ID    string // caller's identifier, echoed in the report
	Input []byte // the original bytes, never modified (for HTML: the extracted text)
	Text  string // Input as a string (same bytes, shared once)
	// Source is set when Input was extracted from a page (HTML).
	Source *Source

	Lines  []Line  // every non-empty line, in order (stage lines)
	Title  string  // the article title when found (stage lines)
	Meta   Meta    // (stage lines)
	Tokens []Token // (stage segment)
	// Sentences are the scored sentences, in order, one per kept line
	// with at least one scored token (stage segment, Document.Score).
	Sentences []Sentence
	// Scored is true once Document.Score has filled Token.LogProb and
	// Sentences (the pipeline does it when it has a language model).
	Scored bool

	Edits   []Edit            // appended by detectors, any order
	Signals map[string]Signal // keyed by Detector.Name()
}

// New makes a document of input. Input is not copied; the caller must
// not modify it afterwards.
func New(id string, input []byte) *Document {
	// Room for the built-in detectors' signals without growing.
	return &Document{ID: id, Input: input, Text: string(input), Signals: make(map[string]Signal, 8)}
}

// AddEdit appends an edit, filling From from the input.
func (d *Document) AddEdit(e Edit) {
	if e.Start < 0 || e.End > len(d.Text) || e.Start > e.End {
		return
	}
	e.From = d.Text[e.Start:e.End]
	d.Edits = append(d.Edits, e)
}

// SetSignal records a detector's signal under its name.
func (d *Document) SetSignal(name string, s Signal) {
	if d.Signals == nil {
		d.Signals = map[string]Signal{}
	}
	d.Signals[name] = s
}

// LineText returns the text of a line.
func (d *Document) LineText(l Line) string { return d.Text[l.Start:l.End] }

// LineAt returns the index in d.Lines of the line containing byte offset
// off, or -1.
func (d *Document) LineAt(off int) int {
	i := sort.Search(len(d.Lines), func(i int) bool { return d.Lines[i].End > off })
	if i < len(d.Lines) && d.Lines[i].Start <= off {
		return i
	}
	return -1
}

// KeptLines returns the lines that are not boilerplate.
func (d *Document) KeptLines() []Line {
	var out []Line
	for _, l := range d.Lines {
		if l.Kept() {
			out = append(out, l)
		}
	}
	return out
}

// TokensIn returns the tokens inside [start, end), using the fact that
// Tokens are sorted.
func (d *Document) TokensIn(start, end int) []Token {
	i := sort.Search(len(d.Tokens), func(i int) bool { return d.Tokens[i].Start >= start })
	j := i
	for j < len(d.Tokens) && d.Tokens[j].End <= end {
		j++
	}
	return d.Tokens[i:j]
}

// TokenText returns a token's text.
func (d *Document) TokenText(t Token) string { return d.Text[t.Start:t.End] }

// Detector finds one kind of manipulation. Detect appends the edits it
// proposes with d.AddEdit and records its Signal with d.SetSignal(Name(),
// …). It may read Lines, Tokens and the edits and signals of detectors
// that ran before it, but must not modify them. A Detector must be safe
// for concurrent use on different documents. Detect returns an error
// only when it cannot work at all (e.g. ctx is done); findings are never
// errors.
type Detector interface {
	Name() string
	Detect(ctx context.Context, d *Document) error
}
