// Package page reads an HTML page: it takes the page's bytes (and the
// HTTP Content-Type when there is one) and gives the page as UTF-8, its
// title and metadata, and its text as labelled blocks: the main article
// (title, byline, paragraphs, headings) and the template around it
// (navigation, breadcrumbs, related-article lists, previous/next links,
// comments, share buttons, ads, sidebars, footers), each with the reason
// for its label.
//
// Block labels come from the DOM (golang.org/x/net/html): the element
// names, roles, classes and ids of a block's ancestors, its link density
// (the share of its text inside links), and the article container — the
// deepest element holding most of the page's prose, with prose weighted
// by whether go-readability (codeberg.org/readeck/go-readability/v2)
// keeps it. A list of posts sharing one template (a forum thread) keeps
// the first post as the article and labels the replies comments.
//
// Parse never panics on any input; it returns an error value for input
// that is not a page (ErrBinary, ErrCharset, ErrTooLarge). Deeply nested
// markup is read to a bounded depth and its deeper text flattened.
package page

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/winnow-project/winnow/document"
)

// Options tune Parse. The zero value is the default.
type Options struct {
	// ContentType is the HTTP Content-Type header, if known; its charset
	// wins over <meta> tags.
	ContentType string
	// MaxBytes is the largest page read (default DefaultMaxBytes).
	MaxBytes int
	// MaxExtractorElements is the largest element count for which the
	// extractor runs (default 20000); bigger pages are labelled from the
	// DOM alone.
	MaxExtractorElements int
	// NoExtractor labels blocks from the DOM alone.
	NoExtractor bool
}

// DefaultMaxBytes is the default page size limit. Article pages are
// tens to hundreds of kilobytes; a bigger "page" is a data dump, and
// reading it would hold a worker for seconds.
const DefaultMaxBytes = 16 << 20

// maxDepth is how deep the block walk keeps element structure; text
// below it joins the block of the element at that depth.
const maxDepth = 200

// Block kinds. Article blocks are KindTitle, KindByline and KindArticle;
// every other kind is template.
const (
	KindTitle      = "title"
	KindByline     = "byline"
	KindArticle    = "article"
	KindNav        = "navigation"
	KindBreadcrumb = "breadcrumb"
	KindRelated    = "related"
	KindPrevNext   = "prev_next"
	KindComments   = "comments"
	KindShare      = "share"
	KindAds        = "ads"
	KindSidebar    = "sidebar"
	KindFooter     = "footer"
	KindTags       = "tags"
	KindLinks      = "links"    // a link list without a more specific hint
	KindTemplate   = "template" // outside the article container, no hint
)

// Block is one block of text of the page: a paragraph, heading, list
// item, table cell or the text between <br> tags, on one line.
type Block struct {
	Text string `json:"text"`
	// Tag is the element the block's text sits in (p, li, h1, div, …).
	Tag string `json:"tag"`
	// Label is the line label the block proposes: boilerplate for
	// template, title, meta (byline) or body; package lines refines
	// titles, bylines and headings of the kept blocks.
	Label document.Label `json:"label"`
	// Kind is one of the Kind constants.
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	// LinkDensity is the share of the block's characters inside links.
	LinkDensity float64 `json:"link_density"`
	// Extracted says whether the extractor kept this text.
	Extracted bool `json:"extracted"`
}

// Template reports whether the block is template, not article.
func (b Block) Template() bool { return b.Label == document.LabelBoilerplate }

// Page is a parsed HTML page.
type Page struct {
	Charset Charset `json:"charset"`
	// Bytes is the size of the page as given.
	Bytes  int     `json:"bytes"`
	Title  string  `json:"title"`
	Meta   Meta    `json:"meta"`
	Blocks []Block `json:"blocks"`
	// Extractor says how the article container was found: "readability"
	// or "dom" (extractor skipped or found nothing).
	Extractor string `json:"extractor"`
}

// Text is the page's text: one block per line, joined by "\n".
func (p *Page) Text() string {
	var b strings.Builder
	for i, bl := range p.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(bl.Text)
	}
	return b.String()
}

// Article is the text of the article blocks only, one per line.
func (p *Page) Article() string {
	var b strings.Builder
	for _, bl := range p.Blocks {
		if bl.Template() {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(bl.Text)
	}
	return b.String()
}

// Sniff reports whether b looks like an HTML page: after an optional
// byte-order mark and white space it starts with a doctype, a comment or
// one of the tags pages start with.
func Sniff(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) > 64 {
		b = b[:64]
	}
	if len(b) < 2 || b[0] != '<' {
		return false
	}
	if bytes.HasPrefix(b, []byte("<!--")) {
		return true
	}
	if b[1] == '!' || b[1] == '?' {
		s := strings.ToLower(string(b[2:]))
		return strings.HasPrefix(s, "doctype html") || strings.HasPrefix(s, "xml") && strings.Contains(s, "html")
	}
	end := 1
	for end < len(b) && (b[end] >= 'a' && b[end] <= 'z' || b[end] >= 'A' && b[end] <= 'Z' || b[end] >= '0' && b[end] <= '9') {
		end++
	}
	if end == len(b) || end == 1 {
		return false
	}
	if c := b[end]; c != ' ' && c != '>' && c != '\t' && c != '\n' && c != '\r' && c != '/' {
		return false
	}
	switch strings.ToLower(string(b[1:end])) {
	case "html", "head", "body", "meta", "title", "link", "script", "style", "div", "p", "h1", "h2",
		"table", "iframe", "font", "a", "b", "br", "span", "article", "section", "header", "nav", "main", "center":
		return true
	}
	return false
}

// Parse reads a page.
func Parse(b []byte, opt Options) (*Page, error) {
	max := opt.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if len(b) > max {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(b), max)
	}
	text, cs, err := Decode(b, opt.ContentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		// The parser refuses nesting deeper than 512 elements: drop the
		// tags below maxDepth, keep their text, and parse again.
		if doc, err = html.Parse(bytes.NewReader(flatten(text))); err != nil {
			return nil, fmt.Errorf("page: parse HTML: %w", err)
		}
	}
	p := &Page{Charset: cs, Bytes: len(b), Extractor: "dom"}
	w := newWalker()
	w.walk(doc)
	p.Meta = w.head
	var extracted map[string]bool
	if !opt.NoExtractor {
		limit := opt.MaxExtractorElements
		if limit <= 0 {
			limit = 20000
		}
		if w.elements <= limit && w.deepest < maxDepth {
			extracted = extract(doc)
		}
	}
	if len(extracted) > 0 {
		p.Extractor = "readability"
	}
	p.Blocks = w.label(extracted, &p.Meta)
	p.Title = p.Meta.Title
	return p, nil
}

// extract runs go-readability on doc (which it may change) and returns
// the normalized texts of the blocks it keeps.
func extract(doc *html.Node) (set map[string]bool) {
	defer func() {
		if recover() != nil {
			set = nil // the extractor failed on odd markup: use the DOM alone
		}
	}()
	ps := readability.NewParser()
	ps.CharThresholds = 200
	ps.DisableJSONLD = true
	art, err := ps.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil {
		return nil
	}
	w := newWalker()
	w.walk(art.Node)
	set = make(map[string]bool, len(w.blocks))
	for _, b := range w.blocks {
		if k := norm(b.text); utf8.RuneCountInString(k) >= 4 {
			set[k] = true
		}
	}
	return set
}

// Norm removes white space (including the ideographic space) so that
// texts compare across extractors.
func Norm(s string) string { return norm(s) }

func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// elem is an element of the walk that may hold blocks.
type elem struct {
	parent int
	tag    string
	sig    string // tag and class, to find repeated templates
	hint   string // template kind named by the element itself
	why    string
	// filled by label
	weight float64
	blocks int
	first  int // index of the element's first block, -1 when none
	last   int
}

type rawBlock struct {
	text    string
	tag     string
	elem    int
	runes   int
	link    int
	heading bool
}

type walker struct {
	elems    []elem
	blocks   []rawBlock
	cur      strings.Builder
	curLink  int
	curRunes int
	curElem  int
	inLink   int
	lastWide bool // the last character written is CJK (for line joins)
	// afterLink: a link ended and no text followed yet, so a link that
	// starts now is a neighbour in a menu (首页 新闻), set apart by a space.
	afterLink bool
	pendSp    bool
	pendNL    bool
	elements  int
	deepest   int
	head      Meta
}

func newWalker() *walker {
	return &walker{elems: []elem{{parent: -1, tag: "#document", first: -1, last: -1}}}
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Object: true, atom.Embed: true,
	atom.Select: true, atom.Textarea: true, atom.Button: true, atom.Input: true, atom.Audio: true, atom.Video: true,
}

var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Table: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true,
	atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Caption: true, atom.Summary: true, atom.Html: true,
	atom.Legend: true, atom.Option: true,
}

// walk visits the tree depth-first without recursion, so no markup can
// exhaust the stack.
func (w *walker) walk(root *html.Node) {
	type frame struct {
		n     *html.Node
		elem  int
		depth int
		exit  bool
		own   bool // the node made elem
	}
	stack := []frame{{n: root, elem: 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			if n.DataAtom == atom.A {
				w.inLink--
				w.afterLink = true
			}
			if blockTags[n.DataAtom] {
				w.flush()
				if f.own {
					w.curElem = max(w.elems[f.elem].parent, 0)
				}
			}
			continue
		}
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			continue
		case html.ElementNode:
		case html.DocumentNode:
			for c := n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, frame{n: c, elem: f.elem, depth: f.depth})
			}
			continue
		default:
			continue
		}
		w.elements++
		if f.depth > w.deepest {
			w.deepest = f.depth
		}
		if n.DataAtom == atom.Head {
			w.readHead(n)
			continue
		}
		if skipTags[n.DataAtom] || hidden(n) {
			continue
		}
		if n.DataAtom == atom.Br || n.DataAtom == atom.Hr {
			w.flush()
			continue
		}
		if n.DataAtom == atom.Img {
			continue
		}
		el := f.elem
		isBlock := blockTags[n.DataAtom]
		if isBlock {
			w.flush()
		}
		own := false
		if isBlock && f.depth < maxDepth {
			hint, why := hintOf(n)
			w.elems = append(w.elems, elem{parent: f.elem, tag: n.Data, sig: n.Data + "." + attr(n, "class"), hint: hint, why: why, first: -1, last: -1})
			el = len(w.elems) - 1
			w.curElem, own = el, true
		}
		if n.DataAtom == atom.A {
			w.inLink++
			if w.afterLink {
				w.pendSp = true
			}
		}
		if isBlock || n.DataAtom == atom.A {
			stack = append(stack, frame{n: n, elem: el, depth: f.depth, exit: true, own: own})
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c, elem: el, depth: f.depth + 1})
		}
	}
	w.flush()
}

func (w *walker) text(s string) {
	for _, r := range s {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' || r == '\f' || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			if r == '\n' || r == '\r' {
				w.pendNL = true
			}
			w.pendSp = true
			continue
		}
		if w.pendSp {
			// A line break between two CJK characters joins them, as
			// browsers do; any other white space becomes one space.
			if w.cur.Len() > 0 && !(w.pendNL && w.lastWide && wide(r)) {
				w.cur.WriteByte(' ')
			}
			w.pendSp, w.pendNL = false, false
		}
		w.cur.WriteRune(r)
		w.curRunes++
		w.afterLink = false
		if w.inLink > 0 {
			w.curLink++
		}
		w.lastWide = wide(r)
	}
}

func wide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFFEF || r >= 0x20000
}

func (w *walker) flush() {
	s := strings.TrimRight(w.cur.String(), " ")
	if s != "" && !blankText(s) {
		t := w.elems[w.curElem].tag
		w.blocks = append(w.blocks, rawBlock{text: s, tag: t, elem: w.curElem, runes: w.curRunes, link: w.curLink,
			heading: len(t) == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6'})
	}
	w.cur.Reset()
	w.curRunes, w.curLink = 0, 0
	w.pendSp, w.pendNL, w.lastWide, w.afterLink = false, false, false, false
}

func blankText(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u3000' && r != '\u200b' && r != '\u200c' && r != '\u200d' {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// flatten rewrites a page whose elements nest deeper than maxDepth: the
// start and end tags below that depth are dropped (a <br> stands for
// each block boundary), text and everything else is kept as written.
func flatten(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	z := html.NewTokenizer(bytes.NewReader(b))
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voidTags[a] {
				break
			}
			depth++
			if depth > maxDepth {
				if blockTags[a] {
					out.WriteString("<br>")
				}
				continue
			}
		case html.EndTagToken:
			depth--
			if depth >= maxDepth {
				continue
			}
		}
		out.Write(raw)
	}
}

var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true, atom.Img: true,
	atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}
