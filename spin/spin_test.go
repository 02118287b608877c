package spin

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/models"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testDetector = sync.OnceValues(func() (*Detector, error) {
	m, err := models.Default()
	if err != nil {
		return nil, err
	}
	return New(m)
})

func detector(t testing.TB) *Detector {
	d, err := testDetector()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGolden runs the detector on our own fixture sentences (written for
// this test, spun by hand) and compares the edits with the golden file.
func TestGolden(t *testing.T) {
	d := detector(t)
	in, err := os.ReadFile("testdata/fixtures.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		r := d.Analyze(line, nil)
		fmt.Fprintf(&b, "%s\n  → %s\n", line, Restore(line, r.Edits))
		for _, e := range r.Edits {
			fmt.Fprintf(&b, "  %d-%d %s→%s %.2f %s\n", e.Start, e.End, e.From, e.To, e.Confidence, e.Source)
		}
	}
	got := b.String()
	if *update {
		if err := os.WriteFile("testdata/fixtures.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/fixtures.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("golden mismatch (run with -update):\n%s", got)
	}
}

func TestProtected(t *testing.T) {
	d := detector(t)
	for _, text := range []string{
		"萨蒂亚·纳德拉", "《办理学原理》", "“出资”", "Sam Atlman 2023", "func main() { x := 1 }",
	} {
		r := d.Analyze(text, nil)
		if len(r.Edits) != 0 {
			t.Errorf("%q: edits %+v", text, r.Edits)
		}
	}
}

// TestEditProperties checks, on assorted inputs, that edits fall on UTF-8
// boundaries, do not overlap, name the text they replace and never touch
// non-Han characters.
func TestEditProperties(t *testing.T) {
	d := detector(t)
	inputs := []string{
		"",
		"\xff\xfe办理层产生",
		"办理层产生“夺权政变”,开创人被“逼宫”脱离。微柔和红杉本钱等出资者表明将会考虑出资。",
		strings.Repeat("经由过程设置装备摆设文件,年夜学的办事器。", 20),
		"OpenAI 的 CEO 在 2023 年 11 月 离开 了 公司",
	}
	if b, err := os.ReadFile("../examples/seed-openai-48h.txt"); err == nil {
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		r := d.Analyze(in, nil)
		prev := 0
		for _, e := range r.Edits {
			if e.Start < prev || e.End <= e.Start || e.End > len(in) {
				t.Fatalf("bad span %d-%d after %d", e.Start, e.End, prev)
			}
			if !utf8.RuneStart(in[e.Start]) || (e.End < len(in) && !utf8.RuneStart(in[e.End])) {
				t.Fatalf("edit %d-%d not on rune boundaries", e.Start, e.End)
			}
			if in[e.Start:e.End] != e.From || !isHan(e.From) || !isHan(e.To) {
				t.Fatalf("edit %+v", e)
			}
			if e.Confidence < d.Threshold() || e.Confidence > 1 || e.Reason == "" {
				t.Fatalf("edit confidence/reason %+v", e)
			}
			prev = e.End
		}
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("score %v", r.Score)
		}
	}
}

func TestDetect(t *testing.T) {
	d := detector(t)
	doc := document.New("x", []byte("公司的办理层昨天开会,决议下一年的出资方案。"))
	if err := d.Detect(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	sig, ok := doc.Signals[Name]
	if !ok {
		t.Fatal("no spin signal")
	}
	if len(doc.Edits) == 0 || sig.Counts["edits"] != len(doc.Edits) {
		t.Fatalf("edits %v, signal %+v", doc.Edits, sig)
	}
	for _, e := range doc.Edits {
		if e.Kind != document.KindSpin || e.From == "" || e.To == "" || e.Reason == "" {
			t.Fatalf("edit %+v", e)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Detect(ctx, doc); err == nil {
		t.Fatal("want error on cancelled context")
	}
}

// BenchmarkSpin measures restoration on the seed page (segmentation
// included), sharing one detector and model across iterations.
func BenchmarkSpin(b *testing.B) {
	d := detector(b)
	text, err := os.ReadFile("../examples/seed-openai-48h.txt")
	if err != nil {
		b.Skip(err)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Analyze(s, nil)
	}
}

// BenchmarkSpinTokens excludes segmentation of the document (as in the
// check pipeline, which segments once for all detectors).
func BenchmarkSpinTokens(b *testing.B) {
	d := detector(b)
	text, err := os.ReadFile("../examples/seed-openai-48h.txt")
	if err != nil {
		b.Skip(err)
	}
	s := string(text)
	toks := d.seg.Segment(s)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Analyze(s, toks)
	}
}

// TestDetectWithoutRemovals: spin sees the text without the keywords
// and noise earlier detectors remove, and its edits land on the input's
// offsets.
func TestDetectWithoutRemovals(t *testing.T) {
	d := detector(t)
	const kw = "手表"
	tests := []struct {
		name, text string
		drop       []string // spans removed by "stuffing" (first occurrence each)
	}{
		{"no removals", "公司的办理层昨天开会,决议下一年的出资方案。", nil},
		{"keyword before the spun word", "公司的" + kw + "办理层昨天开会,决议下一年的出资方案。", []string{kw}},
		{"keyword after the spun word", "公司的办理层" + kw + "昨天开会,决议下一年的出资方案。", []string{kw}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := document.New("x", []byte(tc.text))
			for _, s := range tc.drop {
				i := strings.Index(tc.text, s)
				doc.AddEdit(document.Edit{Start: i, End: i + len(s), Kind: document.KindStuffing})
			}
			if err := d.Detect(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range doc.Edits {
				if e.Kind != document.KindSpin {
					continue
				}
				if tc.text[e.Start:e.End] != e.From || strings.Contains(e.From, kw) {
					t.Errorf("edit %+v does not match the input", e)
				}
				if e.From == "办理层" && e.To == "管理层" || e.From == "办理" && e.To == "管理" {
					found = true
				}
			}
			if !found {
				t.Errorf("办理层 not reverted: %+v", doc.Edits)
			}
		})
	}
}

func TestWithoutRemovals(t *testing.T) {
	doc := document.New("x", []byte("甲乙 ,丙丁戊"))
	doc.AddEdit(document.Edit{Start: 6, End: 8, Kind: document.KindPunct, To: ""})   // " ,"
	doc.AddEdit(document.Edit{Start: 8, End: 11, Kind: document.KindStuffing})       // 丙
	doc.AddEdit(document.Edit{Start: 11, End: 14, Kind: document.KindSpin, To: "x"}) // kept
	doc.AddEdit(document.Edit{Start: 0, End: 3, Kind: document.KindPunct, To: "，"})  // a replacement, kept
	text, offs := withoutRemovals(doc)
	if text != "甲乙丁戊" {
		t.Fatalf("text %q", text)
	}
	if len(offs) != len(text)+1 || offs[6] != 11 || offs[len(text)] != len(doc.Text) {
		t.Fatalf("offsets %v", offs)
	}
	if _, offs := withoutRemovals(document.New("y", []byte("甲乙"))); offs != nil {
		t.Fatal("offsets without removals")
	}
}

// TestKnownFamilyDensity: a short text dense in rare spun forms of one
// known spinner family is restored, while the same words' common
// neighbours stay; a common word that is also a gloss (设置 for 配) is
// left alone unless it stands next to another gloss.
func TestKnownFamilyDensity(t *testing.T) {
	d := detector(t)
	cases := []struct {
		name, text string
		want, not  []string // edits From→To that must (not) be there
	}{
		{"expansion family, short", "若是没法启动程序，然则构建表现履行乐成，请检察日志，程序出有启动。",
			[]string{"若是→如果", "乐成→成功", "出有→没有"}, nil},
		{"settings page", "在手机的设置页面中打开通知，然后返回设置。", nil, []string{"设置→配"}},
		{"two glosses", "我们经由过程设置装备摆设文件来启动程序。", []string{"经由过程→通过", "设置装备摆设→配置"}, nil},
		{"clean", "如果无法启动程序，但是构建显示执行成功，请查看日志。", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := d.Analyze(c.text, nil)
			got := map[string]bool{}
			for _, e := range r.Edits {
				got[e.From+"→"+e.To] = true
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("missing %s; edits %v", w, got)
				}
			}
			for _, w := range c.not {
				if got[w] {
					t.Errorf("unexpected %s", w)
				}
			}
			if c.want == nil && c.not == nil && len(r.Edits) > 0 {
				t.Errorf("clean text edited: %v", got)
			}
		})
	}
}

func TestParamsSet(t *testing.T) {
	cases := []struct {
		name, value string
		ok          bool
		check       func(p Params) bool
	}{
		{"LexMass", "12.5", true, func(p Params) bool { return p.LexMass == 12.5 }},
		{"ProbeFull", "3", true, func(p Params) bool { return p.ProbeFull == 3 }},
		{"PriorLex[1]", "40", true, func(p Params) bool { return p.PriorLex[1] == 40 }},
		{"PriorLex[2]", "40", false, nil},
		{"PriorLex", "40", false, nil},
		{"LexMass[0]", "1", false, nil},
		{"ProbeFull", "1.5", false, nil},
		{"Nope", "1", false, nil},
		{"params", "1", false, nil},
		{"LexMass", "x", false, nil},
	}
	for _, c := range cases {
		p := DefaultParams()
		err := p.Set(c.name, c.value)
		if (err == nil) != c.ok {
			t.Errorf("Set(%q, %q): error %v, want ok=%v", c.name, c.value, err, c.ok)
			continue
		}
		if c.ok && !c.check(p) {
			t.Errorf("Set(%q, %q) did not set it", c.name, c.value)
		}
	}
}

// TestStrandedNeighbour: a spinner that segmented 微软和 as 微/软和 and
// wrote 柔和 leaves 微 stranded; the rarer synonym 软和, which joins it
// into 微软 again, is a candidate scored in the re-segmented window.
func TestStrandedNeighbour(t *testing.T) {
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.ExpandAt = -1e9 // every word gets its candidates
	d, err := New(m, WithAllCandidates(), WithParams(p))
	if err != nil {
		t.Fatal(err)
	}
	r := d.Analyze("投资者对此表示欢迎，微柔和其他投资者一同给董事会施加压力。", nil)
	var found *Site
	for i, c := range r.Candidates {
		if c.From == "柔和" && c.To == "软和" {
			found = &r.Candidates[i]
		}
	}
	if found == nil {
		t.Fatal("no 柔和→软和 candidate")
	}
	if found.Gain <= 0 || found.Left <= 0 {
		t.Errorf("柔和→软和 gains %.2f (left %.2f), want > 0 once 微软 is read as one word", found.Gain, found.Left)
	}
	// A word with no stranded neighbour gets no such candidate.
	r = d.Analyze("今天的阳光很柔和，孩子们在草地上玩耍。", nil)
	for _, c := range r.Candidates {
		if c.From == "柔和" && c.To == "软和" {
			t.Errorf("柔和→软和 proposed without a stranded neighbour")
		}
	}
}

func TestDoubles(t *testing.T) {
	tests := []struct {
		text    string
		s, e    int // rune offsets of the replaced span
		to      string
		doubled bool
	}{
		{"上传文书件到服务器", 2, 4, "文件", true},  // 文书件 → 文件件
		{"自发主动删去除旧数据", 4, 6, "删除", true}, // 删去除 → 删除除
		{"请上传文书到服务器", 2, 4, "文件", false}, // 文书 → 文件
		{"人们们", 0, 2, "人们", false},       // already doubled in the text
		{"天天锻炼", 2, 4, "天气", true},       // 天天气 at the front
		{"", 0, 0, "文件", false},
	}
	for _, tt := range tests {
		rs := []rune(tt.text)
		s, e := len(string(rs[:tt.s])), len(string(rs[:tt.e]))
		if got := doubles(tt.text, s, e, tt.to); got != tt.doubled {
			t.Errorf("%q [%d:%d] → %q: doubles %v, want %v", tt.text, tt.s, tt.e, tt.to, got, tt.doubled)
		}
	}
}

// TestRepeatedPairInCleanNotice: a clean notice that repeats one word a
// known substitution starts from gets no edit: one substitution type
// repeated is not a spinner's table. (The shipped lexicon no longer
// holds 通告 → 通知, which two blind sets of legitimate notices tripped;
// the test adds it back to exercise the rule.)
func TestRepeatedPairInCleanNotice(t *testing.T) {
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	lex := NewLexicon(append(DefaultLexicon().Entries(), Entry{Spun: "通告", Original: "通知", Family: "test"}))
	d, err := New(m, WithLexicon(lex))
	if err != nil {
		t.Fatal(err)
	}
	text := "沧澜市公安局交通警察支队关于沧澜大桥维修期间实施交通管制的通告\n" +
		"因沧澜大桥维修改造工程施工需要，为确保道路交通安全畅通，现将有关事项通告如下：\n" +
		"（一）执行紧急任务的警车、消防车、救护车、工程救险车不受本通告限制；\n" +
		"（二）对违反本通告规定的，公安机关交通管理部门将依法予以处罚。\n" +
		"特此通告。\n"
	r := d.Analyze(text, nil)
	for _, e := range r.Edits {
		t.Errorf("edit %s→%s (confidence %.2f)", e.From, e.To, e.Confidence)
	}
}
