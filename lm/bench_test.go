package lm

import (
	"os"
	"testing"
)

// benchModel is the compact model named by $WINNOW_BENCH_MODEL, or the toy.
func benchModel(b *testing.B) (Model, []WordID) {
	path := os.Getenv("WINNOW_BENCH_MODEL")
	var m Model
	if path == "" {
		m = loadToy(b)
	} else {
		mm, c, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Close() })
		m = mm
	}
	v := m.Vocab()
	var ids []WordID
	for _, w := range []string{"美国", "当地", "时间", "11月", "19日", "上午", "他", "带着", "访客", "证", "重新", "回到", "了", "熟悉", "的", "办公室", "风险", "投资", "公司", "社交", "媒体", "a", "b", "c"} {
		if id, ok := v.ID(w); ok {
			ids = append(ids, id)
		}
	}
	return m, ids
}

// BenchmarkScore measures one Score call in running text (trigram
// contexts, with back-off where the text leaves the model).
func BenchmarkScore(b *testing.B) {
	m, ids := benchModel(b)
	st := m.BeginSentenceState()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Score(&st, ids[i%len(ids)], &st)
	}
}

func BenchmarkVocabID(b *testing.B) {
	m, _ := benchModel(b)
	v := m.Vocab()
	words := []string{"美国", "当地", "时间", "访客", "办公室", "不存在的词语"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.ID(words[i%len(words)])
	}
}
