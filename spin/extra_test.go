package spin

import "testing"

func TestWithExtraLexicon(t *testing.T) {
	base := DefaultLexicon()
	extra := NewLexicon([]Entry{{Spun: "公布", Original: "发布", Family: "learned"}, {Spun: "一样平常", Original: "一般", Family: "learned"}})
	tests := []struct {
		name  string
		start *Lexicon
		add   *Lexicon
		want  int
	}{
		{"on the built-in lexicon", base, extra, base.Len() + 1}, // 一样平常 → 一般 is built in
		{"on no lexicon", nil, extra, 2},
		{"nil adds nothing", base, nil, base.Len()},
	}
	for _, tt := range tests {
		d := &Detector{lex: tt.start}
		WithExtraLexicon(tt.add)(d)
		if d.lex.Len() != tt.want {
			t.Errorf("%s: %d entries, want %d", tt.name, d.lex.Len(), tt.want)
		}
		if tt.add != nil && len(d.lex.Lookup("公布")) == 0 {
			t.Errorf("%s: learned entry missing", tt.name)
		}
	}
	if DefaultLexicon().Len() != base.Len() {
		t.Error("the built-in lexicon must not change")
	}
}
