// Package spineval measures spin detection and restoration: it aligns a
// text with its original, scores edits against the alignment or against
// explicit annotations, computes detection AUC and character error rates,
// and (for measurement only) spins clean text synthetically. It is used by
// `winnow eval` and by tests; it is not a user-facing spinner.
package spineval

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Span is one true substitution: Text[Start:End] was spun from one of
// Originals.
type Span struct {
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Originals []string `json:"originals"`
}

// Edit is a proposed reversion of Text[Start:End] to To.
type Edit struct {
	Start, End int
	To         string
}

// Align returns the spans where text differs from original (a rune-level
// longest-common-subsequence diff), each with the original's replacement.
func Align(text, original string) []Span {
	a := []rune(text)
	b := []rune(original)
	// Trim the common prefix and suffix.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	sa, sb := len(a), len(b)
	for sa > p && sb > p && a[sa-1] == b[sb-1] {
		sa--
		sb--
	}
	ma, mb := a[p:sa], b[p:sb]
	n, m := len(ma), len(mb)
	// Byte offsets of runes in text.
	off := make([]int, len(a)+1)
	o := 0
	for i, r := range a {
		off[i] = o
		o += utf8.RuneLen(r)
	}
	off[len(a)] = o
	var spans []Span
	if n == 0 && m == 0 {
		return nil
	}
	if n*m > 64<<20 || n == 0 || m == 0 {
		return []Span{{Start: off[p], End: off[sa], Originals: []string{string(mb)}}}
	}
	// LCS lengths, row by row, keeping a direction table.
	dir := make([]uint8, (n+1)*(m+1))
	prev := make([]int32, m+1)
	cur := make([]int32, m+1)
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			switch {
			case ma[i-1] == mb[j-1]:
				cur[j] = prev[j-1] + 1
				dir[i*(m+1)+j] = 0
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
				dir[i*(m+1)+j] = 1 // delete from text
			default:
				cur[j] = cur[j-1]
				dir[i*(m+1)+j] = 2 // insert from original
			}
		}
		prev, cur = cur, prev
	}
	// Backtrack into ops.
	type op struct {
		k    uint8
		i, j int
	}
	var ops []op
	i, j := n, m
	for i > 0 || j > 0 {
		switch {
		case i > 0 && j > 0 && dir[i*(m+1)+j] == 0 && ma[i-1] == mb[j-1]:
			ops = append(ops, op{0, i - 1, j - 1})
			i--
			j--
		case j == 0 || (i > 0 && dir[i*(m+1)+j] == 1):
			ops = append(ops, op{1, i - 1, j})
			i--
		default:
			ops = append(ops, op{2, i, j - 1})
			j--
		}
	}
	for l, r := 0, len(ops)-1; l < r; l, r = l+1, r-1 {
		ops[l], ops[r] = ops[r], ops[l]
	}
	// Group consecutive non-equal ops into hunks.
	for k := 0; k < len(ops); {
		if ops[k].k == 0 {
			k++
			continue
		}
		ti := -1
		var repl []rune
		ts, te := -1, -1
		for ; k < len(ops) && ops[k].k != 0; k++ {
			switch ops[k].k {
			case 1:
				if ts < 0 {
					ts = ops[k].i
				}
				te = ops[k].i + 1
			case 2:
				repl = append(repl, mb[ops[k].j])
				if ti < 0 {
					ti = ops[k].i
				}
			}
		}
		if ts < 0 {
			ts, te = ti, ti
		}
		spans = append(spans, Span{Start: off[p+ts], End: off[p+te], Originals: []string{string(repl)}})
	}
	return spans
}

// Score counts edits against true spans: an edit is correct when it
// covers one or more true spans completely, overlaps no other span
// partially, and its replacement equals the text with those spans
// restored (any of their originals). A span is found when a correct
// edit covers it.
type Score struct {
	Edits, Correct int // proposed edits, correct ones
	Spans, Found   int // true spans, found ones
}

// Precision is Correct/Edits (1 with no edits).
func (s Score) Precision() float64 {
	if s.Edits == 0 {
		return 1
	}
	return float64(s.Correct) / float64(s.Edits)
}

// Recall is Found/Spans (1 with no spans).
func (s Score) Recall() float64 {
	if s.Spans == 0 {
		return 1
	}
	return float64(s.Found) / float64(s.Spans)
}

// Add accumulates another score.
func (s *Score) Add(o Score) {
	s.Edits += o.Edits
	s.Correct += o.Correct
	s.Spans += o.Spans
	s.Found += o.Found
}

// ScoreEdits scores edits on text against the true spans.
func ScoreEdits(text string, truth []Span, edits []Edit) Score {
	sort.Slice(truth, func(i, j int) bool { return truth[i].Start < truth[j].Start })
	sc := Score{Edits: len(edits), Spans: len(truth)}
	found := make([]bool, len(truth))
	for _, e := range edits {
		var inside []int
		ok := true
		for k, t := range truth {
			if t.End <= e.Start && !(t.Start == t.End && t.Start == e.Start) {
				continue
			}
			if t.Start >= e.End && !(t.Start == t.End && t.Start == e.End) {
				break
			}
			if t.Start >= e.Start && t.End <= e.End {
				inside = append(inside, k)
			} else {
				ok = false
			}
		}
		if !ok || len(inside) == 0 {
			continue
		}
		if matches(text, e, truth, inside, 0, e.Start, "") {
			sc.Correct++
			for _, k := range inside {
				found[k] = true
			}
		}
	}
	for _, f := range found {
		if f {
			sc.Found++
		}
	}
	return sc
}

// matches tries every combination of originals for the spans inside e.
func matches(text string, e Edit, truth []Span, inside []int, k, pos int, acc string) bool {
	if k == len(inside) {
		return acc+text[pos:e.End] == e.To
	}
	t := truth[inside[k]]
	pre := acc + text[pos:t.Start]
	if !strings.HasPrefix(e.To, pre) {
		return false
	}
	for _, o := range t.Originals {
		if matches(text, e, truth, inside, k+1, t.End, pre+o) {
			return true
		}
	}
	return false
}

// Levenshtein is the rune edit distance between a and b.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Apply replaces the edits (sorted, non-overlapping) in text.
func Apply(text string, edits []Edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	var b strings.Builder
	p := 0
	for _, e := range edits {
		if e.Start < p {
			continue
		}
		b.WriteString(text[p:e.Start])
		b.WriteString(e.To)
		p = e.End
	}
	b.WriteString(text[p:])
	return b.String()
}

// AUC is the area under the ROC curve of scores for positives vs
// negatives (ties count one half).
func AUC(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	type sv struct {
		s float64
		p bool
	}
	all := make([]sv, 0, len(pos)+len(neg))
	for _, s := range pos {
		all = append(all, sv{s, true})
	}
	for _, s := range neg {
		all = append(all, sv{s, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s < all[j].s })
	// Rank sum with average ranks for ties.
	rankSum := 0.0
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].s == all[i].s {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks are 1-based: (i+1 .. j)
		for k := i; k < j; k++ {
			if all[k].p {
				rankSum += avg
			}
		}
		i = j
	}
	np, nn := float64(len(pos)), float64(len(neg))
	return (rankSum - np*(np+1)/2) / (np * nn)
}
