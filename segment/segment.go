// Package segment cuts Chinese (and mixed) web text into tokens and
// sentences for winnow's n-gram language model.
//
// Han runs are segmented by the maximum-probability path over the model's
// vocabulary, using each word's unigram log10 probability; the dictionary
// is a double-array trie over character codes built once in New.
// Traditional characters are mapped to simplified ones for look-up only
// (OpenCC's TSCharacters table), so offsets and text are never changed.
// Everything else — Latin words, numbers, URLs, e-mail addresses,
// punctuation, white space, symbols and invalid bytes — becomes tokens of
// its own kind. Tokens always tile the input exactly.
package segment

import (
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/winnow-project/winnow/lm"
)

// Kind is the category of a token.
type Kind uint8

const (
	// Other is invalid UTF-8 (one token per bad byte), NUL and other
	// control or unassigned characters.
	Other Kind = iota
	// Word is a Han word (a dictionary word or an unknown single character).
	Word
	// Latin is a run of letters of a non-Han script (Latin, Greek,
	// Cyrillic, kana, Hangul, full-width Latin…), digits allowed after
	// the first letter, plus inner apostrophes and hyphens ("don't").
	Latin
	// Number is a run of digits with inner decimal points and thousands
	// separators and an optional percent sign: 3.14, 1,000, 12.5%.
	Number
	// URL is a web address beginning with a scheme (http://, https://,
	// ftp://) or "www.".
	URL
	// Email is an e-mail address.
	Email
	// Punct is punctuation, full- or half-width; runs of the same dash,
	// ellipsis or full stop ("……", "——", "...") form one token.
	Punct
	// Space is a run of white space, line breaks included.
	Space
	// Symbol is one symbol rune (math, currency, emoji, …) or a mark.
	Symbol
)

var kindNames = [...]string{"Other", "Word", "Latin", "Number", "URL", "Email", "Punct", "Space", "Symbol"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Token is one token of the input: the bytes src[Start:End].
type Token struct {
	Start, End int
	Kind       Kind
	// ID is the model's word ID, Unknown() when the token is not in the
	// vocabulary.
	ID lm.WordID
}

// Text returns the token's text in src, the string that was segmented.
func (t Token) Text(src string) string { return src[t.Start:t.End] }

// Option configures a Segmenter.
type Option func(*config)

type config struct {
	traditional bool
	unkLogProb  float32
	unkSet      bool
	wordBonus   float32
	maxRunes    int
}

// WithTraditional turns the traditional→simplified look-up on or off
// (default on).
func WithTraditional(on bool) Option { return func(c *config) { c.traditional = on } }

// WithUnknownLogProb sets the log10 probability given to a Han character
// that is not a vocabulary word. The default is three orders of magnitude
// below the least probable vocabulary word.
func WithUnknownLogProb(p float32) Option {
	return func(c *config) { c.unkLogProb, c.unkSet = p, true }
}

// WithWordBonus adds b (log10) to every word of a path. A positive bonus
// favours more, shorter words — finer segmentation — and a negative one
// longer words. Default 0, the plain maximum-probability path.
func WithWordBonus(b float32) Option { return func(c *config) { c.wordBonus = b } }

// WithMaxWordRunes ignores vocabulary words longer than n characters
// (default and upper limit 32).
func WithMaxWordRunes(n int) Option { return func(c *config) { c.maxRunes = n } }

const (
	hardMaxRunes = 32
	// Han runs are segmented in windows of this many characters; the
	// last chunkMargin characters of a full window are re-segmented with
	// the next one, so windows only matter for runs longer than a window.
	chunkRunes  = 4096
	chunkMargin = 128
)

// Segmenter segments text with one model's vocabulary. It is immutable
// and safe for concurrent use.
type Segmenter struct {
	m        lm.Model
	unknown  lm.WordID
	trie     *dat
	unkCost  float32
	maxRunes int
	class    []uint8
	pool     sync.Pool // *scratch
}

// New builds a segmenter for the vocabulary of m, scoring each word once
// with its unigram log10 probability (m.Score from the null state).
func New(m lm.Model, opts ...Option) (*Segmenter, error) {
	if m == nil {
		return nil, fmt.Errorf("segment: nil model")
	}
	cfg := config{traditional: true, maxRunes: hardMaxRunes}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.maxRunes <= 0 || cfg.maxRunes > hardMaxRunes {
		cfg.maxRunes = hardMaxRunes
	}
	v := m.Vocab()
	if v == nil {
		return nil, fmt.Errorf("segment: model has no vocabulary")
	}
	unk, bos, eos := v.Unknown(), v.BeginSentence(), v.EndSentence()
	n := v.Size()
	words := make([]buildWord, 0, n)
	runeBuf := make([]rune, 0, n*3)
	minLP := float32(0)
	for i := 0; i < n; i++ {
		id := lm.WordID(i)
		if id == unk || id == bos || id == eos {
			continue
		}
		w := v.Word(id)
		if w == "" || !utf8.ValidString(w) {
			continue
		}
		null := lm.NullState()
		var out lm.State
		lp, _ := m.Score(&null, id, &out)
		if math.IsNaN(float64(lp)) || math.IsInf(float64(lp), 0) {
			continue
		}
		off := len(runeBuf)
		for _, r := range w {
			runeBuf = append(runeBuf, r)
		}
		rs := runeBuf[off:len(runeBuf):len(runeBuf)]
		if len(rs) > cfg.maxRunes {
			continue
		}
		minLP = min(minLP, lp)
		words = append(words, buildWord{runes: rs, id: int32(id), cost: lp + cfg.wordBonus})
	}
	var t2s map[rune]rune
	if cfg.traditional {
		var err error
		if t2s, err = t2sTable(); err != nil {
			return nil, fmt.Errorf("segment: traditional→simplified table: %w", err)
		}
	}
	trie, err := buildDAT(words, t2s)
	if err != nil {
		return nil, err
	}
	s := &Segmenter{
		m:        m,
		unknown:  unk,
		trie:     trie,
		maxRunes: min(cfg.maxRunes, trie.maxDepth),
		class:    classTable(),
	}
	s.unkCost = minLP - 3 + cfg.wordBonus
	if cfg.unkSet {
		s.unkCost = cfg.unkLogProb + cfg.wordBonus
	}
	if s.maxRunes < 1 {
		s.maxRunes = 1
	}
	s.pool.New = func() any { return newScratch() }
	return s, nil
}

// Model returns the model the segmenter was built for.
func (s *Segmenter) Model() lm.Model { return s.m }

// Lookup returns the model ID of a word, mapping traditional characters
// to simplified ones as segmentation does, without touching the model's
// own vocabulary map.
func (s *Segmenter) Lookup(word string) (lm.WordID, bool) {
	if id, _, ok := s.trie.lookup(word); ok {
		return lm.WordID(id), true
	}
	return s.unknown, false
}

// UnigramLogProb returns the unigram log10 probability the segmenter uses
// for a word (options included), and whether the word is in the vocabulary.
func (s *Segmenter) UnigramLogProb(word string) (float32, bool) {
	_, c, ok := s.trie.lookup(word)
	return c, ok
}

// Segment returns the tokens of text.
func (s *Segmenter) Segment(text string) []Token {
	return s.AppendTokens(make([]Token, 0, len(text)/4+1), text)
}

// scratch holds the per-call buffers of the Han DP.
type scratch struct {
	codes []uint16  // code per character (0 = none)
	offs  []int32   // byte offset of each character, relative to the run, plus end
	best  []float32 // best log10 probability of each prefix
	back  []int32   // start of the last word of that prefix
	wid   []int32   // its word ID (-1 = unknown character)
	cuts  []int32
}

func newScratch() *scratch {
	return &scratch{
		codes: make([]uint16, 0, chunkRunes),
		offs:  make([]int32, 0, chunkRunes+1),
		best:  make([]float32, chunkRunes+1),
		back:  make([]int32, chunkRunes+1),
		wid:   make([]int32, chunkRunes+1),
		cuts:  make([]int32, 0, 256),
	}
}

// AppendTokens appends the tokens of text to dst and returns the extended
// slice. It allocates only when dst must grow.
func (s *Segmenter) AppendTokens(dst []Token, text string) []Token {
	var sc *scratch
	sc1 := scanner{text: text, class: s.class}
	for sc1.pos < len(text) {
		start := sc1.pos
		k := sc1.next()
		if k == kindHanRun {
			if sc == nil {
				sc = s.pool.Get().(*scratch)
			}
			dst = s.segmentHan(dst, sc, text, start, sc1.pos)
			continue
		}
		dst = append(dst, Token{Start: start, End: sc1.pos, Kind: k, ID: s.idOf(text[start:sc1.pos], k)})
	}
	if sc != nil {
		s.pool.Put(sc)
	}
	return dst
}

// idOf looks up non-Han tokens.
func (s *Segmenter) idOf(t string, k Kind) lm.WordID {
	switch k {
	case Other, Space:
		return s.unknown
	}
	if id, _, ok := s.trie.lookup(t); ok {
		return lm.WordID(id)
	}
	if k == Latin || k == Punct {
		// Try the other width / lower case for short tokens.
		var buf [64]byte
		if len(t) <= 16 {
			b := buf[:0]
			changed := false
			for _, r := range t {
				switch {
				case r >= 'A' && r <= 'Z':
					r += 'a' - 'A'
					changed = true
				case r > ' ' && r < 0x7F && k == Punct:
					r += 0xFEE0 // ASCII → full-width
					changed = true
				case r >= 0xFF01 && r <= 0xFF5E:
					r -= 0xFEE0 // full-width → ASCII
					changed = true
				}
				b = utf8.AppendRune(b, r)
			}
			if changed {
				if id, _, ok := s.trie.lookup(string(b)); ok {
					return lm.WordID(id)
				}
			}
		}
	}
	return s.unknown
}

// segmentHan segments the Han run text[start:end] and appends its words.
func (s *Segmenter) segmentHan(dst []Token, sc *scratch, text string, start, end int) []Token {
	tr := s.trie
	for start < end {
		// Fill a window of characters.
		codes := sc.codes[:0]
		offs := sc.offs[:0]
		p := start
		for p < end && len(codes) < chunkRunes {
			var r rune
			var n int
			if c0 := text[p]; c0 >= 0xE0 && c0 < 0xF0 && p+2 < len(text) {
				r = rune(c0&0x0F)<<12 | rune(text[p+1]&0x3F)<<6 | rune(text[p+2]&0x3F)
				n = 3
			} else {
				r, n = utf8.DecodeRuneInString(text[p:])
			}
			offs = append(offs, int32(p-start))
			codes = append(codes, tr.code(r))
			p += n
		}
		offs = append(offs, int32(p-start))
		nr := len(codes)
		full := p < end // more characters follow this window
		s.dp(sc, codes)
		// Backtrack into cuts (reverse order).
		cuts := sc.cuts[:0]
		for i := int32(nr); i > 0; i = sc.back[i] {
			cuts = append(cuts, i)
		}
		cuts = append(cuts, 0)
		limit := int32(nr)
		if full {
			limit = int32(nr - chunkMargin)
		}
		// Emit words whose end ≤ limit.
		prev := int32(0)
		for ci := len(cuts) - 2; ci >= 0; ci-- {
			e := cuts[ci]
			if e > limit {
				break
			}
			id := s.unknown
			if w := sc.wid[e]; w >= 0 {
				id = lm.WordID(w)
			}
			dst = append(dst, Token{Start: start + int(offs[prev]), End: start + int(offs[e]), Kind: Word, ID: id})
			prev = e
		}
		sc.cuts = cuts
		if prev == 0 && full {
			// Cannot happen (words are at most maxRunes long), but never loop.
			prev = 1
			dst = append(dst, Token{Start: start, End: start + int(offs[1]), Kind: Word, ID: s.unknown})
		}
		start += int(offs[prev])
	}
	return dst
}

// dp runs the maximum-probability DP over codes, filling best/back/wid
// for positions 0..len(codes).
func (s *Segmenter) dp(sc *scratch, codes []uint16) {
	n := len(codes)
	best := sc.best[:n+1]
	back := sc.back[:n+1]
	wid := sc.wid[:n+1]
	negInf := float32(math.Inf(-1))
	for i := 1; i <= n; i++ {
		best[i] = negInf
	}
	best[0] = 0
	nodes := s.trie.nodes
	nn := int32(len(nodes))
	unk := s.unkCost
	maxR := s.maxRunes
	for i := 0; i < n; i++ {
		bi := best[i]
		lim := min(n, i+maxR)
		var st int32
		single := false
		for j := i; j < lim; j++ {
			c := codes[j]
			if c == 0 {
				break
			}
			t := nodes[st].base + int32(c)
			if uint32(t) >= uint32(nn) {
				break
			}
			nd := &nodes[t]
			if nd.check != st {
				break
			}
			st = t
			if nd.id >= 0 {
				if j == i {
					single = true
				}
				if v := bi + nd.cost; v > best[j+1] {
					best[j+1] = v
					back[j+1] = int32(i)
					wid[j+1] = nd.id
				}
			}
		}
		if !single {
			if v := bi + unk; v > best[i+1] {
				best[i+1] = v
				back[i+1] = int32(i)
				wid[i+1] = -1
			}
		}
	}
}

func pow10(x float32) float64 { return math.Pow(10, float64(x)) }
