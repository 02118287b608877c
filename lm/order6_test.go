package lm

import (
	"strings"
	"testing"
)

// A model of the highest order scores a word whose full n-gram matches:
// the state keeps MaxOrder−1 words (it used to index past them).
func TestFullMatchAtMaxOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("\\data\\\n")
	words := []string{"a", "b", "c", "d", "e", "f"}
	for n := 1; n <= MaxOrder; n++ {
		c := len(words) - n + 1
		if n == 1 {
			c = len(words) + 1 // and <unk>
		}
		b.WriteString("ngram " + string(rune('0'+n)) + "=" + itoa(c) + "\n")
	}
	for n := 1; n <= MaxOrder; n++ {
		b.WriteString("\n\\" + string(rune('0'+n)) + "-grams:\n")
		if n == 1 {
			b.WriteString("-5\t<unk>\t0\n")
		}
		for i := 0; i+n <= len(words); i++ {
			g := strings.Join(words[i:i+n], " ")
			if n < MaxOrder {
				b.WriteString("-1\t" + g + "\t-0.5\n")
			} else {
				b.WriteString("-0.25\t" + g + "\n")
			}
		}
	}
	b.WriteString("\n\\end\\\n")
	g, err := ReadARPA(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	m, err := FromGrams(g)
	if err != nil {
		t.Fatal(err)
	}
	v := m.Vocab()
	st := NullState()
	var p float32
	var n int
	for _, w := range words {
		id, _ := v.ID(w)
		p, n = m.Score(&st, id, &st)
	}
	if n != MaxOrder || p != -0.25 || int(st.Length) != MaxOrder-1 {
		t.Errorf("f after a..e: %v, %d-gram, state length %d; want -0.25, %d-gram, %d", p, n, st.Length, MaxOrder, MaxOrder-1)
	}
	if f, _ := v.ID("f"); st.Words[0] != f {
		t.Errorf("state's newest word %d, want f (%d)", st.Words[0], f)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
