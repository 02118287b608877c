package winnow

import (
	"sync"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/segment"
)

// buffers are the per-document slices an Analyzer reuses across
// documents and goroutines: the segmenter's output and, for Check (whose
// report keeps no tokens), the document's tokens and sentences.
type buffers struct {
	seg  sync.Pool // *[]segment.Token
	toks sync.Pool // *docBuffers
}

type docBuffers struct {
	toks  []document.Token
	sents []document.Sentence
}

// maxPooledTokens is the largest buffer kept for the next document; a
// huge page's buffers go to the garbage collector.
const maxPooledTokens = 1 << 16

// segment fills d.Tokens with the segmentation of d.Text. With pooled the
// tokens and sentences slices are the pool's (see putDocument).
func (a *Analyzer) segment(d *document.Document, pooled bool) {
	sb, _ := a.buffers.seg.Get().(*[]segment.Token)
	if sb == nil {
		sb = new([]segment.Token)
	}
	toks := a.seg.AppendTokens((*sb)[:0], d.Text)
	var dt []document.Token
	if pooled {
		if db, _ := a.buffers.toks.Get().(*docBuffers); db != nil {
			dt, d.Sentences = db.toks[:0], db.sents[:0]
		}
	}
	if cap(dt) < len(toks) {
		dt = make([]document.Token, 0, len(toks))
	}
	for _, t := range toks {
		dt = append(dt, document.Token{Start: t.Start, End: t.End, Kind: document.TokenKind(t.Kind), ID: t.ID})
	}
	d.Tokens = dt
	if cap(toks) <= maxPooledTokens {
		*sb = toks
		a.buffers.seg.Put(sb)
	}
}

// putDocument takes back d's tokens and sentences for the next document;
// d must not be used for them afterwards.
func (b *buffers) putDocument(d *document.Document) {
	if cap(d.Tokens) == 0 || cap(d.Tokens) > maxPooledTokens {
		return
	}
	b.toks.Put(&docBuffers{toks: d.Tokens[:0], sents: d.Sentences[:0]})
	d.Tokens, d.Sentences, d.Scored = nil, nil, false
}
