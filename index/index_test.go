package index

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/minhash"
)

// Fixtures written for this test.
var sources = map[string]string{
	"river":   "这条河从山里流出来，经过三个村子，最后汇入东边的大湖。每年春天，河边的柳树发芽，孩子们在岸上放风筝。",
	"bakery":  "街角的面包店每天早上六点开门，老板先烤好法棍和牛角包，再准备午餐用的三明治。附近的上班族常常排队购买。",
	"library": "市图书馆新开了一间儿童阅览室，里面有上千本绘本和一套互动投影设备，周末还会举办亲子读书会。",
	"train":   "新的高速铁路连接了两座城市，全程只需要四十分钟。通车以后，很多人选择在一座城市居住，在另一座城市工作。",
}

func openTemp(t *testing.T, dir string) *Index {
	t.Helper()
	cfg := &Config{MinHash: minhash.Default(), Mode: ModeRaw}
	ix, err := Open(dir, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func addAll(t *testing.T, ix *Index) {
	t.Helper()
	var docs []Doc
	for id, text := range sources {
		docs = append(docs, Doc{ID: id, Text: text, Sig: ix.Hasher().Sign(text)})
	}
	if n, err := ix.Add(docs); err != nil || n != len(sources) {
		t.Fatalf("Add = %d, %v", n, err)
	}
}

func TestQuery(t *testing.T) {
	ix := openTemp(t, t.TempDir())
	defer ix.Close()
	addAll(t, ix)
	tests := []struct{ query, want string }{
		{sources["river"], "river"},
		{strings.NewReplacer("流出来", "淌出来", "最后", "最终", "孩子们", "小孩们").Replace(sources["river"]), "river"},
		{strings.NewReplacer("每天", "每日", "准备", "预备", "常常", "经常").Replace(sources["bakery"]), "bakery"},
		{"　" + strings.NewReplacer("，", " , ", "。", " 。 ").Replace(sources["train"]), "train"},
		{strings.NewReplacer("新开了", "新设了", "举办", "举行").Replace(sources["library"]), "library"},
	}
	for i, tt := range tests {
		hits, err := ix.Query(ix.Hasher().Sign(tt.query), 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ID != tt.want {
			t.Errorf("query %d: hits %+v, want %s first", i, hits, tt.want)
		}
	}
	hits, err := ix.Query(ix.Hasher().Sign("完全无关的一段文字，讲的是天文望远镜的镜片如何打磨。"), 3)
	if err != nil || len(hits) != 0 {
		t.Errorf("unrelated query: %+v, %v", hits, err)
	}
	if hits, err := ix.Query(ix.Hasher().Sign(""), 3); err != nil || len(hits) != 0 {
		t.Errorf("empty query: %+v, %v", hits, err)
	}
	if _, err := ix.Query(minhash.Signature{1, 2}, 3); err == nil {
		t.Error("short signature: want error")
	}
}

func TestAddIdempotentAndReopen(t *testing.T) {
	dir := t.TempDir()
	ix := openTemp(t, dir)
	addAll(t, ix)
	var docs []Doc
	for id, text := range sources {
		docs = append(docs, Doc{ID: id, Text: text, Sig: ix.Hasher().Sign(text)})
	}
	extra := "一段新的文字，用来检查重复添加时只有新文档被写入。"
	docs = append(docs, Doc{ID: "new", Text: extra, Sig: ix.Hasher().Sign(extra)}, Doc{ID: "new", Text: extra, Sig: ix.Hasher().Sign(extra)})
	if n, err := ix.Add(docs); err != nil || n != 1 {
		t.Fatalf("second Add = %d, %v; want 1 new", n, err)
	}
	if n, err := ix.Add(docs[:1]); err != nil || n != 0 {
		t.Fatalf("third Add = %d, %v; want 0", n, err)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	other := minhash.Default()
	other.NGram = 5
	if _, err := Open(dir, &Config{MinHash: other, Mode: ModeRaw}, false); err == nil {
		t.Error("reopening with other options: want error")
	}
	ro, err := Open(dir, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	st, err := ro.Stats()
	if err != nil || st.Docs != len(sources)+1 || st.Segments != 2 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	d, err := ro.Doc(0)
	if err != nil || sources[d.ID] != d.Text {
		t.Errorf("Doc(0) = %+v, %v", d, err)
	}
	n := 0
	if err := ro.Each(func(Doc) error { n++; return nil }); err != nil || n != len(sources)+1 {
		t.Errorf("Each saw %d, %v", n, err)
	}
	if _, err := ro.Doc(99); err == nil {
		t.Error("Doc(99): want error")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, nil, true); err == nil {
		t.Error("read-only open of a missing index: want error")
	}
	bad := minhash.Default()
	bad.Bands = 200
	if _, err := Open(filepath.Join(dir, "a"), &Config{MinHash: bad, Mode: ModeRaw}, false); err == nil {
		t.Error("invalid options: want error")
	}
	if _, err := Open(filepath.Join(dir, "b"), &Config{MinHash: minhash.Default(), Mode: "odd"}, false); err == nil {
		t.Error("invalid mode: want error")
	}
	ix := openTemp(t, filepath.Join(dir, "c"))
	defer ix.Close()
	if _, err := ix.Add([]Doc{{ID: "x", Sig: minhash.Signature{1}}}); err == nil {
		t.Error("short signature: want error")
	}
}

func TestDocRecord(t *testing.T) {
	tests := []Doc{
		{ID: "a", Text: "正文", Sig: minhash.Signature{1, 2, 3}},
		{ID: "", Text: "", Sig: minhash.Signature{0, 0, 0}},
		{ID: strings.Repeat("长", 300), Text: strings.Repeat("文", 1000), Sig: minhash.Signature{7, 8, 9}},
	}
	for _, d := range tests {
		got, err := decodeDoc(encodeDoc(nil, 5, d), 3, true)
		if err != nil || got.ID != d.ID || got.Text != d.Text || fmt.Sprint(got.Sig) != fmt.Sprint(d.Sig) || got.segment != 5 {
			t.Errorf("round trip of %q: %+v, %v", d.ID, got, err)
		}
	}
	for _, b := range [][]byte{nil, {1, 2}, {0, 0, 0, 0, 0xff}, {0, 0, 0, 0, 1, 'a', 1, 2}} {
		if _, err := decodeDoc(b, 3, true); !errors.Is(err, errRecord) {
			t.Errorf("decodeDoc(%x) = %v, want errRecord", b, err)
		}
	}
}
