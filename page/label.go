package page

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/winnow-project/winnow/document"
)

// hint words in class and id values. Long words match inside a token
// ("article-comments"), short ones only as a whole token ("ad").
var (
	hintSub = []struct{ word, kind string }{
		{"breadcrumb", KindBreadcrumb}, {"crumb", KindBreadcrumb}, {"curpos", KindBreadcrumb}, {"weizhi", KindBreadcrumb},
		{"comment", KindComments}, {"pinglun", KindComments}, {"discuss", KindComments}, {"respond", KindComments}, {"replies", KindComments},
		{"related", KindRelated}, {"relate", KindRelated}, {"recommend", KindRelated}, {"tuijian", KindRelated}, {"xiangguan", KindRelated}, {"hotnews", KindRelated}, {"readmore", KindRelated},
		{"pagination", KindPrevNext}, {"prevnext", KindPrevNext}, {"pagenav", KindPrevNext}, {"shangxia", KindPrevNext},
		{"navbar", KindNav}, {"navigation", KindNav}, {"topnav", KindNav}, {"mainnav", KindNav}, {"subnav", KindNav},
		{"footer", KindFooter}, {"copyright", KindFooter}, {"beian", KindFooter},
		{"advert", KindAds}, {"guanggao", KindAds}, {"sponsor", KindAds}, {"adsbygoogle", KindAds}, {"banner", KindAds},
		{"share", KindShare}, {"fenxiang", KindShare}, {"social", KindShare},
		{"sidebar", KindSidebar}, {"widget", KindSidebar},
		{"qrcode", KindAds}, {"erweima", KindAds}, {"subscribe", KindAds}, {"login", KindNav},
	}
	hintWord = map[string]string{
		"nav": KindNav, "menu": KindNav, "header": KindNav, "topbar": KindNav, "toolbar": KindShare,
		"crumbs": KindBreadcrumb, "position": KindBreadcrumb, "location": KindBreadcrumb, "loc": KindBreadcrumb,
		"reply": KindComments, "cmt": KindComments, "comments": KindComments,
		"hot": KindRelated, "rank": KindRelated, "more": KindRelated, "xgwz": KindRelated, "tjyd": KindRelated, "recom": KindRelated,
		"pager": KindPrevNext, "pages": KindPrevNext, "prev": KindPrevNext, "next": KindPrevNext, "fanye": KindPrevNext,
		"foot": KindFooter, "bottom": KindFooter, "copy": KindFooter, "icp": KindFooter,
		"ad": KindAds, "ads": KindAds, "gg": KindAds, "promo": KindAds,
		"side": KindSidebar, "aside": KindSidebar,
		"tags": KindTags, "tag": KindTags, "keywords": KindTags, "biaoqian": KindTags,
	}
)

// hintOf names the template kind an element announces by its name, role,
// class or id, with the evidence.
func hintOf(n *html.Node) (kind, why string) {
	switch n.DataAtom {
	case atom.Nav, atom.Menu:
		return KindNav, "<" + n.Data + ">"
	case atom.Footer:
		return KindFooter, "<footer>"
	case atom.Aside:
		return KindSidebar, "<aside>"
	case atom.Header:
		return KindNav, "<header>"
	case atom.Form:
		return KindNav, "<form>"
	}
	switch attr(n, "role") {
	case "navigation", "menubar", "menu":
		return KindNav, `role="` + attr(n, "role") + `"`
	case "contentinfo":
		return KindFooter, `role="contentinfo"`
	case "complementary":
		return KindSidebar, `role="complementary"`
	case "banner":
		return KindNav, `role="banner"`
	}
	for _, key := range []string{"id", "class"} {
		v := strings.ToLower(attr(n, key))
		if v == "" {
			continue
		}
		for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
			if k, ok := hintWord[tok]; ok {
				return k, fmt.Sprintf("%s=%q", key, attr(n, key))
			}
			for _, h := range hintSub {
				if strings.Contains(tok, h.word) {
					return h.kind, fmt.Sprintf("%s=%q", key, attr(n, key))
				}
			}
		}
	}
	return "", ""
}

// Meta is what the page says about itself.
type Meta struct {
	// Title is the article title: the <h1> that the <title> or og:title
	// starts with, else og:title, else <title> without the site name.
	Title string `json:"title,omitempty"`
	// HeadTitle is the <title> element as written.
	HeadTitle     string   `json:"head_title,omitempty"`
	OriginalTitle string   `json:"original_title,omitempty"` // 原标题
	Source        string   `json:"source,omitempty"`         // 来源
	SiteName      string   `json:"site_name,omitempty"`      // og:site_name
	Authors       []string `json:"authors,omitempty"`        // 作者, 记者, <meta name=author>
	Editors       []string `json:"editors,omitempty"`        // 责任编辑
	Date          string   `json:"date,omitempty"`
	Description   string   `json:"description,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
}

func (w *walker) readHead(head *html.Node) {
	m := &w.head
	var og string
	// Iterative, like walk: a head may be nested without bound.
	stack := []*html.Node{head}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if m.HeadTitle == "" && n.FirstChild != nil {
				m.HeadTitle = collapse(n.FirstChild.Data)
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property"))
			if key == "" {
				key = strings.ToLower(attr(n, "name"))
			}
			if key == "" {
				key = strings.ToLower(attr(n, "itemprop"))
			}
			val := collapse(attr(n, "content"))
			if val == "" {
				continue
			}
			switch key {
			case "og:title", "twitter:title":
				if og == "" {
					og = val
				}
			case "og:site_name", "application-name":
				setOnce(&m.SiteName, val)
			case "article:published_time", "og:release_date", "pubdate", "publishdate", "publish_date", "datepublished",
				"article:published", "weibo:article:create_at", "dc.date", "dc.date.issued", "date":
				setOnce(&m.Date, val)
			case "author", "article:author", "dc.creator", "byl":
				if !strings.HasPrefix(val, "http") && len(m.Authors) == 0 {
					m.Authors = names(val)
				}
			case "source", "mediaid", "article:source":
				setOnce(&m.Source, val)
			case "description", "og:description":
				setOnce(&m.Description, val)
			case "keywords", "news_keywords":
				if len(m.Keywords) == 0 {
					m.Keywords = splitList(val)
				}
			}
		}
	}
	if og != "" {
		m.Title = og
	}
}

func setOnce(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；|", r) }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// label decides every block's label: find the article container, then
// label each block from its place, its ancestors' hints and its link
// density. extracted holds the normalized texts the extractor kept.
func (w *walker) label(extracted map[string]bool, m *Meta) []Block {
	out := make([]Block, len(w.blocks))
	weights := make([]float64, len(w.blocks))
	for i, b := range w.blocks {
		out[i] = Block{Text: b.text, Tag: b.tag}
		if len(extracted) > 0 && b.runes >= 4 {
			out[i].Extracted = extracted[norm(b.text)]
		}
		if b.runes > 0 {
			out[i].LinkDensity = float64(b.link) / float64(b.runes)
		}
	}
	w.dropContentHints(out)
	for i, b := range w.blocks {
		weights[i] = w.prose(b, out[i])
		if len(extracted) > 0 && !out[i].Extracted {
			weights[i] *= 0.2
		}
		for e := b.elem; e >= 0; e = w.elems[e].parent {
			el := &w.elems[e]
			el.weight += weights[i]
			el.blocks++
			if el.first < 0 {
				el.first = i
			}
			el.last = i
		}
	}
	root, replies := w.container()
	w.findTitle(m)
	titleAt := -1
	for i, b := range w.blocks {
		if m.Title != "" && (b.text == m.Title || b.heading && strings.HasPrefix(m.HeadTitle, b.text) && utf8.RuneCountInString(b.text) >= 4) {
			titleAt = i
			break
		}
	}
	rootFirst, rootLast := -1, -1
	if root >= 0 {
		rootFirst, rootLast = w.elems[root].first, w.elems[root].last
	}
	// The first and last prose of the container: short lines before the
	// first are the post's or article's byline, short end lines after the
	// last may be a credit or a follow-us line.
	firstProse, lastProse := -1, -1
	for i := rootFirst; i >= 0 && i <= rootLast; i++ {
		if weights[i] > 0 && w.inside(w.blocks[i].elem, root) {
			if firstProse < 0 {
				firstProse = i
			}
			lastProse = i
		}
	}
	for i, b := range w.blocks {
		bl := &out[i]
		inRoot := root >= 0 && w.inside(b.elem, root)
		kind, why := w.hintBelow(b.elem, root, inRoot)
		switch {
		case i == titleAt:
			bl.Kind, bl.Reason = KindTitle, fmt.Sprintf("<%s> matching the page title", b.tag)
		case inRoot && kind == "" && bl.LinkDensity > 0.5 && utf8.RuneCountInString(b.text) < 200:
			bl.Kind, bl.Reason = KindLinks, fmt.Sprintf("link list in the article container (link density %.2f)", bl.LinkDensity)
		case inRoot && kind != "":
			bl.Kind, bl.Reason = kind, fmt.Sprintf("%s inside the article container: %s (link density %.2f)", kindName(kind), why, bl.LinkDensity)
		case inRoot && i < firstProse && i > titleAt && short(b.text) && !b.heading:
			bl.Kind, bl.Reason = KindByline, "short line before the article's first paragraph (byline)"
		case inRoot && i > lastProse && short(b.text) && byline(b.text):
			bl.Kind, bl.Reason = KindByline, "credit line after the article's last paragraph"
		case inRoot && i > lastProse && short(b.text) && endMatter(b.text):
			bl.Kind, bl.Reason = KindShare, "follow-us line after the article's last paragraph"
		case inRoot:
			bl.Kind, bl.Reason = KindArticle, fmt.Sprintf("in the article container <%s> (link density %.2f)", w.elems[root].tag, bl.LinkDensity)
		case w.under(b.elem, replies):
			bl.Kind, bl.Reason = KindComments, "a later post in a list of posts sharing one template (a reply)"
		case titleAt >= 0 && i > titleAt && i < rootFirst && kind == "" && byline(b.text):
			bl.Kind, bl.Reason = KindByline, "byline between the title and the article"
		case titleAt >= 0 && i > titleAt && i < rootFirst && kind == "" && weights[i] > 0 && bl.LinkDensity < 0.3:
			bl.Kind, bl.Reason = KindArticle, "prose between the title and the article container (a lead)"
		case kind != "":
			bl.Kind, bl.Reason = kind, fmt.Sprintf("%s: %s (link density %.2f)", kindName(kind), why, bl.LinkDensity)
		case bl.LinkDensity > 0.5:
			bl.Kind, bl.Reason = KindLinks, fmt.Sprintf("link list outside the article container (link density %.2f)", bl.LinkDensity)
		case root < 0:
			bl.Kind, bl.Reason = KindTemplate, "the page has no article text"
		case i < rootFirst:
			bl.Kind, bl.Reason = KindTemplate, fmt.Sprintf("before the article container (link density %.2f)", bl.LinkDensity)
		case i > rootLast:
			bl.Kind, bl.Reason = KindTemplate, fmt.Sprintf("after the article container (link density %.2f)", bl.LinkDensity)
		default:
			bl.Kind, bl.Reason = KindTemplate, fmt.Sprintf("outside the article container (link density %.2f)", bl.LinkDensity)
		}
		switch bl.Kind {
		case KindTitle:
			bl.Label = document.LabelTitle
		case KindByline:
			bl.Label = document.LabelMeta
		case KindArticle:
			bl.Label = document.LabelBody
		default:
			bl.Label = document.LabelBoilerplate
			bl.Reason = "page " + bl.Reason
		}
	}
	w.readMeta(out, m)
	return out
}

func kindName(k string) string {
	switch k {
	case KindPrevNext:
		return "previous/next links"
	case KindAds:
		return "ads"
	case KindTags:
		return "tag list"
	case KindLinks:
		return "link list"
	}
	return k
}

// dropContentHints clears the template hint of an element that holds
// most of the prose the readability extraction found: a class name
// that reads as template (a two-column page's "right_side", a blog
// post's "tag-…" taxonomy classes) on the container of the article
// itself is not one.
func (w *walker) dropContentHints(out []Block) {
	ex := make([]float64, len(w.elems))
	total := 0.0
	for i, b := range w.blocks {
		if !out[i].Extracted {
			continue
		}
		x := sentenceWeight(b, out[i])
		total += x
		for e := b.elem; e >= 0; e = w.elems[e].parent {
			ex[e] += x
		}
	}
	if total < 20 {
		return
	}
	for e := range w.elems {
		if w.elems[e].hint != "" && ex[e] >= 0.5*total {
			w.elems[e].hint, w.elems[e].why = "", ""
		}
	}
}

// sentenceWeight is a block's characters outside links when it reads
// as a sentence (sentence punctuation, few links), 0 otherwise.
func sentenceWeight(b rawBlock, bl Block) float64 {
	if bl.LinkDensity >= 0.5 || b.runes < 8 {
		return 0
	}
	for _, r := range b.text {
		switch r {
		case '。', '，', '！', '？', '；', '：', '、', '.', ',':
			return float64(b.runes - b.link)
		}
	}
	return 0
}

// prose is a block's weight as article text: its characters outside
// links when it reads as a sentence, 0 otherwise.
func (w *walker) prose(b rawBlock, bl Block) float64 {
	x := sentenceWeight(b, bl)
	if x == 0 {
		return 0
	}
	for e := b.elem; e >= 0; e = w.elems[e].parent {
		if h := w.elems[e].hint; h != "" && h != KindNav { // <header> and <form> may hold an article
			return 0
		}
	}
	return x
}

func (w *walker) inside(e, root int) bool {
	for ; e >= 0; e = w.elems[e].parent {
		if e == root {
			return true
		}
	}
	return false
}

// hintBelow is the nearest template hint on the chain from e up to (not
// including) root; outside the container, the whole chain.
func (w *walker) hintBelow(e, root int, inRoot bool) (string, string) {
	for ; e >= 0; e = w.elems[e].parent {
		if inRoot && e == root {
			break
		}
		if h := w.elems[e].hint; h != "" {
			if inRoot && h == KindNav && (w.elems[e].tag == "header" || w.elems[e].tag == "form") {
				continue // an article's own <header> holds its title and byline
			}
			return h, w.elems[e].why
		}
	}
	return "", ""
}

// container finds the article container: from the document down, step
// into the child holding at least 70% of the page's prose weight. When
// the weight is spread over siblings built from one template (the posts
// of a thread) the first of them is the article and the others are
// returned as replies.
func (w *walker) container() (int, map[int]bool) {
	children := make([][]int, len(w.elems))
	for i := 1; i < len(w.elems); i++ {
		children[w.elems[i].parent] = append(children[w.elems[i].parent], i)
	}
	total := w.elems[0].weight
	if total < 20 {
		return -1, nil
	}
	cur := 0
	for {
		best := -1
		for _, c := range children[cur] {
			if best < 0 || w.elems[c].weight > w.elems[best].weight {
				best = c
			}
		}
		if best >= 0 && w.elems[best].weight >= 0.7*total {
			cur = best
			continue
		}
		// Posts: ≥2 siblings with one signature, several blocks each,
		// together holding most of the weight.
		bySig := map[string][]int{}
		for _, c := range children[cur] {
			if w.elems[c].blocks >= 2 && w.elems[c].weight > 0 && w.elems[c].tag != "p" {
				bySig[w.elems[c].sig] = append(bySig[w.elems[c].sig], c)
			}
		}
		for _, posts := range bySig {
			if len(posts) < 2 {
				continue
			}
			sum := 0.0
			for _, c := range posts {
				sum += w.elems[c].weight
			}
			if sum >= 0.7*w.elems[cur].weight && w.elems[posts[0]].weight >= 0.1*sum {
				replies := map[int]bool{}
				for _, c := range posts[1:] {
					replies[c] = true
				}
				return posts[0], replies
			}
		}
		return cur, nil
	}
}

// under reports whether e or an ancestor of e is in set.
func (w *walker) under(e int, set map[int]bool) bool {
	if len(set) == 0 {
		return false
	}
	for ; e >= 0; e = w.elems[e].parent {
		if set[e] {
			return true
		}
	}
	return false
}

// findTitle picks the article title: the first heading the <title> or
// og:title starts with, else og:title, else the <title> up to the site
// name.
func (w *walker) findTitle(m *Meta) {
	for _, ref := range []string{m.Title, m.HeadTitle} {
		if ref == "" {
			continue
		}
		for _, b := range w.blocks {
			if b.heading && utf8.RuneCountInString(b.text) >= 4 && strings.HasPrefix(ref, b.text) {
				m.Title = b.text
				return
			}
		}
	}
	if m.Title != "" {
		return
	}
	for _, b := range w.blocks {
		if b.tag == "h1" {
			m.Title = b.text
			return
		}
	}
	if m.HeadTitle != "" {
		m.Title = stripSiteName(m.HeadTitle)
	}
}

// stripSiteName cuts "标题_频道_网站" and "标题 - 网站" to the title.
func stripSiteName(s string) string {
	for _, sep := range []string{"_", " - ", " | ", "｜", "—", "-", "|"} {
		if i := strings.Index(s, sep); i > 0 && utf8.RuneCountInString(s[:i]) >= 4 {
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}

// short reports a line of at most 40 characters without a sentence end.
func short(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && !strings.ContainsAny(s, "。！？!?")
}

// endMatter reports a line that closes a post rather than says
// anything: an END mark, or a call to follow, scan or like.
func endMatter(s string) bool {
	han := false
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			han = true
			break
		}
	}
	return !han || reEndMatter.MatchString(s)
}

var reEndMatter = regexp.MustCompile(`关注|二维码|扫码|长按|点赞|在看|阅读原文|转发|订阅|(?i)\bend\b`)
