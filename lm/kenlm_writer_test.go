package lm

// A minimal writer of KenLM binary files, for tests only. It produces the
// layouts read by kenlm*.go as the author understood them from KenLM's
// public sources (binary_format, vocab, search_hashed, search_trie, trie,
// bhiksha, quantize); it is NOT KenLM's build_binary, and files it writes
// verify the reader only against that understanding. It handles
// well-formed ARPA models only: every n-gram's context and its suffix must
// be in the model (no "blank" n-grams), and <unk> must be a unigram.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

type kenTestGram struct {
	words   []string
	prob    float32
	backoff float32 // -0.0 when absent or zero and not a context
}

type kenTestARPA struct {
	order int
	grams [][]kenTestGram // grams[n-1] holds the n-grams, in file order
}

func kenTestParseARPA(r io.Reader) (*kenTestARPA, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	a := &kenTestARPA{}
	section := 0
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		switch {
		case line == "\\data\\":
			continue
		case strings.HasPrefix(line, "ngram "):
			a.order++
			a.grams = append(a.grams, nil)
			continue
		case line == "\\end\\":
			section = -1
			continue
		case strings.HasPrefix(line, "\\") && strings.HasSuffix(line, "-grams:"):
			n, err := strconv.Atoi(line[1 : len(line)-len("-grams:")])
			if err != nil || n < 1 || n > a.order {
				return nil, fmt.Errorf("bad section %q", line)
			}
			section = n
			continue
		}
		if section < 1 {
			continue
		}
		f := strings.Fields(line)
		if len(f) != section+1 && len(f) != section+2 {
			return nil, fmt.Errorf("bad %d-gram line %q", section, line)
		}
		p, err := strconv.ParseFloat(f[0], 32)
		if err != nil {
			return nil, err
		}
		g := kenTestGram{words: f[1 : section+1], prob: float32(p), backoff: float32(math.Copysign(0, -1))}
		if len(f) == section+2 {
			b, err := strconv.ParseFloat(f[section+1], 32)
			if err != nil {
				return nil, err
			}
			if b != 0 {
				g.backoff = float32(b)
			}
		}
		a.grams[section-1] = append(a.grams[section-1], g)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	a.fixExtensions()
	return a, nil
}

// fixExtensions marks back-offs as KenLM does: a zero (or absent) back-off
// is -0.0, except for n-grams that are the context of a longer n-gram,
// where it is +0.0.
func (a *kenTestARPA) fixExtensions() {
	// A context of a longer n-gram keeps its back-off as +0.0 when zero.
	for n := 2; n <= a.order; n++ {
		ctx := map[string]bool{}
		for _, g := range a.grams[n-1] {
			ctx[strings.Join(g.words[:n-1], " ")] = true
		}
		for i := range a.grams[n-2] {
			g := &a.grams[n-2][i]
			if ctx[strings.Join(g.words, " ")] && g.backoff == 0 {
				g.backoff = 0
			}
		}
	}
}

// kenTestOptions selects what the writer produces.
type kenTestOptions struct {
	modelType   uint32
	probBits    uint8 // quantized tries
	backoffBits uint8
	bhikshaBits uint8   // array tries (KenLM's default is 22)
	multiplier  float32 // probing (KenLM's default is 1.5)
	noWords     bool
}

// kenTestQuant is what quantization did, so tests can predict scores.
type kenTestQuant struct {
	prob, backoff [][]float32 // per order n (index n-1); nil for unigrams
}

// kenTestEncode picks the bin a value goes to, as build_binary does: the
// nearer of the two centers around it, searching from index reserved.
func kenTestEncode(bins []float32, v float32, reserved int) int {
	i := reserved + sort.Search(len(bins)-reserved, func(k int) bool { return bins[reserved+k] >= v })
	if i == reserved {
		return reserved
	}
	if i == len(bins) {
		return len(bins) - 1
	}
	if v-bins[i-1] < bins[i]-v {
		return i - 1
	}
	return i
}

func kenTestEncodeBackoff(bins []float32, v float32) int {
	if v == 0 {
		if math.Signbit(float64(v)) {
			return 0
		}
		return 1
	}
	return kenTestEncode(bins, v, 2)
}

// kenTestBins makes n centers of equal-population bins of values.
func kenTestBins(values []float32, n int) []float32 {
	v := append([]float32(nil), values...)
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	out := make([]float32, n)
	start := 0
	for i := 0; i < n; i++ {
		finish := len(v) * (i + 1) / n
		if finish == start {
			if i == 0 {
				out[i] = float32(math.Inf(-1))
			} else {
				out[i] = out[i-1]
			}
			continue
		}
		sum := 0.0
		for _, x := range v[start:finish] {
			sum += float64(x)
		}
		out[i] = float32(sum / float64(finish-start))
		start = finish
	}
	return out
}

type kenTestBits struct{ b []byte }

func (w *kenTestBits) put(bit uint64, v uint64) {
	at := bit >> 3
	x := binary.LittleEndian.Uint64(w.b[at:])
	binary.LittleEndian.PutUint64(w.b[at:], x|v<<(bit&7))
}

func kenTestHeader(order int, multiplier float32, modelType uint32, hasVocab bool, searchVersion uint32, counts []uint64) []byte {
	h := make([]byte, kenAlign8(uint64(kenSanitySize+kenFixedSize+8*order)))
	copy(h, kenSanity)
	p := h[kenSanitySize:]
	p[0] = byte(order)
	binary.LittleEndian.PutUint32(p[4:], math.Float32bits(multiplier))
	binary.LittleEndian.PutUint32(p[8:], modelType)
	if hasVocab {
		p[12] = 1
	}
	binary.LittleEndian.PutUint32(p[16:], searchVersion)
	for i, c := range counts {
		binary.LittleEndian.PutUint64(p[kenFixedSize+8*i:], c)
	}
	return h
}

func kenTestPutF32(b []byte, f float32) { binary.LittleEndian.PutUint32(b, math.Float32bits(f)) }

// kenTestWrite writes a KenLM binary file for a.
func kenTestWrite(a *kenTestARPA, o kenTestOptions) ([]byte, *kenTestQuant, error) {
	counts := make([]uint64, a.order)
	for i := range counts {
		counts[i] = uint64(len(a.grams[i]))
	}
	hasUnk := false
	for _, g := range a.grams[0] {
		if g.words[0] == "<unk>" {
			hasUnk = true
		}
	}
	if !hasUnk {
		return nil, nil, fmt.Errorf("toy writer needs <unk>")
	}
	if o.modelType <= kenTypeRestProbing {
		b, err := kenTestWriteProbing(a, counts, o)
		return b, nil, err
	}
	return kenTestWriteTrie(a, counts, o)
}

func kenTestWords(out *bytes.Buffer, words []string) {
	for _, w := range words {
		out.WriteString(w)
		out.WriteByte(0)
	}
}

func kenTestWriteProbing(a *kenTestARPA, counts []uint64, o kenTestOptions) ([]byte, error) {
	le := binary.LittleEndian
	mult := o.multiplier
	if mult == 0 {
		mult = 1.5
	}
	rest := o.modelType == kenTypeRestProbing
	uniSize, midSize := uint64(8), uint64(16)
	if rest {
		uniSize, midSize = 12, 20
	}
	ids := map[string]WordID{"<unk>": 0}
	words := []string{"<unk>"}
	for _, g := range a.grams[0] {
		if g.words[0] != "<unk>" {
			ids[g.words[0]] = WordID(len(words))
			words = append(words, g.words[0])
		}
	}
	var out bytes.Buffer
	out.Write(kenTestHeader(a.order, mult, o.modelType, !o.noWords, kenProbingSearchVersion, counts))
	// Vocabulary.
	vb, _ := kenBuckets(counts[0], mult)
	vocab := make([]byte, 8+12*vb)
	le.PutUint32(vocab[4:], uint32(len(words)))
	for i, w := range words[1:] {
		h := kenMurmur64A(w)
		j := h % vb
		for le.Uint64(vocab[8+12*j:]) != 0 {
			j = (j + 1) % vb
		}
		le.PutUint64(vocab[8+12*j:], h)
		le.PutUint32(vocab[8+12*j+8:], uint32(i+1))
	}
	out.Write(vocab)

	key := func(ws []string) uint64 {
		k := uint64(ids[ws[len(ws)-1]])
		for i := len(ws) - 2; i >= 0; i-- {
			k = kenCombine(k, ids[ws[i]])
		}
		return k
	}
	// Which n-grams are extended to the left (are the suffix of a longer one).
	extendsLeft := map[string]bool{}
	for n := 2; n <= a.order; n++ {
		for _, g := range a.grams[n-1] {
			extendsLeft[strings.Join(g.words[1:], " ")] = true
		}
	}
	signed := func(g kenTestGram) float32 {
		p := -float32(math.Abs(float64(g.prob)))
		if extendsLeft[strings.Join(g.words, " ")] {
			p = float32(math.Abs(float64(p)))
		}
		return p
	}
	uni := make([]byte, (counts[0]+1)*uniSize)
	for _, g := range a.grams[0] {
		r := uni[uint64(ids[g.words[0]])*uniSize:]
		kenTestPutF32(r, signed(g))
		kenTestPutF32(r[4:], g.backoff)
		if rest {
			kenTestPutF32(r[8:], g.prob)
		}
	}
	out.Write(uni)
	table := func(grams []kenTestGram, entry uint64, longest bool) {
		b, _ := kenBuckets(uint64(len(grams)), mult)
		t := make([]byte, b*entry)
		for _, g := range grams {
			k := key(g.words)
			j := k % b
			for le.Uint64(t[j*entry:]) != 0 {
				j = (j + 1) % b
			}
			r := t[j*entry:]
			le.PutUint64(r, k)
			if longest {
				kenTestPutF32(r[8:], g.prob)
				continue
			}
			kenTestPutF32(r[8:], signed(g))
			kenTestPutF32(r[12:], g.backoff)
			if rest {
				kenTestPutF32(r[16:], g.prob)
			}
		}
		out.Write(t)
	}
	for n := 2; n < a.order; n++ {
		table(a.grams[n-1], midSize, false)
	}
	table(a.grams[a.order-1], 12, true)
	if !o.noWords {
		kenTestWords(&out, words)
	}
	return out.Bytes(), nil
}

func kenTestWriteTrie(a *kenTestARPA, counts []uint64, o kenTestOptions) ([]byte, *kenTestQuant, error) {
	le := binary.LittleEndian
	quant := o.modelType == kenTypeQuantTrie || o.modelType == kenTypeQuantArrayTrie
	array := o.modelType == kenTypeArrayTrie || o.modelType == kenTypeQuantArrayTrie
	order := a.order

	// Sorted vocabulary: IDs by hash order, <unk> = 0.
	var words []string
	for _, g := range a.grams[0] {
		if g.words[0] != "<unk>" {
			words = append(words, g.words[0])
		}
	}
	sort.Slice(words, func(i, j int) bool { return kenMurmur64A(words[i]) < kenMurmur64A(words[j]) })
	ids := map[string]WordID{"<unk>": 0}
	for i, w := range words {
		ids[w] = WordID(i + 1)
	}
	words = append([]string{"<unk>"}, words...)

	// Each order's n-grams as reversed ID keys, sorted.
	type rec struct {
		rev []WordID
		g   kenTestGram
	}
	recs := make([][]rec, order)
	for n := 1; n <= order; n++ {
		for _, g := range a.grams[n-1] {
			r := rec{g: g}
			for i := n - 1; i >= 0; i-- {
				id, ok := ids[g.words[i]]
				if !ok {
					return nil, nil, fmt.Errorf("unknown word %q", g.words[i])
				}
				r.rev = append(r.rev, id)
			}
			recs[n-1] = append(recs[n-1], r)
		}
		sort.Slice(recs[n-1], func(i, j int) bool {
			x, y := recs[n-1][i].rev, recs[n-1][j].rev
			for k := range x {
				if x[k] != y[k] {
					return x[k] < y[k]
				}
			}
			return false
		})
	}
	less := func(x, y []WordID) bool { // x < y on the first len(x) words
		for k := range x {
			if x[k] != y[k] {
				return x[k] < y[k]
			}
		}
		return false
	}
	// children(n, key) is the index of the first (n+1)-gram whose
	// reversed key starts at or after key.
	children := func(n int, key []WordID) uint64 {
		next := recs[n]
		return uint64(sort.Search(len(next), func(i int) bool { return !less(next[i].rev[:len(key)], key) }))
	}
	// Every (n+1)-gram's suffix must exist (no blanks in this writer).
	for n := 2; n <= order; n++ {
		have := map[string]bool{}
		for _, r := range recs[n-2] {
			have[fmt.Sprint(r.rev)] = true
		}
		for _, r := range recs[n-1] {
			if !have[fmt.Sprint(r.rev[:n-1])] {
				return nil, nil, fmt.Errorf("%d-gram %v has no suffix (blanks are not supported)", n, r.g.words)
			}
		}
	}

	var q *kenTestQuant
	pb, bb := uint64(o.probBits), uint64(o.backoffBits)
	if quant {
		q = &kenTestQuant{prob: make([][]float32, order), backoff: make([][]float32, order)}
		for n := 2; n <= order; n++ {
			var ps, bs []float32
			for _, r := range recs[n-1] {
				ps = append(ps, r.g.prob)
				if r.g.backoff != 0 {
					bs = append(bs, r.g.backoff)
				}
			}
			q.prob[n-1] = kenTestBins(ps, 1<<pb)
			if n < order {
				q.backoff[n-1] = append([]float32{float32(math.Copysign(0, -1)), 0}, kenTestBins(bs, 1<<bb-2)...)
			}
		}
	}

	var out bytes.Buffer
	out.Write(kenTestHeader(order, 1.5, o.modelType, !o.noWords, kenTrieSearchVersion, counts))
	vocab := make([]byte, 8+8*counts[0])
	le.PutUint64(vocab, uint64(len(words)-1))
	for i, w := range words[1:] {
		le.PutUint64(vocab[8+8*i:], kenMurmur64A(w))
	}
	out.Write(vocab)
	if quant {
		hdr := make([]byte, 8)
		hdr[0], hdr[1], hdr[2] = kenQuantVersion, o.probBits, o.backoffBits
		out.Write(hdr)
		tab := func(t []float32) {
			for _, f := range t {
				var b [4]byte
				kenTestPutF32(b[:], f)
				out.Write(b[:])
			}
		}
		for n := 2; n < order; n++ {
			tab(q.prob[n-1])
			tab(q.backoff[n-1])
		}
		tab(q.prob[order-1])
	}
	uni := make([]byte, (counts[0]+2)*16)
	for _, r := range recs[0] {
		u := uni[uint64(r.rev[0])*16:]
		kenTestPutF32(u, r.g.prob)
		kenTestPutF32(u[4:], r.g.backoff)
	}
	for id := uint64(0); id <= counts[0]; id++ {
		le.PutUint64(uni[id*16+8:], children(1, []WordID{WordID(id)}))
	}
	out.Write(uni)

	wordBits := uint64(kenRequiredBits(counts[0]))
	for n := 2; n < order; n++ {
		entries, maxNext := counts[n-1], counts[n]
		start := uint64(out.Len())
		var offsets []uint64
		nextBits := uint64(kenRequiredBits(maxNext))
		if array {
			chop := kenChopBits(entries+1, maxNext, o.bhikshaBits)
			count := kenArrayCount(entries+1, maxNext, o.bhikshaBits)
			size := 8*(1+count) + 7
			region := make([]byte, size)
			region[0], region[1] = kenBhikshaVersion, o.bhikshaBits
			nextBits -= uint64(chop)
			offsets = make([]uint64, count)
			writeTo := uint64(1)
			for j := uint64(0); j <= entries; j++ {
				var nx uint64
				if j < entries {
					nx = children(n, recs[n-1][j].rev)
				} else {
					nx = maxNext
				}
				for ; writeTo <= nx>>nextBits; writeTo++ {
					offsets[writeTo] = j
				}
			}
			if writeTo != count {
				return nil, nil, fmt.Errorf("array compression table filled %d of %d", writeTo, count)
			}
			at := kenAlign8(start) + 8 - start
			for k, v := range offsets {
				le.PutUint64(region[at+8*uint64(k):], v)
			}
			out.Write(region)
		}
		quantBits := uint64(63)
		if quant {
			quantBits = pb + bb
		}
		total := wordBits + quantBits + nextBits
		bw := kenTestBits{make([]byte, ((1+entries)*total+7)/8+8)}
		for j := uint64(0); j <= entries; j++ {
			bit := j * total
			var nx uint64
			if j < entries {
				r := recs[n-1][j]
				bw.put(bit, uint64(r.rev[n-1]))
				bit += wordBits
				if quant {
					pi := uint64(kenTestEncode(q.prob[n-1], r.g.prob, 0))
					bi := uint64(kenTestEncodeBackoff(q.backoff[n-1], r.g.backoff))
					bw.put(bit, pi<<bb|bi)
				} else {
					bw.put(bit, uint64(math.Float32bits(r.g.prob)&^kenSignBit))
					bw.put(bit+31, uint64(math.Float32bits(r.g.backoff)))
				}
				bit += quantBits
				nx = children(n, r.rev)
			} else {
				bit += wordBits + quantBits
				nx = maxNext
			}
			bw.put(bit, nx&(1<<nextBits-1))
		}
		out.Write(bw.b)
	}
	probBits := uint64(31)
	if quant {
		probBits = pb
	}
	total := wordBits + probBits
	entries := counts[order-1]
	bw := kenTestBits{make([]byte, ((1+entries)*total+7)/8+8)}
	for j, r := range recs[order-1] {
		bit := uint64(j) * total
		bw.put(bit, uint64(r.rev[order-1]))
		if quant {
			bw.put(bit+wordBits, uint64(kenTestEncode(q.prob[order-1], r.g.prob, 0)))
		} else {
			bw.put(bit+wordBits, uint64(math.Float32bits(r.g.prob)&^kenSignBit))
		}
	}
	out.Write(bw.b)
	if !o.noWords {
		kenTestWords(&out, words)
	}
	return out.Bytes(), q, nil
}
