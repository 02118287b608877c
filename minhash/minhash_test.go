package minhash

import (
	"math"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"今天，天气 很好。", "今天天气很好"},
		{"ＡＢＣ１２３", "abc123"},
		{"Hello, World!", "helloworld"},
		{"第一行\n第二行\t ", "第一行第二行"},
		{"", ""},
		{"，。！", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		n    int
		want int
	}{
		{"甲乙丙丁", 3, 2},
		{"甲乙丙丁", 4, 1},
		{"甲乙", 3, 1},
		{"", 3, 0},
		{"甲乙甲乙甲乙", 2, 2},
		{"甲，乙 丙", 3, 1},
	}
	for _, tt := range tests {
		if got := len(Shingles(tt.text, tt.n)); got != tt.want {
			t.Errorf("Shingles(%q, %d): %d, want %d", tt.text, tt.n, got, tt.want)
		}
	}
}

func TestJaccardAndEstimate(t *testing.T) {
	h, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	a := "这条河从山里流出来，经过三个村子，最后汇入东边的大湖。每年春天，河边的柳树发芽，孩子们在岸上放风筝。"
	b := strings.NewReplacer("流出来", "淌出来", "最后", "最终").Replace(a)
	tests := []struct{ x, y string }{{a, a}, {a, b}, {a, "完全不同的句子，讲别的事情。"}}
	for _, tt := range tests {
		exact := Jaccard(Shingles(tt.x, 3), Shingles(tt.y, 3))
		est, err := Similarity(h.Sign(tt.x), h.Sign(tt.y))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(exact-est) > 0.15 {
			t.Errorf("exact %.3f, estimated %.3f: too far apart", exact, est)
		}
	}
	if j := Jaccard(Shingles(a, 3), Shingles(a, 3)); j != 1 {
		t.Errorf("self Jaccard %v", j)
	}
	if j := Jaccard(nil, nil); j != 0 {
		t.Errorf("empty Jaccard %v", j)
	}
	if _, err := Similarity(Signature{1}, Signature{1, 2}); err == nil {
		t.Error("want ErrLength")
	}
	if s := h.Sign(""); !s.Empty() || h.Bands(s) != nil {
		t.Error("empty text: want empty signature without bands")
	}
	if got := len(h.Bands(h.Sign(a))); got != Default().Bands {
		t.Errorf("%d bands", got)
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		o  Options
		ok bool
	}{
		{Default(), true},
		{Options{NGram: 5, Perms: 112, Bands: 14, Rows: 8}, true},
		{Options{NGram: 0, Perms: 8, Bands: 2, Rows: 4}, false},
		{Options{NGram: 3, Perms: 8, Bands: 4, Rows: 4}, false},
		{Options{NGram: 3, Perms: 0, Bands: 1, Rows: 1}, false},
		{Options{NGram: 3, Perms: 1024, Bands: 256, Rows: 1}, false},
	}
	for _, tt := range tests {
		if err := tt.o.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v", tt.o, err)
		}
	}
	o := Default()
	if th := o.Threshold(); th < 0.2 || th > 0.3 {
		t.Errorf("default threshold %.3f", th)
	}
	if p := o.Probability(0.45); p < 0.99 {
		t.Errorf("P(0.45) = %.4f", p)
	}
	if p := o.Probability(0.03); p > 0.01 {
		t.Errorf("P(0.03) = %.4f", p)
	}
}
