// Package lines is the first stage of the check pipeline: it takes a
// Document's input and gives its non-empty lines, each with a label
// (title, meta, heading or body; package boiler adds boilerplate) and
// the reason for it, plus the article's title and meta (原标题, source,
// reporters, date).
//
// Split runs first and labels every line body. Label runs after the
// boilerplate detector, so a site header such as a channel name is not
// mistaken for the title.
package lines

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
)

// Split fills d.Lines with every line that has visible content, labelled
// body. Line boundaries are "\n"; a trailing "\r" is excluded from the
// line's span.
func Split(d *document.Document) {
	d.Lines = d.Lines[:0]
	text := d.Text
	n := 0
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		next := 0
		if end < 0 {
			end = len(text)
			next = len(text) + 1
		} else {
			end += start
			next = end + 1
		}
		n++
		e := end
		if e > start && text[e-1] == '\r' {
			e--
		}
		if !Blank(text[start:e]) {
			d.Lines = append(d.Lines, document.Line{Line: n, Start: start, End: e, Label: document.LabelBody, Reason: "article text"})
		}
		start = next
	}
}

// Blank reports whether s has no visible character.
func Blank(s string) bool {
	for _, r := range s {
		if !IsSpace(r) {
			return false
		}
	}
	return true
}

// IsSpace reports whether r is white space, including the ideographic
// space, no-break space and zero-width characters.
func IsSpace(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u3000', '\u00a0':
		return true
	}
	return unicode.IsSpace(r)
}

var (
	reOrigTitle = regexp.MustCompile(`^\s*(?:【\s*)?原(?:标|题)?(?:标题|题目)\s*[:：]\s*(.+?)\s*(?:】)?\s*$`)
	reSourceKV  = regexp.MustCompile(`(?:来源|來源|出处|出處|稿源)\s*[:：]\s*([^\s　|｜/]+)`)
	// Credits of the author, reporter, lyricist, composer, singer,
	// blogger or thread starter (simplified and traditional forms).
	reAuthorKV = regexp.MustCompile(`(?:作者|记者|記者|撰文|文|通讯员|通訊員|作词|作詞|作曲|编曲|編曲|演唱|博主|楼主|樓主|整理|翻译|翻譯)\s*[:：|｜丨]\s*([^|｜丨]+?)\s*(?:[|｜丨]|来源|來源|时间|時間|发布|發佈|發布|发表|發表|$)`)
	// reWenSlash: 文／叶小满 (a slash after 文 or 作者).
	reWenSlash = regexp.MustCompile(`^\s*[（(]?\s*(?:文|撰文|作者|图文)\s*[/／]\s*([^）)]+?)\s*[）)]?\s*$`)
	reReporter = regexp.MustCompile(`^(.*?)\s*(?:记者|記者|通讯员|通訊員|特约记者|特約記者|实习记者|實習記者)\s*(.+)$`)
	// reSigned: a name and 作/撰/著 under a title (顾听松　作, 林远舟　撰于甲辰年秋).
	reSigned = regexp.MustCompile(`^[\p{Han}A-Za-z·・]{2,12}[\s　]+(?:作|撰|著|撰文|作于\S{0,10}|撰于\S{0,10}|写于\S{0,10})$`)
	// rePosted: a date a post was published on, with more facts after
	// it (发表于 2024年3月9日　｜　分类：旅行).
	rePosted = regexp.MustCompile(`^\s*(?:发表于|发布于|發表於|發佈於|發布於|更新于|更新於|posted on)\s*(?:19|20)\d\d`)
	// reTimeOnly: a time stamp alone (a chat log's 09:12).
	reTimeOnly = regexp.MustCompile(`^\s*\d{1,2}:\d{2}(?::\d{2})?\s*$`)
	// reFloor: a forum reply's header (3楼　网名　2024-06-18 23:05).
	reFloor     = regexp.MustCompile(`^\s*#?\d{1,4}\s*(?:楼|樓|F|#)[\s　]+\S`)
	reDate      = regexp.MustCompile(`((?:19|20)\d\d)\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`)
	reDateOnly  = regexp.MustCompile(`^\s*(?:发布|发表|更新|發佈|發布|發表)?(?:时间|時間|日期|于|於)?\s*[:：]?\s*(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|[一二三四五六七八九〇零]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)(?:[\s　]*(?:星期|礼拜|禮拜|周|週)[一二三四五六日天])?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$`)
	reNameSplit = regexp.MustCompile(`[\s、，,/]+`)
	reSummary   = regexp.MustCompile(`^\s*[【\[]?\s*(?:摘要|导读|核心提示|内容提要|提要|编者按)\s*[】\]]?\s*[:：]`)
)

// Label labels the lines that the boilerplate detector kept: the title,
// meta lines (原标题, source, reporters, date), headings (short lines
// without sentence punctuation between body paragraphs) and, on a text
// page whose article can be told from its template, the template lines
// above the title and after the article (see zone). It fills d.Title
// and d.Meta.
func Label(d *document.Document) {
	kept := make([]int, 0, len(d.Lines))
	for i, l := range d.Lines {
		if l.Kept() {
			kept = append(kept, i)
		}
	}
	if len(kept) < 2 {
		return // a single paragraph has no title or headings
	}
	texts := make([]string, len(kept)) // the kept lines, trimmed
	for k, i := range kept {
		texts[k] = strings.TrimSpace(d.LineText(d.Lines[i]))
	}
	if zone(d, kept, texts) {
		Describe(d, d.LineText)
		return
	}
	sawBody, titled := false, false
	for _, i := range kept {
		if d.Lines[i].Label == document.LabelTitle {
			titled = true // an HTML page's <h1> named it already
		}
	}
	verse := verseLines(texts)
	for k, i := range kept {
		if d.Lines[i].Label == document.LabelTitle {
			continue
		}
		l := &d.Lines[i]
		s := texts[k]
		if reOrigTitle.MatchString(s) {
			l.Label, l.Reason = document.LabelMeta, "original title (原标题)"
			continue
		}
		if !sawBody && reSummary.MatchString(s) {
			l.Label, l.Reason = document.LabelMeta, "summary line above the article (摘要, 导读, 核心提示)"
			continue
		}
		if reTimeOnly.MatchString(s) || reFloor.MatchString(s) && utf8.RuneCountInString(s) <= 48 && !strings.ContainsAny(s, "。！？") {
			l.Label, l.Reason = document.LabelMeta, "a post's header or time stamp (3楼 …, 09:12)"
			continue
		}
		var scratch document.Meta
		if !sawBody && isMeta(s, &scratch) {
			l.Label, l.Reason = document.LabelMeta, "byline: source, reporters or date"
			continue
		}
		if !sawBody && (titled || k > 0) && (fieldLine(s) || reDocNumber.MatchString(s)) {
			l.Label, l.Reason = document.LabelMeta, "a field of the document's facts (时间, 地点, 作者, …)"
			continue
		}
		if !titled && !sawBody && k < 3 && isShort(s, 48) && !endsSentence(s) {
			l.Label, l.Reason = document.LabelTitle, "first short line before the article text"
			titled = true
			continue
		}
		if !titled && k == 0 && isShort(s, 48) && k+1 < len(kept) && IsByline(texts[1]) {
			l.Label, l.Reason = document.LabelTitle, "first line, above a byline"
			titled = true
			continue
		}
		if (sawBody || titled && numberedHeading(s)) && k+1 < len(kept) && !verse[k] && (isHeading(s) || numberedHeading(s) || numberedSection(texts, k)) {
			l.Label, l.Reason = document.LabelHeading, "short line without sentence punctuation between paragraphs"
			continue
		}
		sawBody = true
	}
	signature(d, kept)
	Describe(d, d.LineText)
}

// verseLines marks the kept lines (texts, trimmed) that belong to a
// run of three or more short lines without sentence punctuation: the
// lines of a poem or a song, or a list, not section headings (a heading
// stands alone above its paragraphs). Numbered and bracketed headings
// (一、…, 【…】) never count as verse.
func verseLines(texts []string) []bool {
	like := make([]bool, len(texts))
	for k, s := range texts {
		like[k] = isHeading(s) && !numberedHeading(s)
	}
	verse := make([]bool, len(texts))
	for k := 0; k < len(texts); {
		j := k
		for j < len(texts) && like[j] {
			j++
		}
		if j-k >= 3 {
			for x := k; x < j; x++ {
				verse[x] = true
			}
		}
		k = max(j, k+1)
	}
	return verse
}

// numberedSection: kept line k (texts are the kept lines, trimmed) is a
// short "1. 名称" line, neither of its neighbours a list item: a
// numbered section's name, not an item of a list.
func numberedSection(texts []string, k int) bool {
	s := texts[k]
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsDigit(r) || !listItem(s) || utf8.RuneCountInString(s) > 20 || strings.ContainsAny(s, "，,；;：:！？!?") {
		return false
	}
	for _, j := range []int{k - 1, k + 1} {
		if j >= 0 && j < len(texts) && listItem(texts[j]) {
			return false
		}
	}
	return true
}

// reField is a facts line: a field name and a colon (时间：…, 地点：…,
// 主持人：…, 出版社：…).
var reField = regexp.MustCompile(`^\s*(?:时间|日期|地点|地址|主持人|主持|参会人员|参加人员|出席|列席|缺席|记录人|记录|作者|译者|出版社|出版时间|出版日期|定价|页数|装帧|ISBN|书号|会议名称|编号|文号|招标编号|项目编号|公告编号|证券代码|证券简称|建设单位|评价单位|环评单位|核准日期|修改日期|发布日期|实施日期)\s*[:：]`)

// reDocNumber: a document's number under its title (临政通〔2024〕7号,
// （2023）南湖民初字第4526号).
var reDocNumber = regexp.MustCompile(`^\s*[\p{Han}A-Za-z]{0,10}[〔\[［（(]\s*(?:19|20)\d\d\s*[〕\]］）)]\s*[\p{Han}A-Za-z]{0,12}第?\s*\d+\s*号\s*$`)

// fieldLine: a short facts line, no sentence.
func fieldLine(s string) bool {
	return utf8.RuneCountInString(s) <= 60 && reField.MatchString(s) && !strings.ContainsAny(s, "。！？")
}

// signature labels a letter's or notice's closing as meta: a date line
// at the very end and, right above it, one short name line (东湖大学办公室,
// 爷爷), after the last paragraph.
func signature(d *document.Document, kept []int) {
	n := len(kept)
	if n < 3 {
		return
	}
	last := &d.Lines[kept[n-1]]
	if last.Label != document.LabelBody || !reDateOnly.MatchString(strings.TrimSpace(d.LineText(*last))) {
		return
	}
	last.Label, last.Reason = document.LabelMeta, "closing date"
	prev := &d.Lines[kept[n-2]]
	s := strings.TrimSpace(d.LineText(*prev))
	if (prev.Label == document.LabelBody || prev.Label == document.LabelHeading) && utf8.RuneCountInString(s) <= 20 && !strings.ContainsAny(s, "，。！？：；,.!?:;") {
		prev.Label, prev.Reason = document.LabelMeta, "signature above the closing date"
	}
}

// Describe fills d.Title and d.Meta from the lines labelled title and
// meta, reading each line's text with text (the pipeline passes the
// restored line, so that noise and inserted keywords stay out).
func Describe(d *document.Document, text func(document.Line) string) {
	d.Title, d.Meta = "", document.Meta{}
	for _, l := range d.Lines {
		switch l.Label {
		case document.LabelTitle:
			if d.Title == "" {
				d.Title = TrimNoise(text(l))
			}
		case document.LabelMeta:
			s := strings.TrimSpace(text(l))
			if m := reOrigTitle.FindStringSubmatch(s); m != nil {
				d.Meta.OriginalTitle = TrimNoise(m[1])
				continue
			}
			isMeta(s, &d.Meta)
		}
	}
	if d.Title == "" && d.Meta.OriginalTitle != "" {
		d.Title = d.Meta.OriginalTitle
	}
}

// TrimNoise removes spaces and stray full stops around a title.
func TrimNoise(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return IsSpace(r) || r == '。' || r == '.' })
}

func isShort(s string, max int) bool { return utf8.RuneCountInString(s) <= max }

// endsSentence reports whether s ends with sentence punctuation after
// its last real word, ignoring noise such as " 。" after a title.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, IsSpace)
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '！', '？', '!', '?', '；', '，', '：':
		return true
	case '。':
		// A title spammed with a trailing stop still reads as a title
		// when it is short and has no inner clause punctuation.
		return strings.ContainsAny(s, "，,；;")
	}
	return false
}

func isHeading(s string) bool {
	if listItem(s) {
		return false // a list's item, not a section's name
	}
	if t := strings.TrimRightFunc(s, IsSpace); strings.HasSuffix(t, "。") && strings.Count(t, "。") == 1 {
		// One stop at the end, right after a word: a short sentence
		// ("盼你回信。"); a spinner's stray stops split a heading apart.
		r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(t, "。"))
		if !IsSpace(r) {
			return false
		}
	}
	core := withoutStops(s)
	n := utf8.RuneCountInString(core)
	if n == 0 || n > 20 {
		return false
	}
	if strings.ContainsAny(core, "，,；;：:！？!?、“”\"（）()") {
		return false
	}
	// Headings name things: Latin names are fine, but some Han is needed.
	return HanShare(core) >= 0.3 && utf8.RuneCountInString(core)-len(strings.Map(latinOnly, core)) >= 2
}

// withoutStops is s without full stops and white space: a heading as it
// reads once a spinner's stray stops are gone.
func withoutStops(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '。' || IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func latinOnly(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	return -1
}

// HanShare is the share of Han characters among the letters of s.
func HanShare(s string) float64 {
	han, all := 0, 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
			all++
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(han) / float64(all)
}

// IsByline reports whether s is a line of article facts (source,
// author, date, counts) or an author's or editor's credit: the boilerplate
// rules leave such lines to Label.
func IsByline(s string) bool {
	var m document.Meta
	return isMeta(s, &m) || metaLike(s) || creditLike(s)
}

func isMeta(s string, m *document.Meta) bool {
	if utf8.RuneCountInString(s) > 60 {
		return false
	}
	if strings.ContainsAny(s, "，！？；") {
		return false
	}
	if i := strings.Index(s, "。"); i >= 0 && utf8.RuneCountInString(s[i:]) > 5 {
		return false // a sentence, not a byline
	}
	found := false
	if reDateOnly.MatchString(s) || rePosted.MatchString(s) {
		m.Date = reDate.FindString(s)
		return true
	}
	if reSigned.MatchString(strings.TrimSpace(s)) {
		return true
	}
	if sm := reSourceKV.FindStringSubmatch(s); sm != nil {
		m.Source = TrimNoise(sm[1])
		found = true
	}
	if am := reAuthorKV.FindStringSubmatch(s); am != nil {
		m.Reporters = names(am[1])
		found = true
	} else if am := reWenSlash.FindStringSubmatch(s); am != nil {
		m.Reporters = names(am[1])
		found = true
	} else if rm := reReporter.FindStringSubmatch(s); rm != nil && !strings.ContainsAny(s, "，,：:") {
		if src := TrimNoise(rm[1]); src != "" && m.Source == "" {
			m.Source = src
		}
		m.Reporters = names(rm[2])
		found = len(m.Reporters) > 0
	}
	if found {
		if dm := reDate.FindString(s); dm != "" {
			m.Date = dm
		}
	}
	return found
}

func names(s string) []string {
	var out []string
	// A font-size switch after the names (【字体：大 中 小】) is no name.
	if i := strings.IndexAny(s, "【[〖"); i >= 0 {
		s = s[:i]
	}
	for _, n := range reNameSplit.Split(TrimNoise(s), -1) {
		n = TrimNoise(n)
		if n == "" || utf8.RuneCountInString(n) > 8 {
			continue
		}
		out = append(out, n)
	}
	return out
}
