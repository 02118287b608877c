// Package verdict reads the detectors' signals and gives the verdict: a
// spam score 0..1, a label (spam, suspicious, clean), whether to keep the
// document, and the reasons in sentences a person reads.
//
// The score combines the signals as independent pieces of evidence:
// spam_score = 1 − Π(1 − weight·score) over the detectors. Detectors the
// configuration does not weigh count with DefaultWeight, so a new
// detector takes part without changes here.
package verdict

import (
	"fmt"
	"sort"

	"github.com/winnow-project/winnow/document"
)

// Labels.
const (
	Spam       = "spam"
	Suspicious = "suspicious"
	Clean      = "clean"
)

// Config holds the weights and thresholds.
type Config struct {
	// Weights scale each detector's score (by signal name).
	Weights map[string]float64 `json:"weights" yaml:"weights"`
	// DefaultWeight is used for detectors missing from Weights.
	DefaultWeight float64 `json:"default_weight" yaml:"default_weight"`
	// Spam and Suspicious are the spam_score thresholds of the labels.
	Spam       float64 `json:"spam" yaml:"spam"`
	Suspicious float64 `json:"suspicious" yaml:"suspicious"`
}

// DefaultConfig is the calibrated configuration (see docs/config.md).
func DefaultConfig() Config {
	return Config{
		Weights: map[string]float64{
			"stuffing":    1.0,
			"spin":        1.0,
			"punct":       0.6,
			"boilerplate": 0.5,
			"quality":     0.25,
		},
		DefaultWeight: 0.5,
		Spam:          0.6,
		Suspicious:    0.3,
	}
}

// Verdict is the judgement on one document.
type Verdict struct {
	Label     string   `json:"label"`
	Keep      bool     `json:"keep"`
	SpamScore float64  `json:"spam_score"`
	Reasons   []string `json:"reasons"`
}

// Decide combines the signals of d.
func Decide(cfg Config, d *document.Document) Verdict {
	type part struct {
		name string
		c    float64
	}
	var parts []part
	keep := 1.0
	for name, s := range d.Signals {
		w, ok := cfg.Weights[name]
		if !ok {
			w = cfg.DefaultWeight
		}
		c := clamp(w * clamp(s.Score))
		keep *= 1 - c
		parts = append(parts, part{name, c})
	}
	sort.Slice(parts, func(i, j int) bool {
		if parts[i].c != parts[j].c {
			return parts[i].c > parts[j].c
		}
		return parts[i].name < parts[j].name
	})
	v := Verdict{SpamScore: round(1 - keep), Reasons: []string{}}
	switch {
	case v.SpamScore >= cfg.Spam:
		v.Label = Spam
	case v.SpamScore >= cfg.Suspicious:
		v.Label = Suspicious
	default:
		v.Label = Clean
	}
	v.Keep = v.Label != Spam
	var named []string
	for _, p := range parts {
		if p.c < 0.05 {
			continue
		}
		named = append(named, p.name)
		v.Reasons = append(v.Reasons, d.Signals[p.name].Reasons...)
	}
	var head string
	if len(named) > 0 {
		head = fmt.Sprintf("Spam score %.2f (%s): evidence from %s.", v.SpamScore, v.Label, join(named))
	} else {
		head = fmt.Sprintf("Spam score %.2f (%s): no detector found manipulation.", v.SpamScore, v.Label)
	}
	v.Reasons = append([]string{head}, v.Reasons...)
	return v
}

func join(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := ""
	for i, x := range s {
		switch {
		case i == 0:
			out = x
		case i == len(s)-1:
			out += " and " + x
		default:
			out += ", " + x
		}
	}
	return out
}

func clamp(x float64) float64 {
	if x != x || x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

func round(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
