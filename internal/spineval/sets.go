package spineval

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
)

// ReadAnnotations reads "start<TAB>end<TAB>spun<TAB>original[|original…]"
// lines ('#' comments) and checks them against text.
func ReadAnnotations(r io.Reader, text string) ([]Span, error) {
	var out []Span
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("annotation line %d: want 4 fields", n)
		}
		s, err1 := strconv.Atoi(f[0])
		e, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || s < 0 || e > len(text) || s > e {
			return nil, fmt.Errorf("annotation line %d: bad offsets", n)
		}
		if text[s:e] != f[2] {
			return nil, fmt.Errorf("annotation line %d: text is %q, annotation says %q", n, text[s:e], f[2])
		}
		out = append(out, Span{Start: s, End: e, Originals: strings.Split(f[3], "|")})
	}
	return out, sc.Err()
}

// HalfOf assigns a lexicon entry to half 0 or 1 by its spun form, so a
// spun form is never in both halves.
func HalfOf(e spin.Entry) int {
	h := fnv.New32a()
	h.Write([]byte(e.Spun))
	return int(h.Sum32() % 2)
}

// SynonymHalf assigns Cilin group i of s to half 0 or 1 by its code
// (by its words when it has none), so that a group is never in both.
func SynonymHalf(s *spin.Synonyms, i int) int {
	h := fnv.New32a()
	if c := s.Code(i); c != "" {
		h.Write([]byte(c))
	} else {
		h.Write([]byte(strings.Join(s.Group(i), " ")))
	}
	return int(h.Sum32() % 2)
}

// LexiconTable turns lexicon entries into a spinner table (orig → spun).
func LexiconTable(l *spin.Lexicon) Table {
	t := Table{}
	for _, e := range l.Entries() {
		if e.Family == "gloss" {
			continue
		}
		t.Add(e.Original, e.Spun)
	}
	return t
}

// WithoutLexicon returns t without the pairs (orig → spun) that l also
// holds, and how many it left out.
func WithoutLexicon(t Table, l *spin.Lexicon) (Table, int) {
	known := map[[2]string]bool{}
	for _, e := range l.Entries() {
		known[[2]string{e.Original, e.Spun}] = true
	}
	out, n := Table{}, 0
	for o, ss := range t {
		for _, x := range ss {
			if known[[2]string{o, x}] {
				n++
				continue
			}
			out.Add(o, x)
		}
	}
	return out, n
}

// SynonymTable makes a spinner table of synonym groups (every word to
// every other word of its '=' and '#' groups).
func SynonymTable(s *spin.Synonyms) Table {
	t := Table{}
	for i := 0; i < s.Groups(); i++ {
		if s.Kind(i) == '@' {
			continue
		}
		g := s.Group(i)
		for _, a := range g {
			for _, b := range g {
				t.Add(a, b)
			}
		}
	}
	return t
}

// TrainingTable makes a spinner table for fitting the detector's
// constants without the evaluation tables: the pairs of SynonymTable,
// plus, for every word, two words of the next groups of the same
// level-3 Cilin category but another level-4 one (pairs the detector's
// candidates do not cover, as an unseen spinner's odd pairs).
func TrainingTable(s *spin.Synonyms) Table {
	t := SynonymTable(s)
	for i := 0; i < s.Groups(); i++ {
		ci := s.Code(i)
		if len(ci) < 5 {
			continue
		}
		for _, w := range s.Group(i) {
			n := 0
			for j := i + 1; j < s.Groups() && n < 2; j++ {
				cj := s.Code(j)
				if len(cj) < 5 || cj[:4] != ci[:4] {
					break
				}
				if cj[:5] == ci[:5] {
					continue
				}
				g := s.Group(j)
				x := g[len(w)%len(g)]
				if x != w {
					t.Add(w, x)
					n++
				}
			}
		}
	}
	return t
}

// SyntheticSet spins every other document (label spun) and keeps the
// rest clean (label clean).
func SyntheticSet(docs []Doc, seg *segment.Segmenter, table Table, rate float64, seed uint64) []Record {
	sp := &Spinner{Seg: seg, Table: table, Rate: rate, Stuffing: 0.15, Noise: 0.1}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []Record
	for i, d := range docs {
		if i%2 == 0 {
			text, orig, truth := sp.Spin(d.Text, rng)
			t := true
			out = append(out, Record{ID: d.ID, Text: text, Original: orig, Label: &t, Spans: truth})
		} else {
			f := false
			out = append(out, Record{ID: d.ID, Text: d.Text, Original: d.Text, Label: &f, Spans: []Span{}})
		}
	}
	return out
}
