package lines

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
)

// zone labels a text page by its layout, the way a reader skims one: the
// article is the run of lines from the first to the last paragraph of
// prose on one topic; above it come the title and its byline, and above
// the title the site's header; below it, after a byline or editor
// credit, the site's footer (related links, disclaimers, follow-us
// lines, copyright). Lines inside the article are body or headings.
//
// It reports false, leaving the lines to the older per-line rules, when
// the page shows no template, has no two paragraphs of prose or when its
// lines came from an HTML page's structure (which labelled them
// already). kept are the indexes of the kept lines, texts their text,
// trimmed.
func zone(d *document.Document, kept []int, texts []string) bool {
	for _, l := range d.Lines {
		if strings.HasPrefix(l.Reason, "page ") {
			return false
		}
	}
	text := func(k int) string { return texts[k] }
	// Only a page that shows a site's template (a line the boilerplate
	// rules removed, a menu or a title bar at either end) is read by its
	// layout: in a clean document every line is content, and its lists,
	// signatures and verse must not become a header or a footer.
	template := len(kept) < len(d.Lines)
	for k := range kept {
		if k < 3 || k >= len(kept)-5 {
			if s := text(k); (navLike(s) || titleBar(s)) && !IsByline(s) {
				template = true
			}
		}
	}
	if !template {
		return false
	}
	var core []int // positions in kept of the prose paragraphs
	for k := range kept {
		if paragraph(text(k)) {
			core = append(core, k)
		}
	}
	// The article ends at the first related-articles heading, previous/
	// next link, site-navigation or copyright footer the boilerplate
	// rules removed after two of its paragraphs: prose after it (comments,
	// a site's disclaimer on the article's own topic) is the page's.
	if len(core) >= 2 {
		for i := kept[core[1]] + 1; i < len(d.Lines); i++ {
			if l := d.Lines[i]; l.Label == document.LabelBoilerplate && endOfArticle(l.Reason) {
				for len(core) > 2 && kept[core[len(core)-1]] > i {
					core = core[:len(core)-1]
				}
				break
			}
		}
	}
	if len(core) < 2 {
		return false
	}
	// The article's topic: a prose line at either end that shares almost
	// no words with the others is a template's sentence (a disclaimer, a
	// health notice), not the article's.
	topic := newTopic()
	for _, k := range core {
		topic.add(text(k), 1)
	}
	for len(core) >= 3 {
		if s := text(core[len(core)-1]); templateProse(s) && topic.share(s, true) < offTopic {
			core = core[:len(core)-1]
			topic.add(s, -1)
		} else if s := text(core[0]); templateProse(s) && topic.share(s, true) < offTopic {
			core = core[1:]
			topic.add(s, -1)
		} else {
			break
		}
	}
	first, last := core[0], core[len(core)-1]
	set := func(k int, label document.Label, reason string) {
		l := &d.Lines[kept[k]]
		l.Label, l.Reason = label, reason
	}
	// Above the article: meta lines next to it, then the title; above the
	// title the site's header.
	title := -1
	k := first - 1
	for ; k >= 0; k-- {
		s := text(k)
		var scratch document.Meta
		switch {
		case reOrigTitle.MatchString(s):
			set(k, document.LabelMeta, "original title (原标题)")
			continue
		case reSummary.MatchString(s):
			set(k, document.LabelMeta, "summary line above the article (摘要, 导读, 核心提示)")
			continue
		case isMeta(s, &scratch) || metaLike(s):
			set(k, document.LabelMeta, "byline above the article: source, author, date or counts")
			continue
		case title < 0 && titleLike(s):
			title = k
			set(k, document.LabelTitle, "the title: the last short line above the article's byline and text")
			continue
		}
		if title >= 0 || navLike(s) {
			break
		}
	}
	titleText := ""
	if title >= 0 {
		titleText = text(title)
	}
	for ; k >= 0; k-- {
		s := text(k)
		if templateLine(s) || titleText != "" && strings.Contains(s, titleText) && s != titleText {
			set(k, document.LabelBoilerplate, "site header above the article's title")
		}
	}
	// The article.
	for k := first; k <= last; k++ {
		s := text(k)
		switch {
		case paragraph(s):
			set(k, document.LabelBody, "article text")
		case isHeading(s) || colonHeading(s) || numberedHeading(s):
			set(k, document.LabelHeading, "short line without sentence punctuation between paragraphs")
		default:
			set(k, document.LabelBody, "article text")
		}
	}
	// Below it: a byline or credit, short closing lines on the article's
	// topic, then the site's footer.
	footer := false
	for k := last + 1; k < len(kept); k++ {
		s := text(k)
		if kept[k]-kept[k-1] > 1 {
			footer = true // a template line (a related-links heading, a prev/next link) came between
		}
		var scratch document.Meta
		switch {
		case !footer && k-last <= 3 && (isMeta(s, &scratch) || metaLike(s) || creditLike(s)):
			set(k, document.LabelMeta, "byline or credit after the article")
		case !footer && strings.ContainsAny(s, "。！？!?") && !listItem(s) && !templateProse(s) && topic.share(s, false) >= onTopic:
			set(k, document.LabelBody, "closing line on the article's topic")
		case footer || templateLine(s):
			footer = true
			set(k, document.LabelBoilerplate, "site footer after the article")
		default:
			set(k, document.LabelBody, "article text")
		}
	}
	return true
}

// Topical overlap (share of a line's Han bigrams found in other lines)
// below offTopic marks a template sentence at the article's edge; at
// onTopic or more a short line after it still belongs to it.
const (
	offTopic = 0.08
	onTopic  = 0.25
)

// paragraph reports whether s reads as a paragraph of prose: 20 or more
// characters with two or more clause marks (40 or more: one; fewer than
// 20: a comma and a final full stop), not a list item or a page's title
// bar.
func paragraph(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 8 || listItem(s) || titleBar(s) || IsByline(s) || reQuestion.MatchString(s) {
		return false
	}
	marks := 0
	var prev rune
	for i, r := range s {
		switch r {
		case '。', '！', '？', '；', '!', '?', ';', '，':
			marks++
		case ',':
			// Not a thousands separator (点击：31,905).
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); !unicode.IsDigit(prev) || !unicode.IsDigit(next) {
				marks++
			}
		}
		prev = r
	}
	// A short line counts when it ends as a statement does ("当地居民说，
	// 以前很少见到这种鸟。"); a question of that length is often a title.
	return n >= 20 && marks >= 2 || n >= 40 && marks >= 1 ||
		marks >= 2 && strings.ContainsAny(s, "，,") && strings.HasSuffix(strings.TrimRightFunc(s, IsSpace), "。")
}

// templateLine: a line of a site's header or footer: a menu, a title
// bar, a list item, a site's notice, a line naming the site, or a short
// line that is no sentence (a slogan, a list heading, "— 完 —").
func templateLine(s string) bool {
	if navLike(s) || titleBar(s) || listItem(s) || templateProse(s) || strings.Contains(s, "——") {
		return true
	}
	n := utf8.RuneCountInString(s)
	if n <= 30 {
		for _, k := range []string{"网", "站", "频道", "首页", "官网", "平台", "门户", "在线", "客户端", "APP", "App", "关注", "扫码", "点赞", "订阅", "标签", "登录", "注册", "搜索"} {
			if strings.Contains(s, k) {
				return true
			}
		}
	}
	if strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":") {
		return n <= 20
	}
	return n <= 12 && !strings.ContainsAny(s, "。！？!?")
}

// titleBar: a browser title bar's "title - site - channel" shape.
func titleBar(s string) bool {
	for _, sep := range []string{" - ", " | ", "｜", " _ ", " — ", " · ", " • "} {
		if strings.Contains(s, sep) {
			return true
		}
	}
	return false
}

// templateProse: a sentence sites add to every page (免责声明, 风险提示,
// 温馨提示, 本文仅供参考, 转载请注明, …).
func templateProse(s string) bool {
	for _, k := range []string{"免责", "声明", "提示", "仅供参考", "仅供", "不构成", "投资建议", "版权", "转载", "来源于网络", "侵权", "本站", "本网", "本文"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// numberedHeading: a numbered or bracketed subheading (一、换乘更方便;
// 4.1 准备工作; 【户外活动最重要】), a stray stop allowed; the name after
// the number is mostly Han and has no digits (a list's "1. 番茄 3个" is no
// heading).
func numberedHeading(s string) bool {
	core := withoutStops(s)
	n := utf8.RuneCountInString(core)
	if n < 3 || n > 26 || strings.ContainsAny(core, "，,；;！!？?") {
		return false
	}
	if strings.HasPrefix(core, "【") && strings.HasSuffix(core, "】") {
		return true
	}
	if reChapter.MatchString(s) {
		return true
	}
	const numerals = "一二三四五六七八九十"
	r, _ := utf8.DecodeRuneInString(core)
	var name string
	switch {
	case strings.ContainsRune(numerals, r):
		rest := strings.TrimLeftFunc(core, func(r rune) bool { return strings.ContainsRune(numerals, r) })
		q, size := utf8.DecodeRuneInString(rest)
		if q != '、' && q != '．' && q != '.' {
			return false
		}
		name = rest[size:]
	case r >= '0' && r <= '9':
		// Section numbers: 4.1, 2、 (a bare "1." starts a list item).
		num := strings.TrimLeft(core, "0123456789")
		if strings.HasPrefix(num, "、") {
			name = strings.TrimPrefix(num, "、")
		} else if strings.HasPrefix(num, ".") && len(num) > 1 && num[1] >= '0' && num[1] <= '9' {
			name = strings.TrimLeft(num, "0123456789.")
		} else {
			return false
		}
	default:
		return false
	}
	m := utf8.RuneCountInString(name)
	return m >= 2 && m <= 20 && !strings.ContainsAny(name, "0123456789") && HanShare(name) >= 0.5
}

// listItem: a line that starts with a bullet or a list number (· 标题,
// 1. 标题, 【推荐】…), as link lists are written.
func listItem(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("·•●▪■◆◇□○►▶▸-*>»›", r) {
		return true
	}
	if unicode.IsDigit(r) {
		rest := strings.TrimLeftFunc(s[size:], unicode.IsDigit)
		if q, _ := utf8.DecodeRuneInString(rest); q == '.' || q == '、' || q == ')' || q == '）' {
			return !strings.ContainsAny(rest, "。！？")
		}
	}
	return false
}

// titleLike: short, mostly Han, not a sentence that ends in a stop or
// comma, not a menu.
func titleLike(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 4 || n > 64 || navLike(s) || listItem(s) || HanShare(s) < 0.5 {
		return false
	}
	for _, k := range []string{"全文", "APP", "点击", "下载", "扫码", "关注", "登录", "注册"} {
		if strings.Contains(s, k) {
			return false // a button or a site's call, not a title
		}
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, " 。"))
	return !strings.ContainsRune("，,；;：:", r) && strings.Count(s, "。") <= 1
}

// navLike: a menu or channel bar (首页 | 资讯 | …; 目的地 攻略 酒店 美食) or a
// breadcrumb: three or more short items between separators, or four or
// more short Han words between spaces.
func navLike(s string) bool {
	if strings.ContainsAny(s, "。！？") {
		return false
	}
	items := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("|｜丨/>»›", r) })
	if len(items) >= 3 {
		short := 0
		for _, it := range items {
			if n := utf8.RuneCountInString(strings.TrimSpace(it)); n > 0 && n <= 8 {
				short++
			}
		}
		if short*3 >= len(items)*2 {
			return true
		}
	}
	words := strings.FieldsFunc(s, IsSpace)
	if len(words) < 4 {
		return false
	}
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n > 6 || HanShare(w) < 1 || n != len([]rune(strings.Map(hanOnly, w))) {
			return false
		}
	}
	return true
}

func hanOnly(r rune) rune {
	if unicode.Is(unicode.Han, r) {
		return r
	}
	return -1
}

// metaLike: a short line of article facts: a date or time with a
// source, author, editor or a count of reads or clicks.
func metaLike(s string) bool {
	if utf8.RuneCountInString(s) > 80 || strings.ContainsAny(s, "。！？") {
		return false
	}
	keys := 0
	for _, k := range []string{"来源", "作者", "编辑", "责编", "记者", "发布", "时间", "日期", "阅读", "点击", "浏览", "评论", "字号", "出处", "撰文", "审核"} {
		if strings.Contains(s, k) {
			keys++
		}
	}
	return keys >= 2 || keys == 1 && reDate.MatchString(s) || reDateOnly.MatchString(s)
}

// creditLike: an author's, editor's or reviewer's credit after an
// article (（文/记者 …）, 责编：…, 本文审核：…).
func creditLike(s string) bool {
	if utf8.RuneCountInString(s) > 40 || strings.ContainsAny(s, "。！？") {
		return false
	}
	for _, k := range []string{"记者", "通讯员", "撰文", "摄影", "编辑", "责编", "审核", "校对", "作者", "文/", "文／", "来源"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// colonHeading: a short heading with a colon between its parts
// (第一天：沿河走老街), no other punctuation.
func colonHeading(s string) bool {
	if utf8.RuneCountInString(s) > 24 || !strings.ContainsAny(s, "：:") || strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":") {
		return false
	}
	return !strings.ContainsAny(s, "，,。！？!?；;、") && HanShare(s) >= 0.6
}

// topic counts the Han bigrams of the article's lines, so that a line's
// share of bigrams found in the other lines costs one pass over it.
type topic map[string]int

func newTopic() topic { return topic{} }

// add counts (n = 1) or uncounts (n = −1) line s.
func (t topic) add(s string, n int) {
	for b := range bigrams(s) {
		t[b] += n
	}
}

// share is the share of s's bigrams found in the counted lines; self
// says s is one of them (its own bigrams do not count).
func (t topic) share(s string, self bool) float64 {
	mine := bigrams(s)
	if len(mine) == 0 {
		return 0
	}
	own := 0
	if self {
		own = 1
	}
	hit := 0
	for b := range mine {
		if t[b]-own > 0 {
			hit++
		}
	}
	return float64(hit) / float64(len(mine))
}

func bigrams(s string) map[string]bool {
	out := map[string]bool{}
	AddBigrams(out, s)
	return out
}

// AddBigrams adds the pairs of adjacent Han characters of s to set (the
// words of a topic, as far as Chinese without segmentation allows).
func AddBigrams(set map[string]bool, s string) {
	var prev rune
	var prevAt int
	for i, r := range s {
		if unicode.Is(unicode.Han, r) {
			if prev != 0 {
				set[s[prevAt:i+utf8.RuneLen(r)]] = true
			}
			prev, prevAt = r, i
		} else {
			prev = 0
		}
	}
}

// Reasons of the boilerplate rules (package boiler) for lines that only
// come after an article: the zone reading ends the article at the first
// of them. The rules label lines with these texts, so the two packages
// share one spelling.
const (
	ReasonRelated   = "related-articles heading"
	ReasonPrevNext  = "previous/next article links"
	ReasonSitemap   = "site navigation footer (sitemap, about, contact)"
	ReasonCopyright = "copyright footer"
	ReasonICP       = "ICP licence / public-security registration footer"
)

// endOfArticle reports whether a boilerplate line's reason (a rule's
// reason, possibly with notes after it) is one of the Reason constants.
func endOfArticle(reason string) bool {
	for _, p := range []string{ReasonRelated, ReasonPrevNext, ReasonSitemap, ReasonCopyright, ReasonICP} {
		if strings.HasPrefix(reason, p) {
			return true
		}
	}
	return false
}

// reChapter: a chapter or section of a regulation, a contract or a
// brochure (第一章　总则, 第三节 招生计划).
var reChapter = regexp.MustCompile(`^\s*第[一二三四五六七八九十百零〇\d]{1,4}[章节编部篇][\s　]*\p{Han}{0,16}\s*$`)

// reQuestion: a Q&A page's question (问题：…), the page's subject, not a
// paragraph of the answer that is the article.
var reQuestion = regexp.MustCompile(`^\s*(?:问题|提问|问|Q)\s*[:：]`)
