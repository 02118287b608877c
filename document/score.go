package document

import "github.com/winnow-project/winnow/lm"

// Sentence is one sentence of the shared language-model scores: the
// scored tokens of one kept line.
type Sentence struct {
	Line int // index into Document.Lines
	// First and End delimit the sentence's tokens in Document.Tokens
	// ([First, End)); tokens in between that are not scored (white space,
	// punctuation) are part of the range but not of the sentence.
	First, End int
	// EndLogProb is log10 P(</s> | the sentence's last words). A model
	// without sentence markers scores its <unk> there, as lm.Model.Score
	// does for EndSentence().
	EndLogProb float32
}

// Score computes every token's language-model score once per document,
// for the detectors that need it (quality's perplexity; spin and
// stuffing score their own alternative contexts):
//
//   - a sentence is one kept line (boilerplate lines are not scored): the
//     model knows no punctuation, so white-space and punctuation tokens are
//     skipped and every other token (words, Latin words, numbers, URLs,
//     e-mail addresses, symbols) is scored in order;
//   - the first scored token of a line is conditioned on
//     m.BeginSentenceState() (the null context for a model without <s>),
//     each next one on the tokens before it on the line, as a back-off
//     n-gram model does (at most the model's order − 1 words);
//   - Token.LogProb and Token.NGram hold the result, and each line's
//     Sentence holds the score of m.Vocab().EndSentence() after its last
//     token.
//
// Score sets d.Scored. It reuses d.Sentences' storage.
func (d *Document) Score(m lm.Model) {
	d.Sentences = ScoreTokens(m, d.Lines, d.Tokens, d.Sentences[:0])
	d.Scored = true
}

// ScoreTokens is Document.Score on given lines and tokens: it fills the
// tokens' LogProb and NGram (resetting those it does not score) and
// appends the sentences to dst.
func ScoreTokens(m lm.Model, lines []Line, toks []Token, dst []Sentence) []Sentence {
	eos := m.Vocab().EndSentence()
	var st lm.State
	cur := -1  // index into dst of the open sentence
	last := -1 // its last scored token
	closeSentence := func() {
		if cur >= 0 {
			p, _ := m.Score(&st, eos, &st)
			dst[cur].End = last + 1
			dst[cur].EndLogProb = p
		}
	}
	k := 0
	for i := range toks {
		t := &toks[i]
		t.LogProb, t.NGram = 0, 0
		if t.Kind == TokenSpace || t.Kind == TokenPunct {
			continue
		}
		for k < len(lines) && lines[k].End <= t.Start {
			k++
		}
		if k >= len(lines) || t.Start < lines[k].Start || !lines[k].Kept() {
			continue
		}
		if cur < 0 || dst[cur].Line != k {
			closeSentence()
			dst = append(dst, Sentence{Line: k, First: i})
			cur = len(dst) - 1
			st = m.BeginSentenceState()
		}
		p, n := m.Score(&st, t.ID, &st)
		t.LogProb, t.NGram = p, uint8(max(n, 1)) // Score gives ≥ 1; 0 means unscored
		last = i
	}
	closeSentence()
	return dst
}
