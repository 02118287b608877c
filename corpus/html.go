package corpus

import (
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/go-analyze/charts"
)

// WriteHTML writes a self-contained HTML report of the run: the counts,
// and charts (drawn server-side as inline SVG, so the page needs no
// script and no network) of the spam-score histogram, the label counts,
// the top stuffed keywords, the top spin pairs and the boilerplate line
// types, each with its table of numbers.
func (s *Summary) WriteHTML(w io.Writer) error {
	f := s.File()
	type section struct {
		Title string
		Chart template.HTML
		Rows  []Count
		Note  string
	}
	var secs []section
	add := func(title string, rows []Count, horizontal bool, note string) error {
		sec := section{Title: title, Rows: rows, Note: note}
		if len(rows) > 0 {
			svg, err := barSVG(rows, horizontal)
			if err != nil {
				return fmt.Errorf("chart %q: %w", title, err)
			}
			sec.Chart = template.HTML(svg)
		}
		secs = append(secs, sec)
		return nil
	}
	var hist []Count
	for _, b := range f.Histogram {
		hist = append(hist, Count{fmt.Sprintf("%.2f", b.From), b.Count})
	}
	labels := mapCounts(f.Labels)
	steps := []struct {
		title string
		rows  []Count
		horiz bool
		note  string
	}{
		{"Spam-score histogram", hist, false, "documents per spam-score bin (bin start shown)"},
		{"Labels", labels, false, ""},
		{"Top stuffed keywords", f.Stuffed, true, "occurrences removed as inserted keywords"},
		{"Top spin pairs", f.SpinPairs, true, "spun word → restored word"},
		{"Boilerplate line types", f.Boilerplate, true, "template lines by the rule that found them"},
		{"Edits by kind", mapCounts(f.EditKinds), false, ""},
	}
	for _, st := range steps {
		if err := add(st.title, st.rows, st.horiz, st.note); err != nil {
			return err
		}
	}
	var sigs []Count
	for name, ss := range f.Signals {
		sigs = append(sigs, Count{name, ss.Fired})
	}
	sort.Slice(sigs, func(i, j int) bool { return sigs[i].Key < sigs[j].Key })
	if err := add("Documents each signal fired on", sigs, false, "signal score above 0"); err != nil {
		return err
	}
	return reportTmpl.Execute(w, struct {
		F        StatsFile
		Sections []section
	}{f, secs})
}

func mapCounts(m map[string]int64) []Count { return Top(m, 0) }

// barSVG draws counts as a bar chart in SVG.
func barSVG(rows []Count, horizontal bool) (string, error) {
	vals := make([]float64, len(rows))
	labels := make([]string, len(rows))
	for i, r := range rows {
		vals[i], labels[i] = float64(r.Count), r.Key
	}
	if horizontal { // largest at the top
		for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
			vals[i], vals[j] = vals[j], vals[i]
			labels[i], labels[j] = labels[j], labels[i]
		}
	}
	opt := charts.NewBarChartOptionWithData([][]float64{vals})
	opt.CategoryAxis.Labels = labels
	opt.Horizontal = horizontal
	opt.Legend.Show = charts.Ptr(false)
	h := 360
	if horizontal {
		h = max(240, 60+22*len(rows))
	}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputSVG, Width: 820, Height: h})
	if err := p.BarChart(opt); err != nil {
		return "", err
	}
	b, err := p.Bytes()
	return string(b), err
}

var reportTmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>winnow batch report</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:900px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
td.n{text-align:right}.bad{color:#b00;font-weight:bold}.ok{color:#070}section{margin-bottom:2em}
details{margin:.3em 0}
</style></head><body>
<h1>winnow batch report</h1>
<p>in {{.F.In}} = out {{.F.Out}} + dropped {{.F.Dropped}} + errors {{.F.Errors}}:
{{if .F.Balanced}}<span class="ok">every record accounted for</span>{{else}}<span class="bad">the counts do not add up</span>{{end}}</p>
<table><tr><th>documents checked</th><td class="n">{{.F.Documents}}</td></tr>
<tr><th>kept by the verdict</th><td class="n">{{.F.Kept}}</td></tr>
<tr><th>input bytes</th><td class="n">{{.F.InputBytes}}</td></tr>
<tr><th>restored bytes</th><td class="n">{{.F.Restored}}</td></tr>
<tr><th>seconds</th><td class="n">{{printf "%.1f" .F.Seconds}}</td></tr></table>
{{range .Sections}}<section><h2>{{.Title}}</h2>{{if .Note}}<p>{{.Note}}</p>{{end}}
{{if .Rows}}{{.Chart}}
<details><summary>numbers</summary><table>{{range .Rows}}<tr><td>{{.Key}}</td><td class="n">{{.Count}}</td></tr>{{end}}</table></details>
{{else}}<p>none</p>{{end}}</section>
{{end}}</body></html>
`))
