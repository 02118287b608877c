// Package counts is a counting hash table for the detectors' per-document
// tallies (repeated words, n-grams): open addressing over uint64 keys,
// reset in time proportional to the keys expected, so that one table
// serves document after document without allocating.
package counts

// Table counts occurrences of uint64 keys. The zero value is ready after
// Reset. A Table is not safe for concurrent use.
type Table struct {
	keys  []uint64
	vals  []int32 // 0: empty slot
	shift uint8
}

// Reset empties the table and sizes it for up to n distinct keys.
func (t *Table) Reset(n int) {
	size, shift := 16, uint8(64-4)
	for size < 2*n {
		size <<= 1
		shift--
	}
	if cap(t.vals) < size {
		t.keys = make([]uint64, size)
		t.vals = make([]int32, size)
	} else {
		t.keys = t.keys[:size]
		t.vals = t.vals[:size]
		clear(t.vals)
	}
	t.shift = shift
}

func (t *Table) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> t.shift }

// Add counts one more occurrence of k and returns its count. The table
// must have been Reset for at least as many distinct keys as are added.
func (t *Table) Add(k uint64) int {
	mask := uint64(len(t.vals) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch {
		case t.vals[i] == 0:
			t.keys[i], t.vals[i] = k, 1
			return 1
		case t.keys[i] == k:
			t.vals[i]++
			return int(t.vals[i])
		}
	}
}

// Count returns how often k was added since the last Reset.
func (t *Table) Count(k uint64) int {
	mask := uint64(len(t.vals) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch {
		case t.vals[i] == 0:
			return 0
		case t.keys[i] == k:
			return int(t.vals[i])
		}
	}
}
