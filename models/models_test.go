package models

import (
	"bytes"
	"os"
	"testing"

	"github.com/winnow-project/winnow/lm"
)

func TestDefaultLoads(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.Order() != 3 || m.Vocab().Size() != 164887 {
		t.Fatalf("order %d, %d words", m.Order(), m.Vocab().Size())
	}
	c := m.Counts()
	if c[1] != 1983152 || c[2] != 634213 {
		t.Fatalf("counts %v", c)
	}
}

// The model prefers original wording to a spinner's substitutions; these
// are the figures the detectors rely on.
func TestDefaultPrefersOriginals(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	pairs := []struct {
		orig, spun []string
		gap        float64 // original must beat spun by at least this
	}{
		{[]string{"风险", "投资", "公司"}, []string{"危险", "出资", "公司"}, 5},
		{[]string{"社交", "媒体"}, []string{"交际", "媒体"}, 3},
		{[]string{"管理层"}, []string{"办理层"}, 1},
	}
	for _, p := range pairs {
		o, _ := lm.SentenceScore(m, p.orig, true, true)
		s, _ := lm.SentenceScore(m, p.spun, true, true)
		if o-s < p.gap {
			t.Errorf("%v %.2f vs %v %.2f: gap below %.1f", p.orig, o, p.spun, s, p.gap)
		}
	}
}

// The bundled file is what `winnow lm build` makes from the ARPA text.
func TestDefaultReproducible(t *testing.T) {
	const arpa = "../../shared/data/lm/lm_sc.arpa.xz"
	if _, err := os.Stat(arpa); err != nil {
		t.Skip("ARPA source not present:", arpa)
	}
	if testing.Short() {
		t.Skip("slow")
	}
	g, err := lm.OpenARPA(arpa)
	if err != nil {
		t.Fatal(err)
	}
	data, err := lm.Build(g)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, []byte(zhCN)) {
		t.Fatal("bundled model differs from a fresh build of the ARPA source")
	}
}
