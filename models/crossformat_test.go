package models

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/winnow-project/winnow/lm"
)

// Debian's libime-data-language-model installs the same model as a KenLM
// binary (quantized array trie); .ci/run installs it.
const kenlmZhCN = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm"

// The bundled compact model (exact ARPA values) and the KenLM binary of the
// same model agree word by word within the KenLM file's quantization
// error, with the same vocabulary and the same matched n-gram lengths.
func TestBundledAgreesWithKenLMBinary(t *testing.T) {
	if _, err := os.Stat(kenlmZhCN); err != nil {
		t.Skip("KenLM binary not installed (apt-get install libime-data-language-model)")
	}
	ours, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ken, closer, err := lm.Open(kenlmZhCN)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	if ours.Vocab().Size() != ken.Vocab().Size() || ours.Order() != ken.Order() {
		t.Fatalf("vocabulary %d vs %d, order %d vs %d", ours.Vocab().Size(), ken.Vocab().Size(), ours.Order(), ken.Order())
	}
	// Sentences from real bigram paths (so trigrams are hit), and random
	// words (so back-off is exercised).
	seqs := [][]string{
		{"美国", "当地", "时间", "11月", "19日", "上午", "，", "他", "带着", "访客", "证", "重新", "回到", "了", "熟悉", "的", "办公室"},
		{"风险", "投资", "公司"}, {"危险", "出资", "公司"}, {"社交", "媒体"}, {"交际", "媒体"},
	}
	r := rand.New(rand.NewPCG(5, 6))
	v := ours.Vocab()
	for i := 0; i < 300; i++ {
		s := make([]string, 2+r.IntN(10))
		for k := range s {
			s[k] = v.Word(lm.WordID(1 + r.IntN(v.Size()-1)))
		}
		seqs = append(seqs, s)
	}
	var maxErr, sumErr float64
	n := 0
	for _, s := range seqs {
		_, a := lm.SentenceScore(ours, s, false, false)
		_, b := lm.SentenceScore(ken, s, false, false)
		for k := range a {
			if a[k].NGram != b[k].NGram || a[k].Unknown != b[k].Unknown {
				t.Fatalf("%q word %d: n-gram %d vs %d, unknown %v vs %v", s, k, a[k].NGram, b[k].NGram, a[k].Unknown, b[k].Unknown)
			}
			d := math.Abs(float64(a[k].LogProb - b[k].LogProb))
			if k == 0 && d > 1e-5 {
				// From the null context the score is a unigram's, and
				// KenLM's trie stores unigrams unquantized.
				t.Fatalf("%q word %d: unigram %v vs %v", s, k, a[k].LogProb, b[k].LogProb)
			}
			maxErr = max(maxErr, d)
			sumErr += d
			n++
		}
	}
	t.Logf("%d words: max |Δ| %.4f, mean %.5f log10", n, maxErr, sumErr/float64(n))
	// 8-bit quantization: the mean error stays small; the worst bins are
	// wide (see lm/kenlm_test.go for the bin-exact check).
	if sumErr/float64(n) > 0.02 || maxErr > 1.0 {
		t.Fatalf("formats disagree beyond quantization: max %.4f, mean %.5f", maxErr, sumErr/float64(n))
	}
}
