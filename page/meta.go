package page

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The patterns take white space to include the ideographic space.
var (
	reOrig     = regexp.MustCompile(`^[\s\x{3000}]*[【\[]?\s*原(?:标题|標題|题目|题)\s*[:：]\s*(.+?)\s*[】\]]?\s*$`)
	reSource   = regexp.MustCompile(`(?:来源|來源|出处|稿源|信息来源)[\s\x{3000}]*[:：][\s\x{3000}]*([^\s\x{3000}|｜丨/]+)`)
	reAuthor   = regexp.MustCompile(`(?:作者|作\s+者|记者|記者|撰文|通讯员|發布者|发布者)[\s\x{3000}]*[:：|｜丨][\s\x{3000}]*([^|｜丨:：\x{3000}]+?)[\s\x{3000}]*(?:[|｜丨\x{3000}【\[]|来源|來源|时间|時間|发布|發布|日期|编辑|阅读|浏览|$|\s{2,}|\s(?:19|20)\d\d)`)
	reReporter = regexp.MustCompile(`(?:^|[\s\x{3000}（(])(?:本报|本台|本网|新华社|中新网)?(?:记者|記者|通讯员|特约记者|实习记者)[\s\x{3000}]*((?:\p{Han}{2,4}[\s\x{3000}]*)+)`)
	reEditor   = regexp.MustCompile(`(?:责任编辑|責任編輯|责编|编辑|校对|审核)[\s\x{3000}]*[:：][\s\x{3000}]*([^\s\x{3000}|｜丨)）】\]]+(?:\s+[^\s\x{3000}|｜丨:：)）】\]]{2,4})*)`)
	reDate     = regexp.MustCompile(`((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT\x{3000}]*(\d{1,2}:\d{2}(?::\d{2})?))?`)
	reNameSep  = regexp.MustCompile(`[\s\x{3000}、，,/]+`)
)

// byline reports whether a short block names a source, an author or a
// date: the line under a news title.
func byline(s string) bool {
	if utf8.RuneCountInString(s) > 100 || strings.ContainsAny(s, "。！？") {
		return false
	}
	return reSource.MatchString(s) || reAuthor.MatchString(s) || reReporter.MatchString(s) || reDate.MatchString(s) || reOrig.MatchString(s)
}

// readMeta fills m from the article blocks (bylines, 原标题, 责任编辑
// lines, wherever the latter sit) where the <head> said nothing.
func (w *walker) readMeta(blocks []Block, m *Meta) {
	fromPage := Meta{}
	for _, b := range blocks {
		s := strings.TrimSpace(b.Text)
		if utf8.RuneCountInString(s) > 120 {
			continue
		}
		if strings.Contains(s, "原") {
			if sm := reOrig.FindStringSubmatch(s); sm != nil {
				setOnce(&fromPage.OriginalTitle, trimNoise(sm[1]))
				continue
			}
		}
		if len(fromPage.Editors) == 0 && strings.ContainsAny(s, "编編校审") && !strings.ContainsAny(s, "。！？") {
			if em := reEditor.FindStringSubmatch(s); em != nil {
				fromPage.Editors = names(em[1])
			}
		}
		if b.Kind != KindByline && b.Kind != KindArticle && b.Kind != KindTitle {
			continue // sources and dates in template blocks belong to other pages
		}
		if !byline(s) {
			continue
		}
		if sm := reSource.FindStringSubmatch(s); sm != nil {
			setOnce(&fromPage.Source, trimNoise(sm[1]))
		}
		if am := reAuthor.FindStringSubmatch(s); am != nil && len(fromPage.Authors) == 0 {
			fromPage.Authors = names(am[1])
		} else if rm := reReporter.FindStringSubmatch(s); rm != nil && len(fromPage.Authors) == 0 {
			fromPage.Authors = names(rm[1])
		}
		if dm := reDate.FindStringSubmatch(s); dm != nil && fromPage.Date == "" {
			fromPage.Date = isoDate(dm)
		}
	}
	// The page's own text is more specific than <meta> tags, except for
	// the date, where a machine-written tag is exact.
	if fromPage.OriginalTitle != "" {
		m.OriginalTitle = fromPage.OriginalTitle
	}
	if fromPage.Source != "" {
		m.Source = fromPage.Source
	}
	if len(fromPage.Authors) > 0 {
		m.Authors = fromPage.Authors
	}
	if len(fromPage.Editors) > 0 {
		m.Editors = fromPage.Editors
	}
	if m.Date == "" {
		m.Date = fromPage.Date
	} else if dm := reDate.FindStringSubmatch(m.Date); dm != nil {
		m.Date = isoDate(dm)
	}
}

// isoDate writes a matched date as 2006-01-02 or 2006-01-02 15:04.
func isoDate(dm []string) string {
	pad := func(s string) string {
		if len(s) == 1 {
			return "0" + s
		}
		return s
	}
	d := dm[1] + "-" + pad(dm[2]) + "-" + pad(dm[3])
	if len(dm) > 4 && dm[4] != "" {
		t := dm[4]
		if len(t) == 4 || len(t) == 7 {
			t = "0" + t
		}
		d += " " + t
	}
	return d
}

func trimNoise(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\u3000' || r == '。' || r == '.' || r == '】' || r == '[' || r == ']' || r == '【'
	})
}

// names splits a list of people ("张三 李四", "张三、李四").
func names(s string) []string {
	var out []string
	for _, n := range reNameSep.Split(trimNoise(s), -1) {
		n = trimNoise(n)
		if n == "" || utf8.RuneCountInString(n) > 12 || strings.ContainsAny(n, ":：0123456789") {
			continue
		}
		out = append(out, n)
	}
	return out
}
