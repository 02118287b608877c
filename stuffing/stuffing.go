// Package stuffing finds search keywords inserted into an article for
// traffic (keyword stuffing) and which of their occurrences are inserted
// and which the author wrote.
//
// It takes a Document with labelled lines and tokens (package segment,
// with the language model's word IDs) and gives stuffing edits that
// remove the inserted occurrences, and the signal "stuffing" with one
// entry per keyword: {term, inserted, kept}.
//
// No keyword list is used. A term becomes a candidate when it repeats;
// each occurrence is then scored by the language model: the log10
// probability its neighbourhood gains when the occurrence is removed. An
// inserted keyword breaks the sentence around it, so removing it gains
// several orders of magnitude; a word the author wrote fits, so removing
// it costs. Position and burst statistics (occurrences at clause
// boundaries, the same term twice within a few characters) decide which
// repeated terms are stuffed at all. Occurrences inside a short
// quotation (“政变”) are the author's and are kept.
package stuffing

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/internal/counts"
	"github.com/winnow-project/winnow/lm"
)

// Name is the detector's signal name.
const Name = "stuffing"

// Config holds the detector's thresholds.
type Config struct {
	// MinCount is how often a term must occur to be a candidate.
	MinCount int `json:"min_count" yaml:"min_count"`
	// MinRunes is the shortest candidate term, in characters.
	MinRunes int `json:"min_runes" yaml:"min_runes"`
	// Gain is the log10 probability a clause must gain when an
	// occurrence is removed for the occurrence to count as inserted (the
	// language model's confirmation).
	Gain float64 `json:"gain" yaml:"gain"`
	// MaxFit is the contextual fit (see Occurrence.Fit) above which a
	// mid-clause occurrence is the author's: its neighbours predict it.
	MaxFit float64 `json:"max_fit" yaml:"max_fit"`
	// CloseRunes is the largest gap, in characters, between two
	// occurrences of a term that counts as a burst ("，政变仅仅是政变是").
	CloseRunes int `json:"close_runes" yaml:"close_runes"`
	// MaxBurstFit is the contextual fit above which an occurrence does
	// not count towards a burst (北扶余…卒本扶余: the context predicts it).
	MaxBurstFit float64 `json:"max_burst_fit" yaml:"max_burst_fit"`
	// MinBurst is how many occurrences in bursts, and MinOrphans how many
	// clauses made of the term alone ("。政变" at a line end), make a term
	// stuffed; either suffices, or one of each.
	MinBurst   int `json:"min_burst" yaml:"min_burst"`
	MinOrphans int `json:"min_orphans" yaml:"min_orphans"`
	// MinInserted is how many occurrences must look inserted for a term
	// to be reported as stuffed.
	MinInserted int `json:"min_inserted" yaml:"min_inserted"`
}

// DefaultConfig is the calibrated configuration (docs/config.md).
func DefaultConfig() Config {
	return Config{MinCount: 4, MinRunes: 2, Gain: 2.5, MaxFit: 1.0, CloseRunes: 6, MaxBurstFit: 1.5, MinBurst: 3, MinOrphans: 2, MinInserted: 3}
}

// Detector is the keyword-stuffing detector.
type Detector struct {
	cfg  Config
	m    lm.Model
	pool sync.Pool // of *scratch
}

// New returns a detector scoring with m. With a nil model it finds
// nothing and says so in its signal.
func New(m lm.Model, cfg Config) *Detector {
	def := DefaultConfig()
	if cfg.MinCount <= 0 {
		cfg.MinCount = def.MinCount
	}
	if cfg.MinRunes <= 0 {
		cfg.MinRunes = def.MinRunes
	}
	if cfg.MinInserted <= 0 {
		cfg.MinInserted = def.MinInserted
	}
	if cfg.MaxBurstFit == 0 {
		cfg.MaxBurstFit = def.MaxBurstFit
	}
	if cfg.CloseRunes <= 0 {
		cfg.CloseRunes = def.CloseRunes
	}
	if cfg.MinBurst <= 0 {
		cfg.MinBurst = def.MinBurst
	}
	if cfg.MinOrphans <= 0 {
		cfg.MinOrphans = def.MinOrphans
	}
	det := &Detector{cfg: cfg, m: m}
	det.pool.New = func() any { return new(scratch) }
	return det
}

// Name implements document.Detector.
func (*Detector) Name() string { return Name }

// Keyword is one repeated term the detector judged stuffed.
type Keyword struct {
	Term     string `json:"term"`
	Inserted int    `json:"inserted"`
	Kept     int    `json:"kept"`
}

// Occurrence is one occurrence of a candidate term with its evidence.
type Occurrence struct {
	Start, End int
	Gain       float64 // log10 probability gained on removal
	Boundary   bool    // opens or closes a clause
	Orphan     bool    // the whole clause ("。政变" at a line end)
	// Refrain: next to another occurrence with only a punctuation mark
	// between them (哗啦啦，哗啦啦): a repetition the author made, never
	// inserted.
	Refrain bool
	// AfterStop: opens a sentence, right after a full stop, question or
	// exclamation mark, glued to the words that follow (。减肥茶“很多人…).
	AfterStop bool
	// AtEnd: closes its line or clause (…标准破题代理记账 at a title's
	// end, …小店只有六张桌子特产代购，却…).
	AtEnd    bool
	Quoted   bool // inside a short quotation (“政变”)
	Compound bool // right after a Han word of two or more characters (夺权政变)
	Close    bool // within CloseRunes of another unquoted occurrence, same clause
	// PrevRune is the character right before the occurrence; two
	// occurrences after the same character are parallel (一个字一个字).
	PrevRune rune
	// Lead is up to three characters before the occurrence on its line,
	// marks and spaces skipped: a slogan the author repeats follows the
	// same words each time (路通了，日子就亮了), a stuffed keyword whatever
	// sentence it was glued to.
	Lead string
	// Modified: right after a number or a name dot (1401万吨, 查理·卫斯理),
	// the head of a phrase rather than a free-standing word.
	Modified bool
	// Fit is how much better the occurrence fits its neighbourhood than
	// a word of its frequency would by chance: log10 P(w | left context)
	// − log10 P(w) plus the log10 probability the right neighbours gain
	// from w. Inserted words fit badly (strongly negative).
	Fit float64
}

// Detect implements document.Detector.
func (det *Detector) Detect(ctx context.Context, d *document.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sig := document.Signal{Counts: map[string]int{}}
	detail := struct {
		Keywords []Keyword `json:"keywords"`
	}{Keywords: []Keyword{}}
	if det.m == nil || len(d.Tokens) == 0 {
		sig.Detail = detail
		d.SetSignal(Name, sig)
		return nil
	}
	sc := det.pool.Get().(*scratch)
	if sc.occ == nil {
		sc.occ = map[string][]Occurrence{}
	}
	occ := sc.occ
	defer func() {
		clear(occ) // keeps no text of d
		if cap(sc.us) <= maxPooled {
			det.pool.Put(sc) // a huge document's memory goes to the collector
		}
	}()
	det.occurrences(d, sc, false, func(w string, os []Occurrence) { occ[w] = os })
	terms := make([]string, 0, len(occ))
	for t := range occ {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	inserted := 0
	for _, t := range terms {
		os := occ[t]
		burst, orphans, after := 0, 0, 0
		for _, o := range os {
			if o.Quoted || o.Refrain {
				continue
			}
			if o.Close {
				burst++
			}
			if o.Orphan {
				orphans++
			}
			if opensOrCloses(o) {
				after++
			}
		}
		if !det.suspect(burst, orphans, after) {
			continue
		}
		var ins []Occurrence
		for _, o := range os {
			if det.inserted(o) {
				ins = append(ins, o)
			}
		}
		if len(ins) < det.cfg.MinInserted {
			continue
		}
		for _, o := range ins {
			conf := min(0.99, 0.5+o.Gain/10)
			why := "mid-clause, where the words around it do not predict it"
			switch {
			case o.Orphan:
				why = "alone between punctuation marks"
			case o.Close:
				why = "repeated within a few characters"
			case o.Boundary:
				why = "at a clause boundary"
			}
			d.AddEdit(document.Edit{Start: o.Start, End: o.End, Kind: document.KindStuffing, Confidence: conf,
				Reason: fmt.Sprintf("inserted keyword %q (%s): removing it raises its clause's log10 probability by %.1f", t, why, o.Gain)})
		}
		detail.Keywords = append(detail.Keywords, Keyword{Term: t, Inserted: len(ins), Kept: len(os) - len(ins)})
		inserted += len(ins)
	}
	sort.Slice(detail.Keywords, func(i, j int) bool { return detail.Keywords[i].Inserted > detail.Keywords[j].Inserted })
	sig.Counts["candidates"] = len(terms)
	sig.Counts["keywords"] = len(detail.Keywords)
	sig.Counts["inserted"] = inserted
	if inserted > 0 {
		sig.Score = min(1, 0.4+0.1*float64(inserted))
		var ks []string
		for _, k := range detail.Keywords {
			ks = append(ks, fmt.Sprintf("%q %d of %d times", k.Term, k.Inserted, k.Inserted+k.Kept))
		}
		sig.Reasons = []string{fmt.Sprintf("keyword stuffing: %s inserted where the sentence does not need it", strings.Join(ks, ", "))}
	}
	sig.Detail = detail
	d.SetSignal(Name, sig)
	return nil
}

// inserted decides one occurrence of a term judged stuffed: never when
// quoted or a refrain, nor when glued to the word before it unless it
// ends a line or sentence; otherwise when the language model confirms
// it and it sits where stuffers put keywords or its neighbours do not
// predict it.
func (det *Detector) inserted(o Occurrence) bool {
	if o.Quoted || o.Refrain || o.Gain < det.cfg.Gain {
		return false
	}
	if o.Compound {
		// Glued to the word before it: inserted only at the end of a
		// line or sentence where the words before do not predict it
		// (a title with the keyword appended).
		return o.AtEnd && o.Fit < det.cfg.MaxFit
	}
	return o.Orphan || o.Close || o.Boundary || o.Fit < det.cfg.MaxFit
}

// unit is one LM-scored token of a kept line. The model has no
// punctuation, so punctuation and line ends split the text into clauses,
// each scored as a sentence (<s> … </s>).
type unit struct {
	tok    document.Token
	line   int // index into d.Lines
	clause int // clause number
	// more holds the IDs of the words after tok when the unit is a
	// repeated phrase of two or three words (股票/配资 as one term); tok
	// then spans the whole phrase.
	more []lm.WordID
}

// score feeds the unit's words to the model from state in and returns
// their summed log10 probability.
func (u *unit) score(m lm.Model, in, out *lm.State) float32 {
	p, _ := m.Score(in, u.tok.ID, out)
	for _, id := range u.more {
		q, _ := m.Score(out, id, out)
		p += q
	}
	return p
}

// Occurrences returns the candidate terms of d (repeated Han words of
// MinRunes or more characters in kept lines) with every occurrence's
// evidence.
func (det *Detector) Occurrences(d *document.Document) map[string][]Occurrence {
	sc := det.pool.Get().(*scratch)
	defer func() {
		if cap(sc.us) <= maxPooled {
			det.pool.Put(sc) // a huge document's memory goes to the collector
		}
	}()
	out := map[string][]Occurrence{}
	det.occurrences(d, sc, true, func(w string, os []Occurrence) { out[w] = os })
	return out
}

// maxPooled is the largest scratch (in tokens) kept for the next document.
const maxPooled = 1 << 16

// scratch is the per-document working memory of Occurrences, reused
// across documents.
type scratch struct {
	us    []unit
	rep   []int // indices into us of the words whose ID repeats often enough
	n     counts.Table
	pairs counts.Table // adjacent word pairs (mergePhrases)
	occ   map[string][]Occurrence
}

// occurrences calls found with every candidate term and its occurrences,
// in no particular order. With all false, a term whose occurrences
// cannot be structurally suspect (none alone in its clause, no two
// within CloseRunes of each other) comes with nil occurrences: Detect
// passes over such terms without their evidence.
func (det *Detector) occurrences(d *document.Document, sc *scratch, all bool, found func(string, []Occurrence)) {
	// Words of MinRunes or more characters in kept lines, counted by the
	// model's word ID (one text has one ID; unknown words share theirs):
	// most documents repeat no word often enough, and need no more.
	sc.n.Reset(len(d.Tokens))
	most, li := 0, 0
	for _, t := range d.Tokens {
		if t.Kind != document.TokenWord {
			continue
		}
		for li < len(d.Lines) && d.Lines[li].End <= t.Start {
			li++
		}
		if li >= len(d.Lines) || t.Start < d.Lines[li].Start || !d.Lines[li].Kept() ||
			!atLeastRunes(d.Text[t.Start:t.End], det.cfg.MinRunes) {
			continue
		}
		most = max(most, sc.n.Add(uint64(t.ID)))
	}
	if most < det.cfg.MinCount {
		return
	}
	us := sc.us[:0]
	clause := 0
	li = 0
	for _, t := range d.Tokens {
		for li < len(d.Lines) && d.Lines[li].End <= t.Start {
			li++
			clause++
		}
		if li >= len(d.Lines) || t.Start < d.Lines[li].Start || !d.Lines[li].Kept() {
			continue
		}
		switch t.Kind {
		case document.TokenSpace:
			continue
		case document.TokenPunct, document.TokenSymbol:
			if r, _ := utf8.DecodeRuneInString(d.Text[t.Start:t.End]); clauseOrQuote(r) {
				clause++
			}
			continue
		}
		us = append(us, unit{tok: t, line: li, clause: clause})
	}
	det.mergePhrases(d, &us, &sc.pairs)
	sc.us = us
	// The words whose ID repeats often enough (and the merged phrases),
	// grouped by their text, each group in text order.
	rep := sc.rep[:0]
	for i, u := range us {
		if u.tok.Kind != document.TokenWord || !atLeastRunes(d.Text[u.tok.Start:u.tok.End], det.cfg.MinRunes) {
			continue
		}
		if u.more != nil || sc.n.Count(uint64(u.tok.ID)) >= det.cfg.MinCount {
			rep = append(rep, i)
		}
	}
	sc.rep = rep
	slices.SortFunc(rep, func(a, b int) int {
		ta, tb := us[a].tok, us[b].tok
		if c := strings.Compare(d.Text[ta.Start:ta.End], d.Text[tb.Start:tb.End]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for g := 0; g < len(rep); {
		w := d.TokenText(us[rep[g]].tok)
		h := g + 1
		for h < len(rep) && d.TokenText(us[rep[h]].tok) == w {
			h++
		}
		if h-g >= det.cfg.MinCount {
			if all || det.maybeSuspect(us, rep[g:h]) {
				found(w, det.termOccurrences(d, us, rep[g:h]))
			} else {
				found(w, nil)
			}
		}
		g = h
	}
}

// mergePhrases finds phrases of two to four adjacent words in one
// clause (no space or mark between them) that repeat at least MinCount
// times, such as a keyword the segmenter splits (股票/配资), and makes
// each occurrence one unit. Longer phrases win.
func (det *Detector) mergePhrases(d *document.Document, us *[]unit, pairs *counts.Table) {
	u := *us
	// Most documents repeat no pair of adjacent words often enough.
	pairs.Reset(len(u))
	most := 0
	for i := 1; i < len(u); i++ {
		a, b := u[i-1].tok, u[i].tok
		if a.Kind == document.TokenWord && b.Kind == document.TokenWord && a.End == b.Start && u[i-1].clause == u[i].clause {
			most = max(most, pairs.Add(pairKey(a.ID, b.ID)))
		}
	}
	if most < det.cfg.MinCount {
		return
	}
	// A phrase of k words at i is keyed by k and a hash of its word IDs.
	unk := det.m.Vocab().Unknown() // unknown words share one ID: no key
	joined := func(i, k int) (uint64, bool) {
		if i+k > len(u) {
			return 0, false
		}
		var h uint64 = 14695981039346656037
		for j := i; j < i+k; j++ {
			if u[j].tok.Kind != document.TokenWord || u[j].more != nil || u[j].clause != u[i].clause || u[j].tok.ID == unk {
				return 0, false
			}
			if j > i && u[j-1].tok.End != u[j].tok.Start {
				return 0, false
			}
			h = (h ^ uint64(u[j].tok.ID)) * 1099511628211
		}
		return uint64(k)<<62 | h>>2, true
	}
	// A repeated pair starts every candidate phrase (a repeated
	// three-word phrase has two).
	pairAt := func(i int) bool {
		if i+1 >= len(u) {
			return false
		}
		return pairs.Count(pairKey(u[i].tok.ID, u[i+1].tok.ID)) >= det.cfg.MinCount
	}
	count := map[uint64]int{}
	alone := map[uint64]int{} // occurrences between stops (。邮件服务器漏洞 at a line end)
	words := map[lm.WordID]int{}
	isAlone := func(i, k int) bool {
		last := u[i+k-1]
		last.tok.Start = u[i].tok.Start
		return markBefore(d, u[i], stops) && markAfter(d, last, sentenceEnds)
	}
	for i := range u {
		if !pairAt(i) {
			continue
		}
		if w, ok := joined(i, 2); ok {
			count[w]++
			if isAlone(i, 2) {
				alone[w]++
			}
			words[u[i].tok.ID], words[u[i+1].tok.ID] = 0, 0
		}
		for k := 3; k <= 4 && pairAt(i+k-2); k++ {
			if w, ok := joined(i, k); ok {
				count[w]++
				if isAlone(i, k) {
					alone[w]++
				}
				words[u[i+k-1].tok.ID] = 0
			}
		}
	}
	// A phrase is merged only when each of its words occurs mostly
	// inside it: 股票 and 配资 of 股票配资, not 政变 of a frequent
	// "政变仅仅是" whose 政变 also stands alone; or when the phrase
	// itself stands alone between stops twice or more, as a keyword
	// does (邮件服务器漏洞 in an article that names 漏洞 often).
	for i := range u {
		if n, ok := words[u[i].tok.ID]; ok && u[i].tok.Kind == document.TokenWord {
			words[u[i].tok.ID] = n + 1
		}
	}
	chosen := map[uint64]bool{}
	for i := range u {
		if !pairAt(i) {
			continue
		}
		for k := 4; k >= 2; k-- {
			w, ok := joined(i, k)
			if !ok || count[w] < det.cfg.MinCount {
				continue
			}
			mostly := true
			for j := i; j < i+k; j++ {
				if 2*count[w] < words[u[j].tok.ID] {
					mostly = false
				}
			}
			mostly = mostly || alone[w] >= 2
			if mostly {
				chosen[w] = true
			}
		}
	}
	if len(chosen) == 0 {
		return
	}
	out := make([]unit, 0, len(u))
	for i := 0; i < len(u); {
		merged := false
		for k := 4; k >= 2 && !merged; k-- {
			w, ok := joined(i, k)
			if !ok || !chosen[w] {
				continue
			}
			m := u[i]
			m.tok.End = u[i+k-1].tok.End
			m.more = make([]lm.WordID, 0, k-1)
			for j := i + 1; j < i+k; j++ {
				m.more = append(m.more, u[j].tok.ID)
			}
			out = append(out, m)
			i += k
			merged = true
		}
		if !merged {
			out = append(out, u[i])
			i++
		}
	}
	*us = out
}

// pairKey is the counting key of two adjacent words.
func pairKey(a, b lm.WordID) uint64 { return uint64(a)<<32 | uint64(b) }

// maybeSuspect is a necessary condition of structurallySuspect read
// from the units alone: an occurrence alone in its clause (an orphan
// must be), or two consecutive occurrences at most CloseRunes characters
// apart (a burst needs them).
func (det *Detector) maybeSuspect(us []unit, idx []int) bool {
	for k, i := range idx {
		c := us[i].clause
		if (i == 0 || us[i-1].clause != c) && (i+1 == len(us) || us[i+1].clause != c) {
			return true
		}
		if k > 0 {
			gap := us[i].tok.Start - us[idx[k-1]].tok.End
			if gap >= 0 && gap <= det.cfg.CloseRunes*utf8.UTFMax {
				return true
			}
		}
	}
	return false
}

// atLeastRunes reports whether s has n or more characters.
func atLeastRunes(s string, n int) bool {
	if len(s) < n {
		return false
	}
	if len(s) >= n*utf8.UTFMax {
		return true
	}
	return utf8.RuneCountInString(s) >= n
}

// termOccurrences gives the evidence of one candidate term's
// occurrences, us[idx[0]], us[idx[1]], … in text order.
func (det *Detector) termOccurrences(d *document.Document, us []unit, idx []int) []Occurrence {
	os := make([]Occurrence, 0, len(idx))
	for _, i := range idx {
		u := us[i]
		o := Occurrence{Start: u.tok.Start, End: u.tok.End}
		o.Quoted = quoted(d, us, i)
		o.Boundary = isBoundary(d, us, i)
		c := u.clause
		// Alone between a stop or comma and a sentence end ("…48小时 。政变"
		// at a line end): no clause of the sentence, as a connective
		// before a comma ("。因此，") is.
		o.Orphan = (i == 0 || us[i-1].clause != c) && (i+1 == len(us) || us[i+1].clause != c) &&
			markBefore(d, u, stops) && markAfter(d, u, sentenceEnds)
		if i > 0 && us[i-1].clause == c && us[i-1].tok.End == u.tok.Start && us[i-1].tok.Kind == document.TokenWord &&
			utf8.RuneCountInString(d.TokenText(us[i-1].tok)) >= 2 {
			o.Compound = true
		}
		if before := strings.TrimRightFunc(d.Text[d.Lines[u.line].Start:u.tok.Start], unicode.IsSpace); before != "" {
			r, _ := utf8.DecodeLastRuneInString(before)
			o.PrevRune = r
			o.Modified = unicode.IsDigit(r) || strings.ContainsRune("·•‧・.", r) || i > 0 && us[i-1].tok.End == u.tok.Start && us[i-1].tok.Kind == document.TokenNumber
		}
		o.AfterStop = !o.Orphan && markBefore(d, u, sentenceEnds)
		o.Lead = lead(d.Text[d.Lines[u.line].Start:u.tok.Start])
		o.AtEnd = markAfter(d, u, clauseEnds)
		os = append(os, o)
	}
	for k := 1; k < len(os); k++ {
		if us[idx[k]].line == us[idx[k-1]].line && oneMark(d.Text[os[k-1].End:os[k].Start]) {
			os[k-1].Refrain, os[k].Refrain = true, true
		}
	}
	// The language model is asked only about terms whose structure
	// could make them stuffed (most documents have none), and not about
	// a refrain that follows the same words each time.
	if parallel(os) || !det.structurallySuspect(d, os) {
		return os
	}
	for k, i := range idx {
		os[k].Gain, os[k].Fit = det.gain(us, i)
	}
	for k := range os {
		if os[k].Quoted || os[k].Compound || os[k].Modified {
			continue
		}
		for _, j := range []int{k - 1, k + 1} {
			if j >= 0 && j < len(os) && !os[j].Quoted && !os[j].Compound && !os[j].Modified && det.closeTo(d, os[min(j, k)], os[max(j, k)]) {
				os[k].Close = true
			}
		}
	}
	return os
}

// structurallySuspect applies the term test of Detect to the structure
// alone (bursts before the language model's fit is known, orphans).
func (det *Detector) structurallySuspect(d *document.Document, os []Occurrence) bool {
	burst, orphans, after := 0, 0, 0
	for k, o := range os {
		if o.Quoted || o.Refrain {
			continue
		}
		if o.Orphan {
			orphans++
		}
		if opensOrCloses(o) {
			after++
		}
		if !free(o) {
			continue
		}
		if k > 0 && free(os[k-1]) && det.near(d, os[k-1], o) || k+1 < len(os) && free(os[k+1]) && det.near(d, o, os[k+1]) {
			burst++
		}
	}
	return det.suspect(burst, orphans, after)
}

// suspect is the term test: stuffers repeat the keyword in bursts, leave
// it alone between stops, or glue it to the start of sentences and once
// alone at a line's end (。减肥茶“很多人… …饮料。减肥茶); authors rarely
// do any of these with a content word. burst, orphans and after count
// the occurrences in bursts, alone in their clause, and opensOrCloses.
func (det *Detector) suspect(burst, orphans, after int) bool {
	return burst >= det.cfg.MinBurst || orphans >= det.cfg.MinOrphans || burst > 0 && orphans > 0 ||
		orphans > 0 && after >= 2
}

// opensOrCloses: a free occurrence glued to the start of a sentence
// (。减肥茶“很多人…), or one stuck to the end of the word before it that
// closes its clause (…六张桌子特产代购，): where stuffers put a keyword.
func opensOrCloses(o Occurrence) bool {
	return o.AfterStop && free(o) || o.Compound && o.AtEnd && !o.Orphan
}

// free: an occurrence that is not quoted, part of a compound or
// modified by a number or name.
func free(o Occurrence) bool { return !o.Quoted && !o.Compound && !o.Modified }

// closeTo reports whether b starts within CloseRunes characters after a
// ends, in the same clause, and the two are not items of a list
// ("1035万吨和1401万吨").
func (det *Detector) closeTo(d *document.Document, a, b Occurrence) bool {
	if a.PrevRune == b.PrevRune || a.Fit >= det.cfg.MaxBurstFit || b.Fit >= det.cfg.MaxBurstFit {
		return false // parallel phrases, or words their context predicts
	}
	return det.near(d, a, b)
}

// near is the textual part of closeTo.
func (det *Detector) near(d *document.Document, a, b Occurrence) bool {
	if a.PrevRune == b.PrevRune {
		return false
	}
	if b.Start < a.End || b.Start-a.End > det.cfg.CloseRunes*utf8.UTFMax {
		return false
	}
	between := d.Text[a.End:b.Start]
	if utf8.RuneCountInString(between) > det.cfg.CloseRunes {
		return false
	}
	for _, r := range between {
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsDigit(r) || strings.ContainsRune("和与及或跟同", r) {
			return false
		}
	}
	return true
}

// The marks markBefore and markAfter look for.
const (
	stops        = "，。；！？,;!?"    // a comma or a sentence end
	sentenceEnds = "。！？!?"        // the end of a sentence
	clauseEnds   = "。！？!?，,；;：:、" // the end of a clause
)

// markBefore reports whether the last character before token u on its
// line, spaces skipped, is one of marks.
func markBefore(d *document.Document, u unit, marks string) bool {
	l := d.Lines[u.line]
	s := strings.TrimRightFunc(d.Text[l.Start:u.tok.Start], unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && strings.ContainsRune(marks, r)
}

// markAfter reports whether token u ends its line or the first
// character after it, spaces skipped, is one of marks.
func markAfter(d *document.Document, u unit, marks string) bool {
	l := d.Lines[u.line]
	s := strings.TrimLeftFunc(d.Text[u.tok.End:l.End], unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(s)
	return s == "" || strings.ContainsRune(marks, r)
}

// lead returns up to three characters at the end of s, punctuation and
// spaces skipped.
func lead(s string) string {
	var rs [3]rune
	n := 0
	for len(s) > 0 && n < 3 {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) {
			continue
		}
		n++
		rs[3-n] = r
	}
	return string(rs[3-n:])
}

// parallel reports whether most of a term's unquoted occurrences, three
// or more, follow the same words: the author's refrain or parallel
// sentences, not a keyword glued wherever a stuffer put it.
func parallel(os []Occurrence) bool {
	leads := map[string]int{}
	best, n := 0, 0
	for _, o := range os {
		if o.Quoted || o.Lead == "" {
			continue
		}
		n++
		leads[o.Lead]++
		best = max(best, leads[o.Lead])
	}
	return best >= 3 && 2*best >= n
}

// oneMark reports whether s is one punctuation mark, spaces aside.
func oneMark(s string) bool {
	s = strings.TrimFunc(s, unicode.IsSpace)
	r, n := utf8.DecodeRuneInString(s)
	return n > 0 && n == len(s) && unicode.IsPunct(r)
}

// clauseOrQuote reports whether r ends a clause (，。、：；！？,.:;!?) or
// is a quotation mark or bracket (“”「」『』‘’"《》（）()【】); either
// splits the text into clauses.
func clauseOrQuote(r rune) bool {
	switch r {
	case '，', '。', '、', '：', '；', '！', '？', ',', '.', ':', ';', '!', '?',
		'“', '”', '「', '」', '『', '』', '‘', '’', '"', '《', '》', '（', '）', '(', ')', '【', '】':
		return true
	}
	return false
}

// isBoundary: the occurrence opens or closes a clause.
func isBoundary(d *document.Document, us []unit, i int) bool {
	c := us[i].clause
	return i == 0 || us[i-1].clause != c || i+1 == len(us) || us[i+1].clause != c
}

// quoted reports whether token i sits inside a quotation of at most 12
// characters on its line (“政变”, “夺权政变”).
func quoted(d *document.Document, us []unit, i int) bool {
	l := d.Lines[us[i].line]
	t := us[i].tok
	// A quotation of at most 12 characters lies within 48 bytes.
	from, to := max(l.Start, t.Start-48), min(l.End, t.End+48)
	for from < t.Start && !utf8.RuneStart(d.Text[from]) {
		from++
	}
	for to > t.End && to < len(d.Text) && !utf8.RuneStart(d.Text[to]) {
		to--
	}
	before := d.Text[from:t.Start]
	after := d.Text[t.End:to]
	open := strings.LastIndexFunc(before, isOpenQuote)
	if open < 0 {
		return false
	}
	inner := before[open:]
	_, w := utf8.DecodeRuneInString(inner)
	inner = inner[w:]
	if strings.ContainsFunc(inner, isCloseQuote) {
		return false
	}
	closeAt := strings.IndexFunc(after, isCloseQuote)
	if closeAt < 0 {
		return false
	}
	n := utf8.RuneCountInString(inner) + utf8.RuneCountInString(after[:closeAt])
	return n <= 12-utf8.RuneCountInString(d.TokenText(t))
}

// isOpenQuote: “「『‘"《
func isOpenQuote(r rune) bool {
	switch r {
	case '“', '「', '『', '‘', '"', '《':
		return true
	}
	return false
}

// isCloseQuote: ”」』’"》
func isCloseQuote(r rune) bool {
	switch r {
	case '”', '」', '』', '’', '"', '》':
		return true
	}
	return false
}

// gain is log10 P(neighbourhood without token i) − log10 P(with it),
// where the neighbourhood is the order−1 tokens before (context) and
// after (the words whose context changes), within the line.
func (det *Detector) gain(us []unit, i int) (gain, fit float64) {
	n := det.m.Order()
	if n < 2 {
		n = 2
	}
	line := us[i].clause
	lo := i
	for lo > 0 && i-lo < n-1 && us[lo-1].clause == line {
		lo--
	}
	hi := i + 1
	for hi < len(us) && hi-i-1 < n-1 && us[hi].clause == line {
		hi++
	}
	var ctxState lm.State
	if lo == 0 || us[lo-1].clause != line {
		ctxState = det.m.BeginSentenceState()
	} else {
		ctxState = lm.NullState()
	}
	for k := lo; k < i; k++ {
		us[k].score(det.m, &ctxState, &ctxState)
	}
	endsLine := hi == len(us) || us[hi].clause != line
	with, without := ctxState, ctxState
	var pWith, pWithout float64
	p := us[i].score(det.m, &with, &with)
	pWith += float64(p)
	// The term's own probability without context: its words as a
	// sentence fragment from the null state.
	null := lm.NullState()
	uni := us[i].score(det.m, &null, &null)
	for k := i + 1; k < hi; k++ {
		p := us[k].score(det.m, &with, &with)
		pWith += float64(p)
		q := us[k].score(det.m, &without, &without)
		pWithout += float64(q)
	}
	if endsLine {
		eos := det.m.Vocab().EndSentence()
		p, _ := det.m.Score(&with, eos, &with)
		q, _ := det.m.Score(&without, eos, &without)
		pWith += float64(p)
		pWithout += float64(q)
	}
	gain = pWithout - pWith
	// pWith − p is what the right side scores with w; pWithout without.
	fit = float64(p-uni) + (pWith - float64(p) - pWithout)
	return gain, fit
}
