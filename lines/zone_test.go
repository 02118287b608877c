package lines_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/boiler"
	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
	"github.com/winnow-project/winnow/restore"
)

// TestZones labels own text pages by their layout: site header above
// the title, byline, article, credit, site footer. Each line of want is
// the label of one non-empty input line.
func TestZones(t *testing.T) {
	cases := []struct {
		name string
		page []string // line | label ("content": any label but boilerplate)
	}{
		{"farm page", []string{
			"手机评测网 - 快充之后电池为何不耐用 - 移动版|boilerplate",
			"首页 | 手机 | 数码 | 评测 | 导购|boilerplate",
			"快充之后电池为何不耐用？|title",
			"2024-03-18 09:42  来源：网络整理  阅读：3281|meta",
			"不少用户发现，新买的手机用了一年多，电量掉得明显比刚买时快，晚上不到十点就得找充电器。|body",
			"一、发热才是元凶|heading",
			"工程师介绍，锂电池的容量衰减主要和循环次数、温度以及长时间满电存放有关，快充本身不是元凶。|body",
			"养成良好的充电习惯，比纠结充电功率更能延长电池寿命。|body",
			"（文/本网记者 李明）|meta",
			"相关推荐|boilerplate",
			"· 这三种蔬菜千万别隔夜吃|boilerplate",
			"免责声明：本文内容来源于网络，仅供参考，如有侵权请联系删除。|boilerplate",
		}},
		{"plain article", []string{
			"湖边的水鸟|title",
			"研究人员在湖边观察到一种罕见的水鸟，它们每年春天从南方飞来。|body",
			"它们在芦苇丛中筑巢，直到秋天才离开。|body",
			"当地居民说，以前很少见到这种鸟。|body",
		}},
		{"clean entry with lists", []string{
			"清河纸|title",
			"清河纸是清河县出产的手工竹纸，以嫩竹为原料，纸质柔韧，适合书写和修复古籍。|body",
			"当地造纸的历史可以追溯到明代，鼎盛时全县有纸槽三百余座，产品行销江南各地。|body",
			"参见|content",
			"• 竹纸|content",
			"• 宣纸|content",
			"参考资料|content",
			"1. 陈立群. 南方竹纸考. 杭州: 浙江古籍出版社, 2009.|content",
		}},
		{"closing line and notice", []string{
			"社区菜园开张|title",
			"老旧小区的一块空地变成了菜园，二十多户居民认领了菜畦，每天傍晚都有人来浇水。|body",
			"物业表示，菜园的用水由居民分摊，种出的蔬菜一部分送给小区里的独居老人。|body",
			"居民们说，菜园让邻居之间熟络了。|body",
			"温馨提示：本站内容仅供参考，转载请注明出处。|boilerplate",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var text []string
			var want []string
			for _, l := range c.page {
				i := strings.LastIndexByte(l, '|')
				text = append(text, l[:i])
				want = append(want, l[i+1:])
			}
			d := document.New("", []byte(strings.Join(text, "\n\n")+"\n"))
			lines.Split(d)
			if err := boiler.New(boiler.DefaultConfig()).Detect(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			lines.Label(d)
			boiler.Sync(d)
			// Every boilerplate line has its edit: the restored text
			// keeps exactly the other lines.
			out := restore.Apply(d.Text, restore.Resolve(d.Text, d.Edits))
			for i, l := range d.Lines {
				if kept := strings.Contains(out, text[i]); kept != l.Kept() {
					t.Errorf("line %d (%s): in restored text %v", l.Line, l.Label, kept)
				}
			}
			var got []string
			for i, l := range d.Lines {
				g := string(l.Label)
				if want[i] == "content" && l.Label != document.LabelBoilerplate {
					g = "content"
				}
				got = append(got, g)
			}
			if !reflect.DeepEqual(got, want) {
				for i, l := range d.Lines {
					t.Logf("%d %s (%s) %s", l.Line, l.Label, l.Reason, text[i])
				}
				t.Errorf("labels %v\nwant   %v", got, want)
			}
		})
	}
}
