// Package minhash turns text into MinHash signatures and LSH band keys.
//
// It takes a document's text and gives a Signature: for each of Perms hash
// functions, the least hash value over the document's character n-grams
// (shingles). The fraction of positions at which two signatures agree
// estimates the Jaccard similarity of the two shingle sets. Signatures are
// cut into Bands bands of Rows rows; two documents that agree on all the
// rows of any one band are candidate pairs (locality-sensitive hashing),
// which happens with probability 1-(1-J^Rows)^Bands.
//
// Text is normalized before shingling (Normalize): NFKC (which also folds
// full-width letters and digits to their ASCII forms), lower case, and
// every character that is not a letter, digit or mark dropped, so
// punctuation noise, spaces and line breaks do not change a signature.
//
// # Defaults
//
// FineWeb deduplicates English with word 5-grams and 14 bands × 8 rows
// (112 hashes): the S-curve reaches 0.5 near J = 0.72, because its
// near-duplicates share most shingles. data-juicer's MinHash deduplicator
// uses 256 permutations. A spun copy is different: a spinner changes
// about one word in ten, and every changed word breaks every shingle that
// covers it. On spun copies of the clean evaluation documents (8.4
// substitutions per 100 characters) a copy shares a median 42% of its
// character 5-grams with its source (1st percentile 32%), and FineWeb's
// 14 × 8 would find such a pair with probability 1-(1-0.42^8)^14 ≈ 1.3%.
//
// So the defaults are character 3-grams (a Chinese character carries
// about as much as half an English word, so three characters span one to
// two words and a substitution breaks fewer shingles: median Jaccard 0.55,
// 1st percentile 0.45, against a median of 0.0013 and a 99th percentile
// of 0.029 between unrelated documents), data-juicer's 256 permutations
// (the estimate's standard error is at most 0.03), and 64 bands × 3 rows
// on the first 192 of them: a pair becomes a candidate with probability
// 0.5 at J ≈ 0.25, 0.984 at J = 0.40 and 0.998 at J = 0.45, and an
// unrelated pair at J = 0.03 with probability 0.002. Candidates are then
// ranked by the estimated Jaccard over all 256 hashes and confirmed by
// the exact Jaccard of the stored text. bench/index/README.md has the
// measurements.
package minhash

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Options are the signature's shape. The zero value is not valid; start
// from Default.
type Options struct {
	// NGram is the shingle size in characters (after normalization).
	NGram int `json:"ngram"`
	// Perms is the number of hash functions (signature length).
	Perms int `json:"perms"`
	// Bands × Rows hashes are used for LSH; Bands*Rows <= Perms.
	Bands int `json:"bands"`
	Rows  int `json:"rows"`
	// Seed picks the hash functions; signatures made with different
	// seeds cannot be compared.
	Seed uint64 `json:"seed"`
}

// Default returns the default options (see the package comment).
func Default() Options {
	return Options{NGram: 3, Perms: 256, Bands: 64, Rows: 3, Seed: 0x77696e6e6f77}
}

// Validate reports whether o is usable.
func (o Options) Validate() error {
	switch {
	case o.NGram < 1 || o.NGram > 32:
		return fmt.Errorf("minhash: n-gram size %d not in 1..32", o.NGram)
	case o.Perms < 1 || o.Perms > 4096:
		return fmt.Errorf("minhash: %d permutations not in 1..4096", o.Perms)
	case o.Bands < 1 || o.Rows < 1 || o.Bands > 255:
		return fmt.Errorf("minhash: %d bands × %d rows: want 1..255 bands and rows >= 1", o.Bands, o.Rows)
	case o.Bands*o.Rows > o.Perms:
		return fmt.Errorf("minhash: %d bands × %d rows needs %d permutations, have %d", o.Bands, o.Rows, o.Bands*o.Rows, o.Perms)
	}
	return nil
}

// Threshold is the Jaccard similarity at which a pair becomes a
// candidate with probability about one half, (1/Bands)^(1/Rows).
func (o Options) Threshold() float64 { return math.Pow(1/float64(o.Bands), 1/float64(o.Rows)) }

// Probability is the chance that a pair with Jaccard similarity j is a
// candidate: 1-(1-j^Rows)^Bands.
func (o Options) Probability(j float64) float64 {
	return 1 - math.Pow(1-math.Pow(j, float64(o.Rows)), float64(o.Bands))
}

// Hasher makes signatures for one Options. It is safe for concurrent use.
type Hasher struct {
	o    Options
	a, b []uint64
}

// New returns a Hasher for o.
func New(o Options) (*Hasher, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	h := &Hasher{o: o, a: make([]uint64, o.Perms), b: make([]uint64, o.Perms)}
	s := o.Seed
	for i := range h.a {
		h.a[i] = splitmix(&s) | 1
		h.b[i] = splitmix(&s)
	}
	return h, nil
}

// Options returns the hasher's options.
func (h *Hasher) Options() Options { return h.o }

// Signature is a MinHash signature: Perms values.
type Signature []uint32

// ErrLength is returned when signatures of different lengths are compared.
var ErrLength = errors.New("minhash: signatures of different lengths")

// Empty reports whether the signature is of a text without shingles.
func (s Signature) Empty() bool {
	for _, v := range s {
		if v != math.MaxUint32 {
			return false
		}
	}
	return true
}

// Similarity is the estimated Jaccard similarity: the fraction of
// positions at which a and b agree (0 when either is empty).
func Similarity(a, b Signature) (float64, error) {
	if len(a) != len(b) {
		return 0, ErrLength
	}
	if len(a) == 0 || a.Empty() || b.Empty() {
		return 0, nil
	}
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a)), nil
}

// Normalize folds text for shingling: NFKC, lower case, and only
// letters, digits and marks kept.
func Normalize(text string) string {
	t := norm.NFKC.String(text)
	var b strings.Builder
	b.Grow(len(t))
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Shingles returns the sorted, distinct hashes of the character n-grams
// of text, normalized first. A text shorter than n characters (but not
// empty) is one shingle.
func Shingles(text string, n int) []uint64 {
	if n < 1 {
		n = 1
	}
	t := Normalize(text)
	if t == "" {
		return nil
	}
	// Byte offsets of rune starts, plus the end.
	offs := make([]int, 0, len(t)/2+1)
	for i := range t {
		offs = append(offs, i)
	}
	offs = append(offs, len(t))
	runes := len(offs) - 1
	var out []uint64
	if runes <= n {
		out = []uint64{shingleHash(t)}
	} else {
		out = make([]uint64, 0, runes-n+1)
		for i := 0; i+n <= runes; i++ {
			out = append(out, shingleHash(t[offs[i]:offs[i+n]]))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Jaccard is the exact Jaccard similarity of two sorted, distinct shingle
// sets (Shingles); 0 when both are empty.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Sign returns the signature of text.
func (h *Hasher) Sign(text string) Signature { return h.SignShingles(Shingles(text, h.o.NGram)) }

// SignShingles returns the signature of a shingle set.
func (h *Hasher) SignShingles(sh []uint64) Signature {
	sig := make(Signature, h.o.Perms)
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	for _, x := range sh {
		for i := range sig {
			if v := uint32((h.a[i]*x + h.b[i]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Bands returns the LSH key of each band of sig: a 32-bit hash of the
// band's rows (the band number is not mixed in; keep bands apart by
// position). An empty signature has no bands.
func (h *Hasher) Bands(sig Signature) []uint32 {
	if len(sig) != h.o.Perms || sig.Empty() {
		return nil
	}
	out := make([]uint32, h.o.Bands)
	for b := range out {
		x := uint64(0xcbf29ce484222325)
		for _, v := range sig[b*h.o.Rows : (b+1)*h.o.Rows] {
			x = mix(x ^ uint64(v))
		}
		out[b] = uint32(x >> 32)
	}
	return out
}

func shingleHash(s string) uint64 {
	x := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= 0x100000001b3
	}
	return mix(x)
}

// mix is the splitmix64 finalizer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func splitmix(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	return mix(*s)
}
