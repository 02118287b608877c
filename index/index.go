// Package index is a persistent MinHash LSH index of documents, kept in
// an embedded bbolt database (one file, crash-safe: every Add is one
// transaction, so a killed process leaves the index as it was after the
// last completed Add).
//
// It takes documents (an ID, the text that was signed and its
// minhash.Signature) and gives, for a query signature, the indexed
// documents most likely to share its shingles, with estimated Jaccard
// similarity; the stored text lets callers compute the exact Jaccard and
// align the two texts.
//
// # Layout
//
// Buckets of the database:
//
//	meta  "config" → JSON Config; "segments", "docs" → uint32 counters
//	ids   document ID → document number (uint32, big-endian)
//	docs  document number → record: segment, ID, signature, text
//	lsh   segment, band, first byte of band hash → sorted (hash, number) pairs
//
// Every Add writes one segment: its band postings are grouped by band and
// by the first byte of the band hash, so a segment costs 8 bytes per
// document per band plus a few bytes per group, and its keys come after
// every earlier segment's (appends, pages filled full). A query looks up
// one group per band per segment and binary-searches it. Add documents in
// batches of thousands, not one by one.
package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/winnow-project/winnow/minhash"
)

// FileName is the database file inside the index directory.
const FileName = "index.bolt"

// Text modes: what text a document's signature was made from.
const (
	ModeRestored = "restored" // the restored article (report.Restored)
	ModeRaw      = "raw"      // the input text as given
)

// Config is fixed when an index is created.
type Config struct {
	MinHash minhash.Options `json:"minhash"`
	Mode    string          `json:"mode"`
	Version int             `json:"version"`
}

// version of the on-disk layout.
const version = 1

var (
	bMeta = []byte("meta")
	bIDs  = []byte("ids")
	bDocs = []byte("docs")
	bLSH  = []byte("lsh")

	kConfig   = []byte("config")
	kSegments = []byte("segments")
	kDocs     = []byte("docs")
)

// Index is an open index. Its methods are safe for concurrent use
// (bbolt allows one writer and many readers).
type Index struct {
	db   *bolt.DB
	cfg  Config
	h    *minhash.Hasher
	path string
}

// Doc is one document of the index.
type Doc struct {
	ID   string
	Text string            // the text that was signed
	Sig  minhash.Signature // its signature
	Num  uint32            // document number (set by the index)
}

// Open opens the index in dir, creating it with cfg when it does not
// exist. For an existing index cfg may be nil (use the stored one);
// otherwise it must equal the stored one.
func Open(dir string, cfg *Config, readOnly bool) (*Index, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("index: %w", err)
		}
		if readOnly || cfg == nil {
			return nil, fmt.Errorf("index: no index in %s (create one with winnow index add)", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 10 * time.Second, ReadOnly: readOnly, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	ix := &Index{db: db, path: path}
	if err := ix.init(cfg, readOnly); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) init(cfg *Config, readOnly bool) error {
	var stored *Config
	err := ix.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil {
			return nil
		}
		raw := m.Get(kConfig)
		if raw == nil {
			return errors.New("index: meta bucket without config")
		}
		var c Config
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("index: config: %w", err)
		}
		stored = &c
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case stored == nil && (readOnly || cfg == nil):
		return fmt.Errorf("index: %s is not an index", ix.path)
	case stored == nil:
		c := *cfg
		c.Version = version
		if c.Mode != ModeRestored && c.Mode != ModeRaw {
			return fmt.Errorf("index: mode %q: want %s or %s", c.Mode, ModeRestored, ModeRaw)
		}
		if err := c.MinHash.Validate(); err != nil {
			return err
		}
		raw, _ := json.Marshal(c)
		err := ix.db.Update(func(tx *bolt.Tx) error {
			m, err := tx.CreateBucket(bMeta)
			if err != nil {
				return err
			}
			for _, b := range [][]byte{bIDs, bDocs, bLSH} {
				if _, err := tx.CreateBucket(b); err != nil {
					return err
				}
			}
			if err := m.Put(kConfig, raw); err != nil {
				return err
			}
			if err := m.Put(kSegments, u32(0)); err != nil {
				return err
			}
			return m.Put(kDocs, u32(0))
		})
		if err != nil {
			return fmt.Errorf("index: create: %w", err)
		}
		stored = &c
	case cfg != nil:
		want := *cfg
		want.Version = stored.Version
		if want != *stored {
			return fmt.Errorf("index: %s was made with %+v, not %+v", ix.path, *stored, want)
		}
	}
	if stored.Version != version {
		return fmt.Errorf("index: layout version %d, want %d", stored.Version, version)
	}
	h, err := minhash.New(stored.MinHash)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	ix.cfg, ix.h = *stored, h
	return nil
}

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// Config returns the index's configuration.
func (ix *Index) Config() Config { return ix.cfg }

// Hasher returns the hasher that signs documents for this index.
func (ix *Index) Hasher() *minhash.Hasher { return ix.h }

// Path is the database file.
func (ix *Index) Path() string { return ix.path }

// Has reports whether a document with this ID is indexed.
func (ix *Index) Has(id string) (bool, error) {
	var ok bool
	err := ix.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bIDs).Get([]byte(id)) != nil
		return nil
	})
	return ok, err
}

// Stats are an index's counts.
type Stats struct {
	Docs     int   `json:"docs"`
	Segments int   `json:"segments"`
	Bytes    int64 `json:"bytes"` // database file size
}

// Stats returns the index's counts.
func (ix *Index) Stats() (Stats, error) {
	var s Stats
	err := ix.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		s.Docs = int(getU32(m.Get(kDocs)))
		s.Segments = int(getU32(m.Get(kSegments)))
		s.Bytes = tx.Size()
		return nil
	})
	return s, err
}

// Add indexes docs as one segment, in one transaction, and returns how
// many were new (documents whose ID is indexed already, or repeated in
// docs, are skipped). Signatures must come from Hasher.
func (ix *Index) Add(docs []Doc) (int, error) {
	perms := ix.cfg.MinHash.Perms
	for i := range docs {
		if len(docs[i].Sig) != perms {
			return 0, fmt.Errorf("index: document %q: signature of %d values, want %d", docs[i].ID, len(docs[i].Sig), perms)
		}
	}
	added := 0
	err := ix.db.Update(func(tx *bolt.Tx) error {
		m, ids, db, lsh := tx.Bucket(bMeta), tx.Bucket(bIDs), tx.Bucket(bDocs), tx.Bucket(bLSH)
		db.FillPercent, lsh.FillPercent = 1, 1
		seg := getU32(m.Get(kSegments))
		n := getU32(m.Get(kDocs))
		bands := ix.cfg.MinHash.Bands
		post := make([][]uint64, bands) // per band: hash<<32 | num
		seen := map[string]bool{}
		for _, d := range docs {
			if seen[d.ID] || ids.Get([]byte(d.ID)) != nil {
				continue
			}
			seen[d.ID] = true
			if n == ^uint32(0) {
				return errors.New("index: full (2^32-1 documents)")
			}
			num := n
			n++
			if err := ids.Put([]byte(d.ID), u32(num)); err != nil {
				return err
			}
			// bbolt keeps value slices until the commit: no reuse.
			rec := encodeDoc(nil, seg, d)
			if err := db.Put(u32(num), rec); err != nil {
				return err
			}
			for b, key := range ix.h.Bands(d.Sig) {
				post[b] = append(post[b], uint64(key)<<32|uint64(num))
			}
			added++
		}
		if added == 0 {
			return nil
		}
		key := make([]byte, 6)
		binary.BigEndian.PutUint32(key, seg)
		var val []byte
		for b, ps := range post {
			slices.Sort(ps)
			key[4] = byte(b)
			for i := 0; i < len(ps); {
				pre := byte(ps[i] >> 56)
				j := i
				val = val[:0]
				for j < len(ps) && byte(ps[j]>>56) == pre {
					val = binary.LittleEndian.AppendUint32(val, uint32(ps[j]>>32))
					val = binary.LittleEndian.AppendUint32(val, uint32(ps[j]))
					j++
				}
				key[5] = pre
				if err := lsh.Put(key, slices.Clone(val)); err != nil {
					return err
				}
				i = j
			}
		}
		if err := m.Put(kSegments, u32(seg+1)); err != nil {
			return err
		}
		return m.Put(kDocs, u32(n))
	})
	if err != nil {
		return 0, fmt.Errorf("index: add: %w", err)
	}
	return added, nil
}

// Hit is a candidate source.
type Hit struct {
	Num       uint32  `json:"-"`
	ID        string  `json:"id"`
	Bands     int     `json:"bands"`     // bands shared with the query
	Estimated float64 `json:"estimated"` // estimated Jaccard (signatures)
}

// MaxCandidates bounds the documents whose signatures a query reads: when
// more share a band with the query, those sharing the most bands are
// kept.
const MaxCandidates = 2000

// Query returns up to k indexed documents that share at least one LSH
// band with sig, most similar first by estimated Jaccard.
func (ix *Index) Query(sig minhash.Signature, k int) ([]Hit, error) {
	if len(sig) != ix.cfg.MinHash.Perms {
		return nil, fmt.Errorf("index: query signature of %d values, want %d", len(sig), ix.cfg.MinHash.Perms)
	}
	keys := ix.h.Bands(sig)
	if keys == nil || k <= 0 {
		return nil, nil
	}
	var hits []Hit
	err := ix.db.View(func(tx *bolt.Tx) error {
		segs := getU32(tx.Bucket(bMeta).Get(kSegments))
		lsh, db := tx.Bucket(bLSH), tx.Bucket(bDocs)
		count := map[uint32]int{}
		key := make([]byte, 6)
		for s := uint32(0); s < segs; s++ {
			binary.BigEndian.PutUint32(key, s)
			for b, h := range keys {
				key[4], key[5] = byte(b), byte(h>>24)
				v := lsh.Get(key)
				n := len(v) / 8
				i := sort.Search(n, func(i int) bool { return binary.LittleEndian.Uint32(v[i*8:]) >= h })
				for ; i < n && binary.LittleEndian.Uint32(v[i*8:]) == h; i++ {
					count[binary.LittleEndian.Uint32(v[i*8+4:])]++
				}
			}
		}
		cands := make([]Hit, 0, len(count))
		for num, c := range count {
			cands = append(cands, Hit{Num: num, Bands: c})
		}
		if len(cands) > MaxCandidates {
			sort.Slice(cands, func(i, j int) bool {
				if cands[i].Bands != cands[j].Bands {
					return cands[i].Bands > cands[j].Bands
				}
				return cands[i].Num < cands[j].Num
			})
			cands = cands[:MaxCandidates]
		}
		for i := range cands {
			raw := db.Get(u32(cands[i].Num))
			d, err := decodeDoc(raw, ix.cfg.MinHash.Perms, false)
			if err != nil {
				return fmt.Errorf("index: document %d: %w", cands[i].Num, err)
			}
			cands[i].ID = d.ID
			cands[i].Estimated, _ = minhash.Similarity(sig, d.Sig)
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].Estimated != cands[j].Estimated {
				return cands[i].Estimated > cands[j].Estimated
			}
			return cands[i].Num < cands[j].Num
		})
		if len(cands) > k {
			cands = cands[:k]
		}
		hits = cands
		return nil
	})
	return hits, err
}

// Doc returns the document with number num.
func (ix *Index) Doc(num uint32) (Doc, error) {
	var d Doc
	err := ix.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bDocs).Get(u32(num))
		if raw == nil {
			return fmt.Errorf("index: no document %d", num)
		}
		r, err := decodeDoc(raw, ix.cfg.MinHash.Perms, true)
		d = r.Doc
		d.Num = num
		return err
	})
	return d, err
}

// Each calls fn for every document in number order, stopping at the
// first error.
func (ix *Index) Each(fn func(Doc) error) error {
	return ix.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bDocs).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			d, err := decodeDoc(v, ix.cfg.MinHash.Perms, true)
			if err != nil {
				return fmt.Errorf("index: document %d: %w", getU32(k), err)
			}
			d.Num = getU32(k)
			if err := fn(d.Doc); err != nil {
				return err
			}
		}
		return nil
	})
}

// Verify checks that the index is consistent: the counters agree with the
// buckets, every ID maps to its document, every document's signature is
// the signature of its stored text and every band of it is posted in its
// segment, and every posting names an existing document of that segment.
func (ix *Index) Verify() error {
	return ix.db.View(func(tx *bolt.Tx) error {
		m, ids, db, lsh := tx.Bucket(bMeta), tx.Bucket(bIDs), tx.Bucket(bDocs), tx.Bucket(bLSH)
		nDocs, segs := getU32(m.Get(kDocs)), getU32(m.Get(kSegments))
		if got := ids.Stats().KeyN; got != int(nDocs) {
			return fmt.Errorf("index: %d IDs, counter says %d documents", got, nDocs)
		}
		if got := db.Stats().KeyN; got != int(nDocs) {
			return fmt.Errorf("index: %d documents, counter says %d", got, nDocs)
		}
		segOf := make([]uint32, nDocs)
		postings := 0
		c := db.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			num := getU32(k)
			if num >= nDocs {
				return fmt.Errorf("index: document number %d beyond counter %d", num, nDocs)
			}
			d, err := decodeDoc(v, ix.cfg.MinHash.Perms, true)
			if err != nil {
				return fmt.Errorf("index: document %d: %w", num, err)
			}
			if d.segment >= segs {
				return fmt.Errorf("index: document %d in segment %d of %d", num, d.segment, segs)
			}
			segOf[num] = d.segment
			if got := ids.Get([]byte(d.ID)); got == nil || getU32(got) != num {
				return fmt.Errorf("index: ID %q does not map to document %d", d.ID, num)
			}
			if !slices.Equal(ix.h.Sign(d.Text), d.Sig) {
				return fmt.Errorf("index: document %d (%q): signature is not its text's", num, d.ID)
			}
			key := make([]byte, 6)
			binary.BigEndian.PutUint32(key, d.segment)
			for b, h := range ix.h.Bands(d.Sig) {
				key[4], key[5] = byte(b), byte(h>>24)
				if !hasPosting(lsh.Get(key), h, num) {
					return fmt.Errorf("index: document %d (%q): band %d not posted", num, d.ID, b)
				}
				postings++
			}
		}
		n := 0
		lc := lsh.Cursor()
		for k, v := lc.First(); k != nil; k, v = lc.Next() {
			if len(k) != 6 || len(v)%8 != 0 {
				return fmt.Errorf("index: malformed LSH entry %x", k)
			}
			seg := binary.BigEndian.Uint32(k)
			for i := 0; i < len(v); i += 8 {
				num := binary.LittleEndian.Uint32(v[i+4:])
				if num >= nDocs || segOf[num] != seg {
					return fmt.Errorf("index: posting of document %d in segment %d", num, seg)
				}
				n++
			}
		}
		if n != postings {
			return fmt.Errorf("index: %d postings, documents need %d", n, postings)
		}
		return nil
	})
}

func hasPosting(v []byte, h, num uint32) bool {
	n := len(v) / 8
	i := sort.Search(n, func(i int) bool { return binary.LittleEndian.Uint32(v[i*8:]) >= h })
	for ; i < n && binary.LittleEndian.Uint32(v[i*8:]) == h; i++ {
		if binary.LittleEndian.Uint32(v[i*8+4:]) == num {
			return true
		}
	}
	return false
}

type docRec struct {
	Doc
	segment uint32
}

// encodeDoc appends a document record: segment (uint32 LE), uvarint ID
// length, ID, signature (uint32 LE each), uvarint text length, text.
func encodeDoc(dst []byte, seg uint32, d Doc) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, seg)
	dst = binary.AppendUvarint(dst, uint64(len(d.ID)))
	dst = append(dst, d.ID...)
	for _, v := range d.Sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	dst = binary.AppendUvarint(dst, uint64(len(d.Text)))
	return append(dst, d.Text...)
}

var errRecord = errors.New("malformed document record")

// decodeDoc reads a record written by encodeDoc for signatures of perms
// values; withText false skips the text.
func decodeDoc(b []byte, perms int, withText bool) (docRec, error) {
	var d docRec
	if len(b) < 4 {
		return d, errRecord
	}
	d.segment = binary.LittleEndian.Uint32(b)
	b = b[4:]
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return d, errRecord
	}
	d.ID = string(b[w : w+int(n)])
	b = b[w+int(n):]
	if len(b) < 4*perms {
		return d, errRecord
	}
	d.Sig = make(minhash.Signature, perms)
	for i := range d.Sig {
		d.Sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	b = b[4*perms:]
	n, w = binary.Uvarint(b)
	if w <= 0 || n != uint64(len(b)-w) {
		return d, errRecord
	}
	if withText {
		d.Text = string(b[w:])
	}
	return d, nil
}

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func getU32(b []byte) uint32 {
	if len(b) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}
