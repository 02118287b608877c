package segment

import "unicode/utf8"

// kindHanRun is returned by the scanner for a maximal run of Han
// characters, which the segmenter then cuts into words.
const kindHanRun Kind = 255

// scanner splits text into Han runs and finished non-Han tokens. Every
// step consumes at least one byte and scans a bounded neighbourhood at
// most once (the e-mail check remembers where it last failed), so a pass
// is linear in the input.
type scanner struct {
	text         string
	pos          int
	class        []uint8
	noEmailUntil int // an e-mail cannot start before this offset
}

func (s *scanner) decode(p int) (rune, int) {
	if b := s.text[p]; b < utf8.RuneSelf {
		return rune(b), 1
	}
	return utf8.DecodeRuneInString(s.text[p:])
}

// skipClass returns the end of the run of class cls that starts at q.
func (s *scanner) skipClass(q int, cls uint8) int {
	for q < len(s.text) {
		c, _, m := s.classAt(q)
		if c != cls {
			break
		}
		q += m
	}
	return q
}

// classAt returns the class of the rune at p and its size; invalid bytes
// are clsOther of size 1.
func (s *scanner) classAt(p int) (uint8, rune, int) {
	r, n := s.decode(p)
	if r == utf8.RuneError {
		return clsOther, r, n
	}
	return classOf(s.class, r), r, n
}

// next scans one token starting at s.pos, advances s.pos past it and
// returns its kind (kindHanRun for a Han run).
func (s *scanner) next() Kind {
	p := s.pos
	cls, r, n := s.classAt(p)
	switch cls {
	case clsHan:
		s.pos = s.skipClass(p+n, clsHan)
		return kindHanRun
	case clsSpace:
		s.pos = s.skipClass(p+n, clsSpace)
		return Space
	case clsLetter:
		if r < utf8.RuneSelf {
			if e := s.url(p); e > 0 {
				s.pos = e
				return URL
			}
			if e := s.email(p); e > 0 {
				s.pos = e
				return Email
			}
		}
		s.pos = s.latin(p + n)
		return Latin
	case clsDigit:
		if r < utf8.RuneSelf {
			if e := s.email(p); e > 0 {
				s.pos = e
				return Email
			}
		}
		s.pos = s.number(p + n)
		return Number
	case clsPunct:
		q := p + n
		if repeatable(r) {
			for q < len(s.text) {
				r2, m := s.decode(q)
				if r2 != r {
					break
				}
				q += m
			}
		}
		s.pos = q
		return Punct
	case clsSymbol:
		s.pos = p + n
		return Symbol
	}
	s.pos = p + n
	return Other
}

func repeatable(r rune) bool {
	switch r {
	case '…', '—', '.', '-', '－', '─', '_', '·', '・', '⋯', '―':
		return true
	}
	return false
}

// latin continues a letter run at q: letters and digits, and an inner
// apostrophe or hyphen when a letter follows it.
func (s *scanner) latin(q int) int {
	for q < len(s.text) {
		c, r, m := s.classAt(q)
		if c == clsLetter || c == clsDigit {
			q += m
			continue
		}
		if (r == '\'' || r == '’' || r == '-') && q+m < len(s.text) {
			if c2, _, _ := s.classAt(q + m); c2 == clsLetter {
				q += m
				continue
			}
		}
		break
	}
	return q
}

// number continues a digit run at q: digits, a decimal point between
// digits, thousands separators followed by exactly three digits, and a
// trailing percent or per-mille sign.
func (s *scanner) number(q int) int {
	t := s.text
	for q < len(t) {
		c, r, m := s.classAt(q)
		if c == clsDigit {
			q += m
			continue
		}
		switch r {
		case '.', '．':
			if q+m < len(t) {
				if c2, _, _ := s.classAt(q + m); c2 == clsDigit {
					q += m
					continue
				}
			}
		case ',':
			if s.threeDigits(q + 1) {
				q++
				continue
			}
		case '%', '％', '‰':
			return q + m
		}
		break
	}
	return q
}

// threeDigits reports whether exactly three ASCII digits start at p (not
// followed by a fourth).
func (s *scanner) threeDigits(p int) bool {
	t := s.text
	if p+3 > len(t) {
		return false
	}
	for i := p; i < p+3; i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return p+3 == len(t) || t[p+3] < '0' || t[p+3] > '9'
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func isLocalChar(b byte) bool {
	return isAlnum(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-'
}

// email returns the end of an e-mail address starting at p, or 0.
func (s *scanner) email(p int) int {
	if p < s.noEmailUntil {
		return 0
	}
	t := s.text
	q := p
	for q < len(t) && isLocalChar(t[q]) {
		q++
	}
	// Any start in [p, q) has the same local-part end and the same fate.
	if q >= len(t) || t[q] != '@' {
		s.noEmailUntil = q
		return 0
	}
	end := domainEnd(t, q+1)
	if end == 0 {
		s.noEmailUntil = q
		return 0
	}
	return end
}

// domainEnd returns the end of a domain name of at least two labels
// starting at p, or 0.
func domainEnd(t string, p int) int {
	labels := 0
	end := 0
	q := p
	for {
		l := q
		for q < len(t) && (isAlnum(t[q]) || t[q] == '-') {
			q++
		}
		if q == l {
			break
		}
		labels++
		end = q
		if q+1 < len(t) && t[q] == '.' && isAlnum(t[q+1]) {
			q++
			continue
		}
		break
	}
	if labels < 2 {
		return 0
	}
	return end
}

func hasPrefixFold(t string, p int, prefix string) bool {
	if len(t)-p < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		b := t[p+i]
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != prefix[i] {
			return false
		}
	}
	return true
}

func isURLChar(b byte) bool {
	if b <= ' ' || b >= 0x7F {
		return false
	}
	switch b {
	case '<', '>', '"', '`', '{', '}', '|', '\\', '^':
		return false
	}
	return true
}

// url returns the end of a URL starting at p, or 0.
func (s *scanner) url(p int) int {
	t := s.text
	var body int
	switch {
	case hasPrefixFold(t, p, "https://"):
		body = p + 8
	case hasPrefixFold(t, p, "http://"):
		body = p + 7
	case hasPrefixFold(t, p, "ftp://"):
		body = p + 6
	case hasPrefixFold(t, p, "www."):
		body = p + 4
	default:
		return 0
	}
	q := body
	parens := 0
	for q < len(t) && isURLChar(t[q]) {
		switch t[q] {
		case '(':
			parens++
		case ')':
			parens--
		}
		q++
	}
	// Trailing punctuation belongs to the sentence, not the URL.
	for q > body {
		b := t[q-1]
		if b == ')' && parens >= 0 {
			break
		}
		if b == '.' || b == ',' || b == ';' || b == ':' || b == '!' || b == '?' || b == '\'' || b == ')' || b == ']' {
			if b == ')' {
				parens++
			}
			q--
			continue
		}
		break
	}
	if q == body || (t[p] == 'w' || t[p] == 'W') && domainEnd(t, body) == 0 {
		return 0
	}
	return q
}
