package segment

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Character classes used by the scanner. The table covers the BMP; runes
// above it are classified with the unicode package on the (rare) slow path.
const (
	clsOther  uint8 = iota // control characters, NUL, unassigned, invalid
	clsHan                 // Han ideographs (script Han, includes 〇 and 々)
	clsLetter              // letters of any other script, incl. full-width Latin
	clsDigit               // 0-9 and full-width ０-９
	clsSpace               // white space, incl. U+3000
	clsPunct               // Unicode punctuation (P*)
	clsSymbol              // Unicode symbols (S*), marks and other graphic runes
)

var (
	classOnce sync.Once
	classTab  []uint8 // 0x10000 entries
)

func classTable() []uint8 {
	classOnce.Do(func() {
		t := make([]uint8, 0x10000)
		for r := rune(0); r < 0x10000; r++ {
			t[r] = slowClass(r)
		}
		classTab = t
	})
	return classTab
}

func slowClass(r rune) uint8 {
	switch {
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return clsDigit
	case r == 0 || r == utf8.RuneError:
		return clsOther
	case unicode.IsSpace(r):
		return clsSpace
	case unicode.Is(unicode.Han, r):
		return clsHan
	case unicode.IsLetter(r):
		return clsLetter
	case unicode.IsPunct(r):
		return clsPunct
	case unicode.IsSymbol(r), unicode.IsMark(r), unicode.IsNumber(r):
		return clsSymbol
	case unicode.IsGraphic(r):
		return clsSymbol
	}
	return clsOther
}

// classOf classifies a rune; invalid runes (utf8.RuneError) are clsOther.
func classOf(tab []uint8, r rune) uint8 {
	if uint32(r) < 0x10000 {
		return tab[r]
	}
	return slowClass(r)
}

var (
	t2sOnce sync.Once
	t2sMap  map[rune]rune
	t2sErr  error
)

// t2sTable derives, once, a rune→rune table from OpenCC's
// Traditional→Simplified character dictionary (TSCharacters) as shipped by
// github.com/longbridgeapp/opencc. Only one-to-one character entries are
// kept; for characters with several simplified candidates the first
// (OpenCC's preferred) one is used, unless one of the candidates is the
// character itself.
func t2sTable() (map[rune]rune, error) {
	t2sOnce.Do(func() {
		cc, err := opencc.New("t2s")
		if err != nil {
			t2sErr = err
			return
		}
		m := make(map[rune]rune, 4200)
		for _, g := range cc.DictChains {
			for _, d := range g.Dicts {
				for _, id := range d.Trie.PrefixPredict(nil, 0) {
					k, err := d.Trie.Key(id)
					if err != nil {
						continue
					}
					vi, err := d.Trie.Value(id)
					if err != nil || vi < 0 || vi >= len(d.Values) || len(d.Values[vi]) == 0 {
						continue
					}
					from, n := utf8.DecodeRune(k)
					if n != len(k) || from == utf8.RuneError {
						continue // phrase entry
					}
					// Skip characters that OpenCC also keeps unchanged in
					// some words (乾 → 干 or 乾, 於 → 于 or 於): they are
					// valid simplified characters too.
					keep := false
					for _, v := range d.Values[vi] {
						if v == string(k) {
							keep = true
						}
					}
					v := d.Values[vi][0]
					to, n := utf8.DecodeRuneInString(v)
					if keep || n != len(v) || to == utf8.RuneError || to == from {
						continue
					}
					m[from] = to
				}
			}
		}
		t2sMap = m
	})
	return t2sMap, t2sErr
}

// ToSimplified maps a Traditional Chinese character to its Simplified form
// using OpenCC's character table (TSCharacters). Characters that are also
// valid simplified characters in some words (乾, 於, 瞭) are kept, as are
// runes without an entry,
// and all runes if the table cannot be loaded, are returned unchanged. The
// table is built on first use.
func ToSimplified(r rune) rune {
	m, _ := t2sTable()
	if s, ok := m[r]; ok {
		return s
	}
	return r
}

// isCloser reports runes that close a quotation or bracket and stay with
// the sentence before them.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '】', '》', '〉', ']', '］', '}', '｝', '〕', '〗', '〙', '"', '\'', '＂', '＇', '»', '›':
		return true
	}
	return false
}

// isTerminator reports sentence-ending punctuation (the ASCII full stop is
// handled separately since it is ambiguous).
func isTerminator(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '…', '｡', '︒', '﹒', '‼', '⁇', '⁈', '⁉', '．':
		return true
	}
	return false
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}
