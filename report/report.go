// Package report defines the result of `winnow check`: the restored
// article, the labelled lines, the edits with their evidence, the
// detectors' signals and the verdict. Its JSON field names are a
// contract, described by the embedded JSON Schema (Schema) and by
// docs/report.md.
//
// It takes a Document that has been through every stage and gives a
// Report (New); Report.WriteText renders it for a terminal.
package report

import (
	_ "embed"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/verdict"
)

// Schema is the JSON Schema (draft 2020-12) of a Report.
//
//go:embed schema.json
var Schema []byte

// SchemaVersion is the version of the report format; it changes when a
// field changes meaning or is removed.
const SchemaVersion = 1

// Report is the analysis of one document.
type Report struct {
	Version int    `json:"version"`
	ID      string `json:"id,omitempty"`
	// InputKind is "html" when the input was an HTML page, "text" when
	// it was text in another charset than UTF-8 (GB18030, Big5), absent
	// for UTF-8 text. Offsets then index Text, not the input's bytes.
	InputKind string `json:"input_kind,omitempty"`
	// Text is the text extracted from an HTML page, one block per line,
	// or the decoded text: the input that lines and edits refer to.
	Text     string                     `json:"text,omitempty"`
	Page     *Page                      `json:"page,omitempty"`
	Title    string                     `json:"title,omitempty"`
	Meta     *document.Meta             `json:"meta,omitempty"`
	Verdict  verdict.Verdict            `json:"verdict"`
	Restored string                     `json:"restored"`
	Lines    []document.Line            `json:"lines"`
	Edits    []document.Edit            `json:"edits"`
	Signals  map[string]document.Signal `json:"signals"`
	Stats    Stats                      `json:"stats"`
}

// Page describes the HTML page a report's text was extracted from.
type Page struct {
	Bytes       int    `json:"bytes"`
	Charset     string `json:"charset"`
	CharsetFrom string `json:"charset_from"`
	CharsetNote string `json:"charset_note,omitempty"`
	Extractor   string `json:"extractor"` // HTML only ("" for decoded text)
	Blocks      int    `json:"blocks"`
	Template    int    `json:"template_blocks"`
}

// Stats are sizes of the input and output.
type Stats struct {
	InputBytes    int `json:"input_bytes"`
	RestoredBytes int `json:"restored_bytes"`
	Lines         int `json:"lines"`
	KeptLines     int `json:"kept_lines"`
}

// New builds the report of d from its resolved edits, restored text and
// verdict.
func New(d *document.Document, edits []document.Edit, restored string, v verdict.Verdict) *Report {
	r := &Report{
		Version:  SchemaVersion,
		ID:       d.ID,
		Title:    d.Title,
		Verdict:  v,
		Restored: restored,
		Lines:    d.Lines,
		Edits:    edits,
		Signals:  d.Signals,
	}
	if r.Lines == nil {
		r.Lines = []document.Line{}
	}
	if r.Edits == nil {
		r.Edits = []document.Edit{}
	}
	if r.Signals == nil {
		r.Signals = map[string]document.Signal{}
	}
	if src := d.Source; src != nil {
		r.InputKind, r.Text = src.Kind, d.Text
		r.Page = &Page{Bytes: src.Bytes, Charset: src.Charset, CharsetFrom: src.CharsetFrom, CharsetNote: src.CharsetNote,
			Extractor: src.Extractor, Blocks: src.Blocks, Template: src.Template}
	}
	if !d.Meta.Empty() {
		m := d.Meta
		r.Meta = &m
	}
	r.Stats = Stats{InputBytes: len(d.Input), RestoredBytes: len(restored), Lines: len(d.Lines), KeptLines: len(d.KeptLines())}
	return r
}
