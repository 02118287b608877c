// Package punct finds punctuation noise in Chinese text and restores
// standard full-width punctuation: spaces before punctuation, half-width
// marks inside Chinese text, doubled or stray marks (。”。), and full stops
// inserted into headings and words (安全与。本钱的。, Open 。AI).
//
// It takes a Document whose lines are labelled (packages lines and
// boiler) and gives punct edits on the kept lines and the signal "punct".
// Boilerplate lines are left alone: they are removed whole.
package punct

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
)

// Name is the detector's signal name.
const Name = "punct"

// Config holds the detector's thresholds.
type Config struct {
	// RatePerHundred is the number of noise marks per 100 Han characters
	// at which the signal's score reaches 1 (clean news and Wikipedia
	// text: below 0.05; the seed page: above 2).
	RatePerHundred float64 `json:"rate_per_hundred" yaml:"rate_per_hundred"`
	// A document is noisy, and its marks are edited, when at least
	// MinSpaced marks are set apart by a space from the word before them
	// ("意外 。", "乔布斯 ,") at SpacedPerHundred or more per 100 Han
	// characters, or when MinSplit full stops split words or headings or
	// follow a closed quotation.
	MinSpaced        int     `json:"min_spaced" yaml:"min_spaced"`
	SpacedPerHundred float64 `json:"spaced_per_hundred" yaml:"spaced_per_hundred"`
	MinSplit         int     `json:"min_split" yaml:"min_split"`
	// Or when at least MinMixed spaced, doubled, stray or splitting
	// marks of two or more kinds occur at MixedPerHundred or more per
	// 100 Han characters.
	MinMixed        int     `json:"min_mixed" yaml:"min_mixed"`
	MixedPerHundred float64 `json:"mixed_per_hundred" yaml:"mixed_per_hundred"`
}

// DefaultConfig is the calibrated configuration.
func DefaultConfig() Config {
	return Config{RatePerHundred: 1.5, MinSpaced: 5, SpacedPerHundred: 1.0, MinSplit: 3, MinMixed: 4, MixedPerHundred: 0.3}
}

// Detector is the punctuation-noise detector.
type Detector struct {
	cfg  Config
	pool sync.Pool // of *[]pos, one line's characters
}

// New returns a detector with cfg.
func New(cfg Config) *Detector {
	def := DefaultConfig()
	if cfg.RatePerHundred <= 0 {
		cfg.RatePerHundred = def.RatePerHundred
	}
	if cfg.MinSpaced <= 0 {
		cfg.MinSpaced = def.MinSpaced
	}
	if cfg.SpacedPerHundred <= 0 {
		cfg.SpacedPerHundred = def.SpacedPerHundred
	}
	if cfg.MinSplit <= 0 {
		cfg.MinSplit = def.MinSplit
	}
	if cfg.MinMixed <= 0 {
		cfg.MinMixed = def.MinMixed
	}
	if cfg.MixedPerHundred <= 0 {
		cfg.MixedPerHundred = def.MixedPerHundred
	}
	det := &Detector{cfg: cfg}
	det.pool.New = func() any { return new([]pos) }
	return det
}

// Name implements document.Detector.
func (*Detector) Name() string { return Name }

// fullWidth returns the full-width form of a half-width mark that has
// one (,:;?!.), else "".
func fullWidth(r rune) string {
	switch r {
	case ',':
		return "，"
	case ':':
		return "："
	case ';':
		return "；"
	case '?':
		return "？"
	case '!':
		return "！"
	case '.':
		return "。"
	}
	return ""
}

// The kinds of marks counted, in the order of the signal's reason.
const (
	kindSpaceBefore = iota
	kindSpaceAfter
	kindHalfWidth
	kindStray
	kindDoubled
	kindSplit
	kindSpaced // set apart by a space (not itself an edit)
	nKinds
)

var kindNames = [nKinds]string{"space_before", "space_after", "half_width", "stray", "doubled", "split", "spaced"}

// maxPooled is the longest line buffer (in characters) kept for the next
// document; a longer one goes to the garbage collector.
const maxPooled = 1 << 16

// tally counts marks by kind.
type tally [nKinds]int

type pos struct {
	r   rune
	off int
}

// Detect implements document.Detector.
func (det *Detector) Detect(ctx context.Context, d *document.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var counts tally
	var edits []document.Edit
	han := 0
	longest := 0
	for _, l := range d.Lines {
		longest = max(longest, l.End-l.Start)
	}
	buf := det.pool.Get().(*[]pos)
	rs := slices.Grow((*buf)[:0], longest) // at most one rune per byte
	for _, l := range d.Lines {
		if !l.Kept() {
			continue
		}
		s := d.LineText(l)
		rs = rs[:0]
		for i, r := range s {
			rs = append(rs, pos{r, l.Start + i})
			if isHan(r) {
				han++
			}
		}
		edits = scanLine(edits, rs, l.End, l.Label, &counts)
	}
	if cap(rs) <= maxPooled {
		*buf = rs
		det.pool.Put(buf)
	}
	edits = merge(edits)
	marks := 0
	for k, c := range counts {
		if k != kindSpaced {
			marks += c
		}
	}
	// Authors have their own habits (half-width commas, a space after a
	// full stop); noise is marks set apart by spaces, or stops inside
	// words and headings, at a density no author types.
	spacedRate := 0.0
	if han > 0 {
		spacedRate = 100 * float64(counts[kindSpaced]) / float64(han)
	}
	// Spinners' noise also mixes kinds: a few spaced marks with doubled
	// and stray ones, where an author with a habit repeats one kind.
	mixed, kinds := 0, 0
	for _, k := range []int{kindSpaced, kindDoubled, kindStray, kindSplit} {
		if counts[k] > 0 {
			mixed += counts[k]
			kinds++
		}
	}
	noisy := counts[kindSpaced] >= det.cfg.MinSpaced && spacedRate >= det.cfg.SpacedPerHundred ||
		counts[kindSplit]+counts[kindStray] >= det.cfg.MinSplit ||
		kinds >= 2 && mixed >= det.cfg.MinMixed && han > 0 && 100*float64(mixed)/float64(han) >= det.cfg.MixedPerHundred
	sig := document.Signal{Counts: make(map[string]int, nKinds+1)}
	for k, c := range counts {
		if c > 0 {
			sig.Counts[kindNames[k]] = c
		}
	}
	if noisy {
		for _, e := range edits {
			d.AddEdit(e)
		}
		sig.Counts["edits"] = len(edits)
	} else {
		sig.Counts["edits"] = 0
	}
	if han > 0 {
		rate := 100 * float64(marks) / float64(han)
		if noisy {
			sig.Score = min(1, rate/det.cfg.RatePerHundred)
		}
		sig.Detail = struct {
			Rate   float64 `json:"per_100_han"`
			Spaced float64 `json:"spaced_per_100_han"`
			Noisy  bool    `json:"noisy"`
		}{round(rate), round(spacedRate), noisy}
	}
	if noisy && marks > 0 {
		var parts []string
		for k := range kindSpaced {
			if counts[k] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[k], strings.ReplaceAll(kindNames[k], "_", " ")))
			}
		}
		sig.Reasons = []string{fmt.Sprintf("punctuation noise: %d mark(s) out of place (%s)", marks, strings.Join(parts, ", "))}
	}
	d.SetSignal(Name, sig)
	return nil
}

// isHan is unicode.Is(unicode.Han, r), with the CJK Unified Ideographs
// block (all Han) and everything below the CJK radicals decided without
// the table.
func isHan(r rune) bool {
	if r >= 0x4e00 && r <= 0x9fff {
		return true
	}
	if r < 0x2e80 {
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// closers never take a space before them in Chinese text:
// ，。、：；！？）》」』”’】
func isCloser(r rune) bool {
	switch r {
	case '，', '。', '、', '：', '；', '！', '？', '）', '》', '」', '』', '”', '’', '】':
		return true
	}
	return false
}

// isFullPunct is any full-width Chinese punctuation mark: the closers and
// （《「『“‘【…—·
func isFullPunct(r rune) bool {
	switch r {
	case '（', '《', '「', '『', '“', '‘', '【', '…', '—', '·':
		return true
	}
	return isCloser(r)
}

func isChinese(r rune) bool { return isHan(r) || isFullPunct(r) }

func isSpace(r rune) bool { return r != '\n' && lines.IsSpace(r) }

func isASCIIAlnum(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isSentenceEnd(r rune) bool { return r == '。' || r == '！' || r == '？' || r == '…' }

// scanLine appends the noise edits of one line (runes with input offsets,
// end = the line's end offset).
func scanLine(edits []document.Edit, rs []pos, end int, label document.Label, counts *tally) []document.Edit {
	n := len(rs)
	off := func(i int) int {
		if i >= n {
			return end
		}
		return rs[i].off
	}
	at := func(i int) rune {
		if i < 0 || i >= n {
			return 0
		}
		return rs[i].r
	}
	skip := func(i int) int { // first non-space index at or after i
		for i < n && isSpace(rs[i].r) {
			i++
		}
		return i
	}
	back := func(i int) int { // last non-space index at or before i
		for i >= 0 && isSpace(rs[i].r) {
			i--
		}
		return i
	}
	add := func(from, to int, repl string, kind int, reason string, conf float64) {
		edits = append(edits, document.Edit{Start: off(from), End: off(to), Kind: document.KindPunct, To: repl, Confidence: conf, Reason: reason})
		counts[kind]++
	}
	noStops := label == document.LabelTitle || label == document.LabelMeta || label == document.LabelHeading
	for i := 0; i < n; {
		r := rs[i].r
		switch {
		case isSpace(r):
			j := skip(i)
			if i == 0 || j >= n {
				i = j // leading/trailing space is layout, not noise
				continue
			}
			L, R := at(i-1), at(j)
			if (isChinese(L) || isASCIIAlnum(L)) && !isFullPunct(L) && (isCloser(R) || fullWidth(R) != "") {
				counts[kindSpaced]++
			}
			if fw := fullWidth(R); fw != "" && convertible(rs, j) {
				k := skip(j + 1)
				if k >= n && R == '.' {
					k = j + 1
				}
				add(i, k, fw, kindHalfWidth, fmt.Sprintf("half-width %q with spaces in Chinese text", string(R)), 0.9)
				i = k
				continue
			}
			if R == '。' && isASCIIAlnum(L) && isASCIIAlnum(at(j+1)) {
				add(i, j+1, "", kindSplit, "full stop splitting a Latin word", 0.9)
				i = j + 1
				continue
			}
			if R == '。' && (L == '”' || L == '’') && isSentenceEnd(at(back(i-2))) {
				add(i, j+1, "", kindStray, "stray full stop after a quotation that already ends a sentence", 0.9)
				i = j + 1
				continue
			}
			if R == '。' && noStops {
				add(i, j+1, "", kindSplit, "full stop inside a "+string(label), 0.85)
				i = j + 1
				continue
			}
			if isCloser(R) {
				add(i, j, "", kindSpaceBefore, "space before "+string(R), 0.95)
				i = j
				continue
			}
			if isFullPunct(L) && L != '·' && L != '—' && L != '…' && (isChinese(R) || isASCIIAlnum(R)) {
				add(i, j, "", kindSpaceAfter, "space after "+string(L), 0.9)
				i = j
				continue
			}
			i = j
		case fullWidth(r) != "" && convertible(rs, i) && !(isASCIIAlnum(at(i-1)) && isSpace(at(i+1))):
			// ("world! 然后": an English mark followed by a space stays.)
			k := skip(i + 1)
			if k >= n {
				k = i + 1
			}
			add(i, k, fullWidth(r), kindHalfWidth, fmt.Sprintf("half-width %q in Chinese text", string(r)), 0.85)
			i = k
		case r == '。':
			p := at(i - 1)
			switch {
			case (p == '”' || p == '’') && isSentenceEnd(at(i-2)):
				add(i, i+1, "", kindStray, "stray full stop after a quotation that already ends a sentence", 0.9)
			case p == '。' && at(i+1) != '。' && at(i-2) != '。':
				add(i, i+1, "", kindDoubled, "doubled full stop", 0.9)
			case isASCIIAlnum(p) && isASCIIAlnum(at(i+1)):
				add(i, i+1, "", kindSplit, "full stop splitting a Latin word", 0.9)
			case noStops:
				add(i, i+1, "", kindSplit, "full stop inside a "+string(label), 0.85)
			}
			i++
		case r == '，' && at(i-1) == '，':
			add(i, i+1, "", kindDoubled, "doubled comma", 0.9)
			i++
		default:
			i++
		}
	}
	return edits
}

// convertible reports whether the half-width mark at i sits in Chinese
// text: a Han character or Chinese mark on either side (spaces skipped),
// and not inside a number, time, URL or ellipsis.
func convertible(rs []pos, i int) bool {
	n := len(rs)
	r := rs[i].r
	l := i - 1
	for l >= 0 && isSpace(rs[l].r) {
		l--
	}
	k := i + 1
	for k < n && isSpace(rs[k].r) {
		k++
	}
	var L, R rune
	if l >= 0 {
		L = rs[l].r
	}
	if k < n {
		R = rs[k].r
	}
	if L == 0 {
		return false
	}
	if strings.ContainsRune(".,:;?!", L) || strings.ContainsRune(".,:;?!/", R) {
		return false // ellipsis, "?!", URL
	}
	if unicode.IsDigit(L) && unicode.IsDigit(R) {
		return false // 1,000 3:30 3.5
	}
	switch r {
	case '.':
		// Only a sentence end: after Han, before the line end or Han.
		return isHan(L) && (R == 0 || isHan(R))
	case ':':
		if R == '/' {
			return false
		}
	}
	return isChinese(L) || isChinese(R)
}

// merge joins adjacent punct edits into one.
func merge(es []document.Edit) []document.Edit {
	out := es[:0]
	for _, e := range es {
		if k := len(out) - 1; k >= 0 && out[k].End == e.Start {
			out[k].End = e.End
			out[k].To += e.To
			if !strings.Contains(out[k].Reason, e.Reason) {
				out[k].Reason += "; " + e.Reason
			}
			out[k].Confidence = min(out[k].Confidence, e.Confidence)
			continue
		}
		out = append(out, e)
	}
	return out
}

func round(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
