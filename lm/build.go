package lm

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Compact format ("WLM1"), all integers little-endian, every chunk padded
// to 8 bytes:
//
//	magic "WINNOWLM", version u64 (=1), order u64, vocabulary size u64,
//	n-gram count u64 × order
//	vocabulary: word bytes (blob), word offsets (packed, V+1),
//	            hash slots (packed, power of two; 0 = empty, else ID+1)
//	per order n = 1..N:
//	  n ≥ 2: keys (packed word IDs, the oldest context word)
//	  probabilities (value column), n < N: back-offs (value column)
//	  n < N: has-children bits (packed, width 1), rank (packed, one per
//	         64 bits), child begin offsets (packed, one per node with
//	         children, plus the end)
//
// The trie is reversed, as KenLM's: a node at depth n is the n-gram
// w_1..w_n reached as w_n → w_{n-1} → … → w_1, and a node's children are
// sorted by key. A value column is a blob (the codebook, empty for raw
// float32) followed by the packed codes.
const (
	compactMagic   = "WINNOWLM"
	compactVersion = 1
)

// Build arranges n-grams into the compact format and returns its bytes.
// The same Grams always give the same bytes.
func Build(g *Grams) ([]byte, error) {
	order := len(g.Levels)
	if order == 0 || order > MaxOrder {
		return nil, fmt.Errorf("%w: order %d", ErrFormat, order)
	}
	V := len(g.Words)
	if V == 0 || uint64(V) >= 1<<32-1 {
		return nil, fmt.Errorf("%w: vocabulary of %d words", ErrFormat, V)
	}
	if g.Levels[0].Count(1) != V {
		return nil, fmt.Errorf("%w: %d unigrams for %d words", ErrFormat, g.Levels[0].Count(1), V)
	}
	// Sort every level by reversed key; perm[n-1][k] is the file index of
	// the k-th node of order n.
	perm := make([][]int, order)
	perm[0] = make([]int, V)
	for i := range perm[0] {
		if g.Levels[0].IDs[i] != WordID(i) {
			return nil, fmt.Errorf("%w: unigram %d has ID %d", ErrFormat, i, g.Levels[0].IDs[i])
		}
		perm[0][i] = i
	}
	for n := 2; n <= order; n++ {
		ids := g.Levels[n-1].IDs
		p := make([]int, g.Levels[n-1].Count(n))
		for i := range p {
			p[i] = i
		}
		slices.SortFunc(p, func(a, b int) int {
			for k := n - 1; k >= 0; k-- {
				if c := cmp.Compare(ids[a*n+k], ids[b*n+k]); c != 0 {
					return c
				}
			}
			return 0
		})
		for i := 1; i < len(p); i++ {
			if slices.Equal(ids[p[i-1]*n:p[i-1]*n+n], ids[p[i]*n:p[i]*n+n]) {
				return nil, fmt.Errorf("%w: duplicate %d-gram %q", ErrFormat, n, gramText(g, n, p[i]))
			}
		}
		perm[n-1] = p
	}

	e := &encoder{}
	e.buf = append(e.buf, compactMagic...)
	e.u64(compactVersion)
	e.u64(uint64(order))
	e.u64(uint64(V))
	for n := 1; n <= order; n++ {
		e.u64(uint64(len(perm[n-1])))
	}
	writeVocab(e, g.Words)

	keyWidth := bitsFor(uint64(V - 1))
	// begins[k] is, for node k of the level being written, the index of its
	// first child in the next level; filled by matching parents.
	for n := 1; n <= order; n++ {
		lv := &g.Levels[n-1]
		p := perm[n-1]
		if n >= 2 {
			keys := make([]uint64, len(p))
			for k, i := range p {
				keys[k] = uint64(lv.IDs[i*n])
			}
			e.packed(keys, keyWidth)
		}
		probs := make([]float32, len(p))
		for k, i := range p {
			probs[k] = lv.Prob[i]
		}
		e.values(probs)
		if n == order {
			break
		}
		backs := make([]float32, len(p))
		for k, i := range p {
			backs[k] = lv.Backoff[i]
		}
		e.values(backs)
		if err := writeChildren(e, g, n, p, perm[n]); err != nil {
			return nil, err
		}
	}
	return e.buf, nil
}

// writeChildren links the nodes of order n (sorted as parents) to their
// children of order n+1: a child w_1..w_{n+1} hangs below w_2..w_{n+1}.
func writeChildren(e *encoder, g *Grams, n int, parents, children []int) error {
	pids := g.Levels[n-1].IDs
	cids := g.Levels[n].IDs
	m := n + 1
	has := make([]uint64, len(parents))
	var begins []uint64
	pi := 0
	for ci := 0; ci < len(children); {
		c := children[ci]
		// Advance to the parent equal to the child's suffix.
		for pi < len(parents) && compareSuffix(pids[parents[pi]*n:parents[pi]*n+n], cids[c*m+1:c*m+m]) < 0 {
			pi++
		}
		if pi == len(parents) || compareSuffix(pids[parents[pi]*n:parents[pi]*n+n], cids[c*m+1:c*m+m]) != 0 {
			return fmt.Errorf("%w: %d-gram %q has no %d-gram suffix in the model",
				ErrFormat, m, gramText(g, m, c), n)
		}
		has[pi] = 1
		begins = append(begins, uint64(ci))
		for ci < len(children) && compareSuffix(pids[parents[pi]*n:parents[pi]*n+n], cids[children[ci]*m+1:children[ci]*m+m]) == 0 {
			ci++
		}
	}
	begins = append(begins, uint64(len(children)))
	e.packed(has, 1)
	words := (len(parents) + 63) / 64
	rank := make([]uint64, words+1)
	for i, h := range has {
		if h != 0 {
			rank[i/64+1]++
		}
	}
	for i := 1; i < len(rank); i++ {
		rank[i] += rank[i-1]
	}
	e.packed(rank, bitsFor(uint64(len(parents))))
	e.packed(begins, bitsFor(uint64(len(children))))
	return nil
}

// compareSuffix compares two n-grams by reversed word order.
func compareSuffix(a, b []WordID) int {
	for k := len(a) - 1; k >= 0; k-- {
		if c := cmp.Compare(a[k], b[k]); c != 0 {
			return c
		}
	}
	return 0
}

func gramText(g *Grams, n, i int) string {
	s := ""
	for k := 0; k < n; k++ {
		if k > 0 {
			s += " "
		}
		s += g.Words[g.Levels[n-1].IDs[i*n+k]]
	}
	return s
}

func writeVocab(e *encoder, words []string) {
	var blob []byte
	offs := make([]uint64, 0, len(words)+1)
	for _, w := range words {
		offs = append(offs, uint64(len(blob)))
		blob = append(blob, w...)
	}
	offs = append(offs, uint64(len(blob)))
	e.blob(blob)
	e.packed(offs, bitsFor(uint64(len(blob))))
	size := 1
	for size < len(words)*3/2+1 {
		size <<= 1
	}
	slots := make([]uint64, size)
	for id, w := range words {
		h := hashWord(w) & uint64(size-1)
		for slots[h] != 0 {
			h = (h + 1) & uint64(size-1)
		}
		slots[h] = uint64(id) + 1
	}
	e.packed(slots, bitsFor(uint64(len(words))))
}

// hashWord is 64-bit FNV-1a, stable across runs and platforms.
func hashWord(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// sortFloatsBits sorts ascending by value, then by bit pattern, so that
// -0 and +0 have a fixed order.
func sortFloatsBits(v []float32) {
	slices.SortFunc(v, func(a, b float32) int {
		if c := cmp.Compare(a, b); c != 0 {
			return c
		}
		return cmp.Compare(math.Float32bits(a), math.Float32bits(b))
	})
}
