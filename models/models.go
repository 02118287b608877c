// Package models holds winnow's bundled language model.
//
// It gives the Simplified-Chinese word trigram model of fcitx's libime
// (LGPL-2.1-or-later, see LICENSE and PROVENANCE.md beside this file) in
// winnow's compact format, embedded in every binary so that a fresh clone
// or a `go install` works with no download. The embedded bytes are used in
// place, never copied: loading checks the structure and takes tens of
// milliseconds.
package models

import (
	_ "embed"
	"fmt"
	"os"
	"sync"
	"unsafe"

	"github.com/winnow-project/winnow/lm"
)

// DefaultName is the file name of the bundled model in this directory.
const DefaultName = "zh_CN.wlm"

// EnvModel names an environment variable that, when set, points to a model
// file (any format lm.Open reads) used instead of the bundled one.
const EnvModel = "WINNOW_MODEL"

//go:embed zh_CN.wlm
var zhCN string

var loadDefault = sync.OnceValues(func() (*lm.Trie, error) {
	// A string's bytes are read-only data in the executable; view them as
	// a slice without copying. lm never writes to model bytes.
	data := unsafe.Slice(unsafe.StringData(zhCN), len(zhCN))
	m, err := lm.LoadCompact(data)
	if err != nil {
		return nil, fmt.Errorf("bundled model %s: %w", DefaultName, err)
	}
	return m, nil
})

// Default returns the bundled Simplified-Chinese model, loaded once and
// shared by all callers.
func Default() (*lm.Trie, error) { return loadDefault() }

// Load returns the model at path, or the bundled one when path is empty and
// $WINNOW_MODEL is unset. Models from files are loaded on every call; keep
// and share the result.
func Load(path string) (lm.Model, error) {
	if path == "" {
		path = os.Getenv(EnvModel)
	}
	if path == "" {
		return Default()
	}
	m, _, err := lm.Open(path)
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	return m, nil
}
