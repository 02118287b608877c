package spin

import (
	"fmt"
	"go/token"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Params are the decision model's constants. DefaultParams were chosen
// on clean text first (false edits), then on the seed and on synthetic
// spinning of the fitting half of the clean documents with a table made
// from Cilin and the lexicon (never the evaluation tables; see
// bench/spin/README.md).
type Params struct {
	// K scales a candidate's language-model evidence to a log10
	// likelihood ratio: K·(gain + DeltaW·delta − Z0), where gain is the
	// context-only log10 gain and delta the total one.
	K, DeltaW, Z0 float64
	// GlossBonus is added to the evidence of reversed expansions
	// (经由过程 → 通过), which natural text almost never contains.
	GlossBonus float64
	// LexMaxEvidence caps the evidence of lexicon candidates (not
	// expansions), so that one known substitution in a clean document
	// is not enough. CilinMaxEvidence caps the evidence of Cilin candidates, so they
	// are reverted only in documents that look spun; NearPenalty is
	// taken off for related words that are not synonyms; SideZ: the
	// evidence of a Cilin candidate is at most K·(min(left, right) +
	// SideZ), where left and right are the context-only gains on either
	// side of the word.
	LexMaxEvidence, CilinMaxEvidence, NearPenalty, SideZ float64
	// SelDelta, SelCilin and SelNear choose a site's candidate: the
	// highest gain + SelDelta·delta, less SelCilin for Cilin synonyms
	// and SelNear for Cilin related words.
	SelDelta, SelCilin, SelNear float64
	// PriorLex and PriorCilin are the Beta(a, b) priors of the document's
	// spin rates of lexicon sites and of Cilin-only sites. A document
	// whose log-odds (below) is well above DocCilinAt adds up to
	// DocCilinMass to the Cilin prior's a, and likewise DocLexMass
	// (around DocLexAt) to the lexicon prior's.
	PriorLex, PriorCilin     [2]float64
	DocCilinAt, DocCilinMass float64
	DocLexAt, DocLexMass     float64
	// LexMass, LexAt, LexWidth and LexPriorChars: a document dense in
	// rare spun forms of the lexicon (a spinner of a known family) adds
	// up to LexMass to the lexicon prior's a (see lexMass).
	LexMass, LexAt, LexWidth, LexPriorChars float64
	// SteerShift: where the document model (the spin score's log-odds
	// before the decisions) plus SteerShift is higher than the document
	// estimate, it steers the Cilin prior, the expansion and the
	// re-decision instead (−100: never). It was chosen with docShift
	// 1.2 lower, hence −1.2 (the same steering).
	SteerShift float64
	// MaxRate caps the rates.
	MaxRate float64
	// Consistency is the log-odds added per confident other occurrence
	// of the same substitution in the document (at most two), scaled
	// down in documents whose rate is below ConsistencyRate.
	Consistency, ConsistencyRate float64
	// Iterations of the EM estimate.
	Iterations int
	// The document's spin log-odds is DocA·(z − DocR0) with
	// z = logit(favoured rate) + DocB[0]·logit(rare-variant rate) +
	// DocB[1]·logit(unseen-bigram rate). The favoured rate is
	// (favoured + DocPrior[0]) / (sites + DocPrior[0] + DocPrior[1]); a
	// site is favoured when a candidate gains more than FavGain in
	// context and is at least FavFreq log10 more frequent than the word
	// (the direction spinners take). A rare variant is a word with a
	// Cilin synonym RareBy log10 more frequent.
	DocA, DocR0      float64
	DocB             [2]float64
	DocPrior         [2]float64
	FavGain, FavFreq float64
	RareBy           float64
	// ProbeWords words of a document (evenly spread) get their ProbeSyn
	// most frequent Cilin synonyms as candidates in the first pass; a
	// document whose log-odds reaches ExpandAt gets all candidates of all
	// words.
	// ProbeFull, when above 0, is how many of a probed word's most
	// frequent synonyms the document model scores, in either frequency
	// direction (0: only the steering estimate's, stopping at the first
	// favoured one).
	ProbeWords, ProbeSyn, ProbeFull int
	ExpandAt                        float64
	// MaxSynonyms and MaxNear are how many Cilin synonyms and related
	// words of the same category (the most frequent) a word gets as
	// candidates.
	MaxSynonyms, MaxNear int
	// Rejudge is how many times, in a document that looks spun, the
	// sites are decided again with the substitutions of probability
	// RejudgeAt or more applied to their context.
	Rejudge   int
	RejudgeAt float64
	// Beam, when above 0, chooses the substitutions restored around the
	// sites by a joint beam search of that width over each run instead
	// of taking those of probability RejudgeAt or more.
	Beam int
}

// DefaultParams returns the calibrated constants.
func DefaultParams() Params {
	return Params{
		K: 0.5, DeltaW: 0.3, Z0: 0.3, GlossBonus: 1,
		LexMaxEvidence: 1.5, CilinMaxEvidence: 1.5, NearPenalty: 1, SideZ: 1,
		SelDelta: 0.5, SelCilin: 2, SelNear: 2.5,
		PriorLex: [2]float64{0.2, 30}, PriorCilin: [2]float64{0.2, 300},
		DocCilinAt: 0, DocCilinMass: 100,
		LexMass: 20, LexAt: 2.5, LexWidth: 0.25, LexPriorChars: 100, SteerShift: -1.2,
		MaxRate: 0.95, Consistency: 1, ConsistencyRate: 0.3, Iterations: 8,
		DocA: 6.5, DocR0: -1.7, DocPrior: [2]float64{3, 30},
		FavGain: 0.3, FavFreq: 0.5, RareBy: 1,
		ProbeWords: 100, ProbeSyn: 8, ProbeFull: 3, ExpandAt: -2,
		MaxSynonyms: 16, MaxNear: 4,
		Rejudge: 1, RejudgeAt: 0.5, Beam: 4,
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

// Set sets the constant called name (a field of Params; for arrays
// name[i]) to the number value: for calibration runs (winnow eval
// --param).
func (p *Params) Set(name, value string) error {
	idx := -1
	if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
		n, err := strconv.Atoi(name[i+1 : len(name)-1])
		if err != nil {
			return fmt.Errorf("spin: parameter %q: bad index", name)
		}
		name, idx = name[:i], n
	}
	f := reflect.ValueOf(p).Elem().FieldByName(name)
	if !f.IsValid() || !token.IsExported(name) {
		return fmt.Errorf("spin: no parameter %q", name)
	}
	if f.Kind() == reflect.Array {
		if idx < 0 || idx >= f.Len() {
			return fmt.Errorf("spin: parameter %q needs an index below %d", name, f.Len())
		}
		f = f.Index(idx)
	} else if idx >= 0 {
		return fmt.Errorf("spin: parameter %q is not an array", name)
	}
	switch f.Kind() {
	case reflect.Float64:
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("spin: parameter %s: %w", name, err)
		}
		f.SetFloat(x)
	case reflect.Int:
		x, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("spin: parameter %s: %w", name, err)
		}
		f.SetInt(int64(x))
	default:
		return fmt.Errorf("spin: parameter %q is not a number", name)
	}
	return nil
}
