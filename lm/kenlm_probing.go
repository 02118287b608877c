package lm

import (
	"encoding/binary"
	"math"
)

// KenLM probing models (PROBING and REST_PROBING).
//
// The vocabulary is an 8-byte header {version uint32 = 0, bound uint32}
// followed by a linear-probing hash table of 12-byte buckets {word hash
// uint64, ID uint32}. The search region holds the unigram weights indexed
// by ID (counts[0]+1 records), then one linear-probing table per middle
// order of {key uint64, prob float32, backoff float32 [, rest float32]},
// then the longest order's table of {key uint64, prob float32}. Tables have
// max(n+1, multiplier*n) buckets, the ideal bucket of a key is key modulo
// the bucket count and key 0 marks an empty bucket. The key of an n-gram
// hashes the newest word's ID, then each context word going back in time.
//
// In unigram and middle records the sign bit of prob is a flag: set means
// no longer n-gram extends this one to the left ("independent left"); the
// probability itself is always the negative value.
type kenProbing struct {
	order   int
	counts  []uint64
	vocab   *kenVocab
	uni     []byte
	uniSize uint64 // bytes per unigram record: 8, or 12 with rest costs
	middles []kenHashTable
	longest kenHashTable
	typ     uint32
}

type kenHashTable struct {
	data      []byte
	buckets   uint64
	entrySize uint64
}

// kenCombine extends an n-gram hash by one (older) word.
func kenCombine(current uint64, next WordID) uint64 {
	return current*8978948897894561157 ^ (uint64(next)+1)*17894857484156487943
}

// kenBuckets is the bucket count KenLM gives a table of n entries.
func kenBuckets(n uint64, multiplier float32) (uint64, bool) {
	f := float64(multiplier * float32(n))
	if !(f < 1<<62) {
		return 0, false
	}
	b := uint64(multiplier * float32(n))
	if b < n+1 {
		b = n + 1
	}
	return b, true
}

// find returns the record with the given key, if present.
func (t *kenHashTable) find(key uint64) ([]byte, bool) {
	i := key % t.buckets
	for n := uint64(0); n < t.buckets; n++ {
		e := t.data[i*t.entrySize : (i+1)*t.entrySize]
		k := binary.LittleEndian.Uint64(e)
		if k == key {
			return e, true
		}
		if k == 0 {
			return nil, false
		}
		if i++; i == t.buckets {
			i = 0
		}
	}
	return nil, false
}

func kenLoadProbing(data []byte, h *kenHeader) (Model, error) {
	le := binary.LittleEndian
	counts := h.counts
	mult := h.multiplier
	if !(mult >= 1) || math.IsInf(float64(mult), 1) {
		return nil, kenErr("probing multiplier %v is not valid", mult)
	}
	rest := h.modelType == kenTypeRestProbing
	m := &kenProbing{order: h.order, counts: counts, typ: h.modelType, uniSize: 8}
	midEntry := uint64(16)
	if rest {
		m.uniSize, midEntry = 12, 20
	}
	var sz kenSize
	fileLen := uint64(len(data))
	table := func(off, n, entrySize uint64, what string) (kenHashTable, error) {
		b, ok := kenBuckets(n, mult)
		size := sz.mul(b, entrySize)
		end := sz.add(off, size)
		if !ok || sz.bad || end > fileLen {
			return kenHashTable{}, kenErr("%s for %d entries runs past the end of the %d-byte file", what, n, fileLen)
		}
		return kenHashTable{data: data[off:end], buckets: b, entrySize: entrySize}, nil
	}

	off := h.size
	if off+8 > fileLen {
		return nil, kenErr("file too short for the vocabulary header")
	}
	if ver := le.Uint32(data[off:]); ver != 0 {
		return nil, kenErr("probing vocabulary version %d, expected 0", ver)
	}
	bound := uint64(le.Uint32(data[off+4:]))
	if bound == 0 || bound > counts[0]+1 {
		return nil, kenErr("vocabulary size %d does not fit %d unigrams", bound, counts[0])
	}
	vt, err := table(off+8, counts[0], 12, "vocabulary hash table")
	if err != nil {
		return nil, err
	}
	v := &kenVocab{bound: bound, table: vt.data, buckets: vt.buckets}
	m.vocab = v
	off += 8 + uint64(len(vt.data))

	uniBytes := sz.mul(sz.add(counts[0], 1), m.uniSize)
	if end := sz.add(off, uniBytes); sz.bad || end > fileLen {
		return nil, kenErr("unigram table runs past the end of the %d-byte file", fileLen)
	}
	m.uni = data[off : off+uniBytes]
	off += uniBytes
	for n := 2; n < h.order; n++ {
		t, err := table(off, counts[n-1], midEntry, "middle n-gram table")
		if err != nil {
			return nil, err
		}
		m.middles = append(m.middles, t)
		off += uint64(len(t.data))
	}
	m.longest, err = table(off, counts[h.order-1], 12, "longest n-gram table")
	if err != nil {
		return nil, err
	}
	off += uint64(len(m.longest.data))
	if err := v.finish(data, off, h.hasVocabulary); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *kenProbing) Order() int        { return m.order }
func (m *kenProbing) Vocab() Vocabulary { return m.vocab }

// kenSplitProb separates a stored probability into its value and the
// independent-left flag carried by the sign bit.
func kenSplitProb(raw uint32) (prob float32, independentLeft bool) {
	return math.Float32frombits(raw | kenSignBit), raw&kenSignBit != 0
}

// Score implements Model with the semantics of KenLM's FullScore.
func (m *kenProbing) Score(in *State, w WordID, out *State) (float32, int) {
	le := binary.LittleEndian
	ctx, ctxBackoff := in.Words, in.Backoff
	n := int(in.Length)
	if n > m.order-1 {
		n = m.order - 1
	}
	if uint64(w) >= m.vocab.bound {
		w = 0
	}
	u := m.uni[uint64(w)*m.uniSize:]
	prob, indep := kenSplitProb(le.Uint32(u))
	backoff := kenF32(u[4:])
	out.Words[0] = w
	out.Backoff[0] = backoff
	length := 0
	if kenHasExtension(backoff) {
		length = 1
	}
	ngram := 1
	node := uint64(w)
	for i := 0; i < n && !indep; i++ {
		node = kenCombine(node, ctx[i])
		if i == m.order-2 {
			if e, ok := m.longest.find(node); ok {
				prob = kenF32(e[8:])
				ngram = m.order
			}
			break
		}
		e, ok := m.middles[i].find(node)
		if !ok {
			break
		}
		prob, indep = kenSplitProb(le.Uint32(e[8:]))
		b := kenF32(e[12:])
		ngram = i + 2
		out.Backoff[i+1] = b
		if kenHasExtension(b) {
			length = ngram
		}
	}
	return kenFinish(out, &ctx, &ctxBackoff, length, ngram, n, prob), ngram
}

// BeginSentenceState is the context after <s> (length one, as in KenLM).
func (m *kenProbing) BeginSentenceState() State {
	var s State
	bos := m.vocab.bos
	s.Words[0] = bos
	s.Backoff[0] = kenF32(m.uni[uint64(bos)*m.uniSize+4:])
	s.Length = 1
	return s
}
