package segment

import (
	"os"
	"strings"
	"testing"
)

// benchText is the news-style fixture repeated to about 200 KB.
func benchText(b *testing.B) string {
	data, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	return strings.Repeat(string(data), 200_000/len(data)+1)
}

func benchSegment(b *testing.B, s *Segmenter) {
	text := benchText(b)
	toks := s.AppendTokens(nil, text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		toks = s.AppendTokens(toks[:0], text)
	}
	b.ReportMetric(float64(len(toks)), "tokens/op")
}

// BenchmarkSegment measures segmentation speed over the fixture with the
// bundled model when it loads (see real_test.go), else with the toy
// vocabulary (which walks much shallower tries).
func BenchmarkSegment(b *testing.B) {
	benchSegment(b, benchSegmenter(b))
}

func BenchmarkSegmentToy(b *testing.B) {
	s, _ := newToySegmenter(b)
	benchSegment(b, s)
}

func BenchmarkSentences(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var spans []Span
	for i := 0; i < b.N; i++ {
		spans = AppendSentences(spans[:0], text)
	}
}
