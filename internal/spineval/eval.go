package spineval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/spin"
)

// Record is one evaluation document (one JSONL line).
type Record struct {
	ID       string `json:"id,omitempty"`
	Text     string `json:"text"`
	Original string `json:"original,omitempty"`
	// Label: true for spun, false for clean, nil when unknown. In JSON:
	// true/false, 1/0, or "spun"/"spam"/"clean".
	Label *bool `json:"-"`
	// Spans, when given, are the true substitutions (with alternatives)
	// and take precedence over aligning Text with Original.
	Spans []Span `json:"spans,omitempty"`
}

type recordJSON struct {
	ID       string          `json:"id,omitempty"`
	Text     string          `json:"text"`
	Original string          `json:"original,omitempty"`
	Label    json.RawMessage `json:"label,omitempty"`
	Spans    []Span          `json:"spans,omitempty"`
}

// MarshalJSON writes the record with its label.
func (r Record) MarshalJSON() ([]byte, error) {
	j := recordJSON{ID: r.ID, Text: r.Text, Original: r.Original, Spans: r.Spans}
	if r.Label != nil {
		if *r.Label {
			j.Label = json.RawMessage(`"spun"`)
		} else {
			j.Label = json.RawMessage(`"clean"`)
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a record.
func (r *Record) UnmarshalJSON(b []byte) error {
	var j recordJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Record{ID: j.ID, Text: j.Text, Original: j.Original, Spans: j.Spans}
	if len(j.Label) > 0 && string(j.Label) != "null" {
		var v any
		if err := json.Unmarshal(j.Label, &v); err != nil {
			return err
		}
		var l bool
		switch x := v.(type) {
		case bool:
			l = x
		case float64:
			l = x != 0
		case string:
			switch strings.ToLower(x) {
			case "spun", "spam", "spin", "1", "true", "positive":
				l = true
			case "clean", "0", "false", "negative", "ham":
			default:
				return fmt.Errorf("label %q: want spun or clean", x)
			}
		default:
			return fmt.Errorf("label %s: want a boolean, 0/1 or a string", j.Label)
		}
		r.Label = &l
	}
	return nil
}

// ReadJSONL reads records, one JSON object per line.
func ReadJSONL(r io.Reader) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if !utf8.ValidString(rec.Text) {
			return nil, fmt.Errorf("line %d: text is not valid UTF-8", n)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

// WriteJSONL writes records, one per line.
func WriteJSONL(w io.Writer, recs []Record) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Report holds the figures of one evaluation.
type Report struct {
	Docs, Positives, Negatives int
	AUC                        float64
	// Flag figures at each document threshold.
	Thresholds []float64
	FlagTP     []int // positives flagged
	FlagFP     []int // negatives flagged
	// Restoration, over records with Original or Spans.
	Restoration  Score
	RestoredDocs int
	CERBefore    float64
	CERAfter     float64
	// Clean documents (label false): every edit is false.
	CleanChars, CleanEdits int
	// Characters of the records with at least one true substitution
	// (for the substitution rate).
	TruthChars int
	// Covered counts the true substitutions whose original is among the
	// detector's candidates at exactly their span (only when the
	// detector was built WithAllCandidates; Coverage says so).
	Covered  int
	Coverage bool
}

// Evaluate runs det on every record. When dump is not nil, every edit
// is written to it as a JSON line (record id, offsets, from, to,
// confidence, source, and whether it restores the original) for error
// analysis.
//
// progress, when not nil, is called as records are done with the number
// done so far.
func Evaluate(det *spin.Detector, recs []Record, thresholds []float64, dump io.Writer, progress func(done int)) *Report {
	rep := &Report{Thresholds: thresholds, FlagTP: make([]int, len(thresholds)), FlagFP: make([]int, len(thresholds))}
	var pos, neg []float64
	var errB, errA, origChars int
	for i, rec := range recs {
		if progress != nil && i > 0 {
			progress(i)
		}
		rep.Docs++
		res := det.Analyze(rec.Text, nil)
		if rec.Label != nil {
			if *rec.Label {
				rep.Positives++
				pos = append(pos, res.Score)
			} else {
				rep.Negatives++
				neg = append(neg, res.Score)
				rep.CleanChars += utf8.RuneCountInString(rec.Text)
				rep.CleanEdits += len(res.Edits)
			}
			for i, t := range thresholds {
				if res.Score >= t {
					if *rec.Label {
						rep.FlagTP[i]++
					} else {
						rep.FlagFP[i]++
					}
				}
			}
		}
		truth := rec.Spans
		original := rec.Original
		if truth == nil && original != "" {
			truth = Align(rec.Text, original)
		}
		if truth == nil && original == "" {
			continue
		}
		if original == "" {
			original = applySpans(rec.Text, truth)
		}
		edits := make([]Edit, len(res.Edits))
		for i, e := range res.Edits {
			edits[i] = Edit{Start: e.Start, End: e.End, To: e.To}
		}
		rep.Restoration.Add(ScoreEdits(rec.Text, truth, edits))
		if dump != nil {
			for k, e := range edits {
				ok := ScoreEdits(rec.Text, truth, edits[k:k+1]).Correct == 1
				s := res.Edits[k]
				line, _ := json.Marshal(map[string]any{"id": rec.ID, "start": e.Start, "end": e.End, "from": s.From, "to": e.To,
					"confidence": math.Round(s.Confidence*1000) / 1000, "source": s.Source, "gain": math.Round(s.Gain*100) / 100, "correct": ok})
				dump.Write(append(line, '\n'))
			}
		}
		if len(res.Candidates) > 0 {
			rep.Coverage = true
			type key struct {
				s, e int
				to   string
			}
			have := make(map[key]bool, len(res.Candidates))
			for _, c := range res.Candidates {
				have[key{c.Start, c.End, c.To}] = true
			}
			for _, t := range truth {
				if covered(rec.Text, t, res.Candidates, func(s, e int, to string) bool { return have[key{s, e, to}] }) {
					rep.Covered++
				}
			}
		}
		rep.RestoredDocs++
		if len(truth) > 0 {
			// The rate is over the spun documents only.
			rep.TruthChars += utf8.RuneCountInString(rec.Text)
		}
		errB += Levenshtein(rec.Text, original)
		errA += Levenshtein(Apply(rec.Text, edits), original)
		origChars += utf8.RuneCountInString(original)
	}
	if progress != nil {
		progress(len(recs))
	}
	rep.AUC = AUC(pos, neg)
	if origChars > 0 {
		rep.CERBefore = float64(errB) / float64(origChars)
		rep.CERAfter = float64(errA) / float64(origChars)
	}
	return rep
}

// applySpans restores the first original of every span.
func applySpans(text string, spans []Span) string {
	edits := make([]Edit, 0, len(spans))
	for _, s := range spans {
		if len(s.Originals) > 0 {
			edits = append(edits, Edit{Start: s.Start, End: s.End, To: s.Originals[0]})
		}
	}
	return Apply(text, edits)
}

// Write prints the report.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "documents: %d (spun %d, clean %d, unlabelled %d)\n", r.Docs, r.Positives, r.Negatives, r.Docs-r.Positives-r.Negatives)
	if r.Positives > 0 && r.Negatives > 0 {
		fmt.Fprintf(w, "detection: AUC %.4f\n", r.AUC)
	}
	if r.Positives+r.Negatives > 0 {
		for i, t := range r.Thresholds {
			tp, fp := r.FlagTP[i], r.FlagFP[i]
			prec := 1.0
			if tp+fp > 0 {
				prec = float64(tp) / float64(tp+fp)
			}
			rec := 0.0
			if r.Positives > 0 {
				rec = float64(tp) / float64(r.Positives)
			}
			fmt.Fprintf(w, "  spin score >= %.2f: flagged %d spun, %d clean; precision %.3f, recall %.3f", t, tp, fp, prec, rec)
			if r.Negatives > 0 {
				fmt.Fprintf(w, ", clean flagged %.2f%%", 100*float64(fp)/float64(r.Negatives))
			}
			fmt.Fprintln(w)
		}
	}
	if r.Negatives > 0 {
		per := 0.0
		if r.CleanChars > 0 {
			per = 10000 * float64(r.CleanEdits) / float64(r.CleanChars)
		}
		fmt.Fprintf(w, "clean text: %d edits in %d characters = %.2f false edits per 10,000 characters\n", r.CleanEdits, r.CleanChars, per)
	}
	if r.RestoredDocs > 0 {
		s := r.Restoration
		fmt.Fprintf(w, "restoration: %d documents, %d true substitutions (%.2f per 100 characters of the spun documents)\n", r.RestoredDocs, s.Spans, 100*float64(s.Spans)/float64(max(1, r.TruthChars)))
		fmt.Fprintf(w, "  edits %d, correct %d: precision %.3f; found %d of %d: recall %.3f\n", s.Edits, s.Correct, s.Precision(), s.Found, s.Spans, s.Recall())
		fmt.Fprintf(w, "  character error rate: before %.4f, after %.4f\n", r.CERBefore, r.CERAfter)
		if r.Coverage {
			fmt.Fprintf(w, "  candidate coverage: the original is a candidate at %d of %d true substitutions (%.3f)\n", r.Covered, s.Spans, float64(r.Covered)/float64(max(1, s.Spans)))
		}
	}
}

// covered reports whether a candidate restores the true substitution t:
// one at t's span with an original, or one whose span holds t's and
// reads as the text there with t undone (办理层 → 管理层 for 办 → 管, an
// alignment that kept only the changed character). exact tells whether a
// candidate (start, end, to) exists.
func covered(text string, t Span, cands []spin.Site, exact func(s, e int, to string) bool) bool {
	for _, o := range t.Originals {
		if exact(t.Start, t.End, o) {
			return true
		}
	}
	for _, c := range cands {
		if c.Start > t.Start || c.End < t.End || c.End-c.Start == t.End-t.Start {
			continue
		}
		for _, o := range t.Originals {
			if text[c.Start:t.Start]+o+text[t.End:c.End] == c.To {
				return true
			}
		}
	}
	return false
}
