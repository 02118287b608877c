package stuffing_test

import (
	"context"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/internal/testlm"
	"github.com/winnow-project/winnow/lines"
	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/restore"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/stuffing"
)

func analyze(t *testing.T, m lm.Model, text string) *document.Document {
	t.Helper()
	seg, err := segment.New(m)
	if err != nil {
		t.Fatal(err)
	}
	d := document.New("", []byte(text))
	lines.Split(d)
	lines.Label(d)
	for _, tok := range seg.Segment(d.Text) {
		d.Tokens = append(d.Tokens, document.Token{Start: tok.Start, End: tok.End, Kind: document.TokenKind(tok.Kind), ID: tok.ID})
	}
	if err := stuffing.New(m, stuffing.DefaultConfig()).Detect(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func toy(t *testing.T) lm.Model {
	m := toyWords(t, "降价 消息 一出 仅仅 是 一天 时间 门店 排起 长队 仍 让 用户 不满 公司 表示 调整 市场 大幅 这场 能否 持续 卫斯理 查理 乔治 比尔 万吨 和")
	return m
}

// toyWords is a toy model of the given words (log10 −4 each).
func toyWords(t *testing.T, words string) lm.Model {
	t.Helper()
	m, err := testlm.New(testlm.Words(words, -4), nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// restored analyses text with m and returns the document and the text
// with its edits applied.
func restored(t *testing.T, m lm.Model, text string) (*document.Document, string) {
	t.Helper()
	d := analyze(t, m, text)
	return d, restore.Apply(d.Text, restore.Resolve(d.Text, d.Edits))
}

func TestStuffedAndLegitimate(t *testing.T) {
	text := "公司宣布“大幅降价”，降价消息一出，降价仅仅是降价一天时间，门店排起长队。降价仍是降价让用户不满。\n" +
		"公司表示这是调整。降价\n" +
		"这场“降价”能否持续，市场表示观望。降价\n"
	d := analyze(t, toy(t), text)
	out := restore.Apply(d.Text, restore.Resolve(d.Text, d.Edits))
	want := "公司宣布“大幅降价”，消息一出，仅仅是一天时间，门店排起长队。仍是让用户不满。\n" +
		"公司表示这是调整。\n" +
		"这场“降价”能否持续，市场表示观望。\n"
	if out != want {
		t.Errorf("restored\n%s\nwant\n%s", out, want)
	}
	sig := d.Signals[stuffing.Name]
	kw := sig.Detail.(struct {
		Keywords []stuffing.Keyword `json:"keywords"`
	}).Keywords
	if len(kw) != 1 || kw[0] != (stuffing.Keyword{Term: "降价", Inserted: 7, Kept: 2}) {
		t.Errorf("keywords %+v", kw)
	}
}

func TestParallelPhrasesAreNotBursts(t *testing.T) {
	for _, text := range []string{
		"比尔·卫斯理、查理·卫斯理、乔治·卫斯理和金妮·卫斯理是兄妹。",
		"产量分别是1035万吨和1401万吨，以及852万吨和910万吨。",
	} {
		d := analyze(t, toy(t), text)
		if len(d.Edits) != 0 {
			t.Errorf("%q: %d edits", text, len(d.Edits))
		}
	}
}

func TestNoModel(t *testing.T) {
	d := document.New("", []byte(strings.Repeat("降价，降价是降价。", 5)))
	lines.Split(d)
	if err := stuffing.New(nil, stuffing.DefaultConfig()).Detect(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Edits) != 0 || d.Signals[stuffing.Name].Score != 0 {
		t.Error("a detector without a model must find nothing")
	}
}

// TestSplitKeyword: a keyword the segmenter splits into two words
// (股票/配资) is one term; its orphan occurrences are removed and the
// words elsewhere in the text are not.
func TestSplitKeyword(t *testing.T) {
	m := toyWords(t, "股票 配资 快充 电池 手机 用户 发现 工程师 介绍 温度 升高 寿命 延长 习惯 充电 很多 认为 功率 市场")
	text := "很多用户发现手机电池掉电快。股票配资\n" +
		"工程师介绍，温度升高会缩短电池寿命。股票配资\n" +
		"养成充电习惯能延长寿命，股票配资很多人认为功率越大越好。\n" +
		"股票市场也在关注快充。股票配资\n"
	d, out := restored(t, m, text)
	if strings.Contains(out, "股票配资") {
		t.Errorf("restored text keeps the keyword:\n%s", out)
	}
	if !strings.Contains(out, "股票市场也在关注快充") {
		t.Errorf("restored text lost the author's 股票:\n%s", out)
	}
	kw := d.Signals[stuffing.Name].Detail.(struct {
		Keywords []stuffing.Keyword `json:"keywords"`
	}).Keywords
	if len(kw) != 1 || kw[0].Term != "股票配资" || kw[0].Inserted < 3 {
		t.Errorf("keywords %+v", kw)
	}
}

// TestGluedAndRefrain: a keyword glued to the start of sentences
// (。净水器调查…) and once alone at a line's end is stuffed, its copy at
// a title's end too; a word the author repeats with only a comma
// between (哗啦啦，哗啦啦) is not.
func TestGluedAndRefrain(t *testing.T) {
	m := toyWords(t, "净水 器 候鸟 数量 回升 调查 人员 发现 保护区 管理局 表示 今年 湿地 明显 下一步 继续 监测 哗啦 啦 下雨 森林 里 窗外 还在 下")
	tests := []struct {
		name, text string
		want       string // the restored text
	}{
		{"glued", "湿地候鸟数量明显回升净水器\n" +
			"今年候鸟数量明显回升。净水器调查人员发现湿地明显回升。\n" +
			"保护区管理局表示今年回升。净水器下一步继续监测。\n" +
			"调查人员继续监测湿地。净水器保护区管理局表示继续调查。净水器\n",
			"湿地候鸟数量明显回升\n" +
				"今年候鸟数量明显回升。调查人员发现湿地明显回升。\n" +
				"保护区管理局表示今年回升。下一步继续监测。\n" +
				"调查人员继续监测湿地。保护区管理局表示继续调查。\n"},
		{"refrain", "森林里下雨了，哗啦啦，哗啦啦。\n窗外还在下雨，哗啦啦，哗啦啦。\n",
			"森林里下雨了，哗啦啦，哗啦啦。\n窗外还在下雨，哗啦啦，哗啦啦。\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, out := restored(t, m, tc.text); out != tc.want {
				t.Errorf("restored\n%s\nwant\n%s", out, tc.want)
			}
		})
	}
}

// TestPhraseAlone: a three-word keyword whose words the article also
// uses on their own (邮件/服务器/漏洞 in an article about a mail-server
// flaw) is one term when the phrase stands alone between stops.
func TestPhraseAlone(t *testing.T) {
	m := toyWords(t, "邮件 服务器 漏洞 厂商 发布 补丁 修复 攻击者 利用 管理员 尽快 升级 版本 模块 处理 附件 存在 安全 影响 用户")
	text := "厂商发布补丁修复邮件服务器的漏洞。邮件服务器漏洞\n" +
		"攻击者利用附件处理模块的漏洞。邮件服务器漏洞管理员尽快升级版本。\n" +
		"这个漏洞影响邮件服务器的用户。邮件服务器漏洞\n" +
		"服务器管理员尽快升级。邮件服务器漏洞安全模块存在漏洞。\n" +
		"漏洞影响服务器，服务器漏洞影响用户，用户的服务器存在漏洞，管理员修复服务器漏洞。\n"
	_, out := restored(t, m, text)
	if strings.Contains(out, "邮件服务器漏洞") {
		t.Errorf("restored text keeps the keyword:\n%s", out)
	}
	if strings.Count(out, "漏洞") != 8 || strings.Count(out, "邮件服务器") != 2 {
		t.Errorf("restored text lost the author's words:\n%s", out)
	}
}

// TestFourWordKeywordAndSlogan: a keyword of four words glued to the
// start of sentences is one term and removed; a slogan the author
// repeats after the same words (路通了，日子就亮了) is kept.
func TestFourWordKeywordAndSlogan(t *testing.T) {
	m := toyWords(t, "过敏性 鼻炎 怎么 治 秋季 空气 干燥 花粉 医生 建议 患者 减少 外出 回家 洗脸 症状 较重 就诊 路 通 了 日子 就 亮 钱袋子 书包 笑脸 乡亲们 孩子们 老人们 在 的 上")
	kw := "秋季空气干燥，花粉增多。过敏性鼻炎怎么治医生建议患者减少外出。\n" +
		"回家后洗脸。过敏性鼻炎怎么治症状较重的患者就诊。\n" +
		"医生建议减少外出。过敏性鼻炎怎么治花粉季节患者回家洗脸。\n" +
		"过敏性鼻炎的症状较重时就诊。过敏性鼻炎怎么治空气干燥的秋季减少外出。过敏性鼻炎怎么治\n"
	if _, out := restored(t, m, kw); strings.Contains(out, "怎么治") || !strings.Contains(out, "过敏性鼻炎的症状") {
		t.Errorf("keyword: restored\n%s", out)
	}
	slogan := "回家只要二十分钟。路通了，日子就亮了！\n" +
		"路通了，日子就亮了，亮在乡亲们的钱袋子上。\n" +
		"路通了，日子就亮了，亮在孩子们的书包上。\n" +
		"路通了，日子就亮了，亮在老人们的笑脸上。\n" +
		"记住这句话——路通了，日子就亮了！\n"
	if d := analyze(t, m, slogan); len(d.Edits) != 0 {
		t.Errorf("slogan: %d edits", len(d.Edits))
	}
}

// TestGluedBeforeMarks: a keyword appended to the word before a comma
// or full stop (…六张桌子特产代购，却…) and once alone at a line's end is
// stuffed; the author's words stay.
func TestGluedBeforeMarks(t *testing.T) {
	m := toyWords(t, "特产 代购 小店 只有 六张 桌子 却 时常 排队 本地人 吃粉 喜欢 加 辣椒 骨头汤 价格 实惠 游客 早餐 味道 一些 店主 开始 外卖")
	text := "小店只有六张桌子特产代购，却时常排队。\n" +
		"本地人吃粉喜欢加辣椒特产代购。骨头汤价格实惠。\n" +
		"游客早餐特产代购，味道实惠。一些店主开始外卖特产代购，价格实惠。\n" +
		"本地人喜欢早餐。特产代购\n"
	_, out := restored(t, m, text)
	want := "小店只有六张桌子，却时常排队。\n本地人吃粉喜欢加辣椒。骨头汤价格实惠。\n游客早餐，味道实惠。一些店主开始外卖，价格实惠。\n本地人喜欢早餐。\n"
	if out != want {
		t.Errorf("restored\n%s\nwant\n%s", out, want)
	}
}
