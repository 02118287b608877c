package punct_test

import (
	"context"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
	"github.com/winnow-project/winnow/punct"
	"github.com/winnow-project/winnow/restore"
)

func run(t *testing.T, in string) (string, document.Signal) {
	t.Helper()
	d := document.New("", []byte(in))
	lines.Split(d)
	lines.Label(d)
	if err := punct.New(punct.DefaultConfig()).Detect(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	es := restore.Resolve(d.Text, d.Edits)
	return restore.Apply(d.Text, es), d.Signals[punct.Name]
}

// noisy makes a line noisy enough for edits to be made.
const noisy = "他说 ,今天 ,天气 ,很好 ,我们 ,出去。\n"

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"space before comma", noisy + "乔布斯 ,不过", "乔布斯，不过"},
		{"space before full stop", noisy + "感到意外 。", "感到意外。"},
		{"half-width colon after Han", noisy + "原标题 :蓝湖", "原标题：蓝湖"},
		{"half-width question mark", noisy + "注入公司 ?当", "注入公司？当"},
		{"stray stop after quotation", noisy + "他说：“好。”。", "他说：“好。”"},
		{"spaced stray stop", noisy + "他说：“好 。” 。", "他说：“好。”"},
		{"stop splitting Latin", noisy + "Open 。AI很强", "OpenAI很强"},
		{"doubled stop", noisy + "很好。。然后", "很好。然后"},
		{"numbers untouched", noisy + "共1,000人，3:30到场，增长3.5倍", "共1,000人，3:30到场，增长3.5倍"},
		{"English untouched", noisy + "他说 Hello, world! 然后走了", "他说 Hello, world! 然后走了"},
		{"URL untouched", noisy + "网址http://a.cn/x很好", "网址http://a.cn/x很好"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := run(t, tt.in)
			_, rest, _ := cut(got)
			if rest != tt.want {
				t.Errorf("got %q, want %q", rest, tt.want)
			}
		})
	}
}

func cut(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func TestHeadingStops(t *testing.T) {
	in := "标题在这里\n" + noisy + "安全与。本钱的。抵触。\n" + "正文继续写下去，很长的一段话。\n"
	got, _ := run(t, in)
	if want := "标题在这里\n他说，今天，天气，很好，我们，出去。\n安全与本钱的抵触\n正文继续写下去，很长的一段话。\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestAuthorHabitsLeftAlone(t *testing.T) {
	for _, in := range []string{
		"他说,今天天气很好,我们出去走走.",
		"第一条: 内容如下; 第二条: 另有规定.",
		"研究人员在湖边观察到一种罕见的水鸟 ,它们每年春天从南方飞来。",
	} {
		got, sig := run(t, in)
		if got != in || sig.Score != 0 {
			t.Errorf("%q: changed to %q (score %.2f)", in, got, sig.Score)
		}
	}
}

// TestMixedNoise: a few marks of two kinds (spaces before marks and
// doubled marks) are a spinner's noise and are edited; the same number
// of one kind is an author's habit and is left alone.
func TestMixedNoise(t *testing.T) {
	body := "记者近日走访了多家企业，了解到今年以来回收的旧电池数量明显增加。"
	tests := []struct {
		name, in, want string
	}{
		{"mixed", body + "仓库已经堆满 ，等待检测。。工人们正在忙碌 ，没有停下。。\n",
			body + "仓库已经堆满，等待检测。工人们正在忙碌，没有停下。\n"},
		{"one habit", body + "仓库已经堆满 ，等待检测 ，工人们正在忙碌 ，没有停下 。\n",
			body + "仓库已经堆满 ，等待检测 ，工人们正在忙碌 ，没有停下 。\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := run(t, tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
