package spin

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Entry is one lexicon line: a spinner writes Spun where the author wrote
// Original.
type Entry struct {
	Spun, Original string
	Family         string // expand, gloss, cms, seo, reverse, or any label
}

// Lexicon is a table of known spinner substitutions, indexed for matching
// at any character position of a Han run.
type Lexicon struct {
	entries []Entry
	bySpun  map[string][]int // spun → indices into entries
	maxLen  int              // longest spun form, in runes
	first   map[rune]bool    // first runes of spun forms (cheap pre-check)
}

// ParseLexicon reads a TSV lexicon: lines "spun<TAB>original[<TAB>family]",
// '#' comments and blank lines ignored. Both fields must be non-empty,
// valid UTF-8 and different; duplicates are dropped.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	var es []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("spin: lexicon line %d: want spun<TAB>original[<TAB>family]", n)
		}
		e := Entry{Spun: field(f[0]), Original: field(f[1])}
		if len(f) > 2 {
			e.Family = field(f[2])
		}
		if e.Spun == "" || e.Original == "" {
			return nil, fmt.Errorf("spin: lexicon line %d: empty field", n)
		}
		if !utf8.ValidString(e.Spun) || !utf8.ValidString(e.Original) || !utf8.ValidString(e.Family) {
			return nil, fmt.Errorf("spin: lexicon line %d: invalid UTF-8", n)
		}
		if e.Spun == e.Original {
			continue
		}
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("spin: lexicon: %w", err)
	}
	return NewLexicon(es), nil
}

func field(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\uFEFF", "")) }

// NewLexicon indexes entries (duplicates of spun+original dropped).
func NewLexicon(entries []Entry) *Lexicon {
	l := &Lexicon{bySpun: map[string][]int{}, first: map[rune]bool{}}
	seen := map[[2]string]bool{}
	for _, e := range entries {
		k := [2]string{e.Spun, e.Original}
		if seen[k] || e.Spun == "" || e.Original == "" || e.Spun == e.Original {
			continue
		}
		seen[k] = true
		l.bySpun[e.Spun] = append(l.bySpun[e.Spun], len(l.entries))
		l.entries = append(l.entries, e)
		if n := utf8.RuneCountInString(e.Spun); n > l.maxLen {
			l.maxLen = n
		}
		r, _ := utf8.DecodeRuneInString(e.Spun)
		l.first[r] = true
	}
	return l
}

// Entries returns the lexicon's entries in file order.
func (l *Lexicon) Entries() []Entry { return append([]Entry(nil), l.entries...) }

// Len is the number of entries.
func (l *Lexicon) Len() int { return len(l.entries) }

// Lookup returns the entries whose spun form is s.
func (l *Lexicon) Lookup(s string) []Entry {
	var out []Entry
	for _, i := range l.bySpun[s] {
		out = append(out, l.entries[i])
	}
	return out
}

// Filter returns a lexicon of the entries keep accepts.
func (l *Lexicon) Filter(keep func(Entry) bool) *Lexicon {
	var es []Entry
	for _, e := range l.entries {
		if keep(e) {
			es = append(es, e)
		}
	}
	return NewLexicon(es)
}

// WriteTSV writes the lexicon in the format ParseLexicon reads.
func (l *Lexicon) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, e := range l.entries {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", e.Spun, e.Original, e.Family)
	}
	return bw.Flush()
}

//go:embed data/lexicon.tsv
var lexiconTSV string

var defaultLexicon = sync.OnceValue(func() *Lexicon {
	l, err := ParseLexicon(strings.NewReader(lexiconTSV))
	if err != nil {
		panic("spin: embedded lexicon: " + err.Error())
	}
	return l
})

// DefaultLexicon returns the lexicon embedded from data/lexicon.tsv.
func DefaultLexicon() *Lexicon { return defaultLexicon() }
