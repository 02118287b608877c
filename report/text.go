package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/winnow-project/winnow/document"
)

const (
	red    = "\x1b[31;9m" // red, struck through
	green  = "\x1b[32m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	yellow = "\x1b[33m"
	reset  = "\x1b[0m"
)

// WriteText renders the report for a person: the verdict and its
// reasons first, then the signals, then the input with every edit marked
// (removed text [-like this-] or red and struck through, replacements
// {+like this+} or green), then the list of edits. color selects ANSI
// colours instead of the bracket markers.
func (r *Report) WriteText(w io.Writer, input []byte, color bool) error {
	ew := &errWriter{w: w}
	if r.InputKind != "" {
		input = []byte(r.Text) // offsets index the extracted or decoded text
	}
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + reset
	}
	label := strings.ToUpper(r.Verdict.Label)
	switch r.Verdict.Label {
	case "spam":
		label = paint("\x1b[1;31m", label)
	case "suspicious":
		label = paint("\x1b[1;33m", label)
	default:
		label = paint("\x1b[1;32m", label)
	}
	ew.printf("%s  spam score %.2f  keep=%v\n", label, r.Verdict.SpamScore, r.Verdict.Keep)
	for _, s := range r.Verdict.Reasons {
		ew.printf("  • %s\n", s)
	}
	if p := r.Page; p != nil && r.InputKind == "html" {
		ew.printf("\n%s HTML, %d bytes in %s (%s), %d blocks of which %d template\n", paint(bold, "Page:"), p.Bytes, p.Charset, p.CharsetFrom, p.Blocks, p.Template)
	} else if p != nil {
		ew.printf("\n%s text, %d bytes in %s (%s)\n", paint(bold, "Input:"), p.Bytes, p.Charset, p.CharsetFrom)
	}
	if r.Title != "" {
		ew.printf("\n%s %s\n", paint(bold, "Title:"), r.Title)
	}
	if r.Meta != nil {
		m := r.Meta
		var parts []string
		if m.OriginalTitle != "" {
			parts = append(parts, "原标题 "+m.OriginalTitle)
		}
		if m.Source != "" {
			parts = append(parts, "source "+m.Source)
		}
		if len(m.Reporters) > 0 {
			parts = append(parts, "reporters "+strings.Join(m.Reporters, "、"))
		}
		if len(m.Editors) > 0 {
			parts = append(parts, "editors "+strings.Join(m.Editors, "、"))
		}
		if m.Date != "" {
			parts = append(parts, "date "+m.Date)
		}
		ew.printf("%s %s\n", paint(bold, "Meta:"), strings.Join(parts, "; "))
	}
	names := make([]string, 0, len(r.Signals))
	for n := range r.Signals {
		names = append(names, n)
	}
	sort.Strings(names)
	ew.printf("\n%s\n", paint(bold, "Signals:"))
	for _, n := range names {
		s := r.Signals[n]
		var cs []string
		ck := make([]string, 0, len(s.Counts))
		for k := range s.Counts {
			ck = append(ck, k)
		}
		sort.Strings(ck)
		for _, k := range ck {
			if s.Counts[k] != 0 {
				cs = append(cs, fmt.Sprintf("%s=%d", k, s.Counts[k]))
			}
		}
		ew.printf("  %-12s score %.2f  %s\n", n, s.Score, strings.Join(cs, " "))
	}
	ew.printf("\n%s\n", paint(bold, "Text (edits marked):"))
	text := string(input)
	at := 0
	for _, e := range r.Edits {
		if e.Start < at || e.End > len(text) {
			continue
		}
		ew.printf("%s", text[at:e.Start])
		if e.From != "" {
			if color {
				ew.printf("%s", paint(red, e.From))
			} else {
				ew.printf("[-%s-]", e.From)
			}
		}
		if e.To != "" {
			if color {
				ew.printf("%s", paint(green, e.To))
			} else {
				ew.printf("{+%s+}", e.To)
			}
		}
		at = e.End
	}
	ew.printf("%s", text[at:])
	if !strings.HasSuffix(text, "\n") {
		ew.printf("\n")
	}
	if len(r.Edits) > 0 {
		ew.printf("\n%s\n", paint(bold, fmt.Sprintf("Edits (%d):", len(r.Edits))))
		for _, e := range r.Edits {
			if e.Kind == document.KindPunct {
				continue // numerous and self-explanatory in the text above
			}
			ew.printf("  %s %d-%d %q → %q  %s %s\n", paint(yellow, string(e.Kind)), e.Start, e.End, oneLine(e.From), e.To,
				paint(dim, fmt.Sprintf("(%.2f)", e.Confidence)), e.Reason)
		}
		if n := countKind(r.Edits, document.KindPunct); n > 0 {
			ew.printf("  %s %d punctuation edit(s), marked in the text above\n", paint(yellow, "punct"), n)
		}
	}
	return ew.err
}

func countKind(es []document.Edit, k document.Kind) int {
	n := 0
	for _, e := range es {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	return s
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, a...)
}
