package winnow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/page"
)

// htmlGolden are the HTML fixtures whose whole report is a golden file;
// every fixture is checked for the report's properties.
var htmlGolden = map[string]bool{
	"portal-bridge": true, "portal-table-gbk": true, "big5-drone": true, "forum-discuz-cat": true, "farm-plain-tea": true,
}

func TestHTMLFixtures(t *testing.T) {
	a := toyAnalyzer(t)
	files, _ := filepath.Glob("testdata/html/*.html")
	if len(files) < 20 {
		t.Fatalf("%d HTML fixtures, want ≥ 20", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := a.CheckDocument(context.Background(), name, in)
			if err != nil {
				t.Fatal(err)
			}
			if r.InputKind != "html" || r.Page == nil {
				t.Fatalf("input_kind %q, page %v: not read as HTML", r.InputKind, r.Page)
			}
			// The edit properties hold for the extracted text.
			validate(t, []byte(r.Text), r)
			gold, _ := os.ReadFile(strings.TrimSuffix(f, ".html") + ".gold.txt")
			for _, para := range strings.Split(strings.TrimSpace(string(gold)), "\n") {
				// Restored text may differ by punctuation and spin edits;
				// the paragraph's line must have been kept.
				if !keptLine(r.Text, r.Lines, para) {
					t.Errorf("gold paragraph not kept: %.40q", para)
				}
			}
			for _, l := range r.Lines {
				if l.Label == "boilerplate" && strings.Contains(string(gold), r.Text[l.Start:l.End]) && len(r.Text[l.Start:l.End]) > 30 {
					t.Errorf("article line %d labelled boilerplate: %s", l.Line, l.Reason)
				}
			}
			if r.Title == "" {
				t.Error("no title")
			}
			if !htmlGolden[name] {
				return
			}
			got, _ := json.MarshalIndent(r, "", "  ")
			got = append(got, '\n')
			golden := filepath.Join("testdata", "html", "golden", name+".golden.json")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s (run go test -update and review the diff)", golden)
			}
		})
	}
}

// keptLine reports whether the line holding para (white space aside)
// is kept.
func keptLine(text string, ls []document.Line, para string) bool {
	want := page.Norm(para)
	for _, l := range ls {
		if page.Norm(text[l.Start:l.End]) == want && l.Kept() {
			return true
		}
	}
	return false
}

// TestHTMLBadInput: every kind of bad page gives a report or a clear
// error, never a panic.
func TestHTMLBadInput(t *testing.T) {
	a := toyAnalyzer(t)
	deep := strings.Repeat("<div>", 100000) + "深处的文字。" + strings.Repeat("</div>", 100000)
	bigPara := "<p>" + strings.Repeat("大页面里的一段很长的文字，用来测试五十兆字节的页面。", 40) + "</p>\n"
	big := "<!DOCTYPE html><html><body><div class=\"content\">" + strings.Repeat(bigPara, 50<<20/len(bigPara)+1) + "</div></body></html>"
	cases := []struct {
		name    string
		in      string
		wantErr error // nil: a report
	}{
		{"malformed", "<html><body><p>未闭合的段落<div><span>交错</p></span>的标签</div><table><td>单元格", nil},
		{"unclosed comment", "<html><body><!-- 注释一直没有结束 <p>文字</p>", nil},
		{"deeply nested", "<html><body>" + deep, nil},
		{"script only", "<html><head><script>var a = '<p>不是正文</p>';</script></head><body><script>document.write('x')</script></body></html>", nil},
		{"empty body", "<!DOCTYPE html><html><body></body></html>", nil},
		{"binary", "<html>\x00\x01\x02\x03\x00\xff\xfe\x00binary", page.ErrBinary},
		{"50 MB page", big, page.ErrTooLarge},
		{"undecodable", "<html><body>" + strings.Repeat("\xff\x80\x81\x82", 1000) + "</body></html>", page.ErrCharset},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := a.Check(context.Background(), []byte(c.in))
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			validate(t, []byte(r.Text), r)
			if c.name == "script only" && (r.Restored != "" || r.Page.Blocks != 0) {
				t.Errorf("script-only page: restored %q, %d blocks", r.Restored, r.Page.Blocks)
			}
		})
	}
	// A page under the limit but as large as a crawl may hold is read.
	if testing.Short() {
		return
	}
	p, err := page.Parse([]byte(big), page.Options{MaxBytes: 64 << 20, NoExtractor: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Blocks) < 1000 || p.Blocks[0].Template() {
		t.Errorf("50 MB page: %d blocks, first %+v", len(p.Blocks), p.Blocks[0].Kind)
	}
	_ = winnow.ErrNotUTF8
}

// FuzzCheckPage: any bytes given as text/html give a valid report or a
// page error, never a panic.
func FuzzCheckPage(f *testing.F) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, p := range files[:min(len(files), 4)] {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	a := toyAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := a.CheckPage(context.Background(), "", in, "text/html")
		if err != nil {
			if !errors.Is(err, page.ErrBinary) && !errors.Is(err, page.ErrCharset) && !errors.Is(err, page.ErrTooLarge) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		validate(t, []byte(r.Text), r)
	})
}
