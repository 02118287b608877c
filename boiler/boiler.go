// Package boiler finds template boilerplate: the lines a site wraps around
// every article (channel headers, "read more" expanders, previous/next
// links, copyright, ICP licence and sitemap footers, share buttons,
// editor credits) and template content that has nothing to do with the
// article (links to off-topic pages, a site name borrowing another
// site's brand).
//
// It takes a Document split into lines (package lines) and gives, for
// each boilerplate line, the label boilerplate with a reason and an edit
// removing the line, plus the signal "boilerplate". The rules read the
// shape of a line (length, position, punctuation, template vocabulary)
// and its topical similarity to the article body; no site's strings are
// listed.
package boiler

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
)

// Name is the detector's signal name.
const Name = "boilerplate"

// Config holds the detector's thresholds.
type Config struct {
	// OffTopicSimilarity is the share of a linked title's or site name's
	// Han bigrams that must occur in the article body for it to count as
	// on topic (calibrated on the seed's footer and the clean corpus).
	OffTopicSimilarity float64 `json:"off_topic_similarity" yaml:"off_topic_similarity"`
	// MaxLineRunes is the longest line a template rule may remove.
	MaxLineRunes int `json:"max_line_runes" yaml:"max_line_runes"`
}

// DefaultConfig is the calibrated configuration.
func DefaultConfig() Config { return Config{OffTopicSimilarity: 0.2, MaxLineRunes: 120} }

// Detector is the boilerplate detector.
type Detector struct{ cfg Config }

// New returns a detector with cfg.
func New(cfg Config) *Detector {
	if cfg.MaxLineRunes <= 0 {
		cfg.MaxLineRunes = DefaultConfig().MaxLineRunes
	}
	return &Detector{cfg: cfg}
}

// Name implements document.Detector.
func (*Detector) Name() string { return Name }

type rule struct {
	name   string
	reason string
	re     *regexp.Regexp
	// head/tail restrict the rule to the first/last lines of the page.
	head, tail bool
	maxRunes   int
}

// counterWord is what a platform counts beside a number (关注者 1,204,
// 164 条评论).
const counterWord = `(?:关注者|被浏览|浏览|阅读|赞同|点赞|评论|回答|回复|收藏|转发|粉丝|获赞|采纳率|投票|有得|我有疑问|踩|赞)`

var rules = []rule{
	{name: "expander", reason: "expander link (\"open/read the full text\")",
		re: regexp.MustCompile(`^[\s【\[(（]*(?:点击|点此|继续|下载)?(?:打开|展开|阅读|查看|显示|浏览)(?:(?:APP|App|app|客户端)内?(?:阅读|查看)?)?(?:全文|全部|更多|剩余(?:全文|内容)?|原文)[\s】\])）>»›…。.!！∨∧▼▽↓︾⌄+]*$`), maxRunes: 20},
	{name: "prev_next", reason: lines.ReasonPrevNext,
		re: regexp.MustCompile(`(?:上一篇|下一篇|上一页|下一页|上一条|下一条|前一篇|后一篇|上篇|下篇)\s*(?:文章)?\s*[:：]|^\s*[【\[〖(（](?:上一篇|下一篇|上一页|下一页|上一条|下一条|上篇|下篇)[】\]〗)）]`)},
	{name: "copyright", reason: lines.ReasonCopyright,
		re: regexp.MustCompile(`(?i)©|\(c\)\s*(?:19|20)\d\d|copyright|版权所有|all rights reserved|版权归.{1,12}所有`)},
	{name: "icp", reason: lines.ReasonICP,
		re: regexp.MustCompile(`(?i)icp\s*(?:备|证|许可)|公网安备|网安备\s*\d|增值电信业务经营许可证`)},
	{name: "sitemap", reason: lines.ReasonSitemap,
		re: regexp.MustCompile(`(?i)网站地图|sitemap|关于我们|联系我们|免责声明|隐私政策|广告服务|友情链接|投稿邮箱|返回首页|回到顶部|返回顶部`), maxRunes: 60},
	{name: "share", reason: "share / print buttons",
		re: regexp.MustCompile(`分享到|分享至|转发到|扫一扫|扫描二维码|收藏本文|打印本页|关闭窗口|字号\s*[:：]?\s*大\s*中\s*小|【\s*字体|点赞|微信分享`), maxRunes: 50},
	{name: "follow", reason: "follow / subscribe button",
		re: regexp.MustCompile(`^[\s+＋]*(?:关注|已关注|关注TA|关注他|关注她)[\s]*$|点击关注|关注我们|欢迎关注|求关注|长按.{0,4}二维码|关注.{0,10}(?:公众号|微信号|头条号|百家号|抖音号|视频号)|点击(?:上方|下方)?蓝字`), maxRunes: 30},
	{name: "advert", reason: "an advertisement line (【广告】…)",
		re: regexp.MustCompile(`^\s*[【\[(（]\s*(?:广告|推广|赞助|AD|Ad)\s*[】\])）]`), maxRunes: 60},
	{name: "more", reason: "a 'more' link (点击查看更多…>>)",
		re: regexp.MustCompile(`^\s*(?:点击)?(?:查看|阅读|浏览)?更多.{0,10}(?:>>|»|›|>|→)\s*$`), maxRunes: 20},
	{name: "buttons", reason: "a row of a platform's buttons (回复 举报, 写回答, 返回目录)",
		re: regexp.MustCompile(`^[\s+＋↑↓←→|｜·•]*(?:(?:关注问题|写回答|邀请回答|好问题|我有更好的答案|评论|分享|举报|收藏|点赞|回复|引用|返回|更多|返回目录|返回顶部|发新帖|返回列表|只看该作者|倒序浏览|阅读模式|打印本页|沙发|板凳|地板|顶|踩|赞|最佳答案|查看全部\s*[\d,]+\s*个回答)[\s\d,+＋|｜·•]*)+$`), maxRunes: 40},
	{name: "counters", reason: "a platform's counters (关注者, 浏览, 赞同, 采纳率)",
		re: regexp.MustCompile(`^[\s\d,.万kK]*人(?:赞同|点赞|觉得有用)了?(?:该|这个)?(?:回答|文章|经验)?\s*$|^(?:[^。！？]*?(?:` + counterWord + `\s*[（(:：]?\s*[\d,.]+[万kK%]?|[\d,.]+[万kK]?\s*(?:条|个|次|人)?\s*` + counterWord + `)){2}`), maxRunes: 50},
	{name: "attachment", reason: "a forum attachment or edit note (附件 …KB, 本帖最后由 … 编辑)",
		re: regexp.MustCompile(`(?i)\.(?:jpe?g|png|gif|webp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|txt)\s*[（(]\s*[\d.]+\s*[KMG]i?B|^\s*本帖最后由.{1,30}编辑\s*$`), maxRunes: 80},
	{name: "recommend", reason: "a recommended-article link (为你推荐：…, 其他回答)",
		re: regexp.MustCompile(`^[\s【\[]*(?:为你推荐|猜你喜欢|推荐阅读|其他回答|更多回答|相关问题)[\s】\]]*(?:[（(]\s*\d+\s*[）)])?\s*(?:[:：].{0,40})?$`), maxRunes: 50},
	{name: "editor", reason: "editor credit (责任编辑)",
		re: regexp.MustCompile(`^[\s【\[(（]*(?:责任编辑|责编|编辑|校对|审核|值班编辑|本文编辑)\s*[:：]`), maxRunes: 40},
	{name: "related", reason: lines.ReasonRelated,
		re: regexp.MustCompile(`^[\s【\[]*(?:相关推荐|相关阅读|相关文章|相关新闻|热门推荐|热门文章|猜你喜欢|推荐阅读|延伸阅读|精彩推荐|最新文章)[\s】\]:：>»]*$`), maxRunes: 12},
	{name: "disclaimer", reason: "reposting disclaimer",
		re: regexp.MustCompile(`(?:本文|文章|内容)(?:来源于|来自|转载自)网络|如有侵权|侵权请联系|请联系(?:我们|本站)删除|转载请注明|本站不承担|谢绝转载|禁止转载|严禁转载|未经(?:许可|授权).{0,8}转载`), maxRunes: 80},
	{name: "breadcrumb", reason: "breadcrumb navigation",
		re: regexp.MustCompile(`^\s*(?:当前位置|您的位置|你的位置|位置)\s*[:：]|^[^，。！？,.]{1,12}(?:\s*[>»›]\s*[^，。！？,.>»›]{1,12}){2,}\s*$`), head: true, maxRunes: 60},
	{name: "header", reason: "site channel header at the top of the page",
		re: regexp.MustCompile(`^\s*\p{Han}{1,6}(?:中心|首页|频道|栏目|资讯|动态|专区|专栏|导航|列表|快讯|中文网|门户)\s*$`), head: true, maxRunes: 10},
}

// Detect implements document.Detector.
func (det *Detector) Detect(ctx context.Context, d *document.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sig := document.Signal{Counts: map[string]int{}}
	type finding struct {
		i      int
		reason string
	}
	var found []finding
	// Lines that arrive labelled boilerplate were labelled by the input
	// stage from an HTML page's structure (navigation, related lists,
	// comments, …). They stay boilerplate with the page's reason, under
	// the count page_template; the rules read only the other lines (the
	// article's own text). Since every site has a template, only the
	// rules' findings, off-topic links and borrowed brands add to the
	// score.
	scored := 0
	n := len(d.Lines)
	for i, l := range d.Lines {
		s := strings.TrimSpace(d.LineText(l))
		runes := utf8.RuneCountInString(s)
		page := l.Label == document.LabelBoilerplate
		isProse := !page && prose(s)
		matched := false
		// A sentence that mentions 版权所有 is not a footer.
		for _, r := range rules {
			if page || isProse {
				break
			}
			if r.head && i >= 3 || r.tail && i < n-3 {
				continue
			}
			max := det.cfg.MaxLineRunes
			if r.maxRunes > 0 && r.maxRunes < max {
				max = r.maxRunes
			}
			if runes > max || n == 1 && r.name != "expander" {
				continue
			}
			if r.re.MatchString(s) {
				if r.name == "share" && lines.IsByline(s) {
					continue // a byline with a font-size switch is the article's meta
				}
				scored++
				found = append(found, finding{i, r.reason})
				sig.Counts[r.name]++
				matched = true
				break
			}
		}
		if page && !matched {
			found = append(found, finding{i, l.Reason})
			sig.Counts["page_template"]++
		}
	}
	if len(found) == 0 {
		sig.Counts["lines"] = 0
		d.SetSignal(Name, sig)
		return nil
	}
	boiler := make(map[int]string, len(found))
	for _, f := range found {
		boiler[f.i] = f.reason
	}
	// Topic of the article: Han bigrams of the lines that stay.
	body := map[string]bool{}
	for i, l := range d.Lines {
		if _, ok := boiler[i]; !ok {
			lines.AddBigrams(body, d.LineText(l))
		}
	}
	offTopic, borrowed := 0, 0
	var offTitles []string
	for i := range d.Lines {
		if _, ok := boiler[i]; !ok {
			continue
		}
		s := d.LineText(d.Lines[i])
		var notes []string
		for _, t := range linkTitles(s) {
			if sim, ok := similarity(t, body); ok && sim < det.cfg.OffTopicSimilarity && len(body) > 20 {
				offTopic++
				offTitles = append(offTitles, t)
				notes = append(notes, fmt.Sprintf("links to an off-topic page %q (topical similarity %.2f)", t, sim))
			}
		}
		if name, brand, ok := borrowedBrand(s); ok {
			borrowed++
			note := fmt.Sprintf("site name %q borrows another site's brand %q", name+"-"+brand, brand)
			if sim, ok := similarity(name, body); ok && sim < det.cfg.OffTopicSimilarity && len(body) > 20 {
				note += fmt.Sprintf(" and its topic %q is unrelated to the article", name)
			}
			notes = append(notes, note)
		}
		if len(notes) > 0 {
			boiler[i] += "; " + strings.Join(notes, "; ")
		}
	}
	for i, reason := range boiler {
		d.Lines[i].Label = document.LabelBoilerplate
		d.Lines[i].Reason = reason
	}
	addLineEdits(d)
	sig.Counts["lines"] = len(boiler)
	sig.Counts["off_topic_links"] = offTopic
	sig.Counts["borrowed_brand"] = borrowed
	// Template lines alone are normal on a news site; links to unrelated
	// pages and borrowed brands are what content farms add. A legitimate
	// site's previous/next and related links point to other news too, so
	// a link counts as half a rule finding's weight more (two of them
	// alone leave a page clean).
	sig.Score = clamp(0.15*float64(scored) + 0.15*float64(offTopic) + 0.4*float64(borrowed))
	sig.Reasons = []string{fmt.Sprintf("%d line(s) of template boilerplate (%s)", len(boiler), summary(sig.Counts))}
	if c := sig.Counts["page_template"]; c > 0 {
		sig.Reasons[0] = fmt.Sprintf("%d line(s) of template boilerplate (%s), %d of them from the page's template blocks", len(boiler), summary(sig.Counts), len(boiler)-scored)
	}
	if offTopic > 0 {
		sig.Reasons = append(sig.Reasons, fmt.Sprintf("%d template link(s) point to pages unrelated to the article", offTopic))
	}
	if borrowed > 0 {
		sig.Reasons = append(sig.Reasons, "the site name borrows another site's brand")
	}
	sig.Detail = struct {
		OffTopic []string `json:"off_topic_titles"`
	}{OffTopic: nonNil(offTitles)}
	d.SetSignal(Name, sig)
	return nil
}

// addLineEdits adds one edit per boilerplate line, taking the line break
// and blank lines with it so the restored text keeps one line per kept
// line; a trailing run of boilerplate also takes the blank lines before
// it.
func addLineEdits(d *document.Document) {
	n := len(d.Lines)
	lastKept := -1
	for i, l := range d.Lines {
		if l.Kept() {
			lastKept = i
		}
	}
	for i, l := range d.Lines {
		if l.Kept() {
			continue
		}
		start, end := l.Start, l.End
		if i+1 < n {
			end = d.Lines[i+1].Start
		}
		if i == lastKept+1 && lastKept >= 0 {
			start = d.Lines[lastKept].End
		}
		if lastKept < 0 && i == n-1 {
			end = len(d.Text) // the page is nothing but boilerplate
		}
		d.AddEdit(document.Edit{Start: start, End: end, Kind: document.KindBoilerplate, Confidence: 0.9, Reason: l.Reason})
	}
}

// Sync makes the boilerplate edits match the lines labelled boilerplate
// after a later stage (package lines, reading a text page's layout)
// labelled more of them: the line edits are made again, and the signal
// counts the lines.
func Sync(d *document.Document) {
	edits := d.Edits[:0]
	for _, e := range d.Edits {
		if e.Kind != document.KindBoilerplate {
			edits = append(edits, e)
		}
	}
	d.Edits = edits
	addLineEdits(d)
	lines := 0
	for _, l := range d.Lines {
		if !l.Kept() {
			lines++
		}
	}
	if sig, ok := d.Signals[Name]; ok && sig.Counts != nil && lines > sig.Counts["lines"] {
		sig.Counts["layout"] = lines - sig.Counts["lines"]
		sig.Counts["lines"] = lines
		d.SetSignal(Name, sig)
	}
}

// prose reports whether s reads as sentences: three or more clause marks.
func prose(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '，', '。', '！', '？', '；':
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func summary(c map[string]int) string {
	var parts []string
	for _, r := range rules {
		if c[r.name] > 0 {
			parts = append(parts, strings.ReplaceAll(r.name, "_", "/"))
		}
	}
	if c["page_template"] > 0 {
		parts = append(parts, "page template")
	}
	return strings.Join(parts, ", ")
}

func clamp(x float64) float64 {
	if x > 1 {
		return 1
	}
	if x < 0 {
		return 0
	}
	return x
}

var reLinkTitle = regexp.MustCompile(`(?:上一篇|下一篇|上一页|下一页|上一条|下一条|前一篇|后一篇|上篇|下篇|相关文章|推荐阅读)\s*(?:文章)?\s*[:：]\s*(.+?)\s*(?:$|上一篇|下一篇|上一页|下一页|上一条|下一条|前一篇|后一篇|上篇|下篇)`)

// linkTitles returns the titles of the pages a prev/next line links to.
func linkTitles(s string) []string {
	if !strings.ContainsAny(s, "篇页条相推") {
		return nil // no word reLinkTitle needs
	}
	var out []string
	for len(s) > 0 {
		loc := reLinkTitle.FindStringSubmatchIndex(s)
		if loc == nil {
			break
		}
		if t := strings.TrimSpace(s[loc[2]:loc[3]]); t != "" && t != "没有了" && t != "无" {
			out = append(out, t)
		}
		s = s[loc[3]:]
	}
	return out
}

var reSiteName = regexp.MustCompile(`(?i)(?:©|copyright|\(c\))\s*(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?)?\s*([^\s©]+?)\s*[-_|｜—]+\s*([^\s©]+?)\s*(?:版权所有|all rights|$|\s)`)

// borrowedBrand finds a copyright site name built as "topic-brand", the
// way farms title pages after another site (…-百度百科).
func borrowedBrand(s string) (name, brand string, ok bool) {
	if !strings.Contains(s, "©") && !strings.Contains(s, "(") && !strings.Contains(strings.ToLower(s), "copyright") {
		return "", "", false // no mark reSiteName needs
	}
	m := reSiteName.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	name, brand = strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	if lines.HanShare(name) < 0.5 || utf8.RuneCountInString(brand) < 2 || utf8.RuneCountInString(name) < 2 {
		return "", "", false
	}
	return name, brand, true
}

// similarity is the share of s's Han bigrams found in body; ok is false
// when s has too few bigrams to judge.
func similarity(s string, body map[string]bool) (float64, bool) {
	set := map[string]bool{}
	lines.AddBigrams(set, s)
	if len(set) < 4 {
		return 0, false
	}
	hit := 0
	for b := range set {
		if body[b] {
			hit++
		}
	}
	return float64(hit) / float64(len(set)), true
}
