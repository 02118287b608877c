package index

import (
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Compact merges the postings of every segment into one segment, so that
// a query makes one lookup per band instead of one per band per segment
// (an index built by many `index add` runs, or in small batches, has many
// segments). It rewrites the LSH postings group by group and every
// document's segment number, all in one transaction: a compaction that is
// killed leaves the index as it was. It returns the number of segments
// merged (0 when there was at most one).
func (ix *Index) Compact() (int, error) {
	merged := 0
	err := ix.db.Update(func(tx *bolt.Tx) error {
		m, db, lsh := tx.Bucket(bMeta), tx.Bucket(bDocs), tx.Bucket(bLSH)
		segs := getU32(m.Get(kSegments))
		if segs <= 1 {
			return nil
		}
		lsh.FillPercent, db.FillPercent = 1, 1
		key := make([]byte, 6)
		var ps []uint64
		for band := 0; band < ix.cfg.MinHash.Bands; band++ {
			for pre := 0; pre < 256; pre++ {
				ps = ps[:0]
				for s := uint32(0); s < segs; s++ {
					binary.BigEndian.PutUint32(key, s)
					key[4], key[5] = byte(band), byte(pre)
					v := lsh.Get(key)
					for i := 0; i+8 <= len(v); i += 8 {
						ps = append(ps, uint64(binary.LittleEndian.Uint32(v[i:]))<<32|uint64(binary.LittleEndian.Uint32(v[i+4:])))
					}
					if s > 0 && v != nil {
						if err := lsh.Delete(slices.Clone(key)); err != nil {
							return err
						}
					}
				}
				if len(ps) == 0 {
					continue
				}
				slices.Sort(ps)
				val := make([]byte, 0, 8*len(ps))
				for _, p := range ps {
					val = binary.LittleEndian.AppendUint32(val, uint32(p>>32))
					val = binary.LittleEndian.AppendUint32(val, uint32(p))
				}
				binary.BigEndian.PutUint32(key, 0)
				if err := lsh.Put(slices.Clone(key), val); err != nil {
					return err
				}
			}
		}
		// Every document now lives in segment 0: its record's first four
		// bytes (encodeDoc).
		var nums [][]byte
		c := db.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) < 4 {
				return fmt.Errorf("document %d: %w", getU32(k), errRecord)
			}
			if binary.LittleEndian.Uint32(v) != 0 {
				nums = append(nums, slices.Clone(k))
			}
		}
		for _, k := range nums {
			v := slices.Clone(db.Get(k))
			binary.LittleEndian.PutUint32(v, 0)
			if err := db.Put(k, v); err != nil {
				return err
			}
		}
		merged = int(segs)
		return m.Put(kSegments, u32(1))
	})
	if err != nil {
		return 0, fmt.Errorf("index: compact: %w", err)
	}
	return merged, nil
}
