package index

import "testing"

// FuzzDecodeDoc: any bytes decode or fail cleanly; what decodes encodes
// back to the same bytes.
func FuzzDecodeDoc(f *testing.F) {
	f.Add(encodeDoc(nil, 1, Doc{ID: "id", Text: "文本", Sig: []uint32{1, 2, 3, 4}}), 4)
	f.Add([]byte{}, 0)
	f.Add([]byte{0, 0, 0, 0, 0, 0}, 0)
	f.Fuzz(func(t *testing.T, b []byte, perms int) {
		if perms < 0 || perms > 64 {
			return
		}
		d, err := decodeDoc(b, perms, true)
		if err != nil {
			return
		}
		if got := encodeDoc(nil, d.segment, d.Doc); string(got) != string(b) {
			// Uvarints have several encodings; only the canonical one
			// round-trips, and decoding must still agree.
			d2, err := decodeDoc(got, perms, true)
			if err != nil || d2.ID != d.ID || d2.Text != d.Text {
				t.Fatalf("re-encoding changed the record: %v", err)
			}
		}
	})
}
