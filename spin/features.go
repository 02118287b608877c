package spin

import "math"

// NumFeatures is the length of a site's feature vector.
const NumFeatures = 12

// FeatureNames name the decision model's inputs, in order.
var FeatureNames = [NumFeatures]string{
	"bias", "gain", "delta", "lexicon", "gloss", "cilin_only",
	"consistency", "density", "support_old", "support_new", "from_logp", "gain_cilin",
}

func clip(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// features builds the vector for candidate c; cons is the number of other
// sites of the document where the same substitution gains in context,
// density the document's rate of such sites.
func features(c *cand, cons int, density float64) [NumFeatures]float64 {
	var f [NumFeatures]float64
	cil := 0.0
	if c.src == srcCilin {
		cil = 1
	}
	g := clip(c.gain, -6, 10)
	f[0] = 1
	f[1] = g
	f[2] = clip(c.delta, -6, 10)
	if c.src&srcLexicon != 0 {
		f[3] = 1
	}
	if c.src&srcGloss != 0 {
		f[4] = 1
	}
	f[5] = cil
	f[6] = math.Log2(1 + float64(max(cons, 0)))
	f[7] = density
	f[8] = c.supOld
	f[9] = c.supNew
	f[10] = clip(c.fromLP, -8, -1) + 5
	f[11] = g * cil
	return f
}

func logistic(w []float64, f []float64) float64 {
	z := 0.0
	for i, x := range f {
		z += w[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}
