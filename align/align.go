// Package align lines up a source text and a copy of it word by word and
// lists what the copy changed.
//
// It takes the source, the copy and the source's word spans (from package
// segment; nil means every character is a word) and gives Ops: each
// substitution (the copy's words → the source's words, e.g. a spun word →
// the original), insertion and deletion, with byte offsets into both
// texts. Characters are aligned first (a shortest edit script, Myers'
// algorithm, over the characters that are not white space, after folding
// full-width ASCII and case), then every source word that lost or gained a
// character is taken whole, so a substitution is always a whole word of
// the source (or a run of adjacent words) however the copy's characters
// happen to overlap it: 显著 → 明显 is one substitution, not an insertion
// of 明 and a deletion of 著.
package align

import (
	"errors"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/segment"
)

// Span is a byte range [Start, End).
type Span struct{ Start, End int }

// Kind is what an Op did.
type Kind uint8

// Kinds of Op.
const (
	Substitute Kind = iota + 1 // source words replaced in the copy
	Insert                     // text only in the copy
	Delete                     // text only in the source
)

func (k Kind) String() string {
	switch k {
	case Substitute:
		return "substitute"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for _, c := range []Kind{Substitute, Insert, Delete} {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("align: unknown op kind %q", b)
}

// Op is one difference: Source[Source.Start:Source.End] (Original) became
// Copy[Copy.Start:Copy.End] (Changed) in the copy.
type Op struct {
	Kind     Kind   `json:"kind"`
	Source   Span   `json:"source"`
	Copy     Span   `json:"copy"`
	Original string `json:"original"`
	Changed  string `json:"changed"`
}

// MaxEdits bounds the alignment's work: texts whose shortest edit script
// is longer (in characters inserted plus deleted) are not aligned.
const MaxEdits = 4000

// ErrTooDifferent is returned when the texts need more than MaxEdits
// edits to align.
var ErrTooDifferent = errors.New("align: texts too different to align")

// Words returns the spans of the tokens that are words, Latin text or
// numbers (not punctuation, space or symbols).
func Words(toks []segment.Token) []Span {
	out := make([]Span, 0, len(toks))
	for _, t := range toks {
		switch t.Kind {
		case segment.Punct, segment.Space, segment.Symbol:
			continue
		}
		out = append(out, Span{t.Start, t.End})
	}
	return out
}

// char is one aligned character: its folded rune and its byte span.
type char struct {
	r          rune
	start, end int
}

func chars(s string) []char {
	out := make([]char, 0, len(s)/3+1)
	for i, r := range s {
		if unicode.IsSpace(r) || r == utf8.RuneError {
			continue
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		out = append(out, char{unicode.ToLower(r), i, i + utf8.RuneLen(r)})
	}
	// RuneLen of a folded rune may differ from the input's: fix ends.
	for k := range out {
		_, n := utf8.DecodeRuneInString(s[out[k].start:])
		out[k].end = out[k].start + n
	}
	return out
}

// Diff aligns copy with source. words are the source's word spans
// (sorted, not overlapping; characters outside them are words of their
// own); nil makes every character a word. Ops come in text order.
func Diff(source, copy string, words []Span) ([]Op, error) {
	a, b := chars(source), chars(copy)
	match, err := myers(a, b)
	if err != nil {
		return nil, err
	}
	// word id of each source character.
	wid := make([]int, len(a))
	{
		w, next := 0, len(words)
		for i, c := range a {
			for w < len(words) && words[w].End <= c.start {
				w++
			}
			if w < len(words) && words[w].Start <= c.start && c.end <= words[w].End {
				wid[i] = w
			} else {
				wid[i] = next
				next++
			}
		}
	}
	// A source word is touched when one of its characters is unmatched
	// or a copy character was inserted between two of its characters.
	touched := map[int]bool{}
	for i := range a {
		if match[i] < 0 {
			touched[wid[i]] = true
		}
		if i > 0 && wid[i] == wid[i-1] && match[i] >= 0 && match[i-1] >= 0 && match[i] != match[i-1]+1 {
			touched[wid[i]] = true
		}
	}
	var ops []Op
	prevJ := 0 // copy characters before prevJ are accounted for
	for i := 0; i < len(a); {
		if !touched[wid[i]] {
			// Insertions before this matched character.
			if match[i] > prevJ {
				pos := a[i].start
				ops = append(ops, op(Insert, source, copy, Span{pos, pos}, b, prevJ, match[i]))
			}
			prevJ = match[i] + 1
			i++
			continue
		}
		// A region of touched words, adjacent in the character sequence.
		i1 := i
		for i1 < len(a) && touched[wid[i1]] {
			i1++
		}
		j1 := len(b)
		for k := i1; k < len(a); k++ {
			if match[k] >= 0 {
				j1 = match[k]
				break
			}
		}
		src := Span{a[i].start, a[i1-1].end}
		kind := Substitute
		if prevJ >= j1 {
			kind = Delete
			j1 = prevJ
		}
		ops = append(ops, trim(op(kind, source, copy, src, b, prevJ, j1), source, copy))
		prevJ = j1
		i = i1
	}
	if prevJ < len(b) {
		pos := 0
		if len(a) > 0 {
			pos = a[len(a)-1].end
		}
		ops = append(ops, op(Insert, source, copy, Span{pos, pos}, b, prevJ, len(b)))
	}
	return ops, nil
}

func op(k Kind, source, copy string, src Span, b []char, j0, j1 int) Op {
	o := Op{Kind: k, Source: src, Original: source[src.Start:src.End]}
	if j0 < j1 {
		o.Copy = Span{b[j0].start, b[j1-1].end}
	} else {
		p := len(copy)
		if j0 < len(b) {
			p = b[j0].start
		}
		o.Copy = Span{p, p}
	}
	o.Changed = copy[o.Copy.Start:o.Copy.End]
	return o
}

// trim drops characters that are neither letters nor digits (punctuation
// noise) from both ends of both sides of a substitution, so a comma turned
// into a full stop next to a spun word does not become part of it. A
// substitution of punctuation only is left as it is.
func trim(o Op, source, copy string) Op {
	if o.Kind != Substitute {
		return o
	}
	s, c := trimSpan(source, o.Source), trimSpan(copy, o.Copy)
	switch {
	case s.Start == s.End && c.Start == c.End:
		return o
	case s.Start == s.End:
		o.Kind = Insert
	case c.Start == c.End:
		o.Kind = Delete
	}
	o.Source, o.Copy = s, c
	o.Original, o.Changed = source[s.Start:s.End], copy[c.Start:c.End]
	return o
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func trimSpan(text string, sp Span) Span {
	for sp.Start < sp.End {
		r, n := utf8.DecodeRuneInString(text[sp.Start:sp.End])
		if isWordRune(r) {
			break
		}
		sp.Start += n
	}
	for sp.End > sp.Start {
		r, n := utf8.DecodeLastRuneInString(text[sp.Start:sp.End])
		if isWordRune(r) {
			break
		}
		sp.End -= n
	}
	return sp
}

// myers returns, for each character of a, the index of the character of
// b it is matched with, or -1.
func myers(a, b []char) ([]int, error) {
	match := make([]int, len(a))
	for i := range match {
		match[i] = -1
	}
	// Common prefix and suffix first.
	p := 0
	for p < len(a) && p < len(b) && a[p].r == b[p].r {
		match[p] = p
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s].r == b[len(b)-1-s].r {
		match[len(a)-1-s] = len(b) - 1 - s
		s++
	}
	A, B := a[p:len(a)-s], b[p:len(b)-s]
	n, m := len(A), len(B)
	if n == 0 || m == 0 {
		return match, nil
	}
	max := n + m
	if max > MaxEdits {
		max = MaxEdits
	}
	off := max + 1
	v := make([]int32, 2*max+3)
	var trace [][]int32
	found := -1
	for d := 0; d <= max; d++ {
		snap := make([]int32, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && A[x].r == B[y].r {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = d
				break
			}
		}
		if found >= 0 {
			break
		}
	}
	if found < 0 {
		return nil, fmt.Errorf("%w (more than %d edits)", ErrTooDifferent, max)
	}
	// Backtrack: trace[d] holds v before round d, for diagonals -d..d.
	get := func(d, k int) int {
		if k < -d || k > d {
			return -1
		}
		return int(trace[d][k+d])
	}
	x, y := n, m
	for d := found; d > 0; d-- {
		k := x - y
		var pk int
		if k == -d || (k != d && get(d, k-1) < get(d, k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(d, pk)
		py := px - pk
		// Snake from (mid) to (x, y).
		var mx, my int
		if pk == k+1 {
			mx, my = px, py+1
		} else {
			mx, my = px+1, py
		}
		for x > mx && y > my {
			x--
			y--
			match[p+x] = p + y
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		match[p+x] = p + y
	}
	return match, nil
}

// SortOps orders ops by source then copy offset.
func SortOps(ops []Op) {
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].Source.Start != ops[j].Source.Start {
			return ops[i].Source.Start < ops[j].Source.Start
		}
		return ops[i].Copy.Start < ops[j].Copy.Start
	})
}

// Split divides each substitution that covers several source words into
// one substitution per word when the copy's side covers as many copy
// words (a spinner swaps word for word, so two adjacent spun words are
// two substitutions, not one). sourceWords and copyWords are the word
// spans of the two texts, sorted.
func Split(ops []Op, source, copy string, sourceWords, copyWords []Span) []Op {
	out := make([]Op, 0, len(ops))
	for _, o := range ops {
		if o.Kind != Substitute {
			out = append(out, o)
			continue
		}
		sw, cw := within(source, sourceWords, o.Source), within(copy, copyWords, o.Copy)
		if len(sw) < 2 || len(sw) != len(cw) {
			out = append(out, o)
			continue
		}
		for i := range sw {
			out = append(out, Op{Kind: Substitute, Source: sw[i], Copy: cw[i],
				Original: source[sw[i].Start:sw[i].End], Changed: copy[cw[i].Start:cw[i].End]})
		}
	}
	return out
}

// within returns the words inside s, or nil unless they cover every
// letter and digit of it (gaps of punctuation and space allowed) and
// nothing outside it.
func within(text string, words []Span, s Span) []Span {
	i := sort.Search(len(words), func(i int) bool { return words[i].End > s.Start })
	var out []Span
	pos := s.Start
	for ; i < len(words) && words[i].Start < s.End; i++ {
		w := words[i]
		if w.Start < pos || w.End > s.End || !gap(text[pos:w.Start]) {
			return nil
		}
		out = append(out, w)
		pos = w.End
	}
	if !gap(text[pos:s.End]) {
		return nil
	}
	return out
}

func gap(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return false
		}
	}
	return true
}
