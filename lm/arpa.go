package lm

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ulikunitz/xz"
)

// Grams holds the n-grams of a model as read from ARPA text, before they
// are arranged into a trie. Words are given IDs in the order of the
// \1-grams section; <unk> is added (log10 P = -100, as KenLM does) when the
// file lacks it.
type Grams struct {
	Words []string
	// Levels[n-1] holds the n-grams of order n.
	Levels []GramLevel
	// Blanks counts the n-grams that were missing from the file as the
	// context or suffix of a longer n-gram and were inserted (see
	// fillBlanks); they leave every score unchanged.
	Blanks int
}

// GramLevel is one order's n-grams in file order.
type GramLevel struct {
	IDs     []WordID  // n IDs per n-gram, oldest word first
	Prob    []float32 // log10 probability
	Backoff []float32 // log10 back-off weight (0 when absent); empty for the top order
}

// Count is the number of n-grams in the level; order is the level's n.
func (l *GramLevel) Count(order int) int { return len(l.IDs) / order }

// unkLogProb is the log10 probability KenLM gives <unk> when the ARPA file
// has no <unk> entry.
const unkLogProb = -100

// ReadARPA parses an ARPA language model. It reads the \data\ header, the
// sections \1-grams: … \N-grams: and \end\; fields may be separated by tabs
// or spaces. Errors carry the line number.
func ReadARPA(r io.Reader) (*Grams, error) {
	p := arpaParser{sc: bufio.NewScanner(r)}
	p.sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return p.parse()
}

// OpenARPA reads an ARPA file, decompressing .gz and .xz (detected by
// content, not name).
func OpenARPA(path string) (*Grams, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := decompress(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g, err := ReadARPA(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// decompress sniffs gzip and xz magic numbers.
func decompress(br *bufio.Reader) (io.Reader, error) {
	head, _ := br.Peek(6)
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return gzip.NewReader(br)
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}):
		xr, err := xz.NewReader(br)
		if err != nil {
			return nil, err
		}
		return xr, nil
	}
	return br, nil
}

type arpaParser struct {
	sc     *bufio.Scanner
	line   int
	counts []int
	g      *Grams
	index  map[string]WordID
}

func (p *arpaParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: ARPA line %d: %s", ErrFormat, p.line, fmt.Sprintf(format, args...))
}

// next returns the next non-blank line, trimmed.
func (p *arpaParser) next() (string, bool) {
	for p.sc.Scan() {
		p.line++
		s := strings.TrimSpace(p.sc.Text())
		if s != "" {
			return s, true
		}
	}
	return "", false
}

func (p *arpaParser) scanErr(what string) error {
	if err := p.sc.Err(); err != nil {
		return fmt.Errorf("%w: ARPA line %d: %v", ErrFormat, p.line+1, err)
	}
	return p.errorf("unexpected end of file %s", what)
}

func (p *arpaParser) parse() (*Grams, error) {
	// Header: anything before \data\ is ignored, as KenLM does.
	for {
		s, ok := p.next()
		if !ok {
			return nil, p.scanErr("before \\data\\")
		}
		if s == `\data\` {
			break
		}
	}
	var s string
	var ok bool
	for {
		if s, ok = p.next(); !ok {
			return nil, p.scanErr("in \\data\\")
		}
		if !strings.HasPrefix(s, "ngram ") {
			break
		}
		k, v, found := strings.Cut(strings.TrimSpace(s[len("ngram "):]), "=")
		if !found {
			return nil, p.errorf("bad count line %q", s)
		}
		n, err1 := strconv.Atoi(strings.TrimSpace(k))
		c, err2 := strconv.Atoi(strings.TrimSpace(v))
		if err1 != nil || err2 != nil || n != len(p.counts)+1 || c < 0 {
			return nil, p.errorf("bad count line %q", s)
		}
		if n > MaxOrder {
			return nil, p.errorf("order %d exceeds the maximum %d", n, MaxOrder)
		}
		p.counts = append(p.counts, c)
	}
	if len(p.counts) == 0 {
		return nil, p.errorf("no ngram counts in \\data\\")
	}
	order := len(p.counts)
	p.g = &Grams{Levels: make([]GramLevel, order)}
	p.index = make(map[string]WordID, p.counts[0]+1)
	for n := 1; n <= order; n++ {
		if s != fmt.Sprintf(`\%d-grams:`, n) {
			return nil, p.errorf("expected \\%d-grams:, found %q", n, s)
		}
		var err error
		if s, err = p.section(n); err != nil {
			return nil, err
		}
	}
	if s != `\end\` {
		return nil, p.errorf("expected \\end\\, found %q", s)
	}
	if _, ok := p.index["<unk>"]; !ok {
		p.addWord("<unk>", unkLogProb, 0)
	}
	p.g.Blanks = p.g.fillBlanks()
	return p.g, nil
}

func (p *arpaParser) addWord(w string, prob, backoff float32) {
	id := WordID(len(p.g.Words))
	p.g.Words = append(p.g.Words, w)
	p.index[w] = id
	lv := &p.g.Levels[0]
	lv.IDs = append(lv.IDs, id)
	lv.Prob = append(lv.Prob, prob)
	if len(p.g.Levels) > 1 {
		lv.Backoff = append(lv.Backoff, backoff)
	}
}

// section reads the n-grams of order n and returns the line that ends it.
func (p *arpaParser) section(n int) (string, error) {
	order := len(p.g.Levels)
	want := p.counts[n-1]
	lv := &p.g.Levels[n-1]
	lv.IDs = make([]WordID, 0, want*n)
	lv.Prob = make([]float32, 0, want)
	if n < order {
		lv.Backoff = make([]float32, 0, want)
	}
	var fields [MaxOrder + 2]string
	for {
		s, ok := p.next()
		if !ok {
			return "", p.scanErr(fmt.Sprintf("in \\%d-grams:", n))
		}
		if s[0] == '\\' {
			if got := lv.Count(n); got != want {
				return "", p.errorf("\\%d-grams: header says %d, found %d", n, want, got)
			}
			return s, nil
		}
		f := splitFields(s, fields[:0])
		if len(f) != n+1 && len(f) != n+2 {
			return "", p.errorf("%d-gram line has %d fields: %q", n, len(f), s)
		}
		prob, err := parseLogValue(f[0], false)
		if err != nil {
			return "", p.errorf("bad probability %q", f[0])
		}
		var backoff float32
		if len(f) == n+2 {
			if n == order {
				return "", p.errorf("back-off on a highest-order n-gram: %q", s)
			}
			if backoff, err = parseLogValue(f[n+1], true); err != nil {
				return "", p.errorf("bad back-off %q", f[n+1])
			}
		}
		if n == 1 {
			w := f[1]
			if _, dup := p.index[w]; dup {
				return "", p.errorf("duplicate unigram %q", w)
			}
			p.addWord(w, prob, backoff)
			continue
		}
		for _, w := range f[1 : n+1] {
			id, known := p.index[w]
			if !known {
				return "", p.errorf("word %q of a %d-gram is not a unigram", w, n)
			}
			lv.IDs = append(lv.IDs, id)
		}
		lv.Prob = append(lv.Prob, prob)
		if n < order {
			lv.Backoff = append(lv.Backoff, backoff)
		}
	}
}

// splitFields splits on runs of spaces and tabs.
func splitFields(s string, dst []string) []string {
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		if j > i {
			if len(dst) == cap(dst) {
				return append(dst, s[i:j]) // too many: caller rejects the count
			}
			dst = append(dst, s[i:j])
		}
		i = j
	}
	return dst
}

// parseLogValue parses a log10 value. KenLM writes -inf for impossible
// events, which is kept as -Inf. Probabilities must not be positive;
// back-off weights may be.
func parseLogValue(s string, allowPositive bool) (float32, error) {
	switch s {
	case "-inf", "-Inf", "-INF", "-infinity":
		return float32(math.Inf(-1)), nil
	}
	v, err := strconv.ParseFloat(s, 32)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 1) || (!allowPositive && v > 0) {
		return 0, fmt.Errorf("out of range")
	}
	return float32(v), nil
}
