package spin

import "math"

// Params are the decision model's constants. DefaultParams were chosen
// on clean text first (false edits), then on synthetic spinning and the
// seed (see bench/spin/README.md).
type Params struct {
	// K scales a candidate's language-model evidence to a log10
	// likelihood ratio: K·(gain + DeltaW·delta − Z0), where gain is the
	// context-only log10 gain and delta the total one.
	K, DeltaW, Z0 float64
	// GlossBonus is added to the evidence of reversed expansions
	// (经由过程 → 通过), which natural text almost never contains.
	GlossBonus float64
	// CilinMaxEvidence caps the evidence of Cilin-only candidates, so
	// they are reverted only in documents that look spun.
	CilinMaxEvidence float64
	// SelDelta and SelCilin choose a site's candidate: the highest
	// gain + SelDelta·delta, less SelCilin for Cilin-only candidates.
	SelDelta, SelCilin float64
	// PriorLex and PriorCilin are the Beta(a, b) priors of the document's
	// spin rates of lexicon sites and of Cilin-only sites.
	PriorLex, PriorCilin [2]float64
	// MaxRate caps the rates.
	MaxRate float64
	// Consistency is the log-odds added per confident other occurrence
	// of the same substitution in the document (at most two), scaled
	// down in documents whose lexicon rate is below ConsistencyRate.
	Consistency, ConsistencyRate float64
	// Iterations of the EM estimate.
	Iterations int
	// ExpandLex and ExpandCilin: when a document's rate reaches either,
	// Cilin synonyms of every word become candidates.
	ExpandLex, ExpandCilin float64
	// CilinIsolated makes Cilin synonyms of words that have no bigram
	// with either neighbour candidates from the first pass on.
	CilinIsolated bool
}

// DefaultParams returns the calibrated constants.
func DefaultParams() Params {
	return Params{
		K: 0.5, DeltaW: 0.3, Z0: 0.3, GlossBonus: 1, CilinMaxEvidence: 1.5,
		SelDelta: 0.5, SelCilin: 1,
		PriorLex: [2]float64{0.2, 30}, PriorCilin: [2]float64{0.2, 300},
		MaxRate: 0.95, Consistency: 1, ConsistencyRate: 0.3, Iterations: 8,
		ExpandLex: 0.2, ExpandCilin: 0.1,
	}
}

func clip(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// Config is the spin detector's part of the pipeline configuration.
type Config struct {
	// Threshold is the edit confidence at or above which a spun word is
	// reverted.
	Threshold float64 `json:"threshold" yaml:"threshold"`
}

// DefaultConfig returns the calibrated configuration.
func DefaultConfig() Config { return Config{Threshold: DefaultThreshold} }

// docPrior is the number of clean Han characters the spin score assumes
// besides the document's own, so that one edit in a short text is not
// enough.
const docPrior = 120
