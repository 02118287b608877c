package spin

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/winnow-project/winnow/models"
)

// TestGenerateCilin rebuilds data/cilin.txt from HanLP's CoreSynonym.txt.
// It runs only with WINNOW_GEN_CILIN=/path/to/CoreSynonym.txt.
func TestGenerateCilin(t *testing.T) {
	src := os.Getenv("WINNOW_GEN_CILIN")
	if src == "" {
		t.Skip("set WINNOW_GEN_CILIN to regenerate data/cilin.txt")
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syn, err := ParseSynonyms(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join("data", "cilin.txt"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, "# Derived from HIT Cilin Extended as shipped by HanLP (Apache-2.0), see SOURCE-cilin.md.")
	fmt.Fprintln(w, "# Category code and kind ('=' synonyms, '#' related, '@' alone); words of 2-4 characters known to the bundled language model.")
	n := 0
	for i := 0; i < syn.Groups(); i++ {
		g := []string{syn.codeLine(i)}
		for _, word := range syn.Group(i) {
			if k := utf8.RuneCountInString(word); k < 2 || k > 4 {
				continue
			}
			if _, ok := m.Vocab().ID(word); !ok {
				continue
			}
			g = append(g, word)
		}
		if len(g) >= 2 {
			fmt.Fprintln(w, strings.Join(g, " "))
			n++
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	t.Logf("%d groups", n)
}
