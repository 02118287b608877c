package segment

import (
	"strings"
	"unicode/utf8"
)

// Span is the byte range text[Start:End].
type Span struct{ Start, End int }

// Text returns the span's text in src.
func (s Span) Text(src string) string { return src[s.Start:s.End] }

// Sentences splits text into sentences. It needs no model: it works on
// the same scanner as Segment, so numbers (3.14), URLs and e-mail
// addresses are never split. A sentence ends
//
//   - after 。！？!?；… and their runs ("？！", "……"), together with any
//     closing quotes or brackets right after them (”」』）…);
//   - after an ASCII full stop (or "...") that is followed by white space,
//     a Han character, a closer or the end of text, unless it follows a
//     single letter or a known abbreviation ("e.g.", "Mr.") or the next
//     word starts with a lower-case letter;
//   - at a line break.
//
// Spans are trimmed of surrounding white space, so they do not tile the
// text; white-space-only stretches yield no span.
func Sentences(text string) []Span { return AppendSentences(nil, text) }

// AppendSentences appends the sentences of text to dst.
func AppendSentences(dst []Span, text string) []Span {
	sc := scanner{text: text, class: classTable()}
	start, last := -1, -1 // current sentence start and end of its last token
	closeAt := func(end int) {
		if start >= 0 {
			dst = append(dst, Span{start, end})
		}
		start, last = -1, -1
	}
	prevKind, prevStart, prevEnd := Space, 0, 0
	for sc.pos < len(text) {
		p := sc.pos
		k := sc.next()
		e := sc.pos
		if k == Space {
			if hasLineBreak(text[p:e]) {
				closeAt(last)
			}
			prevKind, prevStart, prevEnd = k, p, e
			continue
		}
		if start < 0 {
			start = p
		}
		last = e
		if k == Punct && endsSentence(&sc, text, p, e, prevKind, text[prevStart:prevEnd]) {
			// Absorb further terminators and closers.
			for sc.pos < len(text) {
				look := sc
				q := look.pos
				if look.next() != Punct {
					break
				}
				r, _ := utf8.DecodeRuneInString(text[q:])
				if !isCloser(r) && !isTerminator(r) && r != '.' {
					break
				}
				sc = look
				last = sc.pos
			}
			closeAt(last)
		}
		prevKind, prevStart, prevEnd = k, p, e
	}
	closeAt(last)
	return dst
}

func hasLineBreak(s string) bool {
	for _, r := range s {
		if isLineBreak(r) {
			return true
		}
	}
	return false
}

// endsSentence decides whether the punctuation token text[p:e] ends a
// sentence; sc is positioned right after it.
func endsSentence(sc *scanner, text string, p, e int, prevKind Kind, prev string) bool {
	r, n := utf8.DecodeRuneInString(text[p:e])
	if r != '.' {
		return isTerminator(r)
	}
	// ASCII full stop(s).
	look := *sc
	if look.pos >= len(text) {
		return true
	}
	q := look.pos
	k := look.next()
	switch k {
	case kindHanRun:
		return true
	case Punct:
		r2, _ := utf8.DecodeRuneInString(text[q:])
		return isCloser(r2)
	case Space:
	default:
		return false // "file.txt", "a.b"
	}
	if e-p == n && prevKind == Latin && isAbbrev(prev) {
		return false
	}
	// Peek the word after the space: a lower-case start continues the sentence.
	if look.pos < len(text) {
		r3, _ := utf8.DecodeRuneInString(text[look.pos:])
		if r3 >= 'a' && r3 <= 'z' {
			return false
		}
	}
	return true
}

var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "eg": true, "ie": true, "al": true, "inc": true, "ltd": true, "co": true,
	"corp": true, "no": true, "fig": true, "vol": true, "approx": true, "dept": true, "est": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "gen": true, "rev": true,
}

// isAbbrev reports a single letter ("e" of "e.g.", initials) or a common
// abbreviation before a full stop.
func isAbbrev(w string) bool {
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	if len(w) > 6 {
		return false
	}
	return abbrevs[strings.ToLower(w)]
}
