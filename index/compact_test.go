package index

import (
	"reflect"
	"strings"
	"testing"
)

// TestCompact: an index built one document per Add (a segment each)
// answers every query the same after Compact, with one segment, passes
// Verify, and takes further Adds.
func TestCompact(t *testing.T) {
	ix := openTemp(t, t.TempDir())
	defer ix.Close()
	for _, id := range []string{"bakery", "library", "river", "train"} {
		text := sources[id]
		if _, err := ix.Add([]Doc{{ID: id, Text: text, Sig: ix.Hasher().Sign(text)}}); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{sources["river"], strings.ReplaceAll(sources["bakery"], "每天", "每日"), sources["train"], "完全无关的一段文字。"}
	answers := func() [][]Hit {
		var out [][]Hit
		for _, q := range queries {
			hits, err := ix.Query(ix.Hasher().Sign(q), 3)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, hits)
		}
		return out
	}
	before := answers()
	n, err := ix.Compact()
	if err != nil || n != 4 {
		t.Fatalf("Compact = %d, %v; want 4 segments merged", n, err)
	}
	if st, _ := ix.Stats(); st.Segments != 1 || st.Docs != 4 {
		t.Errorf("stats after compact %+v", st)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	if after := answers(); !reflect.DeepEqual(before, after) {
		t.Errorf("answers changed:\n%v\n%v", before, after)
	}
	if n, err := ix.Compact(); err != nil || n != 0 {
		t.Errorf("second Compact = %d, %v", n, err)
	}
	extra := "山顶的气象站每小时记录一次风速和气温，数据通过卫星传回城里。"
	if _, err := ix.Add([]Doc{{ID: "station", Text: extra, Sig: ix.Hasher().Sign(extra)}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	if hits, _ := ix.Query(ix.Hasher().Sign(extra), 1); len(hits) != 1 || hits[0].ID != "station" {
		t.Errorf("after compact and add: %+v", hits)
	}
}
