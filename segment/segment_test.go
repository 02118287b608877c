package segment

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/winnow-project/winnow/lm"
)

// words renders tokens as "text/Kind" joined by spaces ("text" alone for
// Word tokens).
func render(src string, toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(t.Text(src))
		if t.Kind != Word {
			b.WriteByte('/')
			b.WriteString(t.Kind.String())
		}
	}
	return b.String()
}

// checkTiling fails unless toks cover src exactly, in order, on rune
// boundaries for valid UTF-8.
func checkTiling(t testing.TB, src string, toks []Token) {
	t.Helper()
	pos := 0
	var b strings.Builder
	for i, tk := range toks {
		if tk.Start != pos || tk.End <= tk.Start || tk.End > len(src) {
			t.Fatalf("token %d %+v does not continue at %d (len %d)", i, tk, pos, len(src))
		}
		if utf8.ValidString(src) && (!utf8.RuneStart(src[tk.Start]) || tk.End < len(src) && !utf8.RuneStart(src[tk.End])) {
			t.Fatalf("token %d %+v not on rune boundaries", i, tk)
		}
		b.WriteString(tk.Text(src))
		pos = tk.End
	}
	if pos != len(src) || b.String() != src {
		t.Fatalf("tokens end at %d, input has %d bytes", pos, len(src))
	}
}

func TestSegmentTable(t *testing.T) {
	s, _ := newToySegmenter(t)
	tests := []struct {
		name, in, want string
	}{
		{"ambiguity resolved by probability", "研究生命的起源", "研究|生命|的|起源"},
		{"combination ambiguity", "结婚的和尚未结婚的", "结婚|的|和|尚未|结婚|的"},
		{"combination ambiguity 2", "和尚未", "和|尚未"},
		{"longest is not always best", "中国人民", "中国人民"},
		{"unknown characters are single words", "我爱你们", "我|爱|你|们"},
		{"empty", "", ""},
		{"year", "2023年", "2023/Number|年"},
		{"percent and decimals", "增长了12.5%", "增长|了|12.5%/Number"},
		{"thousands", "1,000元", "1,000/Number|元"},
		{"list is not thousands", "1,2,3", "1/Number|,/Punct|2/Number|,/Punct|3/Number"},
		{"full-width digits", "１２３年", "１２３/Number|年"},
		{"url", "访问http://example.com/a?b=1获取", "访问|http://example.com/a?b=1/URL|获取"},
		{"url trailing punct", "see https://x.org/p. ok", "see/Latin| /Space|https://x.org/p/URL|./Punct| /Space|ok/Latin"},
		{"url parens", "(www.example.com/a_(b))", "(/Punct|www.example.com/a_(b)/URL|)/Punct"},
		{"email", "邮箱foo.bar+x@mail.example.cn，", "邮箱|foo.bar+x@mail.example.cn/Email|，/Punct"},
		{"qq email", "12345@qq.com", "12345@qq.com/Email"},
		{"not email", "a@b", "a/Latin|@/Punct|b/Latin"},
		{"latin", "iPhone14 don't e-mail", "iPhone14/Latin| /Space|don't/Latin| /Space|e-mail/Latin"},
		{"full-width latin", "ＡＢＣ好", "ＡＢＣ/Latin|好"},
		{"punct", "你好，天气很好！“好”", "你|好|，/Punct|天气|很|好|！/Punct|“/Punct|好|”/Punct"},
		{"dash and ellipsis runs", "好——好……", "好|——/Punct|好|……/Punct"},
		{"space runs", "天气 \t\n　好", "天气| \t\n　/Space|好"},
		{"symbols", "1+1=2 ¥5 😀", "1/Number|+/Symbol|1/Number|=/Symbol|2/Number| /Space|¥/Symbol|5/Number| /Space|😀/Symbol"},
		{"NUL and control", "a\x00b\x01", "a/Latin|\x00/Other|b/Latin|\x01/Other"},
		{"invalid utf-8", "好\xff\xfe天气\xe4\xb8", "好|\xff/Other|\xfe/Other|天气|\xe4/Other|\xb8/Other"},
		{"other scripts", "Привет日本語カタカナ", "Привет/Latin|日|本|語|カタカナ/Latin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := s.Segment(tc.in)
			checkTiling(t, tc.in, toks)
			if got := render(tc.in, toks); got != tc.want {
				t.Errorf("Segment(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	s, m := newToySegmenter(t)
	in := "研究生命abc们"
	toks := s.Segment(in)
	want := []lm.WordID{m.ids["研究"], m.ids["生命"], toyUnk, toyUnk}
	if len(toks) != len(want) {
		t.Fatalf("got %s", render(in, toks))
	}
	for i, tk := range toks {
		if tk.ID != want[i] {
			t.Errorf("token %q: ID %d, want %d", tk.Text(in), tk.ID, want[i])
		}
	}
	if id, ok := s.Lookup("軟體"); !ok || id != m.ids["软体"] {
		t.Errorf("Lookup(軟體) = %d, %v", id, ok)
	}
	if _, ok := s.Lookup("研究所"); ok {
		t.Error("Lookup(研究所) found")
	}
	if lp, ok := s.UnigramLogProb("研究"); !ok || lp != -3 {
		t.Errorf("UnigramLogProb(研究) = %v, %v", lp, ok)
	}
}

func TestTraditional(t *testing.T) {
	s, m := newToySegmenter(t)
	cases := []struct{ trad, simp string }{
		{"這個軟體", "这个软体"},
		{"研究生命的起源", "研究生命的起源"},
		{"今天天氣很好", "今天天气很好"},
	}
	for _, c := range cases {
		tt, st := s.Segment(c.trad), s.Segment(c.simp)
		checkTiling(t, c.trad, tt)
		if len(tt) != len(st) {
			t.Fatalf("%s: %s vs %s", c.trad, render(c.trad, tt), render(c.simp, st))
		}
		for i := range tt {
			if utf8.RuneCountInString(tt[i].Text(c.trad)) != utf8.RuneCountInString(st[i].Text(c.simp)) || tt[i].ID != st[i].ID {
				t.Errorf("%s: token %d %q/%d vs %q/%d", c.trad, i, tt[i].Text(c.trad), tt[i].ID, st[i].Text(c.simp), st[i].ID)
			}
		}
	}
	if got := render("這個軟體", s.Segment("這個軟體")); got != "這個|軟體" {
		t.Errorf("got %s", got)
	}
	if toks := s.Segment("這個"); toks[0].ID != m.ids["这个"] {
		t.Errorf("這個 has ID %d", toks[0].ID)
	}
	off, _ := New(m, WithTraditional(false))
	if got := render("這個軟體", off.Segment("這個軟體")); got != "這|個|軟|體" {
		t.Errorf("without traditional: %s", got)
	}
}

func TestToSimplified(t *testing.T) {
	for _, c := range []struct{ in, want rune }{
		{'這', '这'}, {'個', '个'}, {'軟', '软'}, {'體', '体'}, {'氣', '气'}, {'國', '国'},
		{'中', '中'}, {'a', 'a'}, {'，', '，'},
	} {
		if got := ToSimplified(c.in); got != c.want {
			t.Errorf("ToSimplified(%c) = %c, want %c", c.in, got, c.want)
		}
	}
}

func TestOptions(t *testing.T) {
	// A per-word bonus favours more words: 中国|人民 = -6.5+2b beats
	// 中国人民 = -5+b once b > 1.5.
	s, _ := newToySegmenter(t, WithWordBonus(3))
	if got := render("中国人民", s.Segment("中国人民")); got != "中国|人民" {
		t.Errorf("bonus: %s", got)
	}
	s, _ = newToySegmenter(t, WithMaxWordRunes(2))
	if got := render("中国人民", s.Segment("中国人民")); got != "中国|人民" {
		t.Errorf("max runes: %s", got)
	}
	s, _ = newToySegmenter(t, WithUnknownLogProb(-1))
	if got := render("研究生命", s.Segment("研究生命")); got != "研究|生命" {
		t.Errorf("unknown prob: %s", got)
	}
}

func TestLongRunChunks(t *testing.T) {
	s, _ := newToySegmenter(t)
	unit := "研究生命的起源"
	in := strings.Repeat(unit, 3*chunkRunes/7+11)
	toks := s.Segment(in)
	checkTiling(t, in, toks)
	want := []string{"研究", "生命", "的", "起源"}
	for i, tk := range toks {
		if tk.Text(in) != want[i%4] {
			t.Fatalf("token %d = %q, want %q", i, tk.Text(in), want[i%4])
		}
	}
	// Long runs of unknown characters and a long non-Han line.
	in = strings.Repeat("们", 3*chunkRunes+5) + strings.Repeat("a.b ", 5000) + strings.Repeat("\xff", 100)
	toks = s.Segment(in)
	checkTiling(t, in, toks)
}

func TestAppendTokensNoAlloc(t *testing.T) {
	s, _ := newToySegmenter(t)
	in := "今天天气很好，研究生命的起源。Hello world 2023年 http://x.cn"
	buf := s.AppendTokens(nil, in)
	allocs := testing.AllocsPerRun(100, func() {
		buf = s.AppendTokens(buf[:0], in)
	})
	if allocs > 0 {
		t.Errorf("AppendTokens allocates %.1f times per call", allocs)
	}
}

func TestConcurrent(t *testing.T) {
	s, _ := newToySegmenter(t)
	in := strings.Repeat("研究生命的起源，今天天气很好。", 50)
	want := render(in, s.Segment(in))
	done := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			var got string
			for j := 0; j < 20; j++ {
				got = render(in, s.Segment(in))
			}
			done <- got
		}()
	}
	for i := 0; i < 4; i++ {
		if got := <-done; got != want {
			t.Error("concurrent result differs")
		}
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := New(newToyModel(nil)); err == nil {
		t.Error("New with empty vocabulary succeeded")
	}
}

func TestKindString(t *testing.T) {
	if Word.String() != "Word" || Kind(200).String() != "Kind(200)" {
		t.Error("Kind.String")
	}
}
