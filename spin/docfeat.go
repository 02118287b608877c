package spin

import (
	"math"
	"sort"
)

// DocStats are the raw counts behind the document's spin score (the
// features of Result.Features), computed from the language model over
// the whole document: in clean text the author's words fit their
// context, in spun text many words are worse than a synonym, rarer
// than their synonyms, and form word pairs the model has never seen.
type DocStats struct {
	// Probed words (those with Cilin synonyms, an even sample of at
	// most ProbeWords) and how many of them a Cilin synonym (any
	// frequency) or a lexicon original fits better in context (context
	// only gain above FavGain).
	Probed, Favoured float64
	// TopGain is the mean of the highest context-only gains of the
	// probed words and lexicon sites (the top tenth, at least three).
	TopGain float64
	// Words of two or more characters known to the model, and those
	// with a Cilin synonym at least 1.5 log10 more frequent.
	Words, Rare float64
	// Pairs of known words next to each other, the unseen ones, and
	// the number expected unseen from the words' unigram frequencies
	// (bigramUnseen, calibrated on clean text).
	Pairs, Unseen, Expected float64
	// PairBins counts the pairs by bin of the sum of the two words'
	// unigram log10 (see pairBin), PairUnseen the unseen ones (for
	// calibrating bigramUnseen).
	PairBins, PairUnseen [pairBins]float64
	// PMI is the mean context-only log10 of the known words that
	// follow a known word (their log10 in context less their unigram
	// log10).
	PMI float64
	// Steer is the logit of the favoured rate of the estimate that
	// steers the edits (Result.DocFeatures[0]); Expect the sum of the
	// sites' probabilities of being spun.
	Steer, Expect float64
	// Inner counts the known words of two or more characters between
	// two known words, Broken those of them that form an unseen bigram
	// on both sides (what swapping one word does to its context).
	Inner, Broken float64
	// LexSites counts the sites with a lexicon candidate, LexSurprise
	// sums the rarity of their spun forms (see lexSurprise).
	LexSites, LexSurprise float64
}

// pairBins bins the sum of two words' unigram log10: bin i holds sums
// in [-4-i/2, -3.5-i/2), the first and last are open.
const pairBins = 24

func pairBin(s float64) int {
	return int(clip(math.Floor((-4-s)*2)+1, 0, pairBins-1))
}

// bigramUnseen is the share of unseen bigrams per pairBin in clean
// text: the even-numbered clean documents of synth-train.jsonl (the
// unspun half), fitted by TestFitDocModel in internal/spineval
// (WINNOW_SPINEVAL_FIT=1).
var bigramUnseen = [pairBins]float64{
	0.417, 0.203, 0.058, 0.020, 0.006, 0.005, 0.012, 0.045, 0.236, 0.433, 0.583, 0.695,
	0.772, 0.843, 0.882, 0.887, 0.908, 0.765, 0.417, 0.417, 0.417, 0.417, 0.417, 0.417,
}

// Features turns the counts into the document model's features: the
// logits of the favoured rate and of the rare-variant rate, the
// unseen-bigram excess (unseen less expected, per pair), the mean
// top context-only gain and the mean PMI.
func (s *DocStats) Features() [docFeatures]float64 {
	return [docFeatures]float64{
		rlogit((s.Favoured + 1) / (s.Probed + 10)),
		rlogit((s.Rare + 1) / (s.Words + 20)),
		(s.Unseen - s.Expected) / (s.Pairs + 20),
		s.TopGain,
		s.PMI,
		s.Steer,
		rlogit((s.Expect + 1) / (s.Words + 20)),
		rlogit((s.Broken + 1) / (s.Inner + 20)),
	}
}

const docFeatures = 8

// rlogit is the logit of a rate kept inside (0.0001, 0.9999): the
// expected substitutions count overlapping sites and may exceed the
// words.
func rlogit(x float64) float64 { return logit(clip(x, 1e-4, 1-1e-4)) }

// docModel is the document model: spin log-odds = docBias +
// docWeights·Features(). Fitted by logistic regression (L2 0.01 on
// standardised features, weights mapped back) on synth-train.jsonl —
// the even-numbered clean documents, half spun with the training
// table of Cilin and lexicon pairs, disjoint from the evaluation
// tables — together with bench/spin/ood/ood-fit.jsonl, 36 clean
// documents of writing the model knows less (classical Chinese, poems,
// Cantonese, dialects, literary prose, traditional Chinese, internet
// slang, lyrics), by TestFitDocModel in internal/spineval
// (WINNOW_SPINEVAL_FIT=1 WINNOW_SPINEVAL_FIT_DROP=1,6
// WINNOW_SPINEVAL_FIT_SETS=synth-train.jsonl,ood-fit.jsonl
// WINNOW_SPINEVAL_OUT=bench/spin/out), then shifted by docShift.
//
// The rare-variant rate (feature 1) and the expected number of
// substitutions (feature 6) are left out of the fit (weight 0): they
// count words that have a more frequent Cilin synonym, which says in
// which direction the training table goes (to rarer group-mates) more
// than whether words fit their context; with them the model scored a
// real spinner's table, which also puts common words for common words,
// lower (see bench/spin/README.md).
var (
	docWeights = [docFeatures]float64{0.3738, 0.0000, 0.6010, 1.2618, -0.4931, 2.3521, 0.0000, 0.8126}
	docBias    = 4.2032
)

// docShift moves the fitted model's log-odds so that clean text stays
// below the flag threshold: the largest shift that leaves at most 0.5%
// of the fitting sets' clean documents at spin score 0.3 or more after
// the short-document shrinkage (ShrinkDocLogit).
const docShift = -1.480

// docStats computes the document statistics over the runs; gains are
// the context-only gains of the probed words and the lexicon sites.
func (d *Detector) docStats(runs []*run, gains []float64, probed, favoured float64) DocStats {
	s := DocStats{Probed: probed, Favoured: favoured}
	sort.Sort(sort.Reverse(sort.Float64Slice(gains)))
	if k := min(len(gains), max(3, len(gains)/10)); k > 0 {
		for _, g := range gains[:k] {
			s.TopGain += g
		}
		s.TopGain /= float64(k)
	}
	var pmi float64
	var npmi int
	for _, r := range runs {
		for i, t := range r.toks {
			if r.prot[i] || t.ID == d.unk {
				continue
			}
			if t.End-t.Start >= 6 {
				s.Words++
				if sy := d.syns(t.ID); len(sy) > 0 && sy[0].src == srcCilin && float64(d.uni[sy[0].id]-d.uni[t.ID]) >= 1.5 {
					s.Rare++
				}
			}
			if i > 0 && !r.prot[i-1] && r.ids[i-1] != d.unk {
				s.Pairs++
				b := pairBin(float64(d.uni[t.ID] + d.uni[r.ids[i-1]]))
				s.PairBins[b]++
				s.Expected += bigramUnseen[b]
				if r.ng[i] < 2 {
					s.Unseen++
					s.PairUnseen[b]++
				}
				pmi += float64(r.lp[i] - d.uni[t.ID])
				npmi++
				if t.End-t.Start >= 6 && i+1 < len(r.toks) && !r.prot[i+1] && r.ids[i+1] != d.unk {
					s.Inner++
					if r.ng[i] < 2 && r.ng[i+1] < 2 {
						s.Broken++
					}
				}
			}
		}
	}
	if npmi > 0 {
		s.PMI = pmi / float64(npmi)
	}
	return s
}

// docModelLogit is the document model's spin log-odds, shrunk towards
// docClean for documents of few words (the features of a line or two
// are noise): by words/(words+docWords). Both were chosen on clean
// text (the one-document-a-line clean corpus of TestCleanCorpus) after
// the fit.
func docModelLogit(f [docFeatures]float64, words float64) float64 {
	z := docBias + docShift
	for i, w := range docWeights {
		z += w * f[i]
	}
	return ShrinkDocLogit(z, words)
}

// ShrinkDocLogit shrinks the document model's log-odds z towards the
// clean prior for a document of few words (for fitting docShift).
func ShrinkDocLogit(z, words float64) float64 {
	return docClean + (z-docClean)*words/(words+docWords)
}

const (
	docClean = -4.0
	docWords = 50.0
)
