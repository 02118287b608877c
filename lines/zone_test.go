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
		{"portal page with ads, comments and an on-topic disclaimer", []string{
			"金牛财经在线 —— 投资者的每日必读|boilerplate",
			"首页 | 股票 | 基金 | 债券 | 理财|boilerplate",
			"热门标签：大盘分析　北向资金　半导体|boilerplate",
			"周评：交易减量震荡，市场等待方向|title",
			"作者：金牛研究小组　2024-06-29 18:40　点击：31,905　来源：金牛财经在线|meta",
			"本周A股总体呈现窄幅震荡格局，主要指数涨跌交错，上证指数全周微跌，深证成指小幅上涨。|body",
			"【广告】新客开户佣金低至万一，扫码立即办理|boilerplate",
			"从板块来看，结构化行情仍然在延续，消费电子和半导体板块本周领涨，部分龙头个股创下新高。|body",
			"点击查看更多个股点评>>|boilerplate",
			"操作上，建议投资者维持合理仓位，不宜盲目追涨，可以关注业绩确定、估值较低的公司。|body",
			"相关文章|boilerplate",
			"· 半年报预告密集发布，哪些行业业绩领先|boilerplate",
			"上一篇：午间快评：指数窄幅整理　下一篇：下周解禁市值一览|boilerplate",
			"网友评论（89）|boilerplate",
			"长线持有：震荡市就是少动多看，等放量以后再考虑加仓，半导体还要再看看。|boilerplate",
			"免责声明：本站发布的信息仅供参考，不构成投资建议，投资者据此操作风险自担。|boilerplate",
			"金牛财经在线 版权所有 © 2024　京ICP备20026614号-1|boilerplate",
		}},
		{"Q&A page", []string{
			"知识问答 | 首页  发现  等你来答  登录/注册|boilerplate",
			"问题：家里四口人，准备装修，洗碗机到底应该怎么选？|content",
			"关注者 1,204 ｜ 被浏览 386,512|boilerplate",
			"查看全部 47 个回答|boilerplate",
			"选购洗碗机，这五个细节比价格更重要|title",
			"近两年，洗碗机从可有可无的小众电器，慢慢变成不少家庭装修时的必选项，很多人只盯着价格。|body",
			"首先是容量。厂家标明的套数是按标准餐具估算的，中式家庭的大汤碗和炒锅往往放不进去。|body",
			"最后是售后和耗材。洗碗机需要定期清理滤网，购买前不妨问清楚上门安装是否收费。|body",
			"▲ 赞同 2,318  ▼  164 条评论  分享  收藏|boilerplate",
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
