package lm

// Reader for KenLM binary language models (binary format version 5).
//
// The file layout implemented here follows the format written by KenLM's
// build_binary (https://github.com/kpu/kenlm, Kenneth Heafield, LGPL); the
// format facts were learned from its public sources. This is an independent
// Go implementation: nothing here is copied from KenLM.
//
// Layout of a file (all integers little endian, as written on x86-64):
//
//	header   88-byte sanity block (magic text, test floats and integers),
//	         20-byte fixed parameters (order, probing multiplier, model
//	         type, has-vocabulary flag, search version), order uint64
//	         n-gram counts, zero padding to a multiple of 8 bytes.
//	vocab    the word lookup table: a sorted array of 64-bit word hashes
//	         for the trie models, a linear-probing hash table for the
//	         probing models.
//	search   the n-gram tables (see kenlm_trie.go and kenlm_probing.go).
//	words    optional: every word, NUL-terminated, in ID order, starting
//	         with "<unk>" (ID 0).

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"

	"github.com/winnow-project/winnow/internal/mmap"
)

// KenLM model types as numbered in the binary header.
const (
	kenTypeProbing        = 0
	kenTypeRestProbing    = 1
	kenTypeTrie           = 2
	kenTypeQuantTrie      = 3
	kenTypeArrayTrie      = 4
	kenTypeQuantArrayTrie = 5
)

var kenModelNames = [...]string{
	"probing hash tables",
	"probing hash tables with rest costs",
	"trie",
	"trie with quantization",
	"trie with array-compressed pointers",
	"trie with quantization and array-compressed pointers",
}

const (
	// kenMagicPrefix starts every KenLM binary file, finished or not.
	kenMagicPrefix = "mmap lm http://kheafield.com/code"
	// kenMagicBeforeVersion is followed by the decimal format version.
	kenMagicBeforeVersion = "mmap lm http://kheafield.com/code format version"
	// kenMagicV5 is the text of a finished version-5 file (the sanity
	// block stores it NUL-padded to 56 bytes).
	kenMagicV5 = "mmap lm http://kheafield.com/code format version 5\n"
	// kenMagicIncomplete marks a file whose build did not finish.
	kenMagicIncomplete = "mmap lm http://kheafield.com/code incomplete\n"

	kenSanitySize = 88 // magic[56], 3 floats, 3 uint32, uint64
	kenFixedSize  = 20 // order, multiplier, model type, has vocab, version

	kenProbingSearchVersion = 0
	kenTrieSearchVersion    = 1

	kenQuantVersion   = 2 // SeparatelyQuantize header version
	kenBhikshaVersion = 0 // ArrayBhiksha header version

	kenSignBit = 0x80000000
	// kenNoExtension is the bit pattern of -0.0: a back-off weight with
	// this exact value means no longer n-gram extends this one to the
	// right, so the state need not keep it.
	kenNoExtension = 0x80000000
)

// kenSanity is the 88-byte block every version-5 file starts with.
var kenSanity = func() []byte {
	b := make([]byte, kenSanitySize)
	copy(b, kenMagicV5)
	le := binary.LittleEndian
	le.PutUint32(b[56:], math.Float32bits(0))
	le.PutUint32(b[60:], math.Float32bits(1))
	le.PutUint32(b[64:], math.Float32bits(-0.5))
	le.PutUint32(b[68:], 1)
	le.PutUint32(b[72:], math.MaxUint32)
	le.PutUint32(b[76:], 0)
	le.PutUint64(b[80:], 1)
	return b
}()

// IsKenLM reports whether data starts like a KenLM binary file (any format
// version, including files whose build did not finish). LoadKenLM tells
// which of them it can read.
func IsKenLM(data []byte) bool {
	return bytes.HasPrefix(data, []byte(kenMagicPrefix))
}

// kenHeader is the decoded file header.
type kenHeader struct {
	order         int
	multiplier    float32
	modelType     uint32
	hasVocabulary bool
	searchVersion uint32
	counts        []uint64
	size          uint64 // header bytes including padding
}

func kenErr(format string, args ...any) error {
	return fmt.Errorf("%w: kenlm: %s", ErrFormat, fmt.Sprintf(format, args...))
}

func kenReadHeader(data []byte) (*kenHeader, error) {
	if !IsKenLM(data) {
		return nil, kenErr("not a KenLM binary file (bad magic)")
	}
	if bytes.HasPrefix(data, []byte(kenMagicIncomplete)) {
		return nil, kenErr("the binary file did not finish building")
	}
	if len(data) < kenSanitySize+kenFixedSize {
		return nil, kenErr("file too short for a header (%d bytes)", len(data))
	}
	if !bytes.Equal(data[:kenSanitySize], kenSanity) {
		if bytes.HasPrefix(data, []byte(kenMagicBeforeVersion)) {
			rest := data[len(kenMagicBeforeVersion):]
			v, n := 0, 0
			for n < len(rest) && n < 6 && (rest[n] == ' ' || (rest[n] >= '0' && rest[n] <= '9')) {
				if rest[n] != ' ' {
					v = v*10 + int(rest[n]-'0')
				}
				n++
			}
			if v != 5 {
				return nil, kenErr("binary format version %d, only version 5 is supported", v)
			}
		}
		return nil, kenErr("header sanity values do not match (built on an incompatible architecture or corrupt)")
	}
	le := binary.LittleEndian
	p := data[kenSanitySize:]
	h := &kenHeader{
		order:         int(p[0]),
		multiplier:    math.Float32frombits(le.Uint32(p[4:])),
		modelType:     le.Uint32(p[8:]),
		hasVocabulary: p[12] != 0,
		searchVersion: le.Uint32(p[16:]),
	}
	if h.order < 2 || h.order > MaxOrder {
		return nil, kenErr("model order %d not supported (need 2..%d)", h.order, MaxOrder)
	}
	if int(h.modelType) >= len(kenModelNames) {
		return nil, kenErr("unknown model type %d", h.modelType)
	}
	want := uint32(kenTrieSearchVersion)
	if h.modelType <= kenTypeRestProbing {
		want = kenProbingSearchVersion
	}
	if h.searchVersion != want {
		return nil, kenErr("%s search version %d, expected %d", kenModelNames[h.modelType], h.searchVersion, want)
	}
	countsEnd := kenSanitySize + kenFixedSize + 8*h.order
	if len(data) < countsEnd {
		return nil, kenErr("file too short for the n-gram counts")
	}
	h.counts = make([]uint64, h.order)
	for i := range h.counts {
		c := le.Uint64(data[kenSanitySize+kenFixedSize+8*i:])
		// Every n-gram takes at least one bit of the file.
		if c > uint64(len(data))*8 {
			return nil, kenErr("absurd %d-gram count %d for a %d-byte file", i+1, c, len(data))
		}
		h.counts[i] = c
	}
	if h.counts[0] == 0 {
		return nil, kenErr("no unigrams")
	}
	h.size = kenAlign8(uint64(countsEnd))
	return h, nil
}

// LoadKenLM reads a KenLM binary model (format version 5) from data, which
// may be memory-mapped: the model keeps referring to data and does not copy
// the n-gram tables, so data must stay valid and unmodified while the model
// is used. Probing, rest-cost probing, trie, quantized trie, array-compressed
// trie and quantized array-compressed trie models are supported; the word
// strings must be present for Vocabulary.Word (build_binary writes them by
// default).
func LoadKenLM(data []byte) (Model, error) {
	h, err := kenReadHeader(data)
	if err != nil {
		return nil, err
	}
	switch h.modelType {
	case kenTypeProbing, kenTypeRestProbing:
		return kenLoadProbing(data, h)
	default:
		return kenLoadTrie(data, h)
	}
}

// OpenKenLM memory-maps a KenLM binary file and loads it. The returned
// Closer unmaps the file; the model must not be used after closing it.
func OpenKenLM(path string) (Model, io.Closer, error) {
	f, err := mmap.Open(path)
	if err != nil {
		return nil, nil, err
	}
	m, err := LoadKenLM(f.Data)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, f, nil
}

// ---- size arithmetic that cannot overflow silently ----

// kenSize accumulates byte counts and remembers the first overflow.
type kenSize struct {
	bad bool
}

func (s *kenSize) add(a, b uint64) uint64 {
	r, c := bits.Add64(a, b, 0)
	if c != 0 {
		s.bad = true
	}
	return r
}

func (s *kenSize) mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		s.bad = true
	}
	return lo
}

func kenAlign8(x uint64) uint64 { return (x + 7) &^ 7 }

// kenRequiredBits is the number of bits needed to store values up to max.
func kenRequiredBits(max uint64) uint8 { return uint8(bits.Len64(max)) }

// ---- bit-packed reads (little endian, LSB first) ----
//
// Callers guarantee that 8 bytes are readable at bit>>3: every packed
// region is validated at load to end at least 8 bytes after its last field,
// as KenLM pads them.

func kenReadBits(b []byte, bit uint64, mask uint64) uint64 {
	return (binary.LittleEndian.Uint64(b[bit>>3:]) >> (bit & 7)) & mask
}

// kenReadNonPositive31 reads a log probability stored without its sign bit.
func kenReadNonPositive31(b []byte, bit uint64) float32 {
	v := uint32(binary.LittleEndian.Uint64(b[bit>>3:]) >> (bit & 7))
	return math.Float32frombits(v | kenSignBit)
}

func kenReadFloat32(b []byte, bit uint64) float32 {
	return math.Float32frombits(uint32(binary.LittleEndian.Uint64(b[bit>>3:]) >> (bit & 7)))
}

func kenF32(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }

// kenHasExtension is false for a back-off of exactly -0.0.
func kenHasExtension(backoff float32) bool {
	return math.Float32bits(backoff) != kenNoExtension
}

// kenMurmur64A is MurmurHash64A (Austin Appleby's public-domain 64-bit
// hash) with seed 0, which KenLM uses to hash vocabulary words.
func kenMurmur64A(s string) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := uint64(len(s)) * m
	for len(s) >= 8 {
		k := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		s = s[8:]
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	if len(s) > 0 {
		for i := len(s) - 1; i >= 0; i-- {
			h ^= uint64(s[i]) << (8 * uint(i))
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// kenFinish completes a Score call of either KenLM layout: the new state
// keeps the context words of the longest n-gram that can still extend
// (length), with the unused tail cleared so that equal contexts give equal
// States, and the probability of the matched n-gram (ngram words) gets the
// back-off weights of the context lengths it did not match.
func kenFinish(out *State, ctx *[MaxOrder - 1]WordID, ctxBackoff *[MaxOrder - 1]float32, length, ngram, n int, prob float32) float32 {
	for j := 1; j < length; j++ {
		out.Words[j] = ctx[j-1]
	}
	out.Length = uint8(length)
	for j := length; j < MaxOrder-1; j++ {
		out.Words[j] = 0
		out.Backoff[j] = 0
	}
	for j := ngram - 1; j < n; j++ {
		prob += ctxBackoff[j]
	}
	return prob
}
