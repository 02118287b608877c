package restore

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
)

func TestResolvePrefersStrongerKinds(t *testing.T) {
	text := "新闻中心\n正文，政变开始。\n"
	es := []document.Edit{
		{Start: 0, End: 13, Kind: document.KindBoilerplate, From: text[0:13], Confidence: 0.9},
		{Start: 3, End: 6, Kind: document.KindPunct, From: text[3:6], To: "X", Confidence: 0.99},
		{Start: 22, End: 28, Kind: document.KindStuffing, From: "政变", Confidence: 0.8},
		{Start: 22, End: 25, Kind: document.KindPunct, From: text[22:25], To: "Y", Confidence: 0.99},
		{Start: 5, End: 6, Kind: document.KindPunct, From: text[5:6], Confidence: 1}, // not a UTF-8 boundary
	}
	got := Resolve(text, es)
	if len(got) != 2 || got[0].Kind != document.KindBoilerplate || got[1].Kind != document.KindStuffing {
		t.Fatalf("got %+v", got)
	}
	if out := Apply(text, got); out != "正文，开始。\n" {
		t.Errorf("Apply = %q", out)
	}
}

// Random edits: whatever Resolve keeps is sorted, non-overlapping, on
// rune boundaries, and Apply equals a naive rebuild.
func TestResolveProperties(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	kinds := []document.Kind{document.KindPunct, document.KindSpin, document.KindStuffing, document.KindBoilerplate}
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for k := r.Intn(30); k > 0; k-- {
			b.WriteString([]string{"政", "变", "a", "。", " ", "\n", "，"}[r.Intn(7)])
		}
		text := b.String()
		var es []document.Edit
		for k := r.Intn(8); k > 0; k-- {
			s := r.Intn(len(text) + 1)
			e := s + r.Intn(len(text)-s+1)
			es = append(es, document.Edit{Start: s, End: e, Kind: kinds[r.Intn(4)], From: text[s:e], To: []string{"", "，", "x"}[r.Intn(3)], Confidence: r.Float64()})
		}
		got := Resolve(text, es)
		prev := -1
		var naive strings.Builder
		at := 0
		for i, e := range got {
			if e.Start < prev || (i > 0 && e.Start == got[i-1].Start) {
				t.Fatalf("%q: edits overlap or unsorted: %+v", text, got)
			}
			for _, o := range []int{e.Start, e.End} {
				if o < len(text) && !utf8.RuneStart(text[o]) {
					t.Fatalf("offset %d off a rune boundary", o)
				}
			}
			naive.WriteString(text[at:e.Start] + e.To)
			at, prev = e.End, e.End
		}
		naive.WriteString(text[at:])
		if Apply(text, got) != naive.String() {
			t.Fatalf("Apply differs from rebuild")
		}
	}
}
