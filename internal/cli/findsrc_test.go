package cli

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/winnow-project/winnow/index"
	"github.com/winnow-project/winnow/internal/spineval"
	"github.com/winnow-project/winnow/learn"
	"github.com/winnow-project/winnow/minhash"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
)

// genDoc makes a synthetic Chinese document from a fixed syllable pool:
// not language, but distinct shingles per document, like real text.
func genDoc(rng *rand.Rand, chars int) string {
	const pool = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
	p := []rune(pool)
	var b strings.Builder
	for i := 0; i < chars; i++ {
		b.WriteRune(p[rng.IntN(len(p))])
		if i%23 == 22 {
			b.WriteString("，")
		}
	}
	b.WriteString("。")
	return b.String()
}

func TestClusters(t *testing.T) {
	h, err := minhash.New(minhash.Default())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	a, b := genDoc(rng, 300), genDoc(rng, 300)
	r := []rune(a)
	for i := 10; i < len(r); i += 12 {
		r[i] = '变'
	}
	a2 := string(r)
	docs := []dedupDoc{
		{id: "a", sig: h.Sign(a), chars: 300, clean: cleanliness{Spam: 0.1, Perplexity: 900}},
		{id: "b", sig: h.Sign(b), chars: 300},
		{id: "a-copy", sig: h.Sign(a2), chars: 330, clean: cleanliness{Spam: 0.1, Perplexity: 1200}},
		{id: "a-same", sig: h.Sign(a), chars: 320, clean: cleanliness{Spam: 0.1, Perplexity: 900}},
		{id: "empty", sig: h.Sign(""), chars: 0},
		{id: "empty2", sig: h.Sign(""), chars: 0},
	}
	cs := clusters(h, docs, 0.4)
	if len(cs) != 1 {
		t.Fatalf("clusters %+v, want one", cs)
	}
	c := cs[0]
	if c.Size != 3 || c.Keep != "a-same" || fmt.Sprint(c.Drop) != "[a a-copy]" {
		t.Errorf("cluster %+v: want a, a-copy, a-same keeping a-same (cleanest, then longest)", c)
	}
}

func TestLearnPairs(t *testing.T) {
	fd := &finder{mode: index.ModeRaw}
	l := learn.New(learn.Options{})
	tests := []struct{ src, cp string }{
		{"我们今天发布新版本，效果显著提高。", "我们今天公布新版本，效果明显提高。"},
		{"他们今天发布了消息。", "他们今天公布了消息。"},
		{"价格是100元。", "价格是200元。"},
	}
	for _, tt := range tests {
		ops, err := fd.diff(tt.src, tt.cp)
		if err != nil {
			t.Fatal(err)
		}
		l.Add(ops)
	}
	var got []string
	for _, p := range l.Pairs() {
		got = append(got, fmt.Sprintf("%s>%s:%d", p.Spun, p.Original, p.Count))
	}
	// Without a segmenter every character is a word: 公布 → 发布 is
	// learned as 公 → 发, and 显著 → 明显 is an insertion and a deletion
	// (words come from the segmenter in real runs); numbers are never
	// learned.
	want := "[公>发:2]"
	if fmt.Sprint(got) != want {
		t.Errorf("pairs %v, want %s", got, want)
	}
	var buf bytes.Buffer
	if err := learn.WriteTSV(&buf, l.Pairs()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "l.tsv")
	os.WriteFile(path, buf.Bytes(), 0o644)
	lex, err := loadLexicon(path)
	if err != nil || lex.Len() != 1 || lex.Lookup("公")[0].Original != "发" {
		t.Fatalf("learned lexicon does not load: %v", err)
	}
}

// TestIndexAddKilled kills `winnow index add` (this test binary, re-executed)
// in the middle of a run and checks that the index it leaves is consistent
// and usable, and that running add again completes it.
func TestIndexAddKilled(t *testing.T) {
	if os.Getenv("WINNOW_INDEX_CHILD") != "" {
		os.Exit(Main(strings.Fields(os.Getenv("WINNOW_INDEX_CHILD")), nil, os.Stdout, os.Stderr))
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	var corpus bytes.Buffer
	const n = 20000
	texts := make([]string, n)
	for i := range texts {
		texts[i] = genDoc(rng, 200)
		fmt.Fprintf(&corpus, "{\"id\":\"d%d\",\"text\":%q}\n", i, texts[i])
	}
	in := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(in, corpus.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "idx")
	args := "index add --raw --batch 500 " + in + " --index " + idx
	child := func() *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^TestIndexAddKilled$")
		c.Env = append(os.Environ(), "WINNOW_INDEX_CHILD="+args)
		return c
	}
	c := child()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once a few segments are committed (the file grows), before the end.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(filepath.Join(idx, index.FileName)); err == nil && st.Size() > 4<<20 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.Process.Kill()
	c.Wait()

	ix, err := index.Open(idx, nil, true)
	if err != nil {
		t.Fatalf("index after kill: %v", err)
	}
	st, _ := ix.Stats()
	if err := ix.Verify(); err != nil {
		t.Fatalf("index after kill (%d documents): %v", st.Docs, err)
	}
	if st.Docs == 0 || st.Docs >= n {
		t.Logf("killed with %d of %d documents indexed (the kill should land mid-run)", st.Docs, n)
	}
	if st.Docs > 0 {
		d, err := ix.Doc(0)
		if err != nil {
			t.Fatal(err)
		}
		hits, err := ix.Query(d.Sig, 1)
		if err != nil || len(hits) == 0 || hits[0].ID != d.ID {
			t.Fatalf("query after kill: %+v, %v", hits, err)
		}
	}
	ix.Close()
	t.Logf("after kill: %d documents in %d segments, consistent", st.Docs, st.Segments)

	out, err := child().CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	ix, err = index.Open(idx, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, _ := ix.Stats(); st.Docs != n {
		t.Fatalf("after the second run: %d documents, want %d", st.Docs, n)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	q := ix.Hasher().Sign(texts[n-1])
	if hits, err := ix.Query(q, 1); err != nil || len(hits) == 0 || hits[0].ID != fmt.Sprintf("d%d", n-1) {
		t.Fatalf("query after completion: %+v, %v", hits, err)
	}
}

// evalDocs are the clean documents: every Wikipedia paragraph and the
// People's Daily lines joined into documents of about 250 characters.
func evalDocs(t *testing.T) []spineval.Doc {
	wiki, news, ok := spineval.CleanDocs(spineval.SharedDir())
	if !ok {
		t.Skip("no ../shared/data/clean")
	}
	docs := append([]spineval.Doc(nil), wiki...)
	for _, d := range news {
		lines := strings.Split(strings.TrimSpace(d.Text), "\n")
		var cur strings.Builder
		k := 0
		for _, l := range lines {
			cur.WriteString(l + "\n")
			if utf8.RuneCountInString(cur.String()) >= 250 {
				docs = append(docs, spineval.Doc{ID: fmt.Sprintf("%s.%d", d.ID, k), Text: cur.String()})
				k++
				cur.Reset()
			}
		}
		if cur.Len() > 0 {
			docs = append(docs, spineval.Doc{ID: fmt.Sprintf("%s.%d", d.ID, k), Text: cur.String()})
		}
	}
	return docs
}

// TestAttributionEval measures attribution and learning on spun copies of
// the clean documents (WINNOW_ATTRIB_EVAL=1; needs ../shared/data).
func TestAttributionEval(t *testing.T) {
	if os.Getenv("WINNOW_ATTRIB_EVAL") == "" {
		t.Skip("set WINNOW_ATTRIB_EVAL=1 (a few minutes; needs ../shared/data)")
	}
	docs := evalDocs(t)
	table, ok := spineval.SpinnerTable(spineval.SharedDir())
	if !ok {
		t.Skip("no spinner table")
	}
	var f checkFlags
	f.spam, f.suspicious = -1, -1
	fdR, err := newFinder(testEnv(), &f, index.ModeRestored, true)
	if err != nil {
		t.Fatal(err)
	}
	seg, _ := segment.New(fdR.a.Model())
	type copyDoc struct {
		src   int
		text  string
		truth map[[2]string]bool
	}
	ctx := context.Background()
	// Sources are indexed once per mode.
	idx := map[string]*index.Index{}
	for _, mode := range []string{index.ModeRestored, index.ModeRaw} {
		fd := &finder{a: fdR.a, seg: fdR.seg, mode: mode}
		ix, err := index.Open(filepath.Join(t.TempDir(), mode), &index.Config{MinHash: minhash.Default(), Mode: mode}, false)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		start := time.Now()
		var batch []index.Doc
		for _, d := range docs {
			text, _, err := fd.text(ctx, d.ID, []byte(d.Text))
			if err != nil {
				t.Fatal(err)
			}
			batch = append(batch, index.Doc{ID: d.ID, Text: text, Sig: ix.Hasher().Sign(text)})
		}
		if _, err := ix.Add(batch); err != nil {
			t.Fatal(err)
		}
		build := time.Since(start)
		st, _ := ix.Stats()
		t.Logf("%s: built %d docs in %s (%.0f docs/s, analysis included), %.0f bytes/doc", mode, len(docs), build.Round(time.Millisecond), float64(len(docs))/build.Seconds(), float64(st.Bytes)/float64(st.Docs))
		idx[mode] = ix
	}
	conditions := []struct {
		name  string
		table spineval.Table
		rate  float64
	}{
		{"spinner table, 7.5/100 chars", table, 7.5},
		{"spinner table, 15/100 chars", table, 15},
		{"built-in lexicon table, 15/100 chars", spineval.LexiconTable(spin.DefaultLexicon()), 15},
	}
	var copies []copyDoc
	for ci, cond := range conditions {
		sp := &spineval.Spinner{Seg: seg, Table: cond.table, Rate: cond.rate, Stuffing: 0.15, Noise: 0.1}
		rng := rand.New(rand.NewPCG(2026, 7))
		var cs []copyDoc
		subs, chars := 0, 0
		for i, d := range docs {
			spun, _, truth := sp.Spin(d.Text, rng)
			tr := map[[2]string]bool{}
			for _, s := range truth {
				tr[[2]string{spun[s.Start:s.End], s.Originals[0]}] = true
			}
			subs += len(truth)
			chars += utf8.RuneCountInString(d.Text)
			cs = append(cs, copyDoc{i, spun, tr})
		}
		if ci == 0 {
			copies = cs
		}
		t.Logf("[%s] %d clean documents, %d spun copies, %.2f substitutions per 100 characters", cond.name, len(docs), len(cs), 100*float64(subs)/float64(chars))
		for _, mode := range []string{index.ModeRestored, index.ModeRaw} {
			fd := &finder{a: fdR.a, seg: fdR.seg, mode: mode}
			ix := idx[mode]
			correct := 0
			sumJ := 0.0
			var lat []time.Duration
			for _, c := range cs {
				text, _, err := fd.text(ctx, "", []byte(c.text))
				if err != nil {
					t.Fatal(err)
				}
				q0 := time.Now()
				srcs, err := attribute(ix, fd, text, c.text, 1, false)
				lat = append(lat, time.Since(q0))
				if err != nil {
					t.Fatal(err)
				}
				if len(srcs) > 0 && srcs[0].ID == docs[c.src].ID {
					correct++
					sumJ += srcs[0].Exact
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			t.Logf("[%s] %s signatures: top-1 %d/%d = %.4f, mean exact Jaccard with the true source %.3f; query (sign+LSH+exact Jaccard, analysis excluded) p50 %s p99 %s",
				cond.name, mode, correct, len(cs), float64(correct)/float64(len(cs)), sumJ/float64(max(correct, 1)), lat[len(lat)/2], lat[len(lat)*99/100])
		}
	}
	// Learning: align each clean source with its spun copy.
	tp, fp, fn := 0, 0, 0
	perDocOK := 0
	all := learn.New(learn.Options{})
	for _, c := range copies {
		ops, err := fdR.diff(docs[c.src].Text, c.text)
		if err != nil {
			t.Fatal(err)
		}
		l := learn.New(learn.Options{})
		l.Add(ops)
		all.Add(ops)
		got := map[[2]string]bool{}
		for _, p := range l.Pairs() {
			got[[2]string{p.Spun, p.Original}] = true
		}
		dtp := 0
		for k := range got {
			if c.truth[k] {
				dtp++
			} else {
				fp++
			}
		}
		tp += dtp
		fn += len(c.truth) - dtp
		if len(c.truth) == 0 || float64(dtp) >= 0.9*float64(len(c.truth)) {
			perDocOK++
		}
	}
	t.Logf("learn (pairs per copy): recall %d/%d = %.4f, precision %d/%d = %.4f; copies with >= 90%% of their pairs recovered: %d/%d",
		tp, tp+fn, float64(tp)/float64(tp+fn), tp, tp+fp, float64(tp)/float64(tp+fp), perDocOK, len(copies))
	used := map[[2]string]bool{}
	for _, c := range copies {
		for k := range c.truth {
			used[k] = true
		}
	}
	utp := 0
	ps := all.Pairs()
	for _, p := range ps {
		if used[[2]string{p.Spun, p.Original}] {
			utp++
		}
	}
	t.Logf("learn (distinct pairs over all copies): recall %d/%d = %.4f, precision %d/%d = %.4f", utp, len(used), float64(utp)/float64(len(used)), utp, len(ps), float64(utp)/float64(len(ps)))
}

func testEnv() *env {
	var buf bytes.Buffer
	e := &env{stdout: &buf, stderr: &buf}
	e.log = nil
	return e
}
