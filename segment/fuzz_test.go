package segment

import (
	"sync"
	"testing"
)

var (
	fuzzOnce sync.Once
	fuzzSeg  *Segmenter
)

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"研究生命的起源", "這個軟體", "2023年12.5%", "http://a.b/c?d=(e)", "x@y.z", "\xff\x00",
		"e.g. 3.14… “好。”", "1,000,000", "www.", "a'b-c", "😀\u200d",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOnce.Do(func() {
			var err error
			fuzzSeg, err = New(newToyModel(toyVocab))
			if err != nil {
				t.Fatal(err)
			}
		})
		src := string(data)
		toks := fuzzSeg.Segment(src)
		checkTiling(t, src, toks)
		for _, tk := range toks {
			if tk.Kind > Symbol {
				t.Fatalf("bad kind %v", tk.Kind)
			}
		}
		prev := 0
		for _, sp := range Sentences(src) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(src) {
				t.Fatalf("bad sentence span %+v after %d", sp, prev)
			}
			// Only white space may lie between sentences.
			for _, r := range src[prev:sp.Start] {
				if classOf(classTable(), r) != clsSpace {
					t.Fatalf("non-space %q dropped between sentences", src[prev:sp.Start])
				}
			}
			prev = sp.End
		}
	})
}
