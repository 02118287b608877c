package counts

import (
	"math/rand/v2"
	"testing"
)

func TestTableMatchesMap(t *testing.T) {
	var tab Table
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		n := r.IntN(500)
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = uint64(r.IntN(n/3 + 1))
			if r.IntN(4) == 0 {
				keys[i] = r.Uint64()
			}
		}
		tab.Reset(n)
		want := map[uint64]int{}
		for _, k := range keys {
			want[k]++
			if got := tab.Add(k); got != want[k] {
				t.Fatalf("Add(%d) = %d, want %d", k, got, want[k])
			}
		}
		for _, k := range keys {
			if got := tab.Count(k); got != want[k] {
				t.Fatalf("Count(%d) = %d, want %d", k, got, want[k])
			}
		}
		if got := tab.Count(1 << 62); got != want[1<<62] {
			t.Fatalf("Count of an absent key = %d", got)
		}
	}
}
