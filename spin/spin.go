// Package spin detects synonym spinning (伪原创) in Chinese text and
// restores the original wording.
//
// It takes text and its tokens (package segment) and gives edits that
// revert spun words, each with a calibrated confidence and a reason, and a
// document-level spin score. The work is done per Han run (the words
// between two non-word tokens):
//
//  1. Document estimate. For an even sample of the words that have Cilin
//     synonyms, the most frequent synonyms are tried in context: in clean
//     text a synonym rarely fits the context better than the author's
//     word, in spun text it often does. The share of such words, with
//     other language-model features (unseen word pairs, the best gains),
//     gives the document model's spin log-odds (docfeat.go): the spin
//     score. It, or an older estimate from the favoured rate alone when
//     that is higher, decides whether every word gets candidates and how
//     likely a thesaurus substitution is a priori. A document dense in
//     rare spun forms of the lexicon (a spinner of a known family) raises
//     the lexicon prior likewise.
//  2. Sites and candidates. A site is a span a spinner may have rewritten;
//     its candidates are possible originals: the lexicon (data/lexicon.tsv,
//     matched at every character position, so spans that cut through the
//     segmenter's words are found too), the reversal of character
//     expansions (two glosses in a row collapsed: 经由过程 → 通过) and, in
//     a document that looks spun, the Cilin synonyms and the related words
//     of the same Cilin category of every word.
//  3. Evidence in context. For each candidate the trigram window, two
//     words of left context to two words of right context, is scored with
//     and without it (a lexicon span is re-segmented with a broken
//     neighbour, so 微柔和 can become 微软和). The gain is split into the
//     frequency part (the words' own unigram probabilities) and the
//     context-only part; only the second is evidence of spinning, and a
//     thesaurus candidate must gain on both sides of the word.
//  4. Decision. Each site's evidence is combined with the document's spin
//     rates of lexicon and of Cilin sites (a few EM steps under Beta
//     priors that favour clean text; the document estimate raises the
//     Cilin prior) and with the same substitution elsewhere in the
//     document. In a document that looks spun, each run with likely
//     substitutions is then restored jointly (a beam search over keeping
//     or replacing its sites, scored by the trigram model along the path
//     and the document's rates), and every site is decided again in the
//     context of that restoration, so that neighbouring swaps are undone
//     together. Edits at or above the
//     threshold are kept, best first, without overlaps.
//
// Names (words next to '·'), numbers, Latin text, code, book titles and
// short quoted terms are never sites. The language model is shared,
// never copied; a Detector is safe for concurrent use.
package spin

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/segment"
)

// Name is the detector's name and its signal's key.
const Name = "spin"

// DefaultThreshold is the edit confidence above which a spun word is
// reverted, chosen on clean text first (see bench/spin/README.md).
const DefaultThreshold = 0.7

// Detector finds and reverts spun words. Create it with New.
type Detector struct {
	m   lm.Model
	seg *segment.Segmenter
	lex *Lexicon
	syn *Synonyms
	uni []float32 // unigram log10 per word ID
	unk lm.WordID
	// The Cilin candidates of word w are synFlat[synOff[w]:synOff[w+1]].
	synOff    []uint32
	synFlat   []synCand
	words     []string             // the text of the thesaurus words, by ID
	rare      []bool               // words with a Cilin synonym RareBy log10 more frequent
	lexByPre  map[string][]lexCand // first two runes → lexicon candidates
	lexFirst  []uint64             // bit set of the first runes of lexicon entries (BMP; others always set)
	gloss     map[string]string    // two-rune gloss → one-rune original
	threshold float64
	params    Params
	keepAll   bool
}

type lexCand struct {
	spun, orig string
	gloss      bool
	// common: a gloss that is itself a common word (设置 for 配).
	common bool
}

// Option configures New.
type Option func(*Detector)

// WithLexicon uses l instead of the embedded lexicon (nil: no lexicon).
func WithLexicon(l *Lexicon) Option { return func(d *Detector) { d.lex = l } }

// WithSynonyms uses s instead of the embedded Cilin groups (nil: none).
func WithSynonyms(s *Synonyms) Option { return func(d *Detector) { d.syn = s } }

// WithSegmenter shares a segmenter built for the same model.
func WithSegmenter(s *segment.Segmenter) Option { return func(d *Detector) { d.seg = s } }

// WithThreshold sets the edit confidence threshold (default DefaultThreshold).
func WithThreshold(t float64) Option { return func(d *Detector) { d.threshold = t } }

// WithParams replaces the decision model's constants (for calibration).
func WithParams(p Params) Option { return func(d *Detector) { d.params = p } }

// WithAllCandidates makes Analyze report every candidate of every site
// in Result.Candidates (for fitting the decision model).
func WithAllCandidates() Option { return func(d *Detector) { d.keepAll = true } }

// New builds a detector for model m.
func New(m lm.Model, opts ...Option) (*Detector, error) {
	if m == nil {
		return nil, errors.New("spin: nil model")
	}
	d := &Detector{m: m, lex: DefaultLexicon(), syn: DefaultSynonyms(), threshold: DefaultThreshold, params: DefaultParams()}
	for _, o := range opts {
		o(d)
	}
	if d.params.Iterations < 1 || d.params.MaxRate <= 0 || d.params.MaxRate >= 1 || d.params.DocA <= 0 {
		return nil, errors.New("spin: invalid parameters")
	}
	if d.seg == nil {
		s, err := segment.New(m)
		if err != nil {
			return nil, fmt.Errorf("spin: %w", err)
		}
		d.seg = s
	}
	v := m.Vocab()
	d.unk = v.Unknown()
	d.uni = make([]float32, v.Size())
	for i := range d.uni {
		st := lm.NullState()
		d.uni[i], _ = m.Score(&st, lm.WordID(i), &st)
	}
	d.lexByPre = map[string][]lexCand{}
	d.gloss = map[string]string{}
	if d.lex != nil {
		for _, e := range d.lex.entries {
			if utf8.RuneCountInString(e.Spun) < 2 || !isHan(e.Spun) || !isHan(e.Original) {
				continue
			}
			g := utf8.RuneCountInString(e.Spun) == 2 && utf8.RuneCountInString(e.Original) == 1
			if g {
				d.gloss[e.Spun] = e.Original
			}
			k := prefix2(e.Spun)
			gl := g || e.Family == "gloss"
			d.lexByPre[k] = append(d.lexByPre[k], lexCand{e.Spun, e.Original, gl, gl && d.commonGloss(e.Spun)})
			r, _ := utf8.DecodeRuneInString(e.Spun)
			d.markFirst(r)
		}
	}
	syn := map[lm.WordID][]synCand{}
	d.rare = make([]bool, v.Size())
	if d.syn != nil {
		// Every thesaurus word's ID, looked up once; the words also
		// serve as the candidates' text (word), which the model would
		// make a new string for on every lookup.
		ids := make(map[string]lm.WordID, len(d.syn.of))
		d.words = make([]string, v.Size())
		for w := range d.syn.of {
			if id, ok := v.ID(w); ok {
				ids[w] = id
				d.words[id] = w
			}
		}
		nearSeen := map[string]bool{}
		var nearBuf []string
		seen := map[lm.WordID]bool{}
		for w, id := range ids {
			var c []synCand
			clear(seen)
			seen[id] = true
			collect := func(words []string, src uint8, limit int) {
				var part []synCand
				for _, x := range words {
					xid, ok := ids[x]
					if !ok || seen[xid] || !isHan(x) {
						continue
					}
					seen[xid] = true
					part = append(part, synCand{xid, src})
				}
				// The most frequent first; keep a handful.
				sort.SliceStable(part, func(i, j int) bool { return d.uni[part[i].id] > d.uni[part[j].id] })
				if len(part) > limit {
					part = part[:limit]
				}
				c = append(c, part...)
			}
			collect(d.syn.Of(w), srcCilin, d.params.MaxSynonyms)
			if d.params.MaxNear > 0 {
				n := utf8.RuneCountInString(w)
				var near []string
				nearBuf = d.syn.near(w, nearSeen, nearBuf[:0])
				for _, x := range nearBuf {
					if utf8.RuneCountInString(x) == n {
						near = append(near, x)
					}
				}
				collect(near, srcNear, d.params.MaxNear)
			}
			if len(c) > 0 {
				syn[id] = c
				for _, x := range c {
					if x.src == srcCilin && float64(d.uni[x.id]-d.uni[id]) >= d.params.RareBy {
						d.rare[id] = true
					}
				}
			}
		}
	}
	d.synOff = make([]uint32, v.Size()+1)
	for i := 0; i < v.Size(); i++ {
		d.synOff[i] = uint32(len(d.synFlat))
		d.synFlat = append(d.synFlat, syn[lm.WordID(i)]...)
	}
	d.synOff[v.Size()] = uint32(len(d.synFlat))
	return d, nil
}

// word returns the text of word id.
func (d *Detector) word(id lm.WordID) string {
	if int(id) < len(d.words) && d.words[id] != "" {
		return d.words[id]
	}
	return d.m.Vocab().Word(id)
}

// syns returns word w's Cilin candidates, the most frequent synonyms
// first, then the related words.
func (d *Detector) syns(w lm.WordID) []synCand {
	if int(w)+1 >= len(d.synOff) {
		return nil
	}
	return d.synFlat[d.synOff[w]:d.synOff[w+1]]
}

// synCand is a thesaurus candidate of a word.
type synCand struct {
	id  lm.WordID
	src uint8
}

// markFirst records r as the first rune of a lexicon entry.
func (d *Detector) markFirst(r rune) {
	if d.lexFirst == nil {
		d.lexFirst = make([]uint64, 0x10000/64)
	}
	if r < 0x10000 {
		d.lexFirst[r/64] |= 1 << (r % 64)
	}
}

// isFirst reports whether a lexicon entry may start with r.
func (d *Detector) isFirst(r rune) bool {
	return r >= 0x10000 || d.lexFirst != nil && d.lexFirst[r/64]&(1<<(r%64)) != 0
}

func prefix2(s string) string {
	_, n1 := utf8.DecodeRuneInString(s)
	_, n2 := utf8.DecodeRuneInString(s[n1:])
	return s[:n1+n2]
}

func isHan(s string) bool {
	for _, r := range s {
		if !isHanRune(r) {
			return false
		}
	}
	return s != ""
}

func isHanRune(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x3FFFF || r == '〇'
}

// Name returns "spin".
func (d *Detector) Name() string { return Name }

// Threshold returns the edit confidence threshold.
func (d *Detector) Threshold() float64 { return d.threshold }

// Site is one proposed reversion: Text[Start:End] (From) back to To.
type Site struct {
	Start, End int
	From, To   string
	// Confidence is the decision model's probability that From was spun
	// from To.
	Confidence float64
	// Gain is the context-only log10 gain of To over From; Delta the
	// total log10 gain of the window; Left and Right the context-only
	// gains on either side of the span.
	Gain, Delta, Left, Right float64
	Source                   string // lexicon, gloss, cilin, cilin-near (joined with '+')
	// Evidence is the language model's log10 likelihood ratio for the
	// substitution, before the document-level prior.
	Evidence float64
	// Chosen marks, in Result.Candidates, the candidate its site uses.
	Chosen bool
	Reason string
}

// Result is what Analyze finds in one text.
type Result struct {
	// Edits are the sites at or above the threshold, sorted, never
	// overlapping.
	Edits []Site
	// Sites are the best candidate of every site, any confidence
	// (for calibration and evaluation).
	Sites []Site
	// Score is the document's spin score, 0..1.
	Score float64
	// HanChars is the number of Han characters analysed.
	HanChars int
	// DocLogit is the document-level spin log-odds (see docLogit).
	DocLogit float64
	// DocFeatures are the features of DocLogit: the logits of the
	// favoured-site rate, of the rare-variant rate and of the unseen
	// bigram rate.
	DocFeatures [3]float64
	// SpinRate is the estimated share of spun words among the lexicon
	// sites and among the Cilin-only sites.
	SpinRate [2]float64
	// Candidates are all candidates of all sites (WithAllCandidates only).
	Candidates []Site
	// Stats, Features and ModelLogit are the document model's counts,
	// features and spin log-odds (sigmoid(ModelLogit) is the score
	// unless the edits give a higher one). DocLogit, the estimate that
	// steers the edits, is separate.
	Stats      DocStats
	Features   [docFeatures]float64
	ModelLogit float64
}

// Detect implements document.Detector: it analyses d's word tokens
// (segmenting d.Text itself when the pipeline did not), adds KindSpin
// edits and sets the "spin" signal.
func (d *Detector) Detect(ctx context.Context, doc *document.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var toks []segment.Token
	if len(doc.Tokens) > 0 {
		toks = make([]segment.Token, len(doc.Tokens))
		for i, t := range doc.Tokens {
			toks[i] = segment.Token{Start: t.Start, End: t.End, Kind: segment.Kind(t.Kind), ID: t.ID}
		}
	} else {
		toks = d.seg.Segment(doc.Text)
	}
	// Skip boilerplate lines: they are removed anyway.
	skip := func(off int) bool {
		if i := doc.LineAt(off); i >= 0 {
			return !doc.Lines[i].Kept()
		}
		return false
	}
	// Inserted keywords and punctuation noise that earlier detectors
	// remove would stand between the words a spinner left: analyse the
	// text without them and map the edits back.
	if text, offs := withoutRemovals(doc); offs != nil {
		res := d.analyze(text, d.seg.Segment(text), func(off int) bool { return skip(offs[off]) })
		for _, s := range res.Edits {
			start, end := offs[s.Start], offs[s.End-1]+1
			if end-start != s.End-s.Start {
				continue // the span held a removed keyword: leave it alone
			}
			doc.AddEdit(document.Edit{Start: start, End: end, Kind: document.KindSpin, To: s.To, Confidence: s.Confidence, Reason: s.Reason})
		}
		doc.SetSignal(Name, res.Signal())
		return nil
	}
	res := d.analyze(doc.Text, toks, skip)
	for _, s := range res.Edits {
		doc.AddEdit(document.Edit{Start: s.Start, End: s.End, Kind: document.KindSpin, To: s.To, Confidence: s.Confidence, Reason: s.Reason})
	}
	doc.SetSignal(Name, res.Signal())
	return nil
}

// withoutRemovals returns doc's text without the spans that stuffing
// and punctuation edits delete, and for every byte of it the offset in
// doc.Text (offs[len(text)] is the end). offs is nil when nothing is
// deleted.
func withoutRemovals(doc *document.Document) (string, []int) {
	var drop []span
	for _, e := range doc.Edits {
		if (e.Kind == document.KindStuffing || e.Kind == document.KindPunct) && strings.TrimSpace(e.To) == "" && e.End > e.Start {
			drop = append(drop, span{e.Start, e.End})
		}
	}
	if len(drop) == 0 {
		return "", nil
	}
	sort.Slice(drop, func(i, j int) bool { return drop[i].s < drop[j].s })
	var b strings.Builder
	b.Grow(len(doc.Text))
	offs := make([]int, 0, len(doc.Text)+1)
	p := 0
	for _, sp := range drop {
		if sp.s < p {
			sp.s = p
		}
		if sp.e <= p {
			continue
		}
		b.WriteString(doc.Text[p:sp.s])
		for i := p; i < sp.s; i++ {
			offs = append(offs, i)
		}
		p = sp.e
	}
	b.WriteString(doc.Text[p:])
	for i := p; i <= len(doc.Text); i++ {
		offs = append(offs, i)
	}
	return b.String(), offs
}

// Signal summarises a result for the verdict.
func (r *Result) Signal() document.Signal {
	score := r.Score
	if score < signalFloor {
		// Too weak to point anywhere: a document-level estimate this low
		// is within the spread of clean text.
		score = 0
	}
	s := document.Signal{Score: score, Counts: map[string]int{"edits": len(r.Edits), "sites": len(r.Sites), "han_chars": r.HanChars}}
	if len(r.Edits) > 0 {
		pairs := map[string]int{}
		for _, e := range r.Edits {
			pairs[e.From+"→"+e.To]++
		}
		type kv struct {
			k string
			n int
		}
		var top []kv
		for k, n := range pairs {
			top = append(top, kv{k, n})
		}
		sort.Slice(top, func(i, j int) bool { return top[i].n > top[j].n || top[i].n == top[j].n && top[i].k < top[j].k })
		var ex []string
		for i := 0; i < len(top) && i < 5; i++ {
			ex = append(ex, top[i].k)
		}
		s.Reasons = []string{fmt.Sprintf("%d spun words reverted (%.1f per 100 Han characters), e.g. %s",
			len(r.Edits), 100*float64(len(r.Edits))/float64(max(1, r.HanChars)), strings.Join(ex, ", "))}
	}
	return s
}

// Analyze finds spun words in text with the given tokens (nil: segment).
func (d *Detector) Analyze(text string, toks []segment.Token) *Result {
	if toks == nil {
		toks = d.seg.Segment(text)
	}
	return d.analyze(text, toks, nil)
}

// Restore returns text with the result's edits applied.
func Restore(text string, edits []Site) string {
	var b strings.Builder
	b.Grow(len(text))
	p := 0
	for _, e := range edits {
		if e.Start < p || e.End > len(text) {
			continue
		}
		b.WriteString(text[p:e.Start])
		b.WriteString(e.To)
		p = e.End
	}
	b.WriteString(text[p:])
	return b.String()
}

// run is one stretch of consecutive word tokens.
type run struct {
	src    string // the document's text
	single []bool // token is one character
	toks   []segment.Token
	ids    []lm.WordID
	lp     []float32
	ng     []uint8
	st     []lm.State // st[i]: state before token i
	prot   []bool
	// scr is compare's state: a local one would escape to the heap
	// through the model interface on every call.
	scr lm.State
	// byPos holds the run's sites by byte span.
	byPos map[[2]int]*site
}

// cand is one candidate at a site.
type cand struct {
	to   string
	src  uint8 // bit set of srcLexicon, srcGloss, srcCilin
	a, b int   // token span the site covers in its run
	s, e int   // byte span replaced
	cmp
	fromLP float64 // mean unigram log10 of the replaced tokens
	k      int     // number of replaced tokens when they are whole words, else 0
	probe  bool    // counts towards the document's rate (docLogit)
	// The words replacing tokens a..b: nids of them, in idsIn when they
	// fit, else in idsOut.
	nids   int
	idsIn  [4]lm.WordID
	idsOut []lm.WordID
}

func (c *cand) ids() []lm.WordID {
	if c.idsOut != nil {
		return c.idsOut
	}
	return c.idsIn[:c.nids]
}

func (c *cand) setIDs(ids []lm.WordID) {
	c.nids = len(ids)
	if len(ids) <= len(c.idsIn) {
		copy(c.idsIn[:], ids)
		c.idsOut = nil
		return
	}
	c.idsOut = append([]lm.WordID(nil), ids...)
}

const (
	srcLexicon = 1 << iota
	srcGloss
	srcCilin
	srcNear // a related word of the same Cilin category
)

func srcString(s uint8) string {
	var p []string
	if s&srcLexicon != 0 {
		p = append(p, "lexicon")
	}
	if s&srcGloss != 0 {
		p = append(p, "gloss")
	}
	if s&srcCilin != 0 {
		p = append(p, "cilin")
	}
	if s&srcNear != 0 {
		p = append(p, "cilin-near")
	}
	return strings.Join(p, "+")
}

type site struct {
	s, e  int
	run   *run
	cands []cand
}

func (d *Detector) analyze(text string, toks []segment.Token, skip func(int) bool) *Result {
	res := &Result{}
	prot := protectedSpans(text)
	var runs []*run
	var sites []*site
	scratch := make([]segment.Token, 0, 16)
	eligible := 0
	ar := newArena(toks)
	for i := 0; i < len(toks); {
		if toks[i].Kind != segment.Word {
			i++
			continue
		}
		j := i
		for j < len(toks) && toks[j].Kind == segment.Word {
			j++
		}
		r := d.newRun(ar, text, toks[i:j], prot, skip, toks, i, j)
		runs = append(runs, r)
		res.HanChars += utf8.RuneCountInString(text[toks[i].Start:toks[j-1].End])
		sites = d.collectSites(text, r, sites, &scratch)
		for k := range r.toks {
			if d.cilinEligible(r, k) {
				eligible++
			}
		}
		i = j
	}
	p := &d.params
	// Probe: the most frequent Cilin synonyms of an even sample of the
	// words, enough to estimate how many words a synonym fits better.
	var probed, favoured float64
	var fProbed, fFav float64 // the document model's count (any direction)
	var gains []float64
	if d.syn != nil && eligible > 0 {
		stride := max(1, eligible/max(1, p.ProbeWords))
		k := 0
		for _, r := range runs {
			for i := range r.toks {
				if !d.cilinEligible(r, i) {
					continue
				}
				if k%stride == 0 {
					counted, fav, g := d.probe(r, i)
					if counted {
						probed++
						if fav {
							favoured++
						}
					}
					if !math.IsInf(g, -1) {
						fProbed++
						if g > p.FavGain {
							fFav++
						}
						gains = append(gains, g)
					}
				}
				k++
			}
		}
	}
	lexN, lexS := d.lexSurprise(text, sites)
	doc, df := d.docLogit(sites, runs, probed, favoured)
	// The document model (the spin score): lexicon sites count with the
	// probed words.
	for _, st := range sites {
		g := math.Inf(-1)
		for k := range st.cands {
			if c := &st.cands[k]; c.src&(srcLexicon|srcGloss) != 0 {
				g = math.Max(g, c.gain)
			}
		}
		if !math.IsInf(g, -1) {
			fProbed++
			if g > p.FavGain {
				fFav++
			}
			gains = append(gains, g)
		}
	}
	res.Stats = d.docStats(runs, gains, fProbed, fFav)
	res.Stats.LexSites, res.Stats.LexSurprise = lexN, lexS
	// The document model before any decision (its features do not
	// depend on the decisions but for Expect, which it does not weigh).
	pre := res.Stats
	pre.Steer = df[0]
	preLogit := docModelLogit(pre.Features(), pre.Words)
	steer := func(doc float64) float64 { return math.Max(doc, preLogit+p.SteerShift) }
	// A document that looks spun: every content word may have been
	// swapped, so all Cilin candidates of every word are tried and the
	// document's rate is estimated again over all words.
	if d.syn != nil && steer(doc) >= p.ExpandAt {
		for _, r := range runs {
			for i := range r.toks {
				if d.cilinEligible(r, i) {
					sites = d.addCilin(r, i, sites, false)
				}
			}
		}
		doc, df = d.docLogit(sites, runs, 0, 0)
	}
	res.DocLogit, res.DocFeatures = doc, df
	lexMass := d.lexMass(lexS, res.HanChars)
	evs, pi := d.decide(text, sites, steer(doc), lexMass)
	if steer(doc) >= p.ExpandAt {
		for it := 0; it < p.Rejudge; it++ {
			d.rejudge(evs, pi, p.RejudgeAt)
			evs, pi = d.decide(text, sites, steer(doc), lexMass)
		}
	}
	res.SpinRate = pi
	// The document model also reads the estimate that steers the edits
	// (over every word's candidates when the document looked spun) and
	// the expected number of substitutions.
	res.Stats.Steer = df[0]
	for i := range evs {
		res.Stats.Expect += evs[i].p
	}
	res.Features = res.Stats.Features()
	res.ModelLogit = docModelLogit(res.Features, res.Stats.Words)
	for i := range evs {
		ev := &evs[i]
		c := ev.c
		s := Site{
			Start: c.s, End: c.e, From: text[c.s:c.e], To: c.to, Confidence: ev.p,
			Gain: c.gain, Delta: c.delta, Left: c.left, Right: c.right, Source: srcString(c.src), Evidence: ev.e,
		}
		res.Sites = append(res.Sites, s)
		if d.keepAll {
			for k := range ev.st.cands {
				o := &ev.st.cands[k]
				res.Candidates = append(res.Candidates, Site{Start: o.s, End: o.e, From: text[o.s:o.e], To: o.to,
					Confidence: ev.p, Gain: o.gain, Delta: o.delta, Left: o.left, Right: o.right, Source: srcString(o.src), Evidence: d.evidence(o), Chosen: o == c})
			}
		}
	}
	// Choose edits: best first, no overlaps.
	scored := choose(res.Sites, min(scoreThreshold, d.threshold))
	var chosen []Site
	for _, s := range scored {
		if s.Confidence >= d.threshold {
			s.Reason = reason(s)
			chosen = append(chosen, s)
		}
	}
	res.Edits = chosen
	// The spin score: the document-level estimate, or the density of
	// confident substitutions when that is higher (a short text with a
	// few sure lexicon hits).
	res.Score = sigmoid(res.ModelLogit)
	if e := docScore(chosen, res.HanChars); e >= editScoreMin {
		res.Score = math.Max(res.Score, e)
	}
	return res
}

// lexSurprise counts the sites with a lexicon candidate and sums how
// rare their spun forms are: log10 units below lexRare of the form's
// unigram probability (the replaced words' when the form is not one
// word), at most 3 each. Clean text holds few rare spun forms; a
// spinner that uses a table like the lexicon's puts many.
func (d *Detector) lexSurprise(text string, sites []*site) (n, sum float64) {
	v := d.m.Vocab()
	for _, st := range sites {
		for k := range st.cands {
			c := &st.cands[k]
			if c.src&(srcLexicon|srcGloss) == 0 {
				continue
			}
			u := c.fromLP
			if id, ok := v.ID(text[c.s:c.e]); ok {
				u = float64(d.uni[id])
			}
			n++
			if x := lexRare - u; !math.IsNaN(x) {
				sum += clip(x, 0, 3)
			}
			break
		}
	}
	return n, sum
}

// lexMass is what a document's density of rare lexicon spun forms
// (lexSurprise per 100 Han characters, with LexPriorChars clean
// characters assumed besides the document's own) adds to the lexicon
// prior's a: LexMass·sigmoid((density − LexAt)/LexWidth).
func (d *Detector) lexMass(surprise float64, han int) float64 {
	p := &d.params
	if p.LexMass == 0 {
		return 0
	}
	x := 100 * surprise / (float64(han) + p.LexPriorChars)
	return p.LexMass * sigmoid((x-p.LexAt)/p.LexWidth)
}

// commonGloss reports whether the two-character gloss g is a word more
// common than lexRare.
func (d *Detector) commonGloss(g string) bool {
	if utf8.RuneCountInString(g) != 2 {
		return false
	}
	id, ok := d.m.Vocab().ID(g)
	return ok && float64(d.uni[id]) >= lexRare
}

// lexRare is the unigram log10 below which a lexicon spun form counts
// as rare (lexSurprise).
const lexRare = -4.5

// cilinEligible reports whether word i of r may be a spun synonym: two
// or more characters, known to the model, not protected, with Cilin
// candidates.
func (d *Detector) cilinEligible(r *run, i int) bool {
	t := r.toks[i]
	return !r.prot[i] && t.End-t.Start >= 6 && t.ID != d.unk && d.synOff[t.ID] < d.synOff[t.ID+1]
}

// probe reports whether word i has Cilin synonyms (counted) and
// whether one of its ProbeSyn most frequent ones that is at least
// FavFreq log10 more frequent gains more than FavGain in context (fav):
// what docLogit counts for a site, without making one.
//
// best is the highest context-only gain of the synonyms it scored
// (-Inf when none): the document model's evidence. With ProbeFull 0 it
// stops at the first favoured synonym; otherwise it scores the
// ProbeFull most frequent synonyms in either frequency direction (a
// spinner may also have put a common word for a rarer one).
func (d *Detector) probe(r *run, i int) (counted, fav bool, best float64) {
	p := &d.params
	w := r.toks[i].ID
	one := [1]lm.WordID{}
	best = math.Inf(-1)
	// A word that forms seen bigrams on both sides fits its context: the
	// full probe is spent on the others.
	full := 0
	if p.ProbeFull > 0 && (r.ng[i] < 2 || i+1 < len(r.toks) && r.ng[i+1] < 2) {
		full = p.ProbeFull
	}
	for j, sc := range d.syns(w) {
		if sc.src != srcCilin {
			break
		}
		freq := j < p.ProbeSyn && float64(d.uni[sc.id]-d.uni[w]) >= p.FavFreq
		if j >= full && (!freq || fav) {
			// The most frequent first; past the full probe only what the
			// steering estimate needs (until one is favoured).
			break
		}
		counted = counted || freq
		one[0] = sc.id
		g := d.compare(r, nil, i, i+1, one[:]).gain
		best = math.Max(best, g)
		if freq && g > p.FavGain {
			fav = true
			if full == 0 {
				return true, true, best
			}
		}
	}
	if fav {
		return true, true, best
	}
	return len(d.syns(w)) > 0 && d.syns(w)[0].src == srcCilin, false, best
}

// addCilin adds word i's Cilin candidates: in the probe only the
// ProbeSyn most frequent synonyms, otherwise all. A candidate replaces
// the whole word with one known word, so it is scored directly.
func (d *Detector) addCilin(r *run, i int, sites []*site, probe bool) []*site {
	t := r.toks[i]
	st := r.byPos[[2]int{t.Start, t.End}]
	word := r.text(i)
	strand := [2]bool{d.stranded(r, i, i-1, word), d.stranded(r, i, i+1, word)}
	syns := d.syns(t.ID)
	if probe {
		syns = syns[:min(len(syns), d.params.ProbeSyn)]
	}
	// Room for every candidate at once: a site's candidates are large
	// and many, and growing them one by one was most of the detector's
	// allocation.
	reserve := func(st *site) {
		if st != nil && cap(st.cands)-len(st.cands) < len(syns) {
			st.cands = slices.Grow(st.cands, len(syns))
		}
	}
	reserve(st)
next:
	for j, sc := range syns {
		isProbe := sc.src == srcCilin && j < d.params.ProbeSyn
		if probe && !isProbe {
			break
		}
		if st != nil {
			for x := range st.cands {
				if c := &st.cands[x]; c.nids == 1 && c.idsIn[0] == sc.id {
					c.src |= sc.src
					c.probe = c.probe || isProbe
					continue next
				}
			}
		}
		had := st != nil
		st, sites = d.addWordCand(r, i, st, sites, sc.id, sc.src, isProbe, strand)
		if !had {
			reserve(st)
		}
	}
	if probe || d.syn == nil || !strand[0] && !strand[1] {
		return sites
	}
	// Synonyms beyond the most frequent ones that join a stranded
	// single-character neighbour into a word (柔和 → 软和 after 微).
	for _, x := range d.syn.Of(word) {
		id, ok := d.m.Vocab().ID(x)
		if !ok || !isHan(x) || !(strand[0] && d.joins(r, i, i-1, x) || strand[1] && d.joins(r, i, i+1, x)) {
			continue
		}
		dup := false
		if st != nil {
			for y := range st.cands {
				if st.cands[y].to == x {
					dup = true
					break
				}
			}
		}
		if dup {
			continue
		}
		st, sites = d.addWordCand(r, i, st, sites, id, srcCilin, false, strand)
	}
	return sites
}

// addWordCand adds word id as a candidate replacing word i of r (the
// whole word, scored in context, re-read with a stranded neighbour),
// making the word's site st when it has none yet.
func (d *Detector) addWordCand(r *run, i int, st *site, sites []*site, id lm.WordID, src uint8, probe bool, strand [2]bool) (*site, []*site) {
	t := r.toks[i]
	word := d.word(id)
	if doubles(r.src, t.Start, t.End, word) {
		return st, sites
	}
	one := [1]lm.WordID{id}
	c := cand{to: word, src: src, s: t.Start, e: t.End, a: i, b: i + 1, probe: probe,
		cmp: d.compare(r, nil, i, i+1, one[:]), fromLP: float64(d.uni[t.ID])}
	c.setIDs(one[:])
	d.mend(r, i, &c, strand)
	if st == nil {
		if r.byPos == nil {
			r.byPos = map[[2]int]*site{}
		}
		st = &site{s: t.Start, e: t.End, run: r}
		r.byPos[[2]int{t.Start, t.End}] = st
		sites = append(sites, st)
	}
	st.cands = append(st.cands, c)
	return st, sites
}

// stranded reports whether token j, next to word i, is a single Han
// character that is not a common word by itself (微, not 的) and does not
// form a word with the word's adjacent character: what a spinner leaves
// when it rewrote the second half of a word.
func (d *Detector) stranded(r *run, i, j int, word string) bool {
	if j < 0 || j >= len(r.toks) || r.prot[j] {
		return false
	}
	t := r.toks[j]
	if t.End-t.Start > 4 || utf8.RuneCountInString(r.text(j)) != 1 || t.ID == d.unk || float64(d.uni[t.ID]) >= strandedMax {
		return false
	}
	return !d.joins(r, i, j, word)
}

// strandedMax is the unigram log10 from which a single character is a
// common word by itself (的 −1.9, 说 −3.0), not a stranded piece (微 −4.3).
const strandedMax = -3.5

// joins reports whether w, standing for word i, forms a known word with
// the single character of token j beside it (微 and 软和 make 微软).
func (d *Detector) joins(r *run, i, j int, w string) bool {
	nb := r.text(j)
	var pair string
	if j < i {
		r1, _ := utf8.DecodeRuneInString(w)
		pair = nb + string(r1)
	} else {
		r1, _ := utf8.DecodeLastRuneInString(w)
		pair = string(r1) + nb
	}
	_, ok := d.m.Vocab().ID(pair)
	return ok
}

// mend re-reads a Cilin candidate c of word i with a single-character
// neighbour when the candidate, not the word, forms a known word with
// it: a spinner that segmented 微软和 as 微/软和 and wrote 柔和 left 微
// stranded; 软和 joins it again into 微软/和. strand tells which
// neighbours (left, right) are stranded. The candidate keeps the window
// that gains more in context.
func (d *Detector) mend(r *run, i int, c *cand, strand [2]bool) {
	for side := 0; side < 2; side++ {
		if !strand[side] {
			continue
		}
		a, b, j := i-1, i+1, i-1
		if side == 1 {
			a, b, j = i, i+2, i+1
		}
		if !d.joins(r, i, j, c.to) {
			continue
		}
		var buf [16]lm.WordID
		var scratch []segment.Token
		m, ids, ok := d.window(r.src, r, a, b, c, &scratch, &buf)
		if ok && m.gain > c.gain {
			c.a, c.b, c.cmp = a, b, m
			c.setIDs(ids)
		}
	}
}

// docLogit is the document's spin log-odds from the share of sites
// where a candidate fits the context better than the word (context-only
// gain above FavGain) and is not rarer than it: few in clean text, many
// where a spinner swapped words for rarer synonyms. Only probe
// candidates count, so that the estimate is the same before and after
// the expansion.
func (d *Detector) docLogit(sites []*site, runs []*run, probed, favoured float64) (float64, [3]float64) {
	p := &d.params
	fav, n := favoured, probed
	for _, st := range sites {
		best := -1.0
		counted := false
		for k := range st.cands {
			c := &st.cands[k]
			if !c.probe {
				continue
			}
			counted = true
			if c.delta-c.gain >= p.FavFreq || c.src&(srcLexicon|srcGloss) != 0 {
				best = math.Max(best, c.gain)
			}
		}
		if !counted {
			continue
		}
		n++
		if best > p.FavGain {
			fav++
		}
	}
	rate := (fav + p.DocPrior[0]) / (n + p.DocPrior[0] + p.DocPrior[1])
	// Words with a far more frequent synonym, and word pairs the model
	// has never seen.
	var rare, words, unseen, pairs float64
	for _, r := range runs {
		for i, t := range r.toks {
			if r.prot[i] || t.ID == d.unk {
				continue
			}
			if t.End-t.Start >= 6 {
				words++
				if d.rare[t.ID] {
					rare++
				}
			}
			if i > 0 && !r.prot[i-1] && r.ids[i-1] != d.unk {
				pairs++
				if r.ng[i] < 2 {
					unseen++
				}
			}
		}
	}
	f := [3]float64{
		logit(rate),
		logit((rare + 1) / (words + 10)),
		logit((unseen + 1) / (pairs + 2)),
	}
	z := f[0] + p.DocB[0]*f[1] + p.DocB[1]*f[2]
	return p.DocA * (z - p.DocR0), f
}

// Site classes of the document-level prior.
const (
	clsLex   = 0 // lexicon or expansion candidates
	clsCilin = 1 // Cilin synonyms and related words only
)

type siteEv struct {
	st  *site
	c   *cand
	e   float64 // evidence, log10 likelihood ratio
	cls int
	p   float64
	key int // substitution type, for consistency
}

// evidence is the log10 likelihood ratio (spun vs not) of candidate c
// from the language model alone: the context-only gain and, with a
// smaller weight, the total gain.
func (d *Detector) evidence(c *cand) float64 {
	p := &d.params
	g := c.gain
	if c.k >= 2 && c.e-c.s >= 12 && c.src&(srcLexicon|srcGloss) != 0 {
		// A known expansion of four or more characters spread over
		// whole words (设置 装备 摆设 for 配置): its words' own frequencies are the spinner's doing, so
		// the expansion is charged the frequency of one of them only.
		g += -c.fromLP * float64(c.k-1)
	}
	e := p.K * (clip(g, -4, 6) + p.DeltaW*clip(c.delta, -3, 3) - p.Z0)
	if c.src&srcGloss != 0 && c.e-c.s >= 12 {
		// Two glosses in a row (four characters for two).
		e += p.GlossBonus
	}
	if c.src&srcLexicon != 0 && c.src&srcGloss == 0 && c.e-c.s <= 6 {
		// A known substitution of common two-character words is no
		// proof alone: one site cannot outweigh a clean document's prior.
		e = math.Min(e, p.LexMaxEvidence)
	}
	if c.src&(srcLexicon|srcGloss) == 0 {
		// A thesaurus synonym is no evidence of a spinner by itself: a
		// clean text has words the model likes less than a synonym.
		e = math.Min(e, p.CilinMaxEvidence)
		if c.src&srcCilin == 0 {
			e -= p.NearPenalty
		}
		// Both sides of the word must gain: a synonym that only mends
		// one bigram is as often a better-fitting word of clean text.
		e = math.Min(e, p.K*(math.Min(c.left, c.right)+p.SideZ))
	}
	if math.IsNaN(e) {
		// A model without the words (−Inf against −Inf): no evidence.
		return -9
	}
	return e
}

// decide picks every site's best candidate and estimates the document's
// spin rates (one for lexicon sites, one for Cilin-only sites) with a
// few EM steps: each site's posterior combines the rate of its class
// with its own evidence and with the posteriors of the same substitution
// elsewhere in the document; the rates are the posterior means under a
// Beta prior that favours clean text. Clean documents have little
// evidence, so their rates, and with them every site's posterior, stay
// low; in a spun document the confident sites raise the rate and
// weaker sites of the same kind are reverted too.
func (d *Detector) decide(text string, sites []*site, doc, lexMass float64) ([]siteEv, [2]float64) {
	p := &d.params
	evs := make([]siteEv, 0, len(sites))
	keys := map[string]int{}
	for _, st := range sites {
		bi, bs := -1, 0.0
		for k := range st.cands {
			c := &st.cands[k]
			s := c.gain + p.SelDelta*clip(c.delta, -3, 3)
			switch {
			case c.src&(srcLexicon|srcGloss) != 0:
			case c.src&srcCilin != 0:
				s -= p.SelCilin
			default:
				s -= p.SelNear
			}
			if bi < 0 || s > bs {
				bi, bs = k, s
			}
		}
		c := &st.cands[bi]
		cls := clsLex
		if c.src&(srcLexicon|srcGloss) == 0 {
			cls = clsCilin
		}
		k := text[c.s:c.e] + "\x00" + c.to
		id, ok := keys[k]
		if !ok {
			id = len(keys)
			keys[k] = id
		}
		evs = append(evs, siteEv{st: st, c: c, e: d.evidence(c), cls: cls, key: id})
	}
	prior := [2][2]float64{p.PriorLex, p.PriorCilin}
	// The document-level estimate (how many words a synonym fits better)
	// raises the Cilin prior of a document that looks spun.
	prior[clsCilin][0] += p.DocCilinMass * sigmoid(doc-p.DocCilinAt)
	prior[clsLex][0] += p.DocLexMass*sigmoid(doc-p.DocLexAt) + lexMass
	var pi [2]float64
	for c := range pi {
		pi[c] = prior[c][0] / (prior[c][0] + prior[c][1])
	}
	// The best and second best evidence of every substitution type.
	typeMax := make([][2]float64, len(keys))
	for i := range typeMax {
		typeMax[i] = [2]float64{-9, -9}
	}
	for i := range evs {
		m, e := &typeMax[evs[i].key], evs[i].e
		if e > m[0] {
			m[0], m[1] = e, m[0]
		} else if e > m[1] {
			m[1] = e
		}
	}
	// A document whose evidence rests on one or two substitution types
	// counts each type once towards the rates: a spinner's table makes
	// many different substitutions; a clean notice that repeats 通告
	// makes one, and its repetitions must not raise the rate by
	// themselves.
	perKey := make([]float64, len(keys))
	strong := 0
	for i := range evs {
		perKey[evs[i].key]++
	}
	for k := range typeMax {
		if typeMax[k][0] > 0.5 {
			strong++
		}
	}
	for it := 0; it < p.Iterations; it++ {
		var sum, n [2]float64
		for i := range evs {
			ev := &evs[i]
			lo := logit(pi[ev.cls]) + ev.e*math.Ln10
			// The evidence of the same substitution elsewhere in the
			// document (a spinner applies one table throughout), only
			// where the document looks spun: a word that is merely
			// frequent in a clean document must not lift itself.
			other := typeMax[ev.key][0]
			if other == ev.e {
				other = typeMax[ev.key][1]
			}
			lo += p.Consistency * clip(other, 0, 2) * math.Ln10 * math.Min(1, math.Max(pi[clsLex], pi[clsCilin])/p.ConsistencyRate)
			ev.p = sigmoid(lo)
			w := 1.0
			if strong < 3 {
				w = 1 / perKey[ev.key]
			}
			sum[ev.cls] += w * ev.p
			n[ev.cls] += w
		}
		for c := range pi {
			pi[c] = math.Min(p.MaxRate, (prior[c][0]+sum[c])/(prior[c][0]+prior[c][1]+n[c]))
		}
	}
	return evs, pi
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// signalFloor is the spin score below which the signal reports 0.
const signalFloor = 0.1

// editScoreMin is the spin score the edits alone must reach to replace
// the document-level estimate (a few edits are no evidence of spinning,
// many sure ones are).
const editScoreMin = 0.3

// scoreThreshold is the confidence from which a substitution counts
// towards the document's spin score.
const scoreThreshold = 0.5

// choose returns the sites at or above t, best first without overlaps,
// sorted by offset.
func choose(sites []Site, t float64) []Site {
	idx := make([]int, 0, len(sites))
	for i, s := range sites {
		if s.Confidence >= t {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := &sites[idx[a]], &sites[idx[b]]
		if math.Abs(x.Confidence-y.Confidence) > 0.005 {
			return x.Confidence > y.Confidence
		}
		// Equally sure (often both near 1): the longer span, which
		// contains the other's reading (设置装备摆设 → 配置, not 装备摆设 → 置).
		return x.End-x.Start > y.End-y.Start
	})
	var chosen []Site
	for _, i := range idx {
		s := sites[i]
		ok := true
		for _, c := range chosen {
			if s.Start < c.End && c.Start < s.End {
				ok = false
				break
			}
		}
		if ok {
			chosen = append(chosen, s)
		}
	}
	sort.Slice(chosen, func(a, b int) bool { return chosen[a].Start < chosen[b].Start })
	return chosen
}

func reason(s Site) string {
	var src string
	switch {
	case strings.Contains(s.Source, "lexicon"):
		src = "lexicon " + s.From + "→" + s.To
	case strings.Contains(s.Source, "gloss"):
		src = "expansion " + s.From + "→" + s.To
	case strings.Contains(s.Source, "cilin-near") && !strings.Contains(s.Source, "cilin+"):
		src = "Cilin related word " + s.From + "→" + s.To
	default:
		src = "Cilin synonym " + s.From + "→" + s.To
	}
	return fmt.Sprintf("context %+.1f log10 for %s (total %+.1f); %s; confidence %.2f", s.Gain, s.To, s.Delta, src, s.Confidence)
}

// docScore turns the confident substitutions into a spin score: the
// expected number of spun words per 100 Han characters, damped for
// short texts, mapped to 0..1.
func docScore(edits []Site, han int) float64 {
	if han == 0 || len(edits) == 0 {
		return 0
	}
	sum := 0.0
	for _, e := range edits {
		sum += e.Confidence
	}
	// Rate per 100 characters with a prior of docPrior clean characters, so a
	// single edit in a short text is not enough.
	rate := 100 * sum / float64(han+docPrior)
	// 0.3 (suspicious) at 0.5 edits per 100 characters; 0.6 at ~1.1.
	return 1 - math.Exp(-rate*0.713)
}

func (d *Detector) newRun(ar *arena, text string, toks []segment.Token, prot []span, skip func(int) bool, all []segment.Token, i0, j0 int) *run {
	n := len(toks)
	r := ar.take(n)
	r.src, r.toks = text, toks
	st := lm.NullState()
	for i, t := range toks {
		r.ids[i] = t.ID
		_, sz := utf8.DecodeRuneInString(text[t.Start:t.End])
		r.single[i] = sz == t.End-t.Start
		r.st[i] = st
		p, g := d.m.Score(&st, t.ID, &st)
		r.lp[i], r.ng[i] = p, uint8(g)
		if inSpans(prot, t.Start, t.End) || (skip != nil && skip(t.Start)) {
			r.prot[i] = true
		}
	}
	r.st[n] = st
	// Names: words touching a middle dot (萨蒂亚·纳德拉).
	if i0 > 0 && isNameDot(text[all[i0-1].Start:all[i0-1].End]) {
		r.prot[0] = true
	}
	if j0 < len(all) && isNameDot(text[all[j0].Start:all[j0].End]) {
		r.prot[n-1] = true
	}
	return r
}

// arena holds the runs of one document and their per-token slices, so
// that a document costs a few allocations, not several per run.
type arena struct {
	runs   []run
	single []bool
	prot   []bool
	ids    []lm.WordID
	lp     []float32
	ng     []uint8
	st     []lm.State
}

func newArena(toks []segment.Token) *arena {
	words, runs := 0, 0
	for i, t := range toks {
		if t.Kind == segment.Word {
			words++
			if i == 0 || toks[i-1].Kind != segment.Word {
				runs++
			}
		}
	}
	return &arena{runs: make([]run, 0, runs), single: make([]bool, 0, words), prot: make([]bool, 0, words),
		ids: make([]lm.WordID, 0, words), lp: make([]float32, 0, words), ng: make([]uint8, 0, words), st: make([]lm.State, 0, words+runs)}
}

// take returns a zeroed run with slices for n tokens.
func (a *arena) take(n int) *run {
	if len(a.runs) == cap(a.runs) || len(a.ids)+n > cap(a.ids) || len(a.st)+n+1 > cap(a.st) {
		// Not counted by newArena (cannot happen): allocate.
		return &run{single: make([]bool, n), prot: make([]bool, n), ids: make([]lm.WordID, n),
			lp: make([]float32, n), ng: make([]uint8, n), st: make([]lm.State, n+1)}
	}
	a.runs = append(a.runs, run{})
	r := &a.runs[len(a.runs)-1]
	i, j := len(a.ids), len(a.ids)+n
	a.single, a.prot = a.single[:j], a.prot[:j]
	a.ids, a.lp, a.ng = a.ids[:j], a.lp[:j], a.ng[:j]
	r.single, r.prot = a.single[i:j:j], a.prot[i:j:j]
	r.ids, r.lp, r.ng = a.ids[i:j:j], a.lp[i:j:j], a.ng[i:j:j]
	k := len(a.st)
	a.st = a.st[:k+n+1]
	r.st = a.st[k : k+n+1 : k+n+1]
	return r
}

func isNameDot(s string) bool { return s == "·" || s == "•" || s == "・" || s == "‧" }

type span struct{ s, e int }

func inSpans(sp []span, s, e int) bool {
	i := sort.Search(len(sp), func(i int) bool { return sp[i].e > s })
	return i < len(sp) && sp[i].s < e
}

// protectedSpans returns book titles 《…》 and quoted terms of at most
// four characters (“…”, 「…」, "…"), sorted.
func protectedSpans(text string) []span {
	var out []span
	open := -1
	var closer rune
	for i, r := range text {
		if open >= 0 {
			if r == closer {
				inner := text[open:i]
				if closer == '》' || utf8.RuneCountInString(inner) <= 4 {
					out = append(out, span{open, i})
				}
				open = -1
			} else if r == '\n' || i-open > 400 {
				open = -1
			}
			continue
		}
		switch r {
		case '《':
			open, closer = i+len("《"), '》'
		case '“':
			open, closer = i+len("“"), '”'
		case '「':
			open, closer = i+len("「"), '」'
		}
	}
	return out
}

// collectSites adds the sites of one run.
func (d *Detector) collectSites(text string, r *run, sites []*site, scratch *[]segment.Token) []*site {
	n := len(r.toks)
	if n == 0 {
		return sites
	}
	base := r.toks[0].Start
	end := r.toks[n-1].End
	rs := text[base:end]
	add := func(s, e int, to string, src uint8) { sites = d.add(text, r, sites, s, e, to, src, true, scratch) }
	// Lexicon and expansions, at every character position.
	if len(d.lexByPre) > 0 {
		for off := 0; off < len(rs); {
			r1, n1 := utf8.DecodeRuneInString(rs[off:])
			if off+n1 >= len(rs) {
				break
			}
			if !d.isFirst(r1) {
				off += n1
				continue // no lexicon entry starts here
			}
			_, n2 := utf8.DecodeRuneInString(rs[off+n1:])
			for _, lc := range d.lexByPre[rs[off:off+n1+n2]] {
				if !strings.HasPrefix(rs[off:], lc.spun) {
					continue
				}
				s, e := base+off, base+off+len(lc.spun)
				if r.protected(s, e) {
					continue
				}
				src := uint8(srcLexicon)
				if lc.gloss {
					src = srcGloss
					if lc.common {
						// 设置 alone is the word, not 配 spun: a gloss
						// that is a common word is only reverted next to
						// another gloss (below).
						continue
					}
				}
				add(s, e, lc.orig, src)
			}
			// Two glosses in a row: 经由过程 → 通过.
			if g1, ok := d.gloss[rs[off:off+n1+n2]]; ok {
				p := off + n1 + n2
				if p < len(rs) {
					_, m1 := utf8.DecodeRuneInString(rs[p:])
					if p+m1 < len(rs) {
						_, m2 := utf8.DecodeRuneInString(rs[p+m1:])
						if g2, ok := d.gloss[rs[p:p+m1+m2]]; ok {
							if _, known := d.m.Vocab().ID(g1 + g2); known && !r.protected(base+off, base+p+m1+m2) {
								add(base+off, base+p+m1+m2, g1+g2, srcGloss)
							}
						}
					}
				}
			}
			off += n1
		}
	}
	return sites
}

// add adds candidate to at text[s:e] of run r (a new site when there is
// none at that span yet); a candidate that cannot be scored is dropped,
// and so is a site left without candidates.
func (d *Detector) add(text string, r *run, sites []*site, s, e int, to string, src uint8, probe bool, scratch *[]segment.Token) []*site {
	k := [2]int{s, e}
	st := r.byPos[k]
	if st != nil {
		for i := range st.cands {
			if st.cands[i].to == to {
				st.cands[i].src |= src
				st.cands[i].probe = st.cands[i].probe || probe
				return sites
			}
		}
	}
	if doubles(text, s, e, to) {
		return sites
	}
	c := cand{to: to, src: src, s: s, e: e, probe: probe}
	if !d.evaluate(text, r, &c, scratch) {
		return sites
	}
	if st == nil {
		if r.byPos == nil {
			r.byPos = map[[2]int]*site{}
		}
		st = &site{s: s, e: e, run: r}
		r.byPos[k] = st
		sites = append(sites, st)
	}
	st.cands = append(st.cands, c)
	return sites
}

func (r *run) text(i int) string { return r.src[r.toks[i].Start:r.toks[i].End] }

// doubles reports whether putting to in place of text[s:e] would double
// a character at either edge that the text does not double there: 文书
// → 文件 before 件 gives 文件件, the sign of a span that is part of a
// longer spun form (文书件 for 文件), not a word to replace alone.
func doubles(text string, s, e int, to string) bool {
	if to == "" || s >= e {
		return false
	}
	if e < len(text) {
		next, _ := utf8.DecodeRuneInString(text[e:])
		last, _ := utf8.DecodeLastRuneInString(to)
		was, _ := utf8.DecodeLastRuneInString(text[s:e])
		if last == next && was != next {
			return true
		}
	}
	if s > 0 {
		prev, _ := utf8.DecodeLastRuneInString(text[:s])
		first, _ := utf8.DecodeRuneInString(to)
		was, _ := utf8.DecodeRuneInString(text[s:e])
		if first == prev && was != prev {
			return true
		}
	}
	return false
}

func (r *run) protected(s, e int) bool {
	for i, t := range r.toks {
		if t.End <= s {
			continue
		}
		if t.Start >= e {
			break
		}
		if r.prot[i] {
			return true
		}
	}
	return false
}

// evaluate scores candidate c in its window and fills gain, delta and
// support. It returns false when the candidate cannot be scored.
func (d *Detector) evaluate(text string, r *run, c *cand, scratch *[]segment.Token) bool {
	n := len(r.toks)
	a := sort.Search(n, func(i int) bool { return r.toks[i].End > c.s })
	b := sort.Search(n, func(i int) bool { return r.toks[i].Start >= c.e })
	if a >= b {
		return false
	}
	best := false
	var buf [16]lm.WordID
	// Plain window, then one broken single-character neighbour each side.
	for ext := 0; ext < 3; ext++ {
		aa, bb := a, b
		if ext == 1 {
			if a == 0 || runeLen(text, r.toks[a-1]) != 1 || r.prot[a-1] {
				continue
			}
			aa = a - 1
		}
		if ext == 2 {
			if b >= n || runeLen(text, r.toks[b]) != 1 || r.prot[b] {
				continue
			}
			bb = b + 1
		}
		m, ids, ok := d.window(text, r, aa, bb, c, scratch, &buf)
		if !ok {
			continue
		}
		if !best || m.gain > c.gain {
			best = true
			c.a, c.b = aa, bb
			c.setIDs(ids)
			c.cmp = m
		}
	}
	if !best {
		return false
	}
	// The spun form's own frequency: mean unigram log10 of its tokens.
	sum := 0.0
	for i := a; i < b; i++ {
		sum += float64(d.uni[r.ids[i]])
	}
	c.fromLP = sum / float64(b-a)
	if r.toks[a].Start == c.s && r.toks[b-1].End == c.e {
		c.k = b - a // the span is whole words
	}
	return true
}

func runeLen(text string, t segment.Token) int { return utf8.RuneCountInString(text[t.Start:t.End]) }

func (d *Detector) window(text string, r *run, a, b int, c *cand, scratch *[]segment.Token, buf *[16]lm.WordID) (m cmp, ids []lm.WordID, ok bool) {
	ms, me := r.toks[a].Start, r.toks[b-1].End
	nids := 0
	if ms == c.s && me == c.e {
		if id, known := d.m.Vocab().ID(c.to); known {
			buf[0], nids = id, 1
		}
	}
	if nids == 0 {
		mid := text[ms:c.s] + c.to + text[c.e:me]
		*scratch = d.seg.AppendTokens((*scratch)[:0], mid)
		if len(*scratch) > len(buf) {
			return cmp{}, nil, false
		}
		for _, t := range *scratch {
			buf[nids] = t.ID
			nids++
		}
	}
	return d.compare(r, nil, a, b, buf[:nids]), buf[:nids], true
}

// cmp is what compare measures: the context-only gain (gain), the total
// gain (delta), split into the gain on the replaced words themselves
// (left, context-only) and on the two words after them (right); the
// share of seen n-grams before and after; and how well the text's own
// words fit their left context (fit: log10 P(w | context) − log10 P(w)).
type cmp struct {
	gain, delta, left, right float64
	supOld, supNew, fit      float64
}

// compare scores the run's tokens a..b against ids in their window, up
// to two words of right context. ctx, when not nil, is the run as
// restored so far (ids and the states before each token) and gives the
// context; tokens a..b themselves are always the text's.
func (d *Detector) compare(r *run, ctx *restored, a, b int, ids []lm.WordID) cmp {
	n := len(r.toks)
	rc := min(n, b+2)
	cur, st0 := r.ids, r.st[a]
	if ctx != nil {
		cur, st0 = ctx.ids, ctx.st[a]
	}
	var oldMid, oldRight float64
	oldSup := 0
	if ctx == nil {
		for i := a; i < rc; i++ {
			if i < b {
				oldMid += float64(r.lp[i])
			} else {
				oldRight += float64(r.lp[i])
			}
			if r.ng[i] >= 2 {
				oldSup++
			}
		}
	} else {
		st := &r.scr
		*st = st0
		for i := a; i < rc; i++ {
			id := cur[i]
			if i < b {
				id = r.ids[i]
			}
			p, g := d.m.Score(st, id, st)
			if i < b {
				oldMid += float64(p)
			} else {
				oldRight += float64(p)
			}
			if g >= 2 {
				oldSup++
			}
		}
	}
	st := &r.scr
	*st = st0
	var newMid, newRight float64
	newSup := 0
	uNew, uOld := 0.0, 0.0
	for _, id := range ids {
		p, g := d.m.Score(st, id, st)
		newMid += float64(p)
		uNew += float64(d.uni[id])
		if g >= 2 {
			newSup++
		}
	}
	for i := b; i < rc; i++ {
		p, g := d.m.Score(st, cur[i], st)
		newRight += float64(p)
		if g >= 2 {
			newSup++
		}
	}
	for i := a; i < b; i++ {
		uOld += float64(d.uni[r.ids[i]])
	}
	var c cmp
	c.delta = newMid + newRight - oldMid - oldRight
	c.gain = c.delta - (uNew - uOld)
	c.left = newMid - oldMid - (uNew - uOld)
	c.right = newRight - oldRight
	c.fit = oldMid - uOld
	c.supOld = float64(oldSup) / float64(rc-a)
	c.supNew = float64(newSup) / float64(len(ids)+rc-b)
	return c
}

// decode restores every run that has a candidate of probability at
// least at/4 jointly: a beam search over the run's words in which each
// site keeps its words or takes its candidate, scored by the language
// model along the path (so two neighbouring swaps are judged together)
// plus each candidate's prior log-odds (its class's document rate) less
// its own frequency gain. It returns the single-word substitutions of
// the best paths.
func (d *Detector) decode(evs []siteEv, pi [2]float64, at float64) map[*run][]*cand {
	p := &d.params
	byRun := map[*run][]*siteEv{}
	active := map[*run]bool{}
	for i := range evs {
		ev := &evs[i]
		byRun[ev.st.run] = append(byRun[ev.st.run], ev)
		if ev.p >= at/4 {
			active[ev.st.run] = true
		}
	}
	out := map[*run][]*cand{}
	w := p.K * (1 + p.DeltaW)
	for r, list := range byRun {
		if !active[r] {
			continue
		}
		n := len(r.toks)
		starts := make([][]*cand, n)
		bias := map[*cand]float64{}
		for _, ev := range list {
			c := ev.c
			if c.a < 0 || c.b > n || c.a >= c.b {
				continue
			}
			starts[c.a] = append(starts[c.a], c)
			rate := pi[ev.cls]
			bias[c] = math.Log10(rate/(1-rate)) - p.K*((c.delta-c.gain)+p.Z0)
		}
		type hyp struct {
			st    lm.State
			score float64
			subs  *subList
		}
		beams := make([][]hyp, n+1)
		beams[0] = []hyp{{st: r.st[0]}}
		add := func(pos int, h hyp) {
			for i := range beams[pos] {
				if sameContext(&beams[pos][i].st, &h.st) {
					if h.score > beams[pos][i].score {
						beams[pos][i] = h
					}
					return
				}
			}
			beams[pos] = append(beams[pos], h)
		}
		for i := 0; i < n; i++ {
			b := beams[i]
			if len(b) > p.Beam {
				sort.Slice(b, func(x, y int) bool { return b[x].score > b[y].score })
				b = b[:p.Beam]
			}
			for _, h := range b {
				st := h.st
				lp, _ := d.m.Score(&st, r.ids[i], &st)
				add(i+1, hyp{st, h.score + w*float64(lp), h.subs})
				for _, c := range starts[i] {
					st := h.st
					sc := h.score + bias[c]
					for _, id := range c.ids() {
						lp, _ := d.m.Score(&st, id, &st)
						sc += w * float64(lp)
					}
					add(c.b, hyp{st, sc, &subList{c, h.subs}})
				}
			}
		}
		best := -1
		for i, h := range beams[n] {
			if best < 0 || h.score > beams[n][best].score {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		for l := beams[n][best].subs; l != nil; l = l.next {
			if c := l.c; c.b-c.a == 1 && c.nids == 1 {
				out[r] = append(out[r], c)
			}
		}
	}
	return out
}

type subList struct {
	c    *cand
	next *subList
}

// sameContext reports whether two states predict the next word alike
// (the same recent words).
func sameContext(a, b *lm.State) bool {
	if a.Length != b.Length {
		return false
	}
	for i := 0; i < int(a.Length); i++ {
		if a.Words[i] != b.Words[i] {
			return false
		}
	}
	return true
}

// restored is a run with the substitutions decided so far applied
// (single-token ones only), for deciding its other sites jointly.
type restored struct {
	ids     []lm.WordID
	st      []lm.State
	changed []bool // token replaced
}

// near reports whether a replaced token lies in the trigram window of
// tokens a..b (two before, two after), outside a..b itself: only then
// does the restored context change the comparison.
func (x *restored) near(a, b int) bool {
	for i := max(0, a-2); i < min(len(x.changed), b+2); i++ {
		if (i < a || i >= b) && x.changed[i] {
			return true
		}
	}
	return false
}

// rejudge re-scores every candidate of the sites of runs that have
// confident substitutions with those substitutions applied to their
// context (one step of iterated conditional modes): a spinner swaps
// neighbouring words too, and each swap spoils the other's context.
func (d *Detector) rejudge(evs []siteEv, pi [2]float64, at float64) {
	subs := map[*run][]*cand{}
	if d.params.Beam > 0 {
		subs = d.decode(evs, pi, at)
	} else {
		for i := range evs {
			ev := &evs[i]
			if ev.p >= at && ev.c.b-ev.c.a == 1 && ev.c.nids == 1 {
				subs[ev.st.run] = append(subs[ev.st.run], ev.c)
			}
		}
	}
	ctx := map[*run]*restored{}
	for r, cs := range subs {
		x := &restored{ids: append([]lm.WordID(nil), r.ids...), st: make([]lm.State, len(r.ids)+1), changed: make([]bool, len(r.ids))}
		for _, c := range cs {
			x.ids[c.a] = c.ids()[0]
			x.changed[c.a] = true
		}
		st := lm.NullState()
		for i, id := range x.ids {
			x.st[i] = st
			d.m.Score(&st, id, &st)
		}
		x.st[len(x.ids)] = st
		ctx[r] = x
	}
	seen := map[*site]bool{}
	for i := range evs {
		st := evs[i].st
		x := ctx[st.run]
		if x == nil || seen[st] {
			continue
		}
		seen[st] = true
		for k := range st.cands {
			c := &st.cands[k]
			if x.near(c.a, c.b) {
				c.cmp = d.compare(st.run, x, c.a, c.b, c.ids())
			}
		}
	}
}
