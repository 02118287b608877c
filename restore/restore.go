// Package restore turns a Document's edits into the restored article.
//
// It takes the edits the detectors proposed, in any order and possibly
// overlapping, and gives them sorted by offset and non-overlapping
// (Resolve), and the input with those edits applied (Apply). When two
// edits overlap, the one of the stronger kind wins (boilerplate, then
// stuffing, spin, punct), then the more confident, then the earlier.
package restore

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
)

func rank(k document.Kind) int {
	switch k {
	case document.KindBoilerplate:
		return 4
	case document.KindStuffing:
		return 3
	case document.KindSpin:
		return 2
	case document.KindPunct:
		return 1
	}
	return 0
}

// valid reports whether e lies inside text on UTF-8 boundaries and From
// matches the text it replaces.
func valid(text string, e document.Edit) bool {
	if e.Start < 0 || e.End > len(text) || e.Start > e.End {
		return false
	}
	if e.Start < len(text) && !utf8.RuneStart(text[e.Start]) || e.End < len(text) && !utf8.RuneStart(text[e.End]) {
		return false
	}
	return text[e.Start:e.End] == e.From && e.From != e.To
}

func overlap(a, b document.Edit) bool {
	if a.Start < b.End && b.Start < a.End {
		return true
	}
	// An insertion clashes with any edit starting at the same point.
	return a.Start == b.Start && (a.Start == a.End || b.Start == b.End)
}

// Resolve returns the edits of d that apply, sorted by Start and
// non-overlapping. Invalid edits (out of range, off a UTF-8 boundary, no
// change) are dropped.
func Resolve(text string, edits []document.Edit) []document.Edit {
	cand := make([]document.Edit, 0, len(edits))
	for _, e := range edits {
		if valid(text, e) {
			cand = append(cand, e)
		}
	}
	// Choose greedily by strength, then lay out by position.
	sort.SliceStable(cand, func(i, j int) bool {
		a, b := cand[i], cand[j]
		if rank(a.Kind) != rank(b.Kind) {
			return rank(a.Kind) > rank(b.Kind)
		}
		if a.Confidence != b.Confidence {
			return a.Confidence > b.Confidence
		}
		return a.Start < b.Start
	})
	var chosen []document.Edit
	for _, e := range cand {
		// chosen is kept sorted by Start; check neighbours only.
		k := sort.Search(len(chosen), func(i int) bool { return chosen[i].Start >= e.Start })
		if k > 0 && overlap(chosen[k-1], e) || k < len(chosen) && overlap(chosen[k], e) {
			continue
		}
		chosen = append(chosen, document.Edit{})
		copy(chosen[k+1:], chosen[k:])
		chosen[k] = e
	}
	if chosen == nil {
		chosen = []document.Edit{}
	}
	return chosen
}

// Apply applies sorted, non-overlapping edits (as Resolve returns them)
// to text.
func Apply(text string, edits []document.Edit) string {
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, e := range edits {
		if e.Start < at {
			continue // not resolved; skip rather than corrupt
		}
		b.WriteString(text[at:e.Start])
		b.WriteString(e.To)
		at = e.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// ApplySpan returns text[start:end] with the edits that lie inside the
// span applied (edits sorted and non-overlapping, as Resolve returns).
func ApplySpan(text string, edits []document.Edit, start, end int) string {
	i := sort.Search(len(edits), func(i int) bool { return edits[i].Start >= start })
	var b strings.Builder
	at := start
	for ; i < len(edits) && edits[i].End <= end; i++ {
		e := edits[i]
		if e.Start < at {
			continue
		}
		b.WriteString(text[at:e.Start])
		b.WriteString(e.To)
		at = e.End
	}
	b.WriteString(text[at:end])
	return b.String()
}
