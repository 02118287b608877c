package lm

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Open loads a model from a file in any supported format, detected by
// content: winnow's compact format and KenLM binaries are memory-mapped;
// ARPA text (plain, .gz or .xz) is parsed and arranged in memory. The
// returned Closer releases the mapping (it is a no-op for ARPA).
func Open(path string) (Model, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte(compactMagic)):
		t, err := OpenCompact(path)
		if err != nil {
			return nil, nil, err
		}
		return t, t, nil
	case IsKenLM(head):
		return OpenKenLM(path)
	}
	g, err := OpenARPA(path)
	if err != nil {
		return nil, nil, err
	}
	t, err := FromGrams(g)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nopCloser{}, nil
}

// FromGrams arranges n-grams read from ARPA into a queryable model.
func FromGrams(g *Grams) (*Trie, error) {
	data, err := Build(g)
	if err != nil {
		return nil, err
	}
	return LoadCompact(data)
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
