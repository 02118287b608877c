package corpus

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
)

// HistogramBins is the number of equal-width spam-score bins in Stats.
const HistogramBins = 20

// maxTerms bounds the keyword and spin-pair tallies: past it, the terms
// seen once are pruned (the top of the list is what the report shows).
const maxTerms = 100000

// Stats are the numbers of a run, gathered from the reports the way
// datatrove blocks count what they did: per label, per signal (documents
// it fired on, summed counts), per edit kind, plus the spam-score
// histogram and the most frequent stuffed keywords, spin pairs and
// boilerplate line types.
type Stats struct {
	Documents     int64                   `json:"documents"`
	Errors        int64                   `json:"errors"`
	Kept          int64                   `json:"kept"`
	Labels        map[string]int64        `json:"labels"`
	Histogram     [HistogramBins]int64    `json:"spam_score_histogram"`
	Signals       map[string]*SignalStats `json:"signals"`
	EditKinds     map[string]int64        `json:"edit_kinds"`
	Stuffed       map[string]int64        `json:"stuffed_keywords"`
	SpinPairs     map[string]int64        `json:"spin_pairs"`
	Boilerplate   map[string]int64        `json:"boilerplate_line_types"`
	InputBytes    int64                   `json:"input_bytes"`
	RestoredBytes int64                   `json:"restored_bytes"`
}

// SignalStats sum one signal over the documents.
type SignalStats struct {
	Fired    int64            `json:"fired"` // documents with a score above 0
	ScoreSum float64          `json:"score_sum"`
	Counts   map[string]int64 `json:"counts"`
}

// NewStats returns empty Stats.
func NewStats() *Stats {
	return &Stats{
		Labels: map[string]int64{}, Signals: map[string]*SignalStats{}, EditKinds: map[string]int64{},
		Stuffed: map[string]int64{}, SpinPairs: map[string]int64{}, Boilerplate: map[string]int64{},
	}
}

// Add counts one report.
func (s *Stats) Add(rep *report.Report) {
	s.Documents++
	v := rep.Verdict
	s.Labels[v.Label]++
	if v.Keep {
		s.Kept++
	}
	bin := int(v.SpamScore * HistogramBins)
	s.Histogram[max(0, min(HistogramBins-1, bin))]++
	for name, sig := range rep.Signals {
		ss := s.Signals[name]
		if ss == nil {
			ss = &SignalStats{Counts: map[string]int64{}}
			s.Signals[name] = ss
		}
		if sig.Score > 0 {
			ss.Fired++
		}
		ss.ScoreSum += sig.Score
		for k, n := range sig.Counts {
			ss.Counts[k] += int64(n)
		}
	}
	for _, e := range rep.Edits {
		s.EditKinds[string(e.Kind)]++
		switch e.Kind {
		case document.KindStuffing:
			if t := strings.TrimSpace(e.From); t != "" {
				s.Stuffed[t]++
			}
		case document.KindSpin:
			s.SpinPairs[e.From+" → "+e.To]++
		}
	}
	for k, n := range rep.Signals["boilerplate"].Counts {
		if k != "lines" && n > 0 {
			s.Boilerplate[k] += int64(n)
		}
	}
	s.InputBytes += int64(rep.Stats.InputBytes)
	s.RestoredBytes += int64(rep.Stats.RestoredBytes)
	prune(s.Stuffed)
	prune(s.SpinPairs)
}

// Merge adds o to s.
func (s *Stats) Merge(o *Stats) {
	if o == nil {
		return
	}
	s.Documents += o.Documents
	s.Errors += o.Errors
	s.Kept += o.Kept
	for i, n := range o.Histogram {
		s.Histogram[i] += n
	}
	addMap(s.Labels, o.Labels)
	addMap(s.EditKinds, o.EditKinds)
	addMap(s.Stuffed, o.Stuffed)
	addMap(s.SpinPairs, o.SpinPairs)
	addMap(s.Boilerplate, o.Boilerplate)
	for name, os := range o.Signals {
		ss := s.Signals[name]
		if ss == nil {
			ss = &SignalStats{Counts: map[string]int64{}}
			s.Signals[name] = ss
		}
		ss.Fired += os.Fired
		ss.ScoreSum += os.ScoreSum
		addMap(ss.Counts, os.Counts)
	}
	s.InputBytes += o.InputBytes
	s.RestoredBytes += o.RestoredBytes
	prune(s.Stuffed)
	prune(s.SpinPairs)
}

func addMap(dst, src map[string]int64) {
	for k, n := range src {
		dst[k] += n
	}
}

func prune(m map[string]int64) {
	if len(m) <= maxTerms {
		return
	}
	for k, n := range m {
		if n <= 1 {
			delete(m, k)
		}
	}
}

// Count is one entry of a ranked list.
type Count struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// Top returns the n largest entries of m, largest first (ties by key).
func Top(m map[string]int64, n int) []Count {
	out := make([]Count, 0, len(m))
	for k, c := range m {
		out = append(out, Count{k, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// StatsFile is what WriteStats writes: the summary and the stats, with
// the ranked lists cut to their top entries.
type StatsFile struct {
	In          int64                   `json:"in"`
	Out         int64                   `json:"out"`
	Dropped     int64                   `json:"dropped"`
	Errors      int64                   `json:"errors"`
	Balanced    bool                    `json:"balanced"`
	Seconds     float64                 `json:"seconds"`
	Documents   int64                   `json:"documents"`
	Kept        int64                   `json:"kept"`
	Labels      map[string]int64        `json:"labels"`
	Histogram   []Bin                   `json:"spam_score_histogram"`
	Signals     map[string]*SignalStats `json:"signals"`
	EditKinds   map[string]int64        `json:"edit_kinds"`
	Stuffed     []Count                 `json:"top_stuffed_keywords"`
	SpinPairs   []Count                 `json:"top_spin_pairs"`
	Boilerplate []Count                 `json:"boilerplate_line_types"`
	InputBytes  int64                   `json:"input_bytes"`
	Restored    int64                   `json:"restored_bytes"`
}

// Bin is one histogram bin: documents with From ≤ spam_score < To.
type Bin struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Count int64   `json:"count"`
}

// TopN is how many keywords and spin pairs the stats and report list.
const TopN = 30

// File gives the numbers WriteStats and WriteHTML show.
func (s *Summary) File() StatsFile {
	st := s.Stats
	if st == nil {
		st = NewStats()
	}
	f := StatsFile{
		In: s.In, Out: s.Out, Dropped: s.Dropped, Errors: s.Errors, Balanced: s.Balanced(), Seconds: s.Elapsed.Seconds(),
		Documents: st.Documents, Kept: st.Kept, Labels: st.Labels, Signals: st.Signals, EditKinds: st.EditKinds,
		Stuffed: Top(st.Stuffed, TopN), SpinPairs: Top(st.SpinPairs, TopN), Boilerplate: Top(st.Boilerplate, 0),
		InputBytes: st.InputBytes, Restored: st.RestoredBytes,
	}
	for i, n := range st.Histogram {
		f.Histogram = append(f.Histogram, Bin{float64(i) / HistogramBins, float64(i+1) / HistogramBins, n})
	}
	return f
}

// WriteStats writes the run's numbers as indented JSON.
func (s *Summary) WriteStats(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s.File())
}
