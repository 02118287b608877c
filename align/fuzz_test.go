package align

import (
	"testing"
	"unicode/utf8"
)

// FuzzDiff: any two texts (valid UTF-8 or not) align without panicking,
// and every op's offsets give its text.
func FuzzDiff(f *testing.F) {
	f.Add("我们今天发布新版本", "我们今天公布新版本", 2)
	f.Add("效果显著提高", "效果明显提高", 3)
	f.Add("", "新", 1)
	f.Add("a\xffb", "ab", 0)
	f.Fuzz(func(t *testing.T, src, cp string, step int) {
		if len(src) > 2000 || len(cp) > 2000 {
			return
		}
		var words []Span
		if step > 0 && step < 10 {
			for i := 0; i < len(src); {
				j := i
				for k := 0; k < step && j < len(src); k++ {
					_, n := utf8.DecodeRuneInString(src[j:])
					j += n
				}
				words = append(words, Span{i, j})
				i = j
			}
		}
		ops, err := Diff(src, cp, words)
		if err != nil {
			return
		}
		for _, o := range ops {
			if o.Source.Start < 0 || o.Source.End > len(src) || o.Source.Start > o.Source.End ||
				o.Copy.Start < 0 || o.Copy.End > len(cp) || o.Copy.Start > o.Copy.End {
				t.Fatalf("op %+v out of range", o)
			}
			if src[o.Source.Start:o.Source.End] != o.Original || cp[o.Copy.Start:o.Copy.End] != o.Changed {
				t.Fatalf("op %+v: offsets do not give its text", o)
			}
		}
		Split(ops, src, cp, words, words)
	})
}
