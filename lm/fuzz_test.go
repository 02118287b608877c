package lm

import (
	"bytes"
	"os"
	"testing"
)

// FuzzReadARPA: any bytes give a model or an error, never a panic; a model
// that parses also builds, loads and scores.
func FuzzReadARPA(f *testing.F) {
	toy, err := os.ReadFile("testdata/toy2.arpa")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(toy)
	f.Add([]byte("\\data\\\nngram 1=1\n\\1-grams:\n-1\ta\n\\end\\\n"))
	f.Add([]byte("\\data\\\nngram 1=2\nngram 2=1\n\\1-grams:\n-1 a -0.5\n-2 b 0\n\\2-grams:\n-0.1 a b\n\\end\\\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadARPA(bytes.NewReader(data))
		if err != nil {
			return
		}
		m, err := FromGrams(g)
		if err != nil {
			return
		}
		words := append([]string{"never-a-word"}, g.Words...)
		SentenceScore(m, words, true, true)
	})
}

// FuzzLoadCompact: corrupt compact models give an error or a model that
// answers queries safely.
func FuzzLoadCompact(f *testing.F) {
	g, err := OpenARPA("testdata/toy2.arpa")
	if err != nil {
		f.Fatal(err)
	}
	data, err := Build(g)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte(compactMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadCompact(data)
		if err != nil {
			return
		}
		v := m.Vocab()
		ids := []WordID{0, 1, 2, WordID(v.Size() - 1), WordID(v.Size()), 1 << 30}
		st := m.BeginSentenceState()
		for _, id := range ids {
			m.Score(&st, id, &st)
			v.Word(id)
		}
		v.ID("a")
		v.ID("<s>")
	})
}
