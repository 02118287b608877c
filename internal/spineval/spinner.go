package spineval

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/segment"
)

// Table maps an original word to the words a spinner may write instead.
type Table map[string][]string

// Add records orig → spun.
func (t Table) Add(orig, spun string) {
	if orig == spun || orig == "" || spun == "" {
		return
	}
	for _, s := range t[orig] {
		if s == spun {
			return
		}
	}
	t[orig] = append(t[orig], spun)
}

// Pairs is the number of orig → spun pairs.
func (t Table) Pairs() int {
	n := 0
	for _, v := range t {
		n += len(v)
	}
	return n
}

// ReadDashTable reads lines "A-B" (a spinner tool's table) in both
// directions.
func ReadDashTable(r io.Reader) (Table, error) {
	t := Table{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		a, b, ok := strings.Cut(line, "-")
		if !ok {
			continue
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if utf8.RuneCountInString(a) < 2 || utf8.RuneCountInString(b) < 2 {
			continue
		}
		t.Add(a, b)
		t.Add(b, a)
	}
	return t, sc.Err()
}

// Spinner rewrites clean text the way content farms do, for measurement.
type Spinner struct {
	Seg   *segment.Segmenter
	Table Table
	// Rate is the target number of substitutions per 100 characters.
	Rate float64
	// Stuffing inserts a keyword of the text after about this fraction
	// of sentences; Noise inserts " 。" or " ," noise into about this
	// fraction of sentences.
	Stuffing, Noise float64
}

// Spin returns the spun text, the text before spinning (stuffing and
// noise included, so that only substitutions differ), and the true spans.
func (s *Spinner) Spin(clean string, rng *rand.Rand) (spun, original string, truth []Span) {
	original = s.addNoise(clean, rng)
	toks := s.Seg.Segment(original)
	var cands []int
	for i, t := range toks {
		if t.Kind != segment.Word {
			continue
		}
		if len(s.Table[original[t.Start:t.End]]) > 0 {
			cands = append(cands, i)
		}
	}
	chars := utf8.RuneCountInString(original)
	want := s.Rate * float64(chars) / 100
	p := 1.0
	if len(cands) > 0 && want < float64(len(cands)) {
		p = want / float64(len(cands))
	}
	var b strings.Builder
	last := 0
	for _, i := range cands {
		if rng.Float64() >= p {
			continue
		}
		t := toks[i]
		w := original[t.Start:t.End]
		alts := s.Table[w]
		sp := alts[rng.IntN(len(alts))]
		b.WriteString(original[last:t.Start])
		start := b.Len()
		b.WriteString(sp)
		truth = append(truth, Span{Start: start, End: b.Len(), Originals: []string{w}})
		last = t.End
	}
	b.WriteString(original[last:])
	return b.String(), original, truth
}

func (s *Spinner) addNoise(text string, rng *rand.Rand) string {
	if s.Stuffing == 0 && s.Noise == 0 {
		return text
	}
	// A keyword: the most frequent two-character word of the text.
	kw := ""
	if s.Stuffing > 0 {
		cnt := map[string]int{}
		for _, t := range s.Seg.Segment(text) {
			if t.Kind == segment.Word && t.End-t.Start == 6 {
				cnt[text[t.Start:t.End]]++
			}
		}
		best := 0
		for w, n := range cnt {
			if n > best || n == best && w < kw {
				kw, best = w, n
			}
		}
	}
	var b strings.Builder
	for _, r := range text {
		b.WriteRune(r)
		if r == '，' || r == '。' || r == '；' {
			if kw != "" && rng.Float64() < s.Stuffing {
				b.WriteString(kw)
			}
			if rng.Float64() < s.Noise {
				if rng.IntN(2) == 0 {
					b.WriteString(" 。")
				} else {
					b.WriteString(" ,")
				}
			}
		}
	}
	return b.String()
}
