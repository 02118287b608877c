package align

import (
	"fmt"
	"strings"
	"testing"
)

// words splits s at '|' into word spans and returns the text without the
// bars.
func words(s string) (string, []Span) {
	var b strings.Builder
	var out []Span
	for _, w := range strings.Split(s, "|") {
		if w == "" {
			continue
		}
		st := b.Len()
		b.WriteString(w)
		out = append(out, Span{st, b.Len()})
	}
	return b.String(), out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, source, copy string
		want               []string // "kind:original→changed"
	}{
		{"identical", "我们|今天|发布|新|版本", "我们今天发布新版本", nil},
		{"one word", "我们|今天|发布|新|版本", "我们今天公布新版本", []string{"substitute:发布→公布"}},
		{"overlapping characters", "效果|显著|提高", "效果明显提高", []string{"substitute:显著→明显"}},
		{"shared first character", "价格|提高|了", "价格提升了", []string{"substitute:提高→提升"}},
		{"two words apart", "研究|表明|这|一|方法|非常|有效", "研究显示这一方法十分有效", []string{"substitute:表明→显示", "substitute:非常→十分"}},
		{"adjacent words merge", "他|非常|喜欢|音乐", "他十分爱好音乐", []string{"substitute:非常喜欢→十分爱好"}},
		{"longer spun form", "我们|一般|认为", "我们一样平常认为", []string{"substitute:一般→一样平常"}},
		{"insertion at boundary", "今天|天气|很|好", "今天天气真的很好", []string{"insert:→真的"}},
		{"deletion", "今天|天气|真的|很|好", "今天天气很好", []string{"delete:真的→"}},
		{"noise and spaces ignored", "今天|，|天气|很|好", "今天 ，天气 很好", nil},
		{"full width folded", "版本|ABC", "版本ａｂｃ", nil},
		{"empty source", "", "新的内容", []string{"insert:→新的内容"}},
		{"empty copy", "旧|内容", "", []string{"delete:旧内容→"}},
		{"both empty", "", "", nil},
		{"punctuation splits regions", "非常|，|喜欢", "十分，爱好", []string{"substitute:非常→十分", "substitute:喜欢→爱好"}},
		{"punctuation noise next to a word", "风筝|，|孩子们|在", "风筝 。小孩们在", []string{"substitute:孩子们→小孩们"}},
		{"trailing insertion", "结束", "结束了吧", []string{"insert:→了吧"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, ws := words(tt.source)
			ops, err := Diff(src, tt.copy, ws)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range ops {
				got = append(got, fmt.Sprintf("%s:%s→%s", o.Kind, o.Original, o.Changed))
				if src[o.Source.Start:o.Source.End] != o.Original || tt.copy[o.Copy.Start:o.Copy.End] != o.Changed {
					t.Errorf("op %+v: offsets do not give its text", o)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Diff(%q, %q)\n got %q\nwant %q", src, tt.copy, got, tt.want)
			}
		})
	}
}

func TestDiffNilWords(t *testing.T) {
	ops, err := Diff("甲乙丙", "甲丁丙", nil)
	if err != nil || len(ops) != 1 || ops[0].Original != "乙" || ops[0].Changed != "丁" {
		t.Fatalf("got %+v, %v", ops, err)
	}
}

func TestDiffTooDifferent(t *testing.T) {
	a := strings.Repeat("甲", MaxEdits)
	b := strings.Repeat("乙", MaxEdits)
	if _, err := Diff(a, b, nil); err == nil {
		t.Fatal("want ErrTooDifferent")
	}
}

func TestSplit(t *testing.T) {
	src, sw := words("他|非常|喜欢|音乐")
	cp, cw := words("他|十分|爱好|音乐")
	ops, err := Diff(src, cp, sw)
	if err != nil {
		t.Fatal(err)
	}
	got := Split(ops, src, cp, sw, cw)
	if len(got) != 2 || got[0].Original != "非常" || got[0].Changed != "十分" || got[1].Original != "喜欢" || got[1].Changed != "爱好" {
		t.Errorf("Split: %+v", got)
	}
	cp2, cw2 := words("他|十分爱好|音乐")
	ops, _ = Diff(src, cp2, sw)
	if got := Split(ops, src, cp2, sw, cw2); len(got) != 1 {
		t.Errorf("unequal word counts must not split: %+v", got)
	}
}
