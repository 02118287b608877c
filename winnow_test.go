package winnow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/internal/testlm"
	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/page"
	"github.com/winnow-project/winnow/report"
	"github.com/winnow-project/winnow/restore"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// toyVocab covers the words of the fixtures under testdata; everything
// else is segmented into unknown single characters.
const toyVocab = `蓝湖 科技 风波 原标题 晨报 记者 宣布 旗下 智能 手表 全线 大幅 消息 一出 仅仅 是 一天 时间
门店 便 排起 了 长队 仍 让 不少 老 用户 感到 不满 公司 负责人 表示 此次 调整 为了 扩大 市场 份额
并非 清理 库存 我们 希望 更多 人 用上 好 产品 的 反应 分析 人士 认为 这场 能否 持续 取决于 上游
芯片 成本 他 说 城市 公园 新增 夜间 照明 来源 本市 今年 计划 为 二十 座 安装 设施 方便 市民 晚间
散步 和 锻炼 据 园林 部门 介绍 新 采用 节能 灯具 每晚 十点 后 自动 调暗 亮度 以 减少 对 鸟类 影响
居民 期待 家住 河西 女士 以前 晚上 不敢 进 现在 终于 可以 放心 带 孩子 来 玩 工程 将 在 九月 底 前
全部 完工 研究 人员 湖边 观察 到 一种 罕见 水鸟 它们 每年 春天 从 南方 飞来 芦苇 丛 中 筑巢`

var (
	toyOnce sync.Once
	toy     *winnow.Analyzer
	toyErr  error
)

func toyAnalyzer(t testing.TB) *winnow.Analyzer {
	t.Helper()
	toyOnce.Do(func() {
		words := testlm.Words(toyVocab, -4)
		words["降价"] = -3
		var m lm.Model
		if m, toyErr = testlm.New(words, nil); toyErr != nil {
			return
		}
		toy, toyErr = winnow.New(winnow.WithModel(m))
	})
	if toyErr != nil {
		t.Fatal(toyErr)
	}
	return toy
}

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("schema.json")
})

// validate checks a report against the schema and the edit properties.
func validate(t testing.TB, input []byte, r *report.Report) []byte {
	t.Helper()
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	sch, err := schema()
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("report does not match schema: %v", err)
	}
	text := string(input)
	prev := 0
	for i, e := range r.Edits {
		if e.Start < prev || e.End < e.Start || e.End > len(text) {
			t.Errorf("edit %d [%d,%d) out of order or range (previous end %d)", i, e.Start, e.End, prev)
			continue
		}
		if i > 0 && e.Start == r.Edits[i-1].Start {
			t.Errorf("edit %d starts where edit %d does", i, i-1)
		}
		for _, off := range []int{e.Start, e.End} {
			if off < len(text) && !utf8.RuneStart(text[off]) {
				t.Errorf("edit %d offset %d is not on a UTF-8 boundary", i, off)
			}
		}
		if text[e.Start:e.End] != e.From {
			t.Errorf("edit %d: from %q but input has %q", i, e.From, text[e.Start:e.End])
		}
		prev = e.End
	}
	if got := restore.Apply(text, r.Edits); got != r.Restored {
		t.Errorf("applying the edits does not give restored:\n got %q\nwant %q", got, r.Restored)
	}
	for i, l := range r.Lines {
		if l.Start > l.End || l.End > len(text) || l.Line < 1 {
			t.Errorf("line %d: bad span %+v", i, l)
			continue
		}
		if strings.TrimSpace(text[l.Start:l.End]) == "" {
			t.Errorf("line %d is empty but listed", l.Line)
		}
	}
	return raw
}

func TestGolden(t *testing.T) {
	a := toyAnalyzer(t)
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := a.CheckDocument(context.Background(), filepath.Base(f), in)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, in, r)
			got, _ := json.MarshalIndent(r, "", "  ")
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s (run go test -update and review the diff)", golden)
			}
		})
	}
}

func TestSpamFixture(t *testing.T) {
	a := toyAnalyzer(t)
	in, err := os.ReadFile("testdata/spam-watch.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict.Label != "spam" {
		t.Errorf("verdict %s, want spam", r.Verdict.Label)
	}
	boiler := 0
	for _, l := range r.Lines {
		if l.Label == "boilerplate" {
			boiler++
			if strings.Contains(r.Restored, strings.TrimSpace(string(in[l.Start:l.End]))) {
				t.Errorf("boilerplate line %d still in restored", l.Line)
			}
		}
	}
	if boiler != 4 {
		t.Errorf("%d boilerplate lines, want 4", boiler)
	}
	if got, want := strings.Count(r.Restored, "降价"), 4; got != want {
		t.Errorf("restored keeps %d 降价, want %d (the quoted ones):\n%s", got, want, r.Restored)
	}
	for _, bad := range []string{" ,", " 。", "”。", "的。反应", "?"} {
		if strings.Contains(r.Restored, bad) {
			t.Errorf("restored still contains noise %q", bad)
		}
	}
	if r.Title != "蓝湖科技“降价”风波" {
		t.Errorf("title %q", r.Title)
	}
	if r.Meta == nil || r.Meta.OriginalTitle != "蓝湖科技“降价”风波" || r.Meta.Source != "晨报网" || len(r.Meta.Reporters) != 2 {
		t.Errorf("meta %+v", r.Meta)
	}
}

func TestCleanFixtureUntouched(t *testing.T) {
	a := toyAnalyzer(t)
	for _, f := range []string{"testdata/clean-article.txt", "testdata/one-line.txt"} {
		in, _ := os.ReadFile(f)
		r, err := a.Check(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Edits) != 0 || r.Verdict.Label != "clean" || r.Restored != string(in) {
			t.Errorf("%s: %d edits, verdict %s; want none and clean", f, len(r.Edits), r.Verdict.Label)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	a := toyAnalyzer(t)
	_, err := a.Check(context.Background(), []byte("正常\xff\xfe文字"))
	if !errors.Is(err, winnow.ErrNotUTF8) {
		t.Fatalf("err = %v, want ErrNotUTF8", err)
	}
}

func TestCanceled(t *testing.T) {
	a := toyAnalyzer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Check(ctx, []byte("文字")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestConcurrent(t *testing.T) {
	a := toyAnalyzer(t)
	in, _ := os.ReadFile("testdata/spam-watch.txt")
	want, err := a.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := a.Check(context.Background(), in)
			if err != nil {
				t.Error(err)
				return
			}
			if got, _ := json.Marshal(r); !bytes.Equal(got, wantJSON) {
				t.Error("concurrent check gave a different report")
			}
		}()
	}
	wg.Wait()
}

func TestWithoutModel(t *testing.T) {
	a, err := winnow.New(winnow.WithoutModel())
	if err != nil {
		t.Fatal(err)
	}
	in, _ := os.ReadFile("testdata/spam-watch.txt")
	r, err := a.Check(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, in, r)
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	os.WriteFile(p, []byte(`{"verdict": {"spam": 0.9, "suspicious": 0.5}, "disabled": ["quality"]}`), 0o644)
	c, err := winnow.LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Verdict.Spam != 0.9 || c.Stuffing.Gain != winnow.DefaultConfig().Stuffing.Gain || len(c.Verdict.Weights) == 0 {
		t.Errorf("config not merged over defaults: %+v", c)
	}
	os.WriteFile(p, []byte(`{"verdict": {"spam": 0.2, "suspicious": 0.5}}`), 0o644)
	if _, err := winnow.LoadConfig(p); err == nil {
		t.Error("inverted thresholds accepted")
	}
	os.WriteFile(p, []byte(`{"verdikt": {}}`), 0o644)
	if _, err := winnow.LoadConfig(p); err == nil {
		t.Error("unknown field accepted")
	}
}

func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("。政变\n,,,,  。。”。"))
	a := toyAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := a.Check(context.Background(), in)
		if errors.Is(err, page.ErrBinary) || errors.Is(err, page.ErrCharset) {
			return // input sniffed as HTML that is not a page: a clear error
		}
		if err == nil && r.InputKind != "" {
			validate(t, []byte(r.Text), r) // offsets index the extracted or decoded text
			return
		}
		if err != nil {
			if !errors.Is(err, winnow.ErrNotUTF8) {
				t.Fatalf("unexpected error: %v", err)
			}
			// Exercise the pipeline on the valid part as well.
			in = []byte(strings.ToValidUTF8(string(in), "\uFFFD"))
			if r, err = a.Check(context.Background(), in); err != nil {
				t.Fatalf("valid input: %v", err)
			}
			if r.InputKind != "" {
				in = []byte(r.Text)
			}
		}
		validate(t, in, r)
	})
}
