// Package lm scores word sequences with back-off n-gram language models.
//
// It takes a model in one of three formats and gives log10 probabilities with
// the semantics of KenLM's query tool:
//
//   - ARPA text (plain, .gz or .xz), any order up to MaxOrder;
//   - KenLM binary files (format version 5: probing, trie, quantized trie,
//     array-compressed trie), as written by KenLM's build_binary;
//   - winnow's own compact format ("WLM1"), a bit-packed reversed trie that
//     is memory-mapped or embedded and needs no parsing to load.
//
// A model is queried one word at a time with a State carrying the context,
// exactly like KenLM's Model::Score(in_state, word, out_state): the State
// keeps the recent words and the back-off weights of the n-grams they
// ended, so scoring a sentence is one trie walk per word. Models are
// immutable after loading and safe for concurrent use by any number of
// goroutines.
package lm

import (
	"errors"
	"math"
)

// MaxOrder is the highest n-gram order a model may have (KenLM's default
// KENLM_MAX_ORDER is 6 as well).
const MaxOrder = 6

// WordID identifies a word in one model's vocabulary. IDs are dense,
// 0..Size()-1, and mean nothing across models.
type WordID uint32

// State is the context a model needs to score the next word: the most
// recent words, newest first, and the back-off weights of the n-grams that
// end at the newest word (Backoff[i] belongs to the (i+1)-gram
// Words[i]..Words[0]). Its zero value is the null context.
type State struct {
	Words   [MaxOrder - 1]WordID
	Backoff [MaxOrder - 1]float32
	Length  uint8
}

// Vocabulary maps words to the IDs of one model.
type Vocabulary interface {
	// ID returns the word's ID and whether the word is known; an unknown
	// word gets Unknown().
	ID(word string) (WordID, bool)
	// Word returns the word for an ID ("" when out of range).
	Word(id WordID) string
	// Size is the number of words, including <s>, </s> and <unk>.
	Size() int
	BeginSentence() WordID
	EndSentence() WordID
	Unknown() WordID
}

// Model is a back-off n-gram language model.
type Model interface {
	// Order is the highest n-gram order of the model.
	Order() int
	Vocab() Vocabulary
	// Score returns log10 P(w | in) and the length of the n-gram that
	// matched (1 for a unigram, also for <unk>), and writes into out the
	// state that follows w. in and out may point to the same State.
	Score(in *State, w WordID, out *State) (logProb float32, ngram int)
	// BeginSentenceState is the context after <s>.
	BeginSentenceState() State
}

// NullState is the empty context.
func NullState() State { return State{} }

// WordScore is one word's score in a sentence.
type WordScore struct {
	Word    string
	ID      WordID
	LogProb float32 // log10 P(word | context)
	NGram   int     // order of the n-gram that matched
	Unknown bool
}

// SentenceScore scores words as a sentence. With bos the first word is
// conditioned on <s>; with eos </s> is scored last and included in the
// result. A model without sentence markers ignores bos and eos. It returns the total log10 probability and per-word scores.
func SentenceScore(m Model, words []string, bos, eos bool) (float64, []WordScore) {
	v := m.Vocab()
	st := NullState()
	if bos {
		st = m.BeginSentenceState()
	}
	out := make([]WordScore, 0, len(words)+1)
	total := 0.0
	for _, w := range words {
		id, ok := v.ID(w)
		p, n := m.Score(&st, id, &st)
		total += float64(p)
		out = append(out, WordScore{Word: w, ID: id, LogProb: p, NGram: n, Unknown: !ok})
	}
	if eos && v.EndSentence() != v.Unknown() {
		id := v.EndSentence()
		p, n := m.Score(&st, id, &st)
		total += float64(p)
		out = append(out, WordScore{Word: "</s>", ID: id, LogProb: p, NGram: n})
	}
	return total, out
}

// ScoreIDs scores a sequence of word IDs starting from st and returns the
// total log10 probability; st is left as the state after the last word.
func ScoreIDs(m Model, st *State, ids []WordID) float64 {
	total := 0.0
	for _, id := range ids {
		p, _ := m.Score(st, id, st)
		total += float64(p)
	}
	return total
}

// Perplexity accumulates log10 probabilities and reports perplexity the
// way KenLM's query does (10^(-sum/count)), with and without OOV words.
type Perplexity struct {
	Sum      float64 // total log10 probability, OOVs included
	Words    int     // scored tokens, </s> included
	OOV      int     // unknown words
	SumNoOOV float64 // total log10 probability over known words
}

// Add records one scored word.
func (p *Perplexity) Add(s WordScore) {
	p.Sum += float64(s.LogProb)
	p.Words++
	if s.Unknown {
		p.OOV++
		return
	}
	p.SumNoOOV += float64(s.LogProb)
}

// Value is the perplexity including OOV words.
func (p *Perplexity) Value() float64 {
	if p.Words == 0 {
		return math.NaN()
	}
	return math.Pow(10, -p.Sum/float64(p.Words))
}

// ValueNoOOV is the perplexity excluding OOV words.
func (p *Perplexity) ValueNoOOV() float64 {
	n := p.Words - p.OOV
	if n <= 0 {
		return math.NaN()
	}
	return math.Pow(10, -p.SumNoOOV/float64(n))
}

// ErrFormat is wrapped by every error about a malformed model file.
var ErrFormat = errors.New("lm: malformed model")
