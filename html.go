package winnow

import (
	"context"
	"fmt"
	"mime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
	"github.com/winnow-project/winnow/page"
	"github.com/winnow-project/winnow/report"
)

// CheckPage analyses one document whose HTTP Content-Type is known
// (contentType may be empty). HTML (by type, or sniffed when the type is
// empty or unknown) is read with package page; its charset wins over
// the page's <meta> tags. Text must be UTF-8.
func (a *Analyzer) CheckPage(ctx context.Context, id string, input []byte, contentType string) (*report.Report, error) {
	return a.check(ctx, id, input, contentType)
}

// isHTML decides whether input is an HTML page: by its Content-Type
// when one is given and says so either way, else by sniffing.
func isHTML(input []byte, contentType string) bool {
	if contentType != "" {
		if mt, _, err := mime.ParseMediaType(contentType); err == nil {
			switch {
			case mt == "text/html" || mt == "application/xhtml+xml":
				return true
			case strings.HasPrefix(mt, "text/"):
				return false
			}
		}
	}
	return page.Sniff(input)
}

// newDocument makes the document of one input and splits it into lines.
// An HTML page becomes the text of its blocks, one per line; with the
// boilerplate detector on, the lines of template blocks arrive labelled
// boilerplate with the page's reason, and the detector removes them.
func (a *Analyzer) newDocument(id string, input []byte, contentType string) (*document.Document, error) {
	if !isHTML(input, contentType) {
		if utf8.Valid(input) {
			d := document.New(id, input)
			lines.Split(d)
			return d, nil
		}
		// Chinese text saved as GB18030/GBK or Big5: decoded, and the
		// report carries the decoded text its offsets index. Anything
		// else (broken UTF-8, bytes behind a stray byte-order mark)
		// stays an error: repairing it would lose bytes.
		text, cs, err := page.Decode(input, contentType)
		if err != nil || cs.Name != "gb18030" && cs.Name != "gbk" && cs.Name != "big5" {
			return nil, fmt.Errorf("%w (first bad byte at offset %d), and it is not GB18030 or Big5 text either", ErrNotUTF8, page.FirstInvalid(input))
		}
		d := document.New(id, text)
		d.Source = &document.Source{Kind: "text", Bytes: len(input), Charset: cs.Name, CharsetFrom: cs.From, CharsetNote: cs.Note}
		lines.Split(d)
		return d, nil
	}
	p, err := page.Parse(input, page.Options{ContentType: contentType})
	if err != nil {
		return nil, fmt.Errorf("winnow: %w", err)
	}
	d := document.New(id, []byte(p.Text()))
	src := &document.Source{Kind: "html", Bytes: len(input), Charset: p.Charset.Name, CharsetFrom: p.Charset.From,
		CharsetNote: p.Charset.Note, Extractor: p.Extractor, Blocks: len(p.Blocks), Title: p.Title,
		Meta: document.Meta{OriginalTitle: p.Meta.OriginalTitle, Source: p.Meta.Source, Reporters: p.Meta.Authors,
			Editors: p.Meta.Editors, Date: p.Meta.Date}}
	d.Source = src
	lines.Split(d)
	starts := make([]int, len(p.Blocks))
	off := 0
	for i, b := range p.Blocks {
		starts[i] = off
		off += len(b.Text) + 1
		if b.Template() {
			src.Template++
		}
	}
	keepAll := a.boiler == nil // boilerplate off: every block stays
	for i := range d.Lines {
		l := &d.Lines[i]
		j := sort.SearchInts(starts, l.Start+1) - 1
		if j < 0 {
			continue
		}
		switch b := p.Blocks[j]; {
		case b.Template() && !keepAll:
			l.Label, l.Reason = document.LabelBoilerplate, b.Reason
		case b.Kind == page.KindByline:
			l.Label, l.Reason = document.LabelMeta, "page "+b.Reason
		case b.Kind == page.KindTitle:
			l.Label, l.Reason = document.LabelTitle, "page "+b.Reason
		}
	}
	return d, nil
}

// describePage completes the title and meta read from the article's
// lines with what the page states (<h1>, og: and article: tags, bylines
// and credit lines outside the article text).
func describePage(d *document.Document) {
	src := d.Source
	if src == nil {
		return
	}
	if src.Title != "" && (d.Title == "" || !strings.Contains(src.Title, d.Title) && !strings.Contains(d.Title, src.Title)) {
		d.Title = src.Title
	}
	m, pm := &d.Meta, src.Meta
	if m.OriginalTitle == "" {
		m.OriginalTitle = pm.OriginalTitle
	}
	if m.Source == "" {
		m.Source = pm.Source
	}
	if len(m.Reporters) == 0 {
		m.Reporters = pm.Reporters
	}
	if len(m.Editors) == 0 {
		m.Editors = pm.Editors
	}
	if pm.Date != "" {
		m.Date = pm.Date // normalized, and exact when from a <meta> tag
	}
}
