package lm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"
)

// kenZhCN is Debian's libime language model (package
// libime-data-language-model): KenLM format 5, 3-gram, quantized array trie.
const kenZhCN = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm"

// ---- reference scorer: plain ARPA back-off arithmetic in float64 ----

type kenRefModel struct {
	order int
	prob  map[string]float64 // "w1 w2 ... wn"
	back  map[string]float64
	known map[string]bool
}

// kenRefFromARPA builds the reference; with q, the probabilities and
// back-offs of orders >= 2 are replaced by the bins they quantize to.
func kenRefFromARPA(a *kenTestARPA, q *kenTestQuant) *kenRefModel {
	r := &kenRefModel{order: a.order, prob: map[string]float64{}, back: map[string]float64{}, known: map[string]bool{}}
	for n := 1; n <= a.order; n++ {
		for _, g := range a.grams[n-1] {
			k := strings.Join(g.words, " ")
			p, b := g.prob, g.backoff
			if q != nil && n >= 2 {
				p = q.prob[n-1][kenTestEncode(q.prob[n-1], p, 0)]
				if n < a.order {
					b = q.backoff[n-1][kenTestEncodeBackoff(q.backoff[n-1], b)]
				}
			}
			r.prob[k] = float64(p)
			r.back[k] = float64(b)
			if n == 1 {
				r.known[k] = true
			}
		}
	}
	return r
}

// score returns log10 P(w | hist) and the length of the matched n-gram.
func (r *kenRefModel) score(hist []string, w string) (float64, int) {
	if len(hist) > r.order-1 {
		hist = hist[len(hist)-(r.order-1):]
	}
	m := len(hist)
	for ; m >= 0; m-- {
		if _, ok := r.prob[strings.Join(append(append([]string(nil), hist[len(hist)-m:]...), w), " ")]; ok {
			break
		}
	}
	p := r.prob[strings.Join(append(append([]string(nil), hist[len(hist)-m:]...), w), " ")]
	for i := m + 1; i <= len(hist); i++ {
		p += r.back[strings.Join(hist[len(hist)-i:], " ")]
	}
	return p, m + 1
}

func (r *kenRefModel) norm(w string) string {
	if r.known[w] {
		return w
	}
	return "<unk>"
}

func kenLoadARPAFile(t testing.TB, path string) *kenTestARPA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := kenTestParseARPA(f)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// kenRandomARPA makes a random well-formed model: every n-gram's context
// and suffix are present, some back-offs are zero or missing.
func kenRandomARPA(rng *rand.Rand, order, vocab, perOrder int) *kenTestARPA {
	words := []string{"<unk>", "<s>", "</s>"}
	for i := 0; i < vocab; i++ {
		words = append(words, fmt.Sprintf("w%d", i))
	}
	set := make([]map[string]bool, order)
	for i := range set {
		set[i] = map[string]bool{}
	}
	var add func(ws []string)
	add = func(ws []string) {
		k := strings.Join(ws, " ")
		if set[len(ws)-1][k] {
			return
		}
		set[len(ws)-1][k] = true
		if len(ws) > 1 {
			add(ws[:len(ws)-1])
			add(ws[1:])
		}
	}
	for _, w := range words {
		add([]string{w})
	}
	for n := 2; n <= order; n++ {
		for i := 0; i < perOrder; i++ {
			ws := make([]string, n)
			for j := range ws {
				ws[j] = words[1+rng.Intn(len(words)-1)]
			}
			add(ws)
		}
	}
	a := &kenTestARPA{order: order, grams: make([][]kenTestGram, order)}
	for n := 1; n <= order; n++ {
		keys := make([]string, 0, len(set[n-1]))
		for k := range set[n-1] {
			keys = append(keys, k)
		}
		// Map order is random; sort for reproducibility.
		sortStrings(keys)
		for _, k := range keys {
			g := kenTestGram{words: strings.Fields(k), prob: -float32(rng.Intn(3000)+1) / 1000, backoff: float32(math.Copysign(0, -1))}
			if n < order {
				switch rng.Intn(4) {
				case 0: // zero or missing
				default:
					g.backoff = -float32(rng.Intn(1000)+1) / 1000
				}
			}
			a.grams[n-1] = append(a.grams[n-1], g)
		}
	}
	a.fixExtensions()
	return a
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// kenSentences makes test sentences from random words, random n-grams of
// the model (so long matches happen) and an out-of-vocabulary word.
func kenSentences(rng *rand.Rand, a *kenTestARPA, count int) [][]string {
	var out [][]string
	for i := 0; i < count; i++ {
		var s []string
		for len(s) < 2+rng.Intn(10) {
			switch rng.Intn(3) {
			case 0:
				s = append(s, a.grams[0][rng.Intn(len(a.grams[0]))].words[0])
			case 1:
				n := 1 + rng.Intn(a.order)
				g := a.grams[n-1][rng.Intn(len(a.grams[n-1]))]
				s = append(s, g.words...)
			default:
				if rng.Intn(5) == 0 {
					s = append(s, "never-seen")
				}
			}
		}
		out = append(out, s)
	}
	return out
}

var kenAllTypes = []kenTestOptions{
	{modelType: kenTypeProbing},
	{modelType: kenTypeProbing, multiplier: 3},
	{modelType: kenTypeRestProbing},
	{modelType: kenTypeTrie},
	{modelType: kenTypeQuantTrie, probBits: 8, backoffBits: 8},
	{modelType: kenTypeQuantTrie, probBits: 3, backoffBits: 2},
	{modelType: kenTypeArrayTrie, bhikshaBits: 22},
	{modelType: kenTypeArrayTrie, bhikshaBits: 1},
	{modelType: kenTypeQuantArrayTrie, probBits: 8, backoffBits: 8, bhikshaBits: 22},
	{modelType: kenTypeQuantArrayTrie, probBits: 4, backoffBits: 3, bhikshaBits: 3},
	{modelType: kenTypeTrie, noWords: true},
}

func (o kenTestOptions) String() string {
	return fmt.Sprintf("%s/q%d,%d/b%d/m%g/nowords=%v", kenModelNames[o.modelType], o.probBits, o.backoffBits, o.bhikshaBits, o.multiplier, o.noWords)
}

// TestKenLMWrittenModels checks every model type on files made by the
// test writer against the reference arithmetic on the same ARPA data.
func TestKenLMWrittenModels(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	models := []struct {
		name string
		arpa *kenTestARPA
	}{
		{"toy2", kenLoadARPAFile(t, "testdata/kenlm_toy2.arpa")},
		{"toy3", kenLoadARPAFile(t, "testdata/kenlm_toy3.arpa")},
		{"toy4", kenLoadARPAFile(t, "testdata/kenlm_toy4.arpa")},
		{"random2", kenRandomARPA(rng, 2, 40, 300)},
		{"random3", kenRandomARPA(rng, 3, 60, 400)},
		{"random5", kenRandomARPA(rng, 5, 30, 300)},
		{"random6", kenRandomARPA(rng, 6, 8, 400)},
	}
	for _, mc := range models {
		sentences := kenSentences(rng, mc.arpa, 300)
		// States must agree across all non-quantized types.
		var refStates [][]string
		for _, opt := range kenAllTypes {
			t.Run(mc.name+"/"+opt.String(), func(t *testing.T) {
				data, q, err := kenTestWrite(mc.arpa, opt)
				if err != nil {
					t.Fatal(err)
				}
				if !IsKenLM(data) {
					t.Fatal("IsKenLM false")
				}
				m, err := LoadKenLM(data)
				if err != nil {
					t.Fatal(err)
				}
				ref := kenRefFromARPA(mc.arpa, q)
				v := m.Vocab()
				if m.Order() != mc.arpa.order || v.Size() != len(mc.arpa.grams[0]) {
					t.Fatalf("order %d size %d", m.Order(), v.Size())
				}
				for _, g := range mc.arpa.grams[0] {
					w := g.words[0]
					id, ok := v.ID(w)
					if ok != (w != "<unk>") {
						t.Fatalf("ID(%q) known=%v", w, ok)
					}
					if !opt.noWords && v.Word(id) != w {
						t.Fatalf("Word(ID(%q)) = %q", w, v.Word(id))
					}
				}
				if id, ok := v.ID("never-seen"); ok || id != 0 {
					t.Fatalf("OOV id %d %v", id, ok)
				}
				// States as words (IDs differ between vocabulary kinds).
				var states []string
				for _, s := range sentences {
					st := NullState()
					var hist []string
					for _, w := range s {
						id, _ := v.ID(w)
						p, n := m.Score(&st, id, &st)
						w = ref.norm(w)
						want, wantN := ref.score(hist, w)
						if math.Abs(float64(p)-want) > 1e-4 || n != wantN {
							t.Fatalf("%v: after %v score %q = %v (%d-gram), want %v (%d-gram)", s, hist, w, p, n, want, wantN)
						}
						hist = append(hist, w)
						ws := []string{}
						for j := 0; j < int(st.Length); j++ {
							ws = append(ws, v.Word(st.Words[j]))
						}
						states = append(states, fmt.Sprint(ws, st.Backoff[:st.Length]))
					}
				}
				if q == nil && !opt.noWords {
					if refStates == nil {
						refStates = append(refStates, states)
					} else {
						for i := range states {
							if states[i] != refStates[0][i] {
								t.Fatalf("state %d differs from the first model type: %s vs %s", i, states[i], refStates[0][i])
							}
						}
					}
				}
				// Begin-of-sentence state: <s> alone, with its back-off.
				bs := m.BeginSentenceState()
				if bs.Length != 1 || bs.Words[0] != v.BeginSentence() {
					t.Fatalf("begin state %+v", bs)
				}
				if got, want := bs.Backoff[0], float32(ref.back["<s>"]); v.Word(v.BeginSentence()) == "<s>" && got != want {
					t.Fatalf("<s> back-off %v want %v", got, want)
				}
			})
		}
	}
}

// TestKenLMToyKnownValues pins a few hand-checked scores of kenlm_toy3.arpa.
func TestKenLMToyKnownValues(t *testing.T) {
	a := kenLoadARPAFile(t, "testdata/kenlm_toy3.arpa")
	for _, opt := range []kenTestOptions{{modelType: kenTypeProbing}, {modelType: kenTypeTrie}, {modelType: kenTypeArrayTrie, bhikshaBits: 22}} {
		data, _, err := kenTestWrite(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		m, err := LoadKenLM(data)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			words []string
			want  []float32
			ngram []int
		}{
			// <s> the cat sat on the mat </s>
			{[]string{"the", "cat", "sat", "on", "the", "mat", "</s>"},
				[]float32{-0.3, -0.2, -0.15, -0.1, -0.05, -0.2, -0.4}, []int{2, 3, 3, 3, 3, 3, 2}},
			// <s> dog: no bigram, back-off of <s> (-0.5) + P(dog) (-1.9).
			{[]string{"dog", "mat"},
				// mat after "<s> dog": bo(dog) + P(mat) = -0.25 + -2.2
				[]float32{-2.4, -2.45}, []int{1, 1}},
			// <s> a dog ran: trigram "a dog ran" missing:
			// P(ran|dog) + bo(a dog) = -0.6 + -0.05; before that
			// P(dog|a) + bo(<s> a) = -0.5 + -0.1.
			{[]string{"a", "dog", "ran"}, []float32{-0.9, -0.6, -0.65}, []int{2, 2, 2}},
			// OOV maps to <unk>; "<unk> sat" is a bigram.
			{[]string{"zebra", "sat"}, []float32{-1.5 + -0.5, -0.7}, []int{1, 2}},
		}
		for _, tc := range tests {
			total, ws := SentenceScore(m, tc.words, true, false)
			sum := 0.0
			for i, w := range ws {
				if math.Abs(float64(w.LogProb-tc.want[i])) > 1e-5 || w.NGram != tc.ngram[i] {
					t.Errorf("%s %v word %d %q: %v (%d-gram), want %v (%d-gram)", kenModelNames[opt.modelType], tc.words, i, w.Word, w.LogProb, w.NGram, tc.want[i], tc.ngram[i])
				}
				sum += float64(tc.want[i])
			}
			if math.Abs(total-sum) > 1e-4 {
				t.Errorf("%v total %v want %v", tc.words, total, sum)
			}
		}
	}
}

func kenOpenZhCN(t testing.TB) Model {
	t.Helper()
	if _, err := os.Stat(kenZhCN); err != nil {
		t.Skipf("%s not installed", kenZhCN)
	}
	m, c, err := OpenKenLM(kenZhCN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return m
}

// TestKenLMZhCN checks the real quantized array trie from Debian. Expected
// values were taken from the ARPA text of the same model (lm_sc.arpa):
// unigram probabilities are stored exactly, higher orders within the
// quantization error.
func TestKenLMZhCN(t *testing.T) {
	m := kenOpenZhCN(t)
	km := m.(*kenTrie)
	if km.typ != kenTypeQuantArrayTrie || m.Order() != 3 {
		t.Fatalf("type %d order %d", km.typ, m.Order())
	}
	if got := fmt.Sprint(km.counts); got != "[164887 1983152 634213]" {
		t.Fatalf("counts %s", got)
	}
	v := m.Vocab()
	if v.Size() != 164887 || v.Word(0) != "<unk>" || v.Unknown() != 0 {
		t.Fatalf("vocab size %d, word 0 %q", v.Size(), v.Word(0))
	}
	// The model has no <s> or </s>: KenLM maps both to <unk>.
	if v.BeginSentence() != 0 || v.EndSentence() != 0 {
		t.Fatalf("<s> %d </s> %d", v.BeginSentence(), v.EndSentence())
	}
	for i := WordID(0); i < WordID(v.Size()); i += 997 {
		w := v.Word(i)
		if id, ok := v.ID(w); id != i || ok != (i != 0) {
			t.Fatalf("ID(Word(%d)=%q) = %d %v", i, w, id, ok)
		}
	}
	if _, ok := v.ID("这不是一个词吧"); ok {
		t.Fatal("nonsense word is known")
	}

	tests := []struct {
		context []string
		word    string
		arpa    float64 // from lm_sc.arpa, back-off arithmetic included
		ngram   int
		tol     float64
	}{
		{nil, "风险", -4.284423, 1, 0},
		{nil, "公司", -3.4683123, 1, 0},
		{nil, "<unk>", -6.2637887, 1, 0},
		{[]string{"风险"}, "投资", -1.7497878, 2, 0.05},
		{[]string{"投资"}, "公司", -1.956844, 2, 0.05},
		{[]string{"风险", "投资"}, "公司", -0.7929622, 3, 0.05},
		// Not in the model: bo(危险) + P(出资), bo(出资) + P(公司).
		{[]string{"危险"}, "出资", -0.34497312 + -4.747626, 1, 1e-5},
		{[]string{"危险", "出资"}, "公司", -0.20308061 + -3.4683123, 1, 1e-5},
	}
	for _, tc := range tests {
		st := NullState()
		for _, w := range tc.context {
			id, _ := v.ID(w)
			m.Score(&st, id, &st)
		}
		id, _ := v.ID(tc.word)
		p, n := m.Score(&st, id, &st)
		if math.Abs(float64(p)-tc.arpa) > tc.tol+1e-6 || n != tc.ngram {
			t.Errorf("%v %s: %v (%d-gram), ARPA %v (%d-gram)", tc.context, tc.word, p, n, tc.arpa, tc.ngram)
		}
	}

	// Whole sentences as KenLM's query scores them: from the <s> state,
	// then </s> last. This model has neither marker, so both are <unk>
	// (ID 0) and </s> costs P(<unk>) plus back-offs. The three words
	// alone sum to -6.835 and -13.244.
	for _, tc := range []struct {
		words       []string
		words3, all float64
	}{
		{[]string{"风险", "投资", "公司"}, -6.835, -13.8},
		{[]string{"危险", "出资", "公司"}, -13.244, -20.0},
	} {
		st := m.BeginSentenceState()
		total := 0.0
		for _, w := range tc.words {
			id, _ := v.ID(w)
			p, _ := m.Score(&st, id, &st)
			total += float64(p)
		}
		if math.Abs(total-tc.words3) > 0.001 {
			t.Errorf("%v: three words %.4f, want %v", tc.words, total, tc.words3)
		}
		p, _ := m.Score(&st, v.EndSentence(), &st)
		total += float64(p)
		if math.Abs(total-tc.all) > 0.05 {
			t.Errorf("%v: with </s> %.4f, want about %v", tc.words, total, tc.all)
		}
	}
	// The same words, each alone from the null state, sum to their unigrams.
	total := 0.0
	for _, w := range []string{"风险", "投资", "公司"} {
		st := NullState()
		id, _ := v.ID(w)
		p, _ := m.Score(&st, id, &st)
		total += float64(p)
	}
	if want := -4.284423 + -4.0158467 + -3.4683123; math.Abs(total-want) > 1e-5 {
		t.Errorf("unigram sum %v want %v", total, want)
	}
}

// TestKenLMZhCNAgainstARPA compares the real model with its ARPA text over
// every n-gram. It needs the decompressed ARPA (lm_sc.arpa, ~73 MB) named
// by $WINNOW_KENLM_ARPA and takes several seconds, so it is opt-in.
func TestKenLMZhCNAgainstARPA(t *testing.T) {
	path := os.Getenv("WINNOW_KENLM_ARPA")
	if path == "" {
		t.Skip("set WINNOW_KENLM_ARPA to the decompressed lm_sc.arpa to run")
	}
	m := kenOpenZhCN(t)
	km := m.(*kenTrie)
	a := kenLoadARPAFile(t, path)
	v := m.Vocab()
	q := &kenTestQuant{prob: make([][]float32, 3), backoff: make([][]float32, 3)}
	q.prob[1], q.backoff[1] = km.middles[0].probTable, km.middles[0].backoffTable
	q.prob[2] = km.longest.probTable

	// 1. Every in-model n-gram: the decoded value must be exactly the
	// bin build_binary would pick for the ARPA value, and the error
	// against the ARPA value is the quantization error.
	var maxErr [4]float64
	var sumErr [4]float64
	var over [4]int
	mismatch := 0
	for n := 1; n <= 3; n++ {
		for _, g := range a.grams[n-1] {
			st := NullState()
			for _, w := range g.words[:n-1] {
				id, _ := v.ID(w)
				m.Score(&st, id, &st)
			}
			id, _ := v.ID(g.words[n-1])
			p, got := m.Score(&st, id, &st)
			if got != n {
				t.Fatalf("%v matched a %d-gram", g.words, got)
			}
			want := g.prob
			if n > 1 {
				want = q.prob[n-1][kenTestEncode(q.prob[n-1], g.prob, 0)]
			}
			if p != want {
				mismatch++
				if mismatch < 5 {
					t.Errorf("%v: decoded %v, expected bin %v (ARPA %v)", g.words, p, want, g.prob)
				}
			}
			e := math.Abs(float64(p) - float64(g.prob))
			if e > 0.05 {
				over[n]++
			}
			sumErr[n] += e
			maxErr[n] = math.Max(maxErr[n], e)
			if n == 2 {
				// The bigram's back-off is in the state after it.
				wantB := q.backoff[1][kenTestEncodeBackoff(q.backoff[1], g.backoff)]
				if st.Length == 2 && st.Backoff[1] != wantB {
					t.Fatalf("%v back-off %v, expected bin %v", g.words, st.Backoff[1], wantB)
				}
			}
		}
		t.Logf("%d-grams: %d, max |quantized-ARPA| %.4f, mean %.5f, %d (%.3f%%) over 0.05", n, len(a.grams[n-1]), maxErr[n], sumErr[n]/float64(len(a.grams[n-1])), over[n], 100*float64(over[n])/float64(len(a.grams[n-1])))
	}
	if mismatch > 0 {
		t.Fatalf("%d n-grams not decoded to their expected bin", mismatch)
	}

	// 2. Random text through the back-off arithmetic: exact against the
	// quantized reference, and the error against the plain ARPA.
	qref := kenRefFromARPA(a, q)
	ref := kenRefFromARPA(a, nil)
	rng := rand.New(rand.NewSource(7))
	sentences := kenSentences(rng, a, 20000)
	words, maxE, sumE, maxQ := 0, 0.0, 0.0, 0.0
	for _, s := range sentences {
		st := NullState()
		var hist []string
		for _, w := range s {
			id, _ := v.ID(w)
			p, _ := m.Score(&st, id, &st)
			w = ref.norm(w)
			wq, _ := qref.score(hist, w)
			wa, _ := ref.score(hist, w)
			maxQ = math.Max(maxQ, math.Abs(float64(p)-wq))
			e := math.Abs(float64(p) - wa)
			maxE = math.Max(maxE, e)
			sumE += e
			words++
			hist = append(hist, w)
		}
	}
	t.Logf("%d words of random text: max |model-ARPA| %.4f, mean %.5f; max |model-quantized reference| %.2g", words, maxE, sumE/float64(words), maxQ)
	if maxQ > 1e-4 {
		t.Fatalf("model differs from the quantized reference by %v", maxQ)
	}
}

func TestKenLMRejectsBadFiles(t *testing.T) {
	a := kenLoadARPAFile(t, "testdata/kenlm_toy3.arpa")
	good, _, err := kenTestWrite(a, kenTestOptions{modelType: kenTypeQuantArrayTrie, probBits: 8, backoffBits: 8, bhikshaBits: 22})
	if err != nil {
		t.Fatal(err)
	}
	probing, _, err := kenTestWrite(a, kenTestOptions{modelType: kenTypeProbing})
	if err != nil {
		t.Fatal(err)
	}
	mod := func(b []byte, f func([]byte)) []byte {
		c := append([]byte(nil), b...)
		f(c)
		return c
	}
	le := binary.LittleEndian
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not kenlm", []byte("\\data\\\nngram 1=3\n")},
		{"magic only", []byte(kenMagicV5)},
		{"incomplete", []byte(kenMagicIncomplete + strings.Repeat("\x00", 200))},
		{"version 4", mod(good, func(b []byte) { b[len(kenMagicBeforeVersion)+1] = '4' })},
		{"bad sanity", mod(good, func(b []byte) { b[60] ^= 1 })},
		{"order 0", mod(good, func(b []byte) { b[kenSanitySize] = 0 })},
		{"order 7", mod(good, func(b []byte) { b[kenSanitySize] = 7 })},
		{"model type 9", mod(good, func(b []byte) { le.PutUint32(b[kenSanitySize+8:], 9) })},
		{"search version", mod(good, func(b []byte) { le.PutUint32(b[kenSanitySize+16:], 7) })},
		{"absurd count", mod(good, func(b []byte) { le.PutUint64(b[kenSanitySize+kenFixedSize+8:], 1<<62) })},
		{"huge unigram count", mod(good, func(b []byte) { le.PutUint64(b[kenSanitySize+kenFixedSize:], math.MaxUint64) })},
		{"zero unigrams", mod(good, func(b []byte) { le.PutUint64(b[kenSanitySize+kenFixedSize:], 0) })},
		{"quant version", mod(good, func(b []byte) { b[136+8+8*11] = 1 })},
		{"probing multiplier NaN", mod(probing, func(b []byte) { le.PutUint32(b[kenSanitySize+4:], 0x7fc00000) })},
		{"probing multiplier 0.5", mod(probing, func(b []byte) { le.PutUint32(b[kenSanitySize+4:], math.Float32bits(0.5)) })},
		{"probing vocab version", mod(probing, func(b []byte) { b[136] = 1 })},
		{"probing bound", mod(probing, func(b []byte) { le.PutUint32(b[140:], 1000) })},
		{"trailing byte", append(append([]byte(nil), good...), 'x')},
		{"bad word", mod(good, func(b []byte) { b[len(b)-2] ^= 0x20 })},
	}
	for i := 0; i < len(good); i += 1 + i/4 {
		tests = append(tests, struct {
			name string
			data []byte
		}{fmt.Sprintf("trie truncated at %d", i), good[:i]})
	}
	for i := 0; i < len(probing); i += 1 + i/4 {
		tests = append(tests, struct {
			name string
			data []byte
		}{fmt.Sprintf("probing truncated at %d", i), probing[:i]})
	}
	for _, tc := range tests {
		m, err := LoadKenLM(tc.data)
		if err == nil || m != nil {
			t.Errorf("%s: loaded", tc.name)
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", tc.name, err)
		}
	}
	if _, _, err := OpenKenLM("testdata/kenlm_toy3.arpa"); !errors.Is(err, ErrFormat) {
		t.Errorf("OpenKenLM on ARPA text: %v", err)
	}
	if _, _, err := OpenKenLM("testdata/does-not-exist"); err == nil {
		t.Error("OpenKenLM on a missing file")
	}
}

// TestKenLMCorruptTables damages the n-gram tables of valid files (the
// header and word strings, which are checked, stay intact): loading may
// fail or succeed, but scoring must never panic or leave a bad state.
func TestKenLMCorruptTables(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	arpas := []*kenTestARPA{kenLoadARPAFile(t, "testdata/kenlm_toy4.arpa"), kenRandomARPA(rng, 3, 50, 300)}
	for _, a := range arpas {
		for _, opt := range kenAllTypes {
			good, _, err := kenTestWrite(a, opt)
			if err != nil {
				t.Fatal(err)
			}
			hdr := int(kenAlign8(uint64(kenSanitySize + kenFixedSize + 8*a.order)))
			for trial := 0; trial < 200; trial++ {
				bad := append([]byte(nil), good...)
				for k := 0; k < 1+rng.Intn(8); k++ {
					i := hdr + rng.Intn(len(bad)-hdr)
					bad[i] = byte(rng.Intn(256))
				}
				m, err := LoadKenLM(bad)
				if err != nil {
					continue
				}
				n := m.Vocab().Size()
				st := NullState()
				for k := 0; k < 200; k++ {
					m.Score(&st, WordID(rng.Intn(n+3)), &st)
					if int(st.Length) >= m.Order() {
						t.Fatalf("state length %d", st.Length)
					}
				}
			}
		}
	}
}

func TestKenLMMurmur(t *testing.T) {
	// The first stored hash of zh_CN.lm's sorted vocabulary must be the
	// hash of word 1; checked in TestKenLMZhCN through finish. Here, a
	// few fixed values pin the function itself (lengths 0..9, one chunk
	// and a tail).
	seen := map[uint64]bool{}
	for _, s := range []string{"", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "<unk>", "风险"} {
		h := kenMurmur64A(s)
		if seen[h] {
			t.Fatalf("collision on %q", s)
		}
		seen[h] = true
	}
	if kenMurmur64A("") != 0 {
		t.Fatalf("empty string hash %x", kenMurmur64A(""))
	}
}

// BenchmarkKenLMScore measures Score on zh_CN.lm: a trigram hit (公司
// after 风险 投资), a cycled sentence mixing trigram, bigram and back-off
// paths, and random vocabulary words (mostly back-off, cache-cold).
func BenchmarkKenLMScore(b *testing.B) {
	m := kenOpenZhCN(b)
	v := m.Vocab()
	id := func(w string) WordID { i, _ := v.ID(w); return i }
	b.Run("trigram", func(b *testing.B) {
		ctx := NullState()
		m.Score(&ctx, id("风险"), &ctx)
		m.Score(&ctx, id("投资"), &ctx)
		w := id("公司")
		var out State
		if _, n := m.Score(&ctx, w, &out); n != 3 {
			b.Fatalf("matched a %d-gram", n)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			m.Score(&ctx, w, &out)
		}
	})
	b.Run("sentence", func(b *testing.B) {
		sent := []string{"风险", "投资", "公司", "危险", "出资", "公司", "的", "发展"}
		ids := make([]WordID, len(sent))
		for i, w := range sent {
			ids[i] = id(w)
		}
		st := NullState()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			m.Score(&st, ids[i%len(ids)], &st)
		}
	})
	b.Run("random", func(b *testing.B) {
		rng := rand.New(rand.NewSource(3))
		ids := make([]WordID, 1<<16)
		n := v.Size()
		for i := range ids {
			ids[i] = WordID(rng.Intn(n))
		}
		st := NullState()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			m.Score(&st, ids[i&(len(ids)-1)], &st)
		}
	})
}

func BenchmarkKenLMLoad(b *testing.B) {
	if _, err := os.Stat(kenZhCN); err != nil {
		b.Skip("zh_CN.lm not installed")
	}
	data, err := os.ReadFile(kenZhCN)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := LoadKenLM(data); err != nil {
			b.Fatal(err)
		}
	}
}
