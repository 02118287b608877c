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
// Apache-2.0; see data/SOURCE-cilin.md): only the '=' (true synonym)
// groups, only words of two to four characters.
type Synonyms struct {
	groups [][]string
	of     map[string][]int32 // word → groups containing it
}

// ParseSynonyms reads one group per line, words separated by spaces;
// '#' comments are ignored. A leading Cilin code ("Aa01A01=") is
// accepted and skipped, and only '=' groups are kept when codes are
// present.
func ParseSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{of: map[string][]int32{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "\uFEFF")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) > 0 && len(f[0]) == 8 && isCode(f[0]) {
			if f[0][7] != '=' {
				continue
			}
			f = f[1:]
		}
		var g []string
		for _, w := range f {
			if utf8.ValidString(w) {
				g = append(g, w)
			}
		}
		if len(g) < 2 {
			continue
		}
		id := int32(len(s.groups))
		s.groups = append(s.groups, g)
		for _, w := range g {
			s.of[w] = append(s.of[w], id)
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

// Of returns the synonyms of w (w itself excluded), in group order.
func (s *Synonyms) Of(w string) []string {
	if s == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{w: true}
	for _, gi := range s.of[w] {
		for _, x := range s.groups[gi] {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// Groups returns the number of groups.
func (s *Synonyms) Groups() int { return len(s.groups) }

// Group returns the words of group i.
func (s *Synonyms) Group(i int) []string { return s.groups[i] }

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
