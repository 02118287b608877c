package page_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/winnow-project/winnow/page"
)

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func big5(t testing.TB, s string) []byte {
	b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const zhText = "<p>市图书馆新馆今天正式开放，不少读者一早就在门口排起了长队。新馆设有少儿阅览区和古籍文献区。</p>"
const twText = "<p>記者日前在新界一處住宅區看到，一架無人機緩緩降落在社區的配送櫃頂部，將一份午餐準確投放。</p>"

func TestDecode(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html>" + zhText))
	cases := []struct {
		name        string
		in          []byte
		contentType string
		charset     string
		from        string
		want        string // a substring of the decoded page
		err         error
	}{
		{"utf-8 no meta", []byte("<html>" + zhText), "", "utf-8", "sniff", "新馆今天", nil},
		{"utf-8 meta", []byte(`<html><meta charset="utf-8">` + zhText), "", "utf-8", "meta", "新馆今天", nil},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf<html>"), zhText...), "", "utf-8", "bom", "新馆今天", nil},
		{"utf-16 bom", utf16, "", "utf-16le", "bom", "新馆今天", nil},
		{"gbk meta", gbk(t, `<html><meta http-equiv="Content-Type" content="text/html; charset=gb2312">`+zhText), "", "gbk", "meta", "新馆今天", nil},
		{"gbk meta charset attr", gbk(t, `<html><meta charset=GBK>`+zhText), "", "gbk", "meta", "新馆今天", nil},
		{"gbk no meta", gbk(t, "<html>"+zhText), "", "gb18030", "sniff", "新馆今天", nil},
		{"gbk by header", gbk(t, "<html>"+zhText), "text/html; charset=GBK", "gbk", "header", "新馆今天", nil},
		{"header beats wrong meta", gbk(t, `<html><meta charset="utf-8">`+zhText), "text/html; charset=gb18030", "gb18030", "header", "新馆今天", nil},
		{"big5 meta", big5(t, `<html><meta charset="big5">`+twText), "", "big5", "meta", "無人機", nil},
		{"big5 no meta", big5(t, "<html>"+twText), "", "big5", "sniff", "無人機", nil},
		{"re-encoded utf-8 keeps gbk meta", []byte(`<html><meta charset="gbk">` + zhText), "", "utf-8", "sniff", "新馆今天", nil},
		{"unknown header charset", []byte("<html>" + zhText), "text/html; charset=x-klingon", "utf-8", "sniff", "新馆今天", nil},
		{"few broken bytes", []byte("<html>" + strings.Repeat(zhText, 20) + "\xe6\x96"), "", "utf-8", "sniff", "新馆今天", nil},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", "", "", "", page.ErrBinary},
		{"garbage", bytes.Repeat([]byte{0xff, 0xfe, 0x80, 0x81}, 100)[2:], "", "", "", "", page.ErrCharset},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, cs, err := page.Decode(c.in, c.contentType)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cs.Name != c.charset || cs.From != c.from {
				t.Errorf("charset %s from %s, want %s from %s (note %q)", cs.Name, cs.From, c.charset, c.from, cs.Note)
			}
			if !bytes.Contains(out, []byte(c.want)) {
				t.Errorf("decoded page lacks %q: %.80q", c.want, out)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"\ufeff  \n<html lang=zh>", true},
		{"<HTML><HEAD>", true},
		{"<!-- saved from url --><html>", true},
		{"<div class=a>文字</div>", true},
		{"<p>一段文字</p>", true},
		{`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, true},
		{"<<三体>>读后感", false},
		{"新闻中心\nOpenAI“政变”48小时", false},
		{"<unknown>", false},
		{"<", false},
		{"", false},
		{"<?xml version=\"1.0\"?><rss>", false},
	}
	for _, c := range cases {
		if got := page.Sniff([]byte(c.in)); got != c.want {
			t.Errorf("Sniff(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseLabels(t *testing.T) {
	const doc = `<!DOCTYPE html><html><head><title>大桥完工_江城在线</title>
<meta property="og:title" content="大桥完工">
<meta property="article:published_time" content="2024-03-18T09:42:00+08:00">
</head><body>
<div class="nav"><a href="/">首页</a><a href="/n">新闻</a></div>
<div id="main"><h1>大桥完工</h1><div class="info">来源：江城日报 作者：周明远</div>
<div class="content"><p>经过近三年的施工，江北跨江大桥主体结构完工，建设者们完成了最后一段钢箱梁的合龙。</p>
<p>这座大桥全长四点二公里，是本市第三座跨江通道，预计明年六月具备通车条件。</p>
<p style="display:none">隐藏的文字不应出现。</p>
<p>原标题：江北大桥合龙</p>
</div>
<div class="related-news"><ul><li><a href="/1">另一条新闻的标题</a></li></ul></div>
<div id="comments"><p>网友：支持，期待早日通车。</p></div>
</div>
<footer><p>Copyright © 2024 江城在线</p></footer>
</body></html>`
	p, err := page.Parse([]byte(doc), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ text, kind string }{
		{"首页 新闻", page.KindNav},
		{"大桥完工", page.KindTitle},
		{"来源：江城日报 作者：周明远", page.KindByline},
		{"经过近三年的施工", page.KindArticle},
		{"这座大桥全长", page.KindArticle},
		{"原标题：江北大桥合龙", page.KindArticle},
		{"另一条新闻的标题", page.KindRelated},
		{"网友：支持", page.KindComments},
		{"Copyright", page.KindFooter},
	}
	if len(p.Blocks) != len(want) {
		for _, b := range p.Blocks {
			t.Logf("%s %q %s", b.Kind, b.Text, b.Reason)
		}
		t.Fatalf("%d blocks, want %d", len(p.Blocks), len(want))
	}
	for i, w := range want {
		b := p.Blocks[i]
		if !strings.HasPrefix(b.Text, w.text) || b.Kind != w.kind {
			t.Errorf("block %d: %s %q (%s), want %s %q", i, b.Kind, b.Text, b.Reason, w.kind, w.text)
		}
		if b.Reason == "" {
			t.Errorf("block %d has no reason", i)
		}
	}
	if p.Blocks[6].LinkDensity != 1 {
		t.Errorf("related link density %v, want 1", p.Blocks[6].LinkDensity)
	}
	m := p.Meta
	if p.Title != "大桥完工" || m.Source != "江城日报" || strings.Join(m.Authors, ",") != "周明远" ||
		m.Date != "2024-03-18 09:42:00" || m.OriginalTitle != "江北大桥合龙" {
		t.Errorf("title %q meta %+v", p.Title, m)
	}
	if strings.Contains(p.Text(), "隐藏") {
		t.Error("hidden text extracted")
	}
	if got := p.Article(); strings.Contains(got, "首页") || !strings.Contains(got, "钢箱梁") {
		t.Errorf("Article() = %q", got)
	}
}

func TestMetaPatterns(t *testing.T) {
	cases := []struct {
		byline  string
		source  string
		authors string
		date    string
	}{
		{"2024-05-01 10:00　来源：新华社　作者：张三", "新华社", "张三", "2024-05-01 10:00"},
		{"2024年5月1日 来源: 人民网 记者 李四 王五", "人民网", "李四,王五", "2024-05-01"},
		{"发布时间：2024/05/01  稿源：市政府网  作者：赵六  【字体：大 中 小】", "市政府网", "赵六", "2024-05-01"},
		{"本报记者 陈七 2024.5.1", "", "陈七", "2024-05-01"},
		{"2024-07-02 12:00　來源：港島日報　記者：黃家明", "港島日報", "黃家明", "2024-07-02 12:00"},
	}
	for _, c := range cases {
		doc := "<html><body><h1>标题在这里</h1><div>" + c.byline + "</div><div class=content><p>" +
			strings.Repeat("正文的一句话，用来构成文章的主体内容。", 5) + "</p></div></body></html>"
		p, err := page.Parse([]byte(doc), page.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := p.Meta
		if m.Source != c.source || strings.Join(m.Authors, ",") != c.authors || m.Date != c.date {
			t.Errorf("%q: source %q authors %q date %q; want %q %q %q", c.byline, m.Source, m.Authors, m.Date, c.source, c.authors, c.date)
		}
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := page.Parse(make([]byte, 100), page.Options{MaxBytes: 10}); !errors.Is(err, page.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if _, err := page.Parse([]byte("<html>\x00\x00\x00"), page.Options{}); !errors.Is(err, page.ErrBinary) {
		t.Errorf("err = %v, want ErrBinary", err)
	}
	deep := "<html><body>" + strings.Repeat("<div>", 5000) + "深处。" + strings.Repeat("</div>", 5000)
	p, err := page.Parse([]byte(deep), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text(), "深处") {
		t.Errorf("deep text lost: %q", p.Text())
	}
}

// FuzzParse: no input makes Parse panic, and every block is one line of
// text with a label and a reason.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/html/*.html")
	for _, p := range files[:min(len(files), 6)] {
		b, _ := os.ReadFile(p)
		f.Add(b, "")
	}
	f.Add([]byte("<html><body><p>文字<div><table><td>格</p></span>"), "text/html; charset=gbk")
	f.Add([]byte("<meta charset=big5><p>\xb0\xa1</p>"), "")
	f.Fuzz(func(t *testing.T, in []byte, ct string) {
		p, err := page.Parse(in, page.Options{ContentType: ct})
		if err != nil {
			if !errors.Is(err, page.ErrBinary) && !errors.Is(err, page.ErrCharset) && !errors.Is(err, page.ErrTooLarge) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		for i, b := range p.Blocks {
			if b.Text == "" || strings.ContainsAny(b.Text, "\n\r") {
				t.Fatalf("block %d text %q", i, b.Text)
			}
			if b.Label == "" || b.Kind == "" || b.Reason == "" {
				t.Fatalf("block %d unlabelled: %+v", i, b)
			}
			if b.LinkDensity < 0 || b.LinkDensity > 1 {
				t.Fatalf("block %d link density %v", i, b.LinkDensity)
			}
		}
	})
}

// TestContentHints: a class name that reads as template (a two-column
// page's "right_side", a blog post's "tag-…" taxonomy classes) on the
// element that holds the article does not make the article template.
func TestContentHints(t *testing.T) {
	para := func(s string) string {
		return "<p>" + strings.Repeat(s, 4) + "</p>"
	}
	article := para("今年春天雨水充足，茶园长势很好，茶农们忙着采摘新茶。") +
		para("合作社引进了新的加工设备，从杀青到烘干都在车间里完成。") +
		para("不少游客周末来到茶园体验采茶，带动了当地民宿的生意。")
	for _, c := range []struct{ name, open string }{
		{"right_side", `<div class="right_side">`},
		{"wordpress post", `<article class="post-7 post type-post status-publish hentry category-tea tag-spring tag-farm">`},
	} {
		t.Run(c.name, func(t *testing.T) {
			close := "</div>"
			if strings.HasPrefix(c.open, "<article") {
				close = "</article>"
			}
			doc := `<html><head><title>春茶</title></head><body>
<div class="left_side"><ul><li><a href="/a">公司新闻</a></li><li><a href="/b">行业动态</a></li></ul></div>
` + c.open + article + close + `
<div class="footer">版权所有 © 2024 茶叶网</div></body></html>`
			p, err := page.Parse([]byte(doc), page.Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, b := range p.Blocks {
				if strings.Contains(b.Text, "合作社") || strings.Contains(b.Text, "茶园") {
					n++
					if b.Kind != page.KindArticle {
						t.Errorf("%q: %s (%s), want article", b.Text[:30], b.Kind, b.Reason)
					}
				}
				if strings.Contains(b.Text, "版权所有") && b.Kind == page.KindArticle {
					t.Errorf("footer labelled article")
				}
			}
			if n != 3 {
				t.Errorf("%d article paragraphs, want 3", n)
			}
		})
	}
}
