package lm

import (
	"encoding/binary"
	"math"
)

// KenLM trie models (TRIE, QUANT_TRIE, ARRAY_TRIE, QUANT_ARRAY_TRIE).
//
// The trie is keyed by the newest word first and then the context words
// going back in time: a unigram record points to the range of bigram
// records whose older word extends it to the left, each of those to a range
// of trigram records, and so on. Below the vocabulary the search region is
//
//	quantizer  (quantized models) 8-byte header {version 2, prob bits,
//	           backoff bits}, then for each middle order a table of
//	           2^prob_bits probability centers and one of 2^backoff_bits
//	           back-off centers, then the longest order's probability
//	           table; all float32.
//	unigrams   counts[0]+2 records of {prob float32, backoff float32,
//	           next uint64}; record w+1's next ends record w's range.
//	middles    one per order 2..N-1: (array-compressed models) an offset
//	           table, then bit-packed records {word, weights, next} with
//	           one extra record holding the final next pointer.
//	longest    bit-packed records {word, prob}.
//
// Records are sorted by word within each parent's range. Weights are either
// a 31-bit probability (sign dropped, always negative) followed by a 32-bit
// float back-off, or a back-off bin index followed by a probability bin
// index. The array compression ("Bhiksha") stores only the low bits of each
// next pointer; the high bits are the position in an offset table of the
// first record whose pointer reaches each high value.
type kenTrie struct {
	order   int
	counts  []uint64
	vocab   *kenVocab
	uni     []byte // (counts[0]+2)*16 bytes
	middles []kenTrieMiddle
	longest kenTrieLongest
	quant   bool
	array   bool
	typ     uint32
}

type kenTrieMiddle struct {
	data      []byte // bit-packed records, padded
	entries   uint64
	wordBits  uint64
	wordMask  uint64
	totalBits uint64
	nextBits  uint64 // bits of next stored inline
	nextMask  uint64
	// Quantized: weights are backoffBits then probBits.
	probTable, backoffTable []float32
	probBits, backoffBits   uint64
	probMask, backoffMask   uint64
	// Array compression: offsets[k] is the first record whose next
	// pointer has high part >= k.
	offsets []uint64
	// nextEntries is the record count of the order below (bounds next).
	nextEntries uint64
}

type kenTrieLongest struct {
	data      []byte
	entries   uint64
	wordBits  uint64
	wordMask  uint64
	totalBits uint64
	probTable []float32
	probMask  uint64
}

// kenChopBits chooses how many high bits of a next pointer the array
// compression moves into the offset table, trading table size against bits
// saved per record (same choice as build_binary).
func kenChopBits(maxOffset, maxNext uint64, configured uint8) uint8 {
	required := kenRequiredBits(maxNext)
	limit := required
	if configured < limit {
		limit = configured
	}
	best := uint8(0)
	lowest := int64(math.MaxInt64)
	for chop := uint8(0); chop <= limit; chop++ {
		change := int64((maxNext>>(required-chop))*64 - maxOffset*uint64(chop))
		if change < lowest {
			lowest = change
			best = chop
		}
	}
	return best
}

func kenArrayCount(maxOffset, maxNext uint64, configured uint8) uint64 {
	required := kenRequiredBits(maxNext)
	return (maxNext >> (required - kenChopBits(maxOffset, maxNext, configured))) + 1
}

func kenLoadTrie(data []byte, h *kenHeader) (Model, error) {
	le := binary.LittleEndian
	counts := h.counts
	order := h.order
	m := &kenTrie{
		order:  order,
		counts: counts,
		quant:  h.modelType == kenTypeQuantTrie || h.modelType == kenTypeQuantArrayTrie,
		array:  h.modelType == kenTypeArrayTrie || h.modelType == kenTypeQuantArrayTrie,
		typ:    h.modelType,
	}
	var sz kenSize
	fileLen := uint64(len(data))
	need := func(off, n uint64, what string) error {
		end := sz.add(off, n)
		if sz.bad || end > fileLen {
			return kenErr("%s (%d bytes at offset %d) runs past the end of the %d-byte file", what, n, off, fileLen)
		}
		return nil
	}

	// Sorted vocabulary: uint64 count (excluding <unk>), then the hashes.
	vocabOff := h.size
	vocabSize := sz.add(8, sz.mul(8, counts[0]))
	if err := need(vocabOff, vocabSize, "vocabulary"); err != nil {
		return nil, err
	}
	stored := le.Uint64(data[vocabOff:])
	if stored >= counts[0] {
		return nil, kenErr("vocabulary claims %d words besides <unk> but the model has %d unigrams", stored, counts[0])
	}
	v := &kenVocab{bound: stored + 1, sorted: data[vocabOff+8 : vocabOff+8+8*stored]}
	m.vocab = v

	// Quantizer.
	off := vocabOff + vocabSize
	var probBits, backoffBits uint64
	var tables [][]float32 // per middle: prob, backoff; then longest prob
	if m.quant {
		if err := need(off, 8, "quantization header"); err != nil {
			return nil, err
		}
		if data[off] != kenQuantVersion {
			return nil, kenErr("quantization version %d, expected %d", data[off], kenQuantVersion)
		}
		probBits, backoffBits = uint64(data[off+1]), uint64(data[off+2])
		if probBits == 0 || probBits > 25 || backoffBits == 0 || backoffBits > 25 {
			return nil, kenErr("quantization with %d probability bits and %d back-off bits is not valid", probBits, backoffBits)
		}
		t := off + 8
		readTable := func(bits uint64) ([]float32, error) {
			n := uint64(1) << bits
			if err := need(t, 4*n, "quantization table"); err != nil {
				return nil, err
			}
			tab := make([]float32, n)
			for i := range tab {
				tab[i] = kenF32(data[t+4*uint64(i):])
			}
			t += 4 * n
			return tab, nil
		}
		for i := 0; i < order-2; i++ {
			p, err := readTable(probBits)
			if err != nil {
				return nil, err
			}
			b, err := readTable(backoffBits)
			if err != nil {
				return nil, err
			}
			tables = append(tables, p, b)
		}
		p, err := readTable(probBits)
		if err != nil {
			return nil, err
		}
		tables = append(tables, p)
		off = t
	}

	// Unigrams.
	uniSize := sz.mul(sz.add(counts[0], 2), 16)
	if err := need(off, uniSize, "unigram table"); err != nil {
		return nil, err
	}
	m.uni = data[off : off+uniSize]
	off += uniSize

	// Array compression parameter, stored at the start of the first middle.
	var configured uint8
	if m.array && order > 2 {
		if err := need(off, 2, "array compression header"); err != nil {
			return nil, err
		}
		if data[off] != kenBhikshaVersion {
			return nil, kenErr("array compression version %d, expected %d", data[off], kenBhikshaVersion)
		}
		configured = data[off+1]
	}

	wordBits := uint64(kenRequiredBits(counts[0]))
	if wordBits > 57 {
		return nil, kenErr("vocabulary too large")
	}
	// baseSize is the size of n bit-packed records of the given width
	// plus the extra record and KenLM's 8 bytes of read padding.
	baseSize := func(entries, total uint64) uint64 {
		return sz.add(sz.mul(sz.add(entries, 1), total), 7)/8 + 8
	}

	for i := 2; i < order; i++ {
		entries, maxNext := counts[i-1], counts[i]
		if entries+1 >= 1<<57 || maxNext >= 1<<57 {
			return nil, kenErr("too many %d-grams", i)
		}
		mid := kenTrieMiddle{entries: entries, wordBits: wordBits, wordMask: 1<<wordBits - 1, nextEntries: maxNext}
		start := off
		if m.array {
			chop := kenChopBits(entries+1, maxNext, configured)
			count := kenArrayCount(entries+1, maxNext, configured)
			size := sz.add(sz.mul(8, sz.add(1, count)), 7)
			if err := need(start, size, "array compression table"); err != nil {
				return nil, err
			}
			// The table is 8-byte aligned in the file (KenLM aligns the
			// memory address; files are mapped from offset 0).
			at := kenAlign8(start) + 8
			mid.offsets = make([]uint64, count)
			for k := range mid.offsets {
				o := le.Uint64(data[at+8*uint64(k):])
				if (k == 0 && o != 0) || (k > 0 && o < mid.offsets[k-1]) || o > entries {
					return nil, kenErr("%d-gram array compression table is corrupt", i)
				}
				mid.offsets[k] = o
			}
			mid.nextBits = uint64(kenRequiredBits(maxNext) - chop)
			off = sz.add(off, size)
		} else {
			mid.nextBits = uint64(kenRequiredBits(maxNext))
		}
		mid.nextMask = 1<<mid.nextBits - 1
		quantBits := uint64(63)
		if m.quant {
			quantBits = probBits + backoffBits
			mid.probTable, mid.backoffTable = tables[2*(i-2)], tables[2*(i-2)+1]
			mid.probBits, mid.backoffBits = probBits, backoffBits
			mid.probMask, mid.backoffMask = 1<<probBits-1, 1<<backoffBits-1
		}
		mid.totalBits = wordBits + quantBits + mid.nextBits
		size := baseSize(entries, mid.totalBits)
		if err := need(off, size, "middle n-gram table"); err != nil {
			return nil, err
		}
		mid.data = data[off : off+size]
		off += size
		m.middles = append(m.middles, mid)
	}

	lg := kenTrieLongest{entries: counts[order-1], wordBits: wordBits, wordMask: 1<<wordBits - 1}
	if m.quant {
		lg.probTable = tables[len(tables)-1]
		lg.probMask = 1<<probBits - 1
		lg.totalBits = wordBits + probBits
	} else {
		lg.totalBits = wordBits + 31
	}
	size := baseSize(lg.entries, lg.totalBits)
	if err := need(off, size, "longest n-gram table"); err != nil {
		return nil, err
	}
	lg.data = data[off : off+size]
	off += size
	m.longest = lg
	if sz.bad {
		return nil, kenErr("size overflow")
	}

	if err := v.finish(data, off, h.hasVocabulary); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *kenTrie) Order() int        { return m.order }
func (m *kenTrie) Vocab() Vocabulary { return m.vocab }

// unigram returns the weights of w and the range of bigram records that
// extend it to the left (empty when the stored range is invalid).
func (m *kenTrie) unigram(w WordID) (prob, backoff float32, begin, end uint64) {
	u := m.uni[uint64(w)*16 : uint64(w)*16+32]
	prob = kenF32(u[0:])
	backoff = kenF32(u[4:])
	begin = binary.LittleEndian.Uint64(u[8:])
	end = binary.LittleEndian.Uint64(u[16+8:])
	limit := m.longest.entries
	if len(m.middles) > 0 {
		limit = m.middles[0].entries
	}
	if begin > end || end > limit {
		begin, end = 0, 0
	}
	return
}

// kenFindPacked finds word among records [begin, end) of a bit-packed table
// sorted by word. Word IDs are ordered by hash, so they are close to
// uniformly distributed and interpolation search needs few probes; a
// bisection step follows any probe that fails to halve the interval, which
// bounds the worst case.
func kenFindPacked(data []byte, totalBits, wordMask uint64, begin, end uint64, word WordID) (uint64, bool) {
	w := uint64(word)
	if begin >= end || w > wordMask {
		return 0, false
	}
	// Exclusive bounds lo < i < hi with keys loKey < w < hiKey.
	lo, hi := int64(begin)-1, int64(end)
	loKey, hiKey := -1.0, float64(wordMask)+1
	bisect := false
	for hi-lo > 1 {
		width := hi - lo
		var p int64
		if bisect {
			p = lo + width/2
		} else {
			p = lo + 1 + int64((float64(w)-loKey)/(hiKey-loKey)*float64(width-1))
			if p <= lo {
				p = lo + 1
			} else if p >= hi {
				p = hi - 1
			}
		}
		k := kenReadBits(data, uint64(p)*totalBits, wordMask)
		switch {
		case k < w:
			lo, loKey = p, float64(k)
		case k > w:
			hi, hiKey = p, float64(k)
		default:
			return uint64(p), true
		}
		bisect = (hi-lo)*2 > width
	}
	return 0, false
}

// next returns the range of records of the next order extending record i.
func (mid *kenTrieMiddle) next(i uint64) (begin, end uint64) {
	bit := i*mid.totalBits + mid.wordBits
	if mid.probTable != nil {
		bit += mid.probBits + mid.backoffBits
	} else {
		bit += 63
	}
	begin = kenReadBits(mid.data, bit, mid.nextMask)
	end = kenReadBits(mid.data, bit+mid.totalBits, mid.nextMask)
	if off := mid.offsets; off != nil {
		// Largest k with off[k] <= i (off[0] == 0 <= i).
		lo, hi := 0, len(off)
		for lo < hi {
			h := int(uint(lo+hi) >> 1)
			if off[h] <= i {
				lo = h + 1
			} else {
				hi = h
			}
		}
		k := lo - 1
		e := k + 1
		for e < len(off) && off[e] <= i+1 {
			e++
		}
		e--
		begin |= uint64(k) << mid.nextBits
		end |= uint64(e) << mid.nextBits
	}
	if begin > end || end > mid.nextEntries {
		return 0, 0
	}
	return begin, end
}

// weights returns the probability and back-off of record i.
func (mid *kenTrieMiddle) weights(i uint64) (prob, backoff float32) {
	bit := i*mid.totalBits + mid.wordBits
	if mid.probTable != nil {
		backoff = mid.backoffTable[kenReadBits(mid.data, bit, mid.backoffMask)]
		prob = mid.probTable[kenReadBits(mid.data, bit+mid.backoffBits, mid.probMask)]
		return
	}
	return kenReadNonPositive31(mid.data, bit), kenReadFloat32(mid.data, bit+31)
}

func (lg *kenTrieLongest) prob(i uint64) float32 {
	bit := i*lg.totalBits + lg.wordBits
	if lg.probTable != nil {
		return lg.probTable[kenReadBits(lg.data, bit, lg.probMask)]
	}
	return kenReadNonPositive31(lg.data, bit)
}

// Score implements Model with the semantics of KenLM's FullScore.
func (m *kenTrie) Score(in *State, w WordID, out *State) (float32, int) {
	ctx, ctxBackoff := in.Words, in.Backoff
	n := int(in.Length)
	if n > m.order-1 {
		n = m.order - 1
	}
	if uint64(w) >= m.vocab.bound {
		w = 0
	}
	prob, backoff, begin, end := m.unigram(w)
	out.Words[0] = w
	out.Backoff[0] = backoff
	length := 0
	if kenHasExtension(backoff) {
		length = 1
	}
	ngram := 1
	// A word with no left extensions ends the search ("independent left").
	for i := 0; i < n && begin < end; i++ {
		if i == m.order-2 {
			lg := &m.longest
			if j, ok := kenFindPacked(lg.data, lg.totalBits, lg.wordMask, begin, end, ctx[i]); ok {
				prob = lg.prob(j)
				ngram = m.order
			}
			break
		}
		mid := &m.middles[i]
		j, ok := kenFindPacked(mid.data, mid.totalBits, mid.wordMask, begin, end, ctx[i])
		if !ok {
			break
		}
		p, b := mid.weights(j)
		begin, end = mid.next(j)
		prob = p
		ngram = i + 2
		out.Backoff[i+1] = b
		if kenHasExtension(b) {
			length = ngram
		}
	}
	return kenFinish(out, &ctx, &ctxBackoff, length, ngram, n, prob), ngram
}

// BeginSentenceState is the context after <s>, as KenLM builds it: length
// one whatever the back-off of <s>.
func (m *kenTrie) BeginSentenceState() State {
	var s State
	bos := m.vocab.bos
	_, s.Backoff[0], _, _ = m.unigram(bos)
	s.Words[0] = bos
	s.Length = 1
	return s
}
