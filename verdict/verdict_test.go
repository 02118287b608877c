package verdict_test

import (
	"strings"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/verdict"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name    string
		signals map[string]float64
		label   string
	}{
		{"nothing", map[string]float64{"punct": 0, "stuffing": 0}, verdict.Clean},
		{"stuffing alone", map[string]float64{"stuffing": 0.8}, verdict.Spam},
		{"boilerplate alone", map[string]float64{"boilerplate": 0.6}, verdict.Suspicious},
		{"quality alone never suspicious", map[string]float64{"quality": 1}, verdict.Clean},
		{"unknown detector uses the default weight", map[string]float64{"spin": 0.7, "newthing": 0.7}, verdict.Spam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := document.New("", nil)
			for n, s := range tt.signals {
				d.SetSignal(n, document.Signal{Score: s, Reasons: []string{n + " found something"}})
			}
			v := verdict.Decide(verdict.DefaultConfig(), d)
			if v.Label != tt.label || v.Keep != (tt.label != verdict.Spam) || v.SpamScore < 0 || v.SpamScore > 1 {
				t.Errorf("%+v, want %s", v, tt.label)
			}
			if len(v.Reasons) == 0 || !strings.HasPrefix(v.Reasons[0], "Spam score") {
				t.Errorf("reasons %q", v.Reasons)
			}
		})
	}
}
