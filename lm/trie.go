package lm

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"os"

	"github.com/winnow-project/winnow/internal/mmap"
)

// Trie is a model in winnow's compact format. It reads its bytes in place
// (memory-mapped, embedded or built in memory): loading only checks the
// structure, it copies nothing.
type Trie struct {
	order  int
	counts []uint64
	vocab  trieVocab
	levels []trieLevel
	unk    WordID
	bos    WordID
	eos    WordID
	hasBOS bool
	hasEOS bool
	closer *mmap.File
}

type trieLevel struct {
	keys    packed // word ID of the oldest word; empty for unigrams
	prob    valueColumn
	backoff valueColumn // empty for the highest order
	has     packed      // one bit per node: does it have children
	rank    packed      // ones before each 64-bit word of has
	begins  packed      // first child of each node with children, then the end
}

type trieVocab struct {
	blob  []byte
	offs  packed
	slots packed
	size  uint64
}

// LoadCompact reads a model in the compact format from data, which must
// stay unchanged while the model is in use.
func LoadCompact(data []byte) (*Trie, error) {
	if len(data) < len(compactMagic) || string(data[:len(compactMagic)]) != compactMagic {
		return nil, fmt.Errorf("%w: not a winnow compact model (bad magic)", ErrFormat)
	}
	d := &decoder{data: data, off: uint64(len(compactMagic)), what: "compact model"}
	if v := d.u64(); d.err == nil && v != compactVersion {
		return nil, fmt.Errorf("%w: compact model version %d, want %d", ErrFormat, v, compactVersion)
	}
	order := d.u64()
	V := d.u64()
	if d.err != nil {
		return nil, d.err
	}
	if order == 0 || order > MaxOrder {
		return nil, fmt.Errorf("%w: compact model of order %d", ErrFormat, order)
	}
	if V == 0 || V >= 1<<32-1 {
		return nil, fmt.Errorf("%w: vocabulary of %d words", ErrFormat, V)
	}
	t := &Trie{order: int(order), counts: make([]uint64, order)}
	for i := range t.counts {
		t.counts[i] = d.u64()
		if d.err == nil && t.counts[i] > uint64(len(data)) {
			d.fail("count %d larger than the file", t.counts[i])
		}
	}
	if d.err == nil && t.counts[0] != V {
		d.fail("%d unigrams for %d words", t.counts[0], V)
	}
	t.vocab.size = V
	d.what = "vocabulary"
	t.vocab.blob = d.blob()
	t.vocab.offs = d.packed(V+1, 57)
	slots := d.u64()
	if d.err == nil {
		if slots < V || slots&(slots-1) != 0 {
			d.fail("hash table of %d slots for %d words", slots, V)
		}
		d.off -= 8
		t.vocab.slots = d.packed(slots, 32)
	}
	if d.err != nil {
		return nil, d.err
	}
	if err := t.vocab.check(); err != nil {
		return nil, err
	}
	keyWidth := bitsFor(V - 1)
	t.levels = make([]trieLevel, order)
	for n := 1; n <= int(order); n++ {
		d.what = fmt.Sprintf("%d-grams", n)
		lv := &t.levels[n-1]
		cnt := t.counts[n-1]
		if n >= 2 {
			lv.keys = d.packed(cnt, keyWidth)
		}
		lv.prob = d.values(cnt)
		if n == int(order) {
			break
		}
		lv.backoff = d.values(cnt)
		lv.has = d.packed(cnt, 1)
		lv.rank = d.packed((cnt+63)/64+1, 57)
		if d.err != nil {
			return nil, d.err
		}
		withChildren := lv.rank.get(lv.rank.n - 1)
		lv.begins = d.packed(withChildren+1, 57)
		if d.err != nil {
			return nil, d.err
		}
		if err := lv.checkLinks(t.counts[n]); err != nil {
			return nil, fmt.Errorf("%w: %d-grams: %v", ErrFormat, n, err)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	var ok bool
	if t.unk, ok = t.vocab.lookup("<unk>"); !ok {
		return nil, fmt.Errorf("%w: vocabulary has no <unk>", ErrFormat)
	}
	t.bos, t.hasBOS = t.vocab.lookup("<s>")
	t.eos, t.hasEOS = t.vocab.lookup("</s>")
	if !t.hasBOS {
		t.bos = t.unk
	}
	if !t.hasEOS {
		t.eos = t.unk
	}
	return t, nil
}

// OpenCompact memory-maps a compact model file. Close releases it.
func OpenCompact(path string) (*Trie, error) {
	f, err := mmap.Open(path)
	if err != nil {
		return nil, err
	}
	t, err := LoadCompact(f.Data)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t.closer = f
	return t, nil
}

// Close releases a memory-mapped model; other models need no closing.
func (t *Trie) Close() error {
	if t.closer == nil {
		return nil
	}
	return t.closer.Close()
}

// WriteFile writes model bytes atomically (temporary file, then rename).
func WriteFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (v *trieVocab) check() error {
	blobLen := uint64(len(v.blob))
	prev := uint64(0)
	for i := uint64(0); i <= v.size; i++ {
		o := v.offs.get(i)
		if o < prev || o > blobLen {
			return fmt.Errorf("%w: vocabulary offset %d out of order", ErrFormat, i)
		}
		prev = o
	}
	for i := uint64(0); i < v.slots.n; i++ {
		if v.slots.get(i) > v.size {
			return fmt.Errorf("%w: vocabulary hash slot %d out of range", ErrFormat, i)
		}
	}
	return nil
}

// checkLinks verifies child ranges are increasing and inside the next
// level, so that no query can read out of bounds.
func (lv *trieLevel) checkLinks(next uint64) error {
	prev := uint64(0)
	for i := uint64(0); i < lv.begins.n; i++ {
		b := lv.begins.get(i)
		if b < prev || b > next {
			return fmt.Errorf("child offset %d out of order", i)
		}
		prev = b
	}
	if lv.begins.get(lv.begins.n-1) != next {
		return fmt.Errorf("children do not cover the next order")
	}
	// The rank directory must agree with the bits.
	r := uint64(0)
	words := (lv.has.n + 63) / 64
	for w := uint64(0); w < words; w++ {
		if lv.rank.get(w) != r {
			return fmt.Errorf("rank directory disagrees at word %d", w)
		}
		r += uint64(bits.OnesCount64(lv.hasWord(w)))
	}
	if lv.rank.get(words) != r {
		return fmt.Errorf("rank directory total %d, want %d", lv.rank.get(words), r)
	}
	return nil
}

// hasWord returns the w-th 64 bits of the has-children bit vector, masked
// to the nodes that exist.
func (lv *trieLevel) hasWord(w uint64) uint64 {
	x := binary.LittleEndian.Uint64(lv.has.data[w*8:])
	if rem := lv.has.n - w*64; rem < 64 {
		x &= 1<<rem - 1
	}
	return x
}

// children returns the range of node i's children in the next level.
func (lv *trieLevel) children(i uint64) (uint64, uint64, bool) {
	w := i >> 6
	x := binary.LittleEndian.Uint64(lv.has.data[w*8:])
	bit := uint64(1) << (i & 63)
	if x&bit == 0 {
		return 0, 0, false
	}
	r := lv.rank.get(w) + uint64(bits.OnesCount64(x&(bit-1)))
	return lv.begins.get(r), lv.begins.get(r + 1), true
}

// find looks for key among nodes [lo, hi) sorted by key.
func (lv *trieLevel) find(lo, hi uint64, key WordID) (uint64, bool) {
	k := uint64(key)
	for lo < hi {
		mid := lo + (hi-lo)/2
		v := lv.keys.get(mid)
		switch {
		case v < k:
			lo = mid + 1
		case v > k:
			hi = mid
		default:
			return mid, true
		}
	}
	return 0, false
}

func (v *trieVocab) word(id uint64) string {
	if id >= v.size {
		return ""
	}
	return string(v.blob[v.offs.get(id):v.offs.get(id+1)])
}

func (v *trieVocab) equal(id uint64, w string) bool {
	b, e := v.offs.get(id), v.offs.get(id+1)
	return string(v.blob[b:e]) == w
}

func (v *trieVocab) lookup(w string) (WordID, bool) {
	mask := v.slots.n - 1
	h := hashWord(w) & mask
	for probes := uint64(0); probes <= mask; probes++ {
		s := v.slots.get(h)
		if s == 0 {
			return 0, false
		}
		if v.equal(s-1, w) {
			return WordID(s - 1), true
		}
		h = (h + 1) & mask
	}
	return 0, false
}

// Order implements Model.
func (t *Trie) Order() int { return t.order }

// Counts returns the number of n-grams of each order.
func (t *Trie) Counts() []uint64 { return append([]uint64(nil), t.counts...) }

// Vocab implements Model.
func (t *Trie) Vocab() Vocabulary { return trieVocabulary{t} }

// BeginSentenceState implements Model. A model without <s> starts from the
// null context.
func (t *Trie) BeginSentenceState() State {
	if !t.hasBOS {
		return State{}
	}
	var s State
	t.Score(&s, t.bos, &s)
	return s
}

// Score implements Model.
func (t *Trie) Score(in *State, w WordID, out *State) (float32, int) {
	if uint64(w) >= t.vocab.size {
		w = t.unk
	}
	var st State
	lv := &t.levels[0]
	node := uint64(w)
	prob := lv.prob.get(node)
	st.Words[0] = w
	matched := 1
	if t.order > 1 {
		st.Backoff[0] = lv.backoff.get(node)
	}
	ctx := min(int(in.Length), MaxOrder-1)
	for i := 0; i < ctx && matched < t.order; i++ {
		b, e, ok := lv.children(node)
		if !ok {
			break
		}
		next := &t.levels[matched]
		idx, found := next.find(b, e, in.Words[i])
		if !found {
			break
		}
		prob = next.prob.get(idx)
		if matched < len(st.Words) { // a full MaxOrder match keeps MaxOrder−1 words
			st.Words[matched] = in.Words[i]
		}
		if matched+1 < t.order {
			st.Backoff[matched] = next.backoff.get(idx)
		}
		node, lv = idx, next
		matched++
	}
	for i := matched - 1; i < ctx; i++ {
		prob += in.Backoff[i]
	}
	st.Length = uint8(min(matched, t.order-1))
	*out = st
	return prob, matched
}

type trieVocabulary struct{ t *Trie }

func (v trieVocabulary) ID(word string) (WordID, bool) {
	if id, ok := v.t.vocab.lookup(word); ok {
		return id, true
	}
	return v.t.unk, false
}
func (v trieVocabulary) Word(id WordID) string { return v.t.vocab.word(uint64(id)) }
func (v trieVocabulary) Size() int             { return int(v.t.vocab.size) }
func (v trieVocabulary) BeginSentence() WordID { return v.t.bos }
func (v trieVocabulary) EndSentence() WordID   { return v.t.eos }
func (v trieVocabulary) Unknown() WordID       { return v.t.unk }

// HasSentenceMarkers reports whether the model knows <s> and </s>. The
// libime model does not: its sentences are scored without them.
func (t *Trie) HasSentenceMarkers() bool { return t.hasBOS && t.hasEOS }
