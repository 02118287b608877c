package segment

import (
	"errors"
	"slices"
	"unicode/utf8"
)

// The dictionary is a static double-array trie over *character codes*
// rather than bytes: every rune of the vocabulary gets a dense code
// 1..K, the most probable characters the smallest codes, and the trie
// consumes one code per character. A Han character therefore costs one
// transition (a byte-level trie would need three), and the children of
// a node, which are addressed base+code, sit close together for frequent
// characters. Traditional characters share the code of their simplified
// form (see buildCodes), so traditional text walks the same trie.
//
// A transition from node s on code c goes to t = nodes[s].base + c and is
// valid iff nodes[t].check == s. Each node also carries the word ending
// there (model WordID, or -1) and its cost, so the DP touches one 16-byte
// cell per character.

type datNode struct {
	base  int32
	check int32   // parent index; -1 free, -2 root
	id    int32   // model WordID of the word ending here, or -1
	cost  float32 // log10 probability (plus options) of that word
}

type dat struct {
	nodes    []datNode
	codeBMP  []uint16        // rune → code for runes < 0x10000, 0 = none
	codeHigh map[rune]uint16 // rune → code above the BMP (rare)
	nCodes   int
	maxDepth int
}

// code returns the dictionary code of r, 0 if no vocabulary word uses it.
func (d *dat) code(r rune) uint16 {
	if uint32(r) < 0x10000 {
		return d.codeBMP[r]
	}
	return d.codeHigh[r]
}

type buildWord struct {
	runes []rune
	id    int32
	cost  float32
}

const maxCodes = 0xFFFF

var errNoWords = errors.New("segment: the model's vocabulary has no usable words")

// buildDAT builds the trie. t2s, if not nil, gives traditional→simplified
// pairs folded into the code table.
func buildDAT(words []buildWord, t2s map[rune]rune) (*dat, error) {
	if len(words) == 0 {
		return nil, errNoWords
	}
	// Character weights: summed probability mass of the words using them.
	// Traditional characters are folded onto their simplified form first,
	// so both share one code and a traditional spelling in the vocabulary
	// merges with the simplified word.
	fold := func(r rune) rune {
		if s, ok := t2s[r]; ok {
			return s
		}
		return r
	}
	weight := make(map[rune]float64, 16384)
	for _, w := range words {
		p := pow10(w.cost)
		for i, r := range w.runes {
			r = fold(r)
			w.runes[i] = r
			weight[r] += p
		}
	}
	chars := make([]rune, 0, len(weight))
	for r := range weight {
		chars = append(chars, r)
	}
	slices.SortFunc(chars, func(a, b rune) int {
		wa, wb := weight[a], weight[b]
		switch {
		case wa > wb:
			return -1
		case wa < wb:
			return 1
		}
		return int(a - b)
	})
	if len(chars) > maxCodes {
		chars = chars[:maxCodes] // the rarest characters get no code
	}
	d := &dat{codeBMP: make([]uint16, 0x10000), codeHigh: map[rune]uint16{}, nCodes: len(chars)}
	for i, r := range chars {
		d.setCode(r, uint16(i+1))
	}
	for from, to := range t2s {
		if c := d.code(to); c != 0 {
			d.setCode(from, c)
		}
	}

	// Keys as code strings in one flat buffer.
	type key struct {
		off, n int32
		id     int32
		cost   float32
	}
	flat := make([]uint16, 0, len(words)*3)
	keys := make([]key, 0, len(words))
	for _, w := range words {
		off := len(flat)
		ok := true
		for _, r := range w.runes {
			c := d.code(r)
			if c == 0 {
				ok = false
				break
			}
			flat = append(flat, c)
		}
		if !ok || len(w.runes) == 0 {
			flat = flat[:off]
			continue
		}
		keys = append(keys, key{int32(off), int32(len(w.runes)), w.id, w.cost})
	}
	ks := func(k key) []uint16 { return flat[k.off : k.off+k.n] }
	slices.SortFunc(keys, func(a, b key) int { return slices.Compare(ks(a), ks(b)) })
	// Drop duplicates (possible only with duplicate vocabulary strings);
	// keep the more probable.
	out := keys[:0]
	for _, k := range keys {
		if n := len(out); n > 0 && slices.Equal(ks(out[n-1]), ks(k)) {
			if k.cost > out[n-1].cost {
				out[n-1] = k
			}
			continue
		}
		out = append(out, k)
	}
	keys = out

	b := &datBuilder{}
	b.grow(len(keys)*3 + d.nCodes + 16)
	b.nodes[0] = datNode{check: -2, id: -1}
	b.used(0)
	type job struct {
		node   int32
		lo, hi int
		depth  int
	}
	queue := []job{{0, 0, len(keys), 0}}
	var childCodes []uint16
	var childRanges []int
	for qi := 0; qi < len(queue); qi++ {
		j := queue[qi]
		lo := j.lo
		if j.depth > d.maxDepth {
			d.maxDepth = j.depth
		}
		if int(keys[lo].n) == j.depth { // the word ending at this node
			b.nodes[j.node].id = keys[lo].id
			b.nodes[j.node].cost = keys[lo].cost
			lo++
		}
		if lo >= j.hi {
			continue
		}
		childCodes = childCodes[:0]
		childRanges = childRanges[:0]
		for i := lo; i < j.hi; {
			c := flat[int(keys[i].off)+j.depth]
			k := i + 1
			for k < j.hi && flat[int(keys[k].off)+j.depth] == c {
				k++
			}
			childCodes = append(childCodes, c)
			childRanges = append(childRanges, i, k)
			i = k
		}
		base := b.findBase(childCodes)
		b.nodes[j.node].base = base
		for ci, c := range childCodes {
			t := base + int32(c)
			b.nodes[t] = datNode{check: j.node, id: -1}
			b.used(int(t))
			queue = append(queue, job{t, childRanges[2*ci], childRanges[2*ci+1], j.depth + 1})
		}
		if qi > 4096 && qi*2 > len(queue) { // let the queue's consumed head be collected
			queue = append([]job(nil), queue[qi+1:]...)
			qi = -1
		}
	}
	// Trim, keeping room so that base+code never leaves the array.
	size := b.maxUsed + 1 + d.nCodes + 1
	if size > len(b.nodes) {
		b.grow(size)
	}
	d.nodes = slices.Clip(b.nodes[:size])
	return d, nil
}

func (d *dat) setCode(r rune, c uint16) {
	if uint32(r) < 0x10000 {
		d.codeBMP[r] = c
	} else {
		d.codeHigh[r] = c
	}
}

const maxFitTries = 16

type datBuilder struct {
	nodes     []datNode
	nextCheck int // every cell below is occupied (or nearly so)
	maxUsed   int
}

func (b *datBuilder) grow(n int) {
	if n <= len(b.nodes) {
		return
	}
	if n < 2*len(b.nodes) {
		n = 2 * len(b.nodes)
	}
	old := len(b.nodes)
	b.nodes = slices.Grow(b.nodes, n-old)[:n]
	for i := old; i < n; i++ {
		b.nodes[i] = datNode{check: -1, id: -1}
	}
}

func (b *datBuilder) used(i int) {
	if i > b.maxUsed {
		b.maxUsed = i
	}
}

// findBase returns the smallest base ≥ 1 found by a first-fit scan (with
// the Darts density heuristic to skip the packed front) such that every
// base+code is free.
func (b *datBuilder) findBase(codes []uint16) int32 {
	first := int(codes[0])
	last := int(codes[len(codes)-1])
	pos := max(b.nextCheck, first+1) - 1
	occupied := 0
	firstFree := true
	failed := 0
	for {
		pos++
		b.grow(pos + last - first + 1)
		if b.nodes[pos].check != -1 {
			occupied++
			continue
		}
		// With a large alphabet a wide set of children rarely fits in the
		// packed front; after a bounded number of misses skip ahead by
		// half the set's span. The gaps left behind are filled by the
		// many single-child nodes that follow.
		if failed++; failed > maxFitTries {
			pos += (last - first) / 2
			failed = 0
			continue
		}
		if firstFree {
			b.nextCheck = pos
			firstFree = false
		}
		base := pos - first
		if base < 1 {
			continue
		}
		fits := true
		for _, c := range codes[1:] {
			if b.nodes[base+int(c)].check != -1 {
				fits = false
				break
			}
		}
		if !fits {
			continue
		}
		if span := pos - b.nextCheck + 1; float64(occupied) >= 0.95*float64(span) {
			b.nextCheck = pos
		}
		return int32(base)
	}
}

// lookup returns the word for an exact string, walking runes through the
// code table (so traditional spellings find their simplified entry).
func (d *dat) lookup(s string) (id int32, cost float32, ok bool) {
	var st int32
	n := int32(len(d.nodes))
	for _, r := range s {
		if r == utf8.RuneError {
			return -1, 0, false
		}
		c := d.code(r)
		if c == 0 {
			return -1, 0, false
		}
		t := d.nodes[st].base + int32(c)
		if t >= n || d.nodes[t].check != st {
			return -1, 0, false
		}
		st = t
	}
	if st == 0 || d.nodes[st].id < 0 {
		return -1, 0, false
	}
	return d.nodes[st].id, d.nodes[st].cost, true
}
