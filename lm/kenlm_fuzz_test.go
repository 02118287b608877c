package lm

import (
	"errors"
	"testing"
)

// FuzzLoadKenLM feeds arbitrary bytes to LoadKenLM. A file must either be
// rejected with an error wrapping ErrFormat or load into a model that
// answers every query without panicking, however corrupt its tables are.
// Seeds live in testdata/fuzz/FuzzLoadKenLM (small files from the test
// writer, truncations and bad headers); more are added here.
func FuzzLoadKenLM(f *testing.F) {
	f.Add([]byte(kenMagicV5))
	f.Add(append([]byte(nil), kenSanity...))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadKenLM(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error does not wrap ErrFormat: %v", err)
			}
			if m != nil {
				t.Fatal("model and error")
			}
			return
		}
		v := m.Vocab()
		n := v.Size()
		if n < 1 || m.Order() < 2 || m.Order() > MaxOrder {
			t.Fatalf("size %d order %d", n, m.Order())
		}
		for i := 0; i < n && i < 64; i++ {
			w := v.Word(WordID(i))
			v.ID(w)
		}
		v.Word(WordID(n))
		v.ID("<s>")
		// Score word IDs taken from the data, in and out of range, from
		// the null state, the <s> state and a nonsense state.
		states := []State{NullState(), m.BeginSentenceState(), {Words: [MaxOrder - 1]WordID{1, 2, 3, 1 << 31, 5}, Length: 255}}
		for _, st := range states {
			for i := 0; i+1 < len(data) && i < 512; i += 2 {
				id := WordID(data[i]) | WordID(data[i+1])<<8
				if i%7 == 0 {
					id = WordID(i % (n + 2))
				}
				m.Score(&st, id, &st)
				if int(st.Length) > m.Order()-1 {
					t.Fatalf("state length %d for order %d", st.Length, m.Order())
				}
			}
		}
	})
}
