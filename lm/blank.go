package lm

import "math"

// gramSet indexes the n-grams of one order by their word IDs
// (open addressing over indices into the level).
type gramSet struct {
	n     int
	lv    *GramLevel
	slots []int32 // index+1, 0 = empty
}

func newGramSet(lv *GramLevel, n int) *gramSet {
	s := &gramSet{n: n, lv: lv}
	s.rehash(lv.Count(n))
	return s
}

func (s *gramSet) rehash(count int) {
	size := 16
	for size < 2*count+2 {
		size <<= 1
	}
	s.slots = make([]int32, size)
	for i := 0; i < s.lv.Count(s.n); i++ {
		s.insert(i)
	}
}

func hashIDs(ids []WordID) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range ids {
		h ^= uint64(id)
		h *= 1099511628211
		h ^= h >> 29
	}
	return h
}

func (s *gramSet) insert(i int) {
	mask := uint64(len(s.slots) - 1)
	h := hashIDs(s.lv.IDs[i*s.n:i*s.n+s.n]) & mask
	for s.slots[h] != 0 {
		h = (h + 1) & mask
	}
	s.slots[h] = int32(i + 1)
}

// find returns the index of the n-gram ids, or -1.
func (s *gramSet) find(ids []WordID) int {
	mask := uint64(len(s.slots) - 1)
	h := hashIDs(ids) & mask
	for {
		v := s.slots[h]
		if v == 0 {
			return -1
		}
		i := int(v - 1)
		got := s.lv.IDs[i*s.n : i*s.n+s.n]
		same := true
		for k := range ids {
			if got[k] != ids[k] {
				same = false
				break
			}
		}
		if same {
			return i
		}
		h = (h + 1) & mask
	}
}

// add appends a blank n-gram (probability to be computed, back-off 0).
func (s *gramSet) add(ids []WordID) {
	s.lv.IDs = append(s.lv.IDs, ids...)
	s.lv.Prob = append(s.lv.Prob, float32(math.NaN()))
	s.lv.Backoff = append(s.lv.Backoff, 0)
	if 2*s.lv.Count(s.n)+2 > len(s.slots) {
		s.rehash(s.lv.Count(s.n))
		return
	}
	s.insert(s.lv.Count(s.n) - 1)
}

// fillBlanks makes the n-grams complete the way KenLM does for ARPA files
// that lack some lower-order n-grams (SRILM pruning can leave them out):
// every n-gram's context (w1..wn-1) and suffix (w2..wn) must exist, so a
// missing one is inserted with back-off 0 and the probability that
// backing off would have given it. Scores are unchanged; only the trie
// becomes walkable. It returns the number of n-grams inserted.
func (g *Grams) fillBlanks() int {
	order := len(g.Levels)
	if order < 3 {
		// Bigram models need only unigrams, which are always present.
		return 0
	}
	sets := make([]*gramSet, order)
	for n := 1; n < order; n++ {
		sets[n-1] = newGramSet(&g.Levels[n-1], n)
	}
	added := 0
	for n := order; n >= 3; n-- {
		lv := &g.Levels[n-1]
		below := sets[n-2]
		for i := 0; i < lv.Count(n); i++ {
			ids := lv.IDs[i*n : i*n+n]
			for _, part := range [][]WordID{ids[:n-1], ids[1:]} {
				if below.find(part) < 0 {
					below.add(append([]WordID(nil), part...))
					added++
				}
			}
		}
	}
	if added == 0 {
		return 0
	}
	// Probabilities of the blanks, lowest order first so that a blank
	// may back off onto another blank.
	for n := 2; n < order; n++ {
		lv := &g.Levels[n-1]
		for i := 0; i < lv.Count(n); i++ {
			if !math.IsNaN(float64(lv.Prob[i])) {
				continue
			}
			ids := lv.IDs[i*n : i*n+n]
			lv.Prob[i] = g.backoffProb(sets, ids[:n-1], ids[n-1])
		}
	}
	return added
}

// backoffProb is log10 P(w | ctx) by ARPA back-off without the n-gram
// ctx+w itself: b(ctx) + P(w | ctx[1:]).
func (g *Grams) backoffProb(sets []*gramSet, ctx []WordID, w WordID) float32 {
	var b float32
	if i := sets[len(ctx)-1].find(ctx); i >= 0 {
		b = g.Levels[len(ctx)-1].Backoff[i]
	}
	ctx = ctx[1:]
	for {
		full := append(append([]WordID(nil), ctx...), w)
		n := len(full)
		if n == 1 {
			return b + g.Levels[0].Prob[w]
		}
		if i := sets[n-1].find(full); i >= 0 && !math.IsNaN(float64(g.Levels[n-1].Prob[i])) {
			return b + g.Levels[n-1].Prob[i]
		}
		if i := sets[len(ctx)-1].find(ctx); i >= 0 {
			b += g.Levels[len(ctx)-1].Backoff[i]
		}
		ctx = ctx[1:]
	}
}
