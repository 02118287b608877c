package winnow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/winnow-project/winnow/boiler"
	"github.com/winnow-project/winnow/punct"
	"github.com/winnow-project/winnow/quality"
	"github.com/winnow-project/winnow/spin"
	"github.com/winnow-project/winnow/stuffing"
	"github.com/winnow-project/winnow/verdict"
)

// Config is every threshold and switch of the pipeline. The defaults
// (DefaultConfig) and the data they were calibrated on are documented in
// docs/config.md; a JSON file with any subset of the fields overrides
// them (LoadConfig).
type Config struct {
	// Disabled lists detectors that do not run: boilerplate, punct,
	// stuffing, quality, spin, or the name of an added detector.
	Disabled    []string        `json:"disabled,omitempty"`
	Boilerplate boiler.Config   `json:"boilerplate"`
	Punct       punct.Config    `json:"punct"`
	Stuffing    stuffing.Config `json:"stuffing"`
	Quality     quality.Config  `json:"quality"`
	Spin        spin.Config     `json:"spin"`
	Verdict     verdict.Config  `json:"verdict"`
}

// DefaultConfig returns the calibrated defaults.
func DefaultConfig() Config {
	return Config{
		Boilerplate: boiler.DefaultConfig(),
		Punct:       punct.DefaultConfig(),
		Stuffing:    stuffing.DefaultConfig(),
		Quality:     quality.DefaultConfig(),
		Spin:        spin.DefaultConfig(),
		Verdict:     verdict.DefaultConfig(),
	}
}

// LoadConfig reads a JSON configuration file over the defaults; fields
// the file leaves out keep their default. Unknown fields are an error.
func LoadConfig(path string) (Config, error) {
	c := DefaultConfig()
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Validate checks that thresholds are in range.
func (c Config) Validate() error {
	v := c.Verdict
	if v.Suspicious < 0 || v.Spam > 1 || v.Suspicious > v.Spam {
		return fmt.Errorf("verdict thresholds must satisfy 0 ≤ suspicious (%g) ≤ spam (%g) ≤ 1", v.Suspicious, v.Spam)
	}
	for name, w := range v.Weights {
		if w < 0 || w > 1 {
			return fmt.Errorf("verdict weight of %s is %g, want 0..1", name, w)
		}
	}
	if t := c.Spin.Threshold; !(t > 0 && t <= 1) {
		return fmt.Errorf("spin.threshold is %g, want 0 < threshold ≤ 1", t)
	}
	if c.Stuffing.Gain < 0 {
		return fmt.Errorf("stuffing.gain is %g, want ≥ 0", c.Stuffing.Gain)
	}
	return nil
}

func (c Config) disabled(name string) bool { return slices.Contains(c.Disabled, name) }
