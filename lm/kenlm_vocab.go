package lm

import (
	"bytes"
	"encoding/binary"
)

// kenVocab implements Vocabulary for KenLM models. Words are found by their
// MurmurHash64A: in a sorted array of hashes for the trie models (the ID is
// 1 + the position, <unk> being 0 and not stored), or in a linear-probing
// hash table from hash to ID for the probing models.
type kenVocab struct {
	bound uint64 // number of IDs, <unk> included

	// Trie models: sorted hashes of words 1..bound-1.
	sorted []byte

	// Probing models: buckets of 12 bytes (uint64 hash, uint32 ID).
	table   []byte
	buckets uint64

	// Word strings, if the file has them: words[off[i]:off[i+1]-1] is
	// word i (off has bound+1 entries; the -1 drops the NUL).
	words string
	off   []uint32

	bos, eos WordID
}

// kenUnknownHashes are the hashes KenLM maps to ID 0.
var (
	kenUnkHash    = kenMurmur64A("<unk>")
	kenUnkCapHash = kenMurmur64A("<UNK>")
)

func (v *kenVocab) lookupHash(h uint64) WordID {
	if v.sorted != nil {
		return v.lookupSorted(h)
	}
	return v.lookupProbing(h)
}

func (v *kenVocab) sortedAt(i uint64) uint64 {
	return binary.LittleEndian.Uint64(v.sorted[8*i:])
}

func (v *kenVocab) lookupSorted(h uint64) WordID {
	lo, hi := uint64(0), uint64(len(v.sorted)/8)
	for lo < hi {
		mid := lo + (hi-lo)/2
		k := v.sortedAt(mid)
		switch {
		case k < h:
			lo = mid + 1
		case k > h:
			hi = mid
		default:
			return WordID(mid + 1)
		}
	}
	return 0
}

func (v *kenVocab) lookupProbing(h uint64) WordID {
	if v.buckets == 0 {
		return 0
	}
	i := h % v.buckets
	for n := uint64(0); n < v.buckets; n++ {
		e := v.table[12*i:]
		k := binary.LittleEndian.Uint64(e)
		if k == h {
			id := uint64(binary.LittleEndian.Uint32(e[8:]))
			if id >= v.bound {
				return 0
			}
			return WordID(id)
		}
		if k == 0 {
			return 0
		}
		if i++; i == v.buckets {
			i = 0
		}
	}
	return 0
}

// ID returns the word's ID. Like KenLM, it reports every word that maps to
// ID 0 (<unk> itself included) as unknown.
func (v *kenVocab) ID(word string) (WordID, bool) {
	id := v.lookupHash(kenMurmur64A(word))
	return id, id != 0
}

// Word returns the word for id, or "" when the id is out of range or the
// file does not include the word strings.
func (v *kenVocab) Word(id WordID) string {
	if v.off == nil || uint64(id) >= v.bound {
		return ""
	}
	return v.words[v.off[id] : v.off[id+1]-1]
}

func (v *kenVocab) Size() int             { return int(v.bound) }
func (v *kenVocab) BeginSentence() WordID { return v.bos }
func (v *kenVocab) EndSentence() WordID   { return v.eos }
func (v *kenVocab) Unknown() WordID       { return 0 }

// finish sets the sentence markers and, when the file has them, reads the
// word strings from data[at:], which must hold exactly bound NUL-terminated
// words starting with <unk>. Each word is checked against the lookup table,
// which also proves that the table was located correctly.
func (v *kenVocab) finish(data []byte, at uint64, hasWords bool) error {
	v.bos = v.lookupHash(kenMurmur64A("<s>"))
	v.eos = v.lookupHash(kenMurmur64A("</s>"))
	if !hasWords {
		return nil
	}
	if at > uint64(len(data)) {
		return kenErr("vocabulary strings start at %d, past the end of the %d-byte file", at, len(data))
	}
	rest := data[at:]
	if !bytes.HasPrefix(rest, []byte("<unk>\x00")) {
		return kenErr("vocabulary strings at offset %d do not start with <unk>", at)
	}
	if v.bound > uint64(len(rest)) || v.bound >= 1<<32 {
		return kenErr("%d vocabulary strings cannot fit in %d bytes", v.bound, len(rest))
	}
	if uint64(len(rest)) >= 1<<32 {
		return kenErr("vocabulary strings too large (%d bytes)", len(rest))
	}
	off := make([]uint32, v.bound+1)
	pos := 0
	for i := uint64(0); i < v.bound; i++ {
		n := bytes.IndexByte(rest[pos:], 0)
		if n < 0 {
			return kenErr("vocabulary strings truncated: %d of %d words", i, v.bound)
		}
		off[i] = uint32(pos)
		pos += n + 1
	}
	off[v.bound] = uint32(pos)
	if pos != len(rest) {
		return kenErr("%d unexpected bytes after the %d vocabulary strings", len(rest)-pos, v.bound)
	}
	v.words = string(rest[:pos])
	v.off = off
	for i := uint64(1); i < v.bound; i++ {
		w := v.words[off[i] : off[i+1]-1]
		h := kenMurmur64A(w)
		if h == kenUnkHash || h == kenUnkCapHash {
			continue
		}
		if v.sorted != nil {
			// Trie models: word i has the i-th smallest hash.
			if v.sortedAt(i-1) != h {
				return kenErr("vocabulary string %d (%q) does not match the sorted hash table", i, w)
			}
			continue
		}
		if got := v.lookupProbing(h); uint64(got) != i {
			return kenErr("vocabulary string %d (%q) does not match the word lookup table", i, w)
		}
	}
	return nil
}
