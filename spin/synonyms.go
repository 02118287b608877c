package spin

import (
	"bufio"
	_ "embed"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Synonyms is a set of synonym groups: words in one group may replace one
// another. winnow ships a compact form of HIT Cilin Extended (via HanLP,
// Apache-2.0; see data/SOURCE-cilin.md) with the category codes kept:
// '=' groups (synonyms), '#' groups (related words of one kind) and '@'
// lines (a word alone in its category), words of two to four characters.
// Words of groups that share a category down to the fourth level of the
// code (Aa01A) are near neighbours: a spinner's table often pairs them.
type Synonyms struct {
	groups [][]string
	kinds  []byte             // '=', '#' or '@' per group ('=' without a code)
	codes  []string           // category code per group, without the kind ("" without a code)
	of     map[string][]int32 // word → groups containing it
	class  map[string][]int32 // level-4 code → groups
}

// ParseSynonyms reads one group per line, words separated by spaces;
// '#' comments are ignored. A leading Cilin code ("Aa01A01=") is kept
// as the group's kind and category.
func ParseSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{of: map[string][]int32{}, class: map[string][]int32{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "\uFEFF")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		kind, code := byte('='), ""
		if len(f) > 0 && len(f[0]) == 8 && isCode(f[0]) {
			kind, code = f[0][7], f[0][:7]
			f = f[1:]
		}
		var g []string
		for _, w := range f {
			if utf8.ValidString(w) {
				g = append(g, w)
			}
		}
		if len(g) < 2 && (code == "" || len(g) == 0) {
			continue
		}
		id := int32(len(s.groups))
		s.groups = append(s.groups, g)
		s.kinds = append(s.kinds, kind)
		s.codes = append(s.codes, code)
		for _, w := range g {
			s.of[w] = append(s.of[w], id)
		}
		if code != "" {
			s.class[code[:5]] = append(s.class[code[:5]], id)
		}
	}
	return s, sc.Err()
}

func isCode(s string) bool {
	for i := 0; i < 7; i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	c := s[7]
	return c == '=' || c == '#' || c == '@'
}

// Of returns the synonyms of w ('=' groups; w itself excluded), in group
// order.
func (s *Synonyms) Of(w string) []string {
	if s == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{w: true}
	for _, gi := range s.of[w] {
		if s.kinds[gi] != '=' {
			continue
		}
		for _, x := range s.groups[gi] {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// Near returns the words related to w but not its synonyms: the other
// words of its '#' groups and of every group in the same level-4
// category (groups of at most maxNearGroup words), w and its synonyms
// excluded, in file order.
func (s *Synonyms) Near(w string) []string {
	if s == nil {
		return nil
	}
	return s.near(w, map[string]bool{}, nil)
}

// near appends Near(w) to out, using seen (emptied first) for the words
// already taken: New calls it for every word with one map.
func (s *Synonyms) near(w string, seen map[string]bool, out []string) []string {
	clear(seen)
	seen[w] = true
	for _, gi := range s.of[w] {
		if s.kinds[gi] == '=' {
			for _, x := range s.groups[gi] {
				seen[x] = true
			}
		}
	}
	addGroup := func(gi int32) {
		if len(s.groups[gi]) > maxNearGroup {
			return // a list of members of a kind (countries, …), not exchangeable
		}
		for _, x := range s.groups[gi] {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	for _, gi := range s.of[w] {
		if s.kinds[gi] == '#' {
			addGroup(gi)
		}
	}
	for _, gi := range s.of[w] {
		if c := s.codes[gi]; c != "" {
			for _, gj := range s.class[c[:5]] {
				addGroup(gj)
			}
		}
	}
	return out
}

// codeLine returns group i's code as Cilin writes it ("Aa01A01="), or ""
// for a group read without one.
func (s *Synonyms) codeLine(i int) string {
	if s.codes[i] == "" {
		return ""
	}
	return s.codes[i] + string(s.kinds[i])
}

// Code returns group i's category code without the kind ("Aa01A01"),
// or "" for a group read without one.
func (s *Synonyms) Code(i int) string { return s.codes[i] }

// maxNearGroup is the largest group Near takes words from.
const maxNearGroup = 12

// Groups returns the number of groups.
func (s *Synonyms) Groups() int { return len(s.groups) }

// Group returns the words of group i.
func (s *Synonyms) Group(i int) []string { return s.groups[i] }

// Kind returns group i's kind: '=' (synonyms), '#' (related) or '@'
// (a single word).
func (s *Synonyms) Kind(i int) byte { return s.kinds[i] }

// Filter returns the groups keep accepts, as a new set.
func (s *Synonyms) Filter(keep func(group int) bool) *Synonyms {
	f := &Synonyms{of: map[string][]int32{}, class: map[string][]int32{}}
	for i, g := range s.groups {
		if !keep(i) {
			continue
		}
		id := int32(len(f.groups))
		f.groups = append(f.groups, g)
		f.kinds = append(f.kinds, s.kinds[i])
		f.codes = append(f.codes, s.codes[i])
		for _, w := range g {
			f.of[w] = append(f.of[w], id)
		}
		if c := s.codes[i]; c != "" {
			f.class[c[:5]] = append(f.class[c[:5]], id)
		}
	}
	return f
}

// WriteText writes the groups in the format ParseSynonyms reads.
func (s *Synonyms) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i, g := range s.groups {
		if c := s.codeLine(i); c != "" {
			bw.WriteString(c)
			bw.WriteByte(' ')
		}
		bw.WriteString(strings.Join(g, " "))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

//go:embed data/cilin.txt
var cilinTXT string

var defaultSynonyms = sync.OnceValue(func() *Synonyms {
	s, err := ParseSynonyms(strings.NewReader(cilinTXT))
	if err != nil {
		panic("spin: embedded synonyms: " + err.Error())
	}
	return s
})

// DefaultSynonyms returns the embedded Cilin synonym groups.
func DefaultSynonyms() *Synonyms { return defaultSynonyms() }
