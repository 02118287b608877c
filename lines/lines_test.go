package lines_test

import (
	"reflect"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
)

func TestSplitAndLabel(t *testing.T) {
	in := "城市公园新增夜间照明\r\n\r\n原标题：城市公园新增夜间照明\n晨报网 记者 王小林 陈思\n  \n" +
		"本市今年计划为二十座城市公园安装夜间照明设施，方便市民晚间散步。\n居民的期待\n家住河西的李女士说，以前晚上不敢进公园。\n"
	d := document.New("", []byte(in))
	lines.Split(d)
	lines.Label(d)
	var got []string
	var nums []int
	for _, l := range d.Lines {
		got = append(got, string(l.Label))
		nums = append(nums, l.Line)
		if in[l.End-1] == '\r' {
			t.Errorf("line %d keeps its \\r", l.Line)
		}
	}
	if want := []string{"title", "meta", "meta", "body", "heading", "body"}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
	if want := []int{1, 3, 4, 6, 7, 8}; !reflect.DeepEqual(nums, want) {
		t.Errorf("line numbers %v, want %v", nums, want)
	}
	if d.Title != "城市公园新增夜间照明" || d.Meta.OriginalTitle != "城市公园新增夜间照明" || d.Meta.Source != "晨报网" ||
		!reflect.DeepEqual(d.Meta.Reporters, []string{"王小林", "陈思"}) {
		t.Errorf("title %q meta %+v", d.Title, d.Meta)
	}
}

func TestSingleParagraphIsBody(t *testing.T) {
	d := document.New("", []byte("短标题"))
	lines.Split(d)
	lines.Label(d)
	if len(d.Lines) != 1 || d.Lines[0].Label != document.LabelBody || d.Title != "" {
		t.Errorf("%+v title %q", d.Lines, d.Title)
	}
}

func TestDate(t *testing.T) {
	d := document.New("", []byte("标题\n2024年5月12日 来源：晨报网\n正文很长，一句一句地写下去，直到结束。\n"))
	lines.Split(d)
	lines.Label(d)
	if d.Lines[1].Label != document.LabelMeta || d.Meta.Date != "2024年5月12日" || d.Meta.Source != "晨报网" {
		t.Errorf("%+v %+v", d.Lines[1], d.Meta)
	}
}

// TestFactsAndSignature: facts lines under the title (时间：…, 地点：…)
// and a closing name and date are meta; the lines between are not.
func TestFactsAndSignature(t *testing.T) {
	in := "社区议事会会议纪要\n时间：2024年9月20日 19:00\n地点：社区活动中心二楼会议室\n主持人：刘建华\n" +
		"会议讨论了老旧小区加装电梯的方案，居民代表逐一发表了意见，大家同意先在两栋楼试点。\n" +
		"会后，居委会将把试点方案张贴在各楼栋的公告栏里，请居民留意。\n幸福里社区居委会\n2024年9月21日\n"
	d := document.New("", []byte(in))
	lines.Split(d)
	lines.Label(d)
	var got []string
	for _, l := range d.Lines {
		got = append(got, string(l.Label))
	}
	want := []string{"title", "meta", "meta", "meta", "body", "body", "meta", "meta"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %v\nwant   %v", got, want)
	}
}

// TestLabelGenres: conventions of posts, poems, songs and traditional
// Chinese pages, one document each.
func TestLabelGenres(t *testing.T) {
	para := "这是一段足够长的正文，用来说明前后的行属于文章的主体，而不是标题或者署名。"
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"verse is body", "海边的灯\n" + para + "\n清晨的汽笛划开薄雾\n码头的缆绳挂满露珠\n父亲把渔网慢慢修补\n" + para + "\n",
			[]string{"title", "body", "body", "body", "body", "body"}},
		{"a lone short line is a heading", "海边的灯\n" + para + "\n第二部分\n" + para + "\n",
			[]string{"title", "body", "heading", "body"}},
		{"traditional byline", "無人機配送進入社區\n【本報訊】記者梁嘉欣報道\n" + para + "\n",
			[]string{"title", "meta", "body"}},
		{"文／ credit and date with weekday", "屋檐下的雨\n文／沈砚秋\n2024年1月20日　星期六\n" + para + "\n",
			[]string{"title", "meta", "meta", "body"}},
		{"question title above a post header", "房东扣了我一半押金，这合理吗？？\n楼主：北漂小土豆　　发表于 2024-06-18 22:47\n" + para + "\n3楼　今天也要早睡　　2024-06-18 23:05\n" + para + "\n",
			[]string{"title", "meta", "body", "meta", "body"}},
		{"time stamps", "生日聚会\n" + para + "\n09:12\n" + para + "\n",
			[]string{"title", "body", "meta", "body"}},
		{"numbered section, list items", "日志分析\n" + para + "\n1. 日志格式\n" + para + "\n1. 打开终端\n2. 运行脚本\n" + para + "\n",
			[]string{"title", "body", "heading", "body", "body", "body", "body"}},
		{"signed poem", "秋夜三首\n顾听松　作\n" + para + "\n",
			[]string{"title", "meta", "body"}},
		{"notice with its number, a chapter and a closing date", "临川县人民政府关于道路施工的通告\n临政通〔2024〕7号\n第一章　总则\n" + para + "\n" + para + "\n临川县人民政府\n二〇二四年三月五日\n",
			[]string{"title", "meta", "heading", "body", "body", "meta", "meta"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := document.New("", []byte(tc.in))
			lines.Split(d)
			lines.Label(d)
			var got []string
			for _, l := range d.Lines {
				got = append(got, string(l.Label))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("labels %v, want %v", got, tc.want)
			}
		})
	}
}
