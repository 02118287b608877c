package document_test

import (
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/internal/testlm"
	"github.com/winnow-project/winnow/lm"
)

// TestScoreTokens checks the shared scores against scoring each kept
// line as a sentence by hand: punctuation and white space skipped,
// boilerplate lines not scored, one end-of-sentence score per line.
func TestScoreTokens(t *testing.T) {
	m, err := testlm.New(testlm.Words("今天 天气 很好 我们 出去 新闻 中心", -3), []testlm.Bigram{{A: "今天", B: "天气", LogProb: -0.5}, {A: "我们", B: "出去", LogProb: -0.7}})
	if err != nil {
		t.Fatal(err)
	}
	v := m.Vocab()
	id := func(w string) lm.WordID { i, _ := v.ID(w); return i }
	// 新闻中心\n今天天气，很好\n我们 出去 x
	text := "新闻中心\n今天天气，很好\n我们 出去 x"
	d := document.New("", []byte(text))
	d.Lines = []document.Line{
		{Line: 1, Start: 0, End: 12, Label: document.LabelBoilerplate},
		{Line: 2, Start: 13, End: 34, Label: document.LabelBody},
		{Line: 3, Start: 35, End: len(text), Label: document.LabelBody},
	}
	tok := func(s, e int, k document.TokenKind, w string) document.Token {
		return document.Token{Start: s, End: e, Kind: k, ID: id(w)}
	}
	d.Tokens = []document.Token{
		tok(0, 6, document.TokenWord, "新闻"), tok(6, 12, document.TokenWord, "中心"),
		tok(12, 13, document.TokenSpace, ""),
		tok(13, 19, document.TokenWord, "今天"), tok(19, 25, document.TokenWord, "天气"),
		tok(25, 28, document.TokenPunct, ""), tok(28, 34, document.TokenWord, "很好"),
		tok(34, 35, document.TokenSpace, ""),
		tok(35, 41, document.TokenWord, "我们"), tok(41, 42, document.TokenSpace, ""),
		tok(42, 48, document.TokenWord, "出去"), tok(48, 49, document.TokenSpace, ""),
		tok(49, 50, document.TokenLatin, "x"),
	}
	d.Score(m)
	if !d.Scored {
		t.Fatal("Scored not set")
	}
	type want struct {
		tok   int
		words []lm.WordID // context, oldest first, then the word
	}
	score := func(words []lm.WordID) (float32, int) {
		st := m.BeginSentenceState()
		var p float32
		var n int
		for _, w := range words {
			p, n = m.Score(&st, w, &st)
		}
		return p, n
	}
	for _, w := range []want{
		{3, []lm.WordID{id("今天")}},
		{4, []lm.WordID{id("今天"), id("天气")}},
		{6, []lm.WordID{id("今天"), id("天气"), id("很好")}},
		{8, []lm.WordID{id("我们")}},
		{10, []lm.WordID{id("我们"), id("出去")}},
		{12, []lm.WordID{id("我们"), id("出去"), id("x")}},
	} {
		p, n := score(w.words)
		if got := d.Tokens[w.tok]; got.LogProb != p || int(got.NGram) != n {
			t.Errorf("token %d: %v/%d, want %v/%d", w.tok, got.LogProb, got.NGram, p, n)
		}
	}
	for _, i := range []int{0, 1, 2, 5, 7, 9, 11} {
		if d.Tokens[i].Scored() {
			t.Errorf("token %d (%v) scored", i, d.Tokens[i].Kind)
		}
	}
	if len(d.Sentences) != 2 {
		t.Fatalf("%d sentences, want 2: %+v", len(d.Sentences), d.Sentences)
	}
	for k, s := range []struct {
		line, first, end int
		words            []lm.WordID
	}{
		{1, 3, 7, []lm.WordID{id("今天"), id("天气"), id("很好"), v.EndSentence()}},
		{2, 8, 13, []lm.WordID{id("我们"), id("出去"), id("x"), v.EndSentence()}},
	} {
		got := d.Sentences[k]
		p, _ := score(s.words)
		if got.Line != s.line || got.First != s.first || got.End != s.end || got.EndLogProb != p {
			t.Errorf("sentence %d = %+v, want line %d tokens [%d,%d) end %v", k, got, s.line, s.first, s.end, p)
		}
	}
	// Scoring again (a reused document) gives the same.
	before := append([]document.Token(nil), d.Tokens...)
	d.Score(m)
	for i := range before {
		if before[i] != d.Tokens[i] {
			t.Errorf("token %d changed on rescoring", i)
		}
	}
}
