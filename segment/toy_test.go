package segment

import (
	"sort"
	"testing"

	"github.com/winnow-project/winnow/lm"
)

// toyModel is a unigram lm.Model over a small word list, for unit tests.
type toyModel struct {
	words []string
	ids   map[string]lm.WordID
	probs []float32
}

const (
	toyUnk lm.WordID = 0
	toyBOS lm.WordID = 1
	toyEOS lm.WordID = 2
)

func newToyModel(entries map[string]float32) *toyModel {
	m := &toyModel{ids: map[string]lm.WordID{}}
	add := func(w string, p float32) {
		m.ids[w] = lm.WordID(len(m.words))
		m.words = append(m.words, w)
		m.probs = append(m.probs, p)
	}
	add("<unk>", -7)
	add("<s>", -99)
	add("</s>", -1)
	// Deterministic order: sort keys.
	keys := make([]string, 0, len(entries))
	for w := range entries {
		keys = append(keys, w)
	}
	sortStrings(keys)
	for _, w := range keys {
		add(w, entries[w])
	}
	return m
}

func sortStrings(s []string) { sort.Strings(s) }

func (m *toyModel) Order() int           { return 1 }
func (m *toyModel) Vocab() lm.Vocabulary { return m }
func (m *toyModel) Score(in *lm.State, w lm.WordID, out *lm.State) (float32, int) {
	p := m.probs[toyUnk]
	if int(w) < len(m.probs) {
		p = m.probs[w]
	}
	*out = lm.State{}
	return p, 1
}
func (m *toyModel) BeginSentenceState() lm.State {
	return lm.State{Words: [lm.MaxOrder - 1]lm.WordID{toyBOS}, Length: 1}
}

func (m *toyModel) ID(w string) (lm.WordID, bool) {
	id, ok := m.ids[w]
	if !ok {
		return toyUnk, false
	}
	return id, true
}
func (m *toyModel) Word(id lm.WordID) string {
	if int(id) < len(m.words) {
		return m.words[id]
	}
	return ""
}
func (m *toyModel) Size() int                { return len(m.words) }
func (m *toyModel) BeginSentence() lm.WordID { return toyBOS }
func (m *toyModel) EndSentence() lm.WordID   { return toyEOS }
func (m *toyModel) Unknown() lm.WordID       { return toyUnk }

// toyVocab is the vocabulary of most tests (log10 unigram probabilities).
var toyVocab = map[string]float32{
	"研究": -3.0, "研究生": -4.5, "生命": -4.0, "命": -4.4, "的": -2.0, "起源": -4.5,
	"研": -5.0, "究": -5.5, "生": -3.5, "起": -4.0, "源": -4.8,
	"这个": -3.2, "这": -3.0, "个": -3.0, "软件": -4.0, "软体": -5.0, "软": -5.0, "件": -4.5, "体": -4.5,
	"结婚": -4.0, "的和": -6.0, "和": -2.5, "尚未": -4.2, "结婚的": -7.0, "和尚": -4.6, "尚": -5.0, "未": -4.0,
	"年": -3.5, "中国": -3.0, "人民": -3.5, "中国人民": -5.0, "我": -2.5, "爱": -3.5, "你": -3.0,
	"访问": -4.0, "邮箱": -4.5, "电话": -4.0, "元": -4.0, "增长": -4.0, "了": -2.2, "获取": -4.4,
	"天": -3.8, "气": -4.5, "天气": -4.0, "很": -3.0, "好": -3.0, "今天": -3.6, "今": -5.0,
	"下雨": -4.5, "下": -3.5, "雨": -4.5, "他": -3.0, "说": -3.0,
}

func newToySegmenter(t testing.TB, opts ...Option) (*Segmenter, *toyModel) {
	t.Helper()
	m := newToyModel(toyVocab)
	s, err := New(m, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}
