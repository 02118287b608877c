package segment

import (
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"spaces only", " \n\t ", nil},
		{"chinese", "今天天气很好。我们去公园吧！你去吗？", []string{"今天天气很好。", "我们去公园吧！", "你去吗？"}},
		{"no terminator", "没有句号", []string{"没有句号"}},
		{"semicolon and ellipsis", "第一；第二……第三", []string{"第一；", "第二……", "第三"}},
		{"closing quotes stay", "他说：“你好。”她笑了。", []string{"他说：“你好。”", "她笑了。"}},
		{"corner brackets", "「走吧！」『好。』（完）", []string{"「走吧！」", "『好。』", "（完）"}},
		{"stacked terminators", "真的吗？！是的。", []string{"真的吗？！", "是的。"}},
		{"line breaks", "第一行\n第二行\r\n\r\n第三行", []string{"第一行", "第二行", "第三行"}},
		{"decimal", "圆周率是3.14。对", []string{"圆周率是3.14。", "对"}},
		{"url", "访问 www.example.com/a.html 查看。好", []string{"访问 www.example.com/a.html 查看。", "好"}},
		{"url scheme", "See http://a.b/c. Then go.", []string{"See http://a.b/c.", "Then go."}},
		{"email", "写信给 a.b@c.com 吧。", []string{"写信给 a.b@c.com 吧。"}},
		{"abbreviation e.g.", "Use tools, e.g. a hammer. Done.", []string{"Use tools, e.g. a hammer.", "Done."}},
		{"abbreviation Mr.", "Mr. Smith came. He left.", []string{"Mr. Smith came.", "He left."}},
		{"english", "Hello world! How are you? Fine.", []string{"Hello world!", "How are you?", "Fine."}},
		{"ascii stop before han", "版本是v2.所以", []string{"版本是v2.", "所以"}},
		{"file name", "打开config.yaml文件", []string{"打开config.yaml文件"}},
		{"ascii quote closer", `He said "stop." Then ran.`, []string{`He said "stop."`, "Then ran."}},
		{"ellipsis dots", "Wait... What?", []string{"Wait...", "What?"}},
		{"mixed", "iPhone 15发布了！价格5,999元。", []string{"iPhone 15发布了！", "价格5,999元。"}},
		{"invalid bytes", "好\xff。坏", []string{"好\xff。", "坏"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans := Sentences(tc.in)
			var got []string
			prev := 0
			for _, sp := range spans {
				if sp.Start < prev || sp.End <= sp.Start || sp.End > len(tc.in) {
					t.Fatalf("bad span %+v", sp)
				}
				if strings.TrimSpace(tc.in[prev:sp.Start]) != "" {
					t.Fatalf("text dropped before %+v", sp)
				}
				prev = sp.End
				got = append(got, sp.Text(tc.in))
			}
			if strings.Join(got, "‖") != strings.Join(tc.want, "‖") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}
