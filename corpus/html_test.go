package corpus

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
)

// TestJSONLineHTML: a page's record carries the extracted text its
// edits index, under winnow_text beside the page in text.
func TestJSONLineHTML(t *testing.T) {
	rep := &report.Report{InputKind: "html", Text: "导航\n正文。", Restored: "正文。",
		Edits: []document.Edit{{Start: 0, End: 7, Kind: document.KindBoilerplate, From: "导航\n"}}}
	s := &sink{fields: DefaultFields, textField: "text"}
	line, err := s.jsonLine(&Record{ID: "p.html", Source: "p.html", Text: []byte("<p>正文。</p>")}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	if m["text"] != "<p>正文。</p>" || m["winnow_text"] != rep.Text || m["input_kind"] != "html" {
		t.Errorf("record %s", line)
	}
	txt := m["winnow_text"].(string)
	if e := rep.Edits[0]; txt[e.Start:e.End] != e.From {
		t.Error("edit does not index winnow_text")
	}
	// Text input: nothing added.
	line, _ = s.jsonLine(&Record{ID: "a.txt", Text: []byte("x")}, &report.Report{})
	if bytes.Contains(line, []byte("winnow_text")) || bytes.Contains(line, []byte("input_kind")) {
		t.Errorf("text record %s", line)
	}
}

// TestParquetRowHTML: a page's Parquet row carries the extracted text;
// a text input's row leaves the column null.
func TestParquetRowHTML(t *testing.T) {
	p := newPQSchema(nil)
	page := p.row(&Record{ID: "p.html"}, &report.Report{InputKind: "html", Text: "导航\n正文。", Restored: "正文。"})
	txt := p.row(&Record{ID: "a.txt"}, &report.Report{InputKind: "text", Text: "x", Restored: "x"})
	i := p.col["text"]
	if v := page[i]; v.IsNull() || v.String() != "导航\n正文。" {
		t.Errorf("page text column: %v", v)
	}
	if v := txt[i]; !v.IsNull() {
		t.Errorf("text input's text column: %v", v)
	}
}
