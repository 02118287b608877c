package learn

import (
	"bytes"
	"testing"

	"github.com/winnow-project/winnow/align"
	"github.com/winnow-project/winnow/spin"
)

func sub(orig, changed string) align.Op {
	return align.Op{Kind: align.Substitute, Original: orig, Changed: changed}
}

func TestLearner(t *testing.T) {
	tests := []struct {
		name string
		op   align.Op
		ok   bool
	}{
		{"word", sub("发布", "公布"), true},
		{"longer spun form", sub("一般", "一样平常"), true},
		{"too long", sub("这是一个很长的短语", "那是一个很长的句子"), false},
		{"latin", sub("AI", "人工智能"), false},
		{"number", sub("100", "200"), false},
		{"same", sub("发布", "发布"), false},
		{"insert", align.Op{Kind: align.Insert, Changed: "真的"}, false},
		{"punctuation", sub("，", "。"), false},
	}
	l := New(Options{})
	for _, tt := range tests {
		if _, _, ok := l.Candidate(tt.op); ok != tt.ok {
			t.Errorf("%s: Candidate = %v, want %v", tt.name, ok, tt.ok)
		}
	}
	l.Add([]align.Op{sub("发布", "公布"), sub("发布", "公布"), sub("显著", "明显"), sub("AI", "人工智能")})
	ps := l.Pairs()
	if len(ps) != 2 || ps[0] != (Pair{"公布", "发布", 2}) || ps[1] != (Pair{"明显", "显著", 1}) {
		t.Fatalf("Pairs = %+v", ps)
	}
	if l2 := New(Options{MinCount: 2}); l2.Add([]align.Op{sub("发布", "公布"), sub("发布", "公布"), sub("显著", "明显")}) != 3 || len(l2.Pairs()) != 1 {
		t.Errorf("MinCount 2: %+v", l2.Pairs())
	}
	var buf bytes.Buffer
	if err := WriteTSV(&buf, ps); err != nil {
		t.Fatal(err)
	}
	lex, err := spin.ParseLexicon(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() != 2 || lex.Lookup("公布")[0].Original != "发布" || lex.Lookup("公布")[0].Family != Family {
		t.Errorf("written lexicon reads back as %+v", lex.Entries())
	}
	if got := l.Lexicon(); got.Len() != 2 {
		t.Errorf("Lexicon() has %d entries", got.Len())
	}
}
