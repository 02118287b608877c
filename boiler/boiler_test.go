package boiler_test

import (
	"context"
	"strings"
	"testing"

	"github.com/winnow-project/winnow/boiler"
	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/lines"
)

const body = "研究人员在湖边观察到一种罕见的水鸟，它们每年春天从南方飞来，在芦苇丛中筑巢。\n" +
	"当地居民说，以前很少见到这种水鸟，现在湖边每年都能看到它们。\n" +
	"专家认为，湖边湿地的保护让水鸟回到了这里。\n"

func labels(t *testing.T, page string) (*document.Document, map[string]string) {
	t.Helper()
	d := document.New("", []byte(page))
	lines.Split(d)
	if err := boiler.New(boiler.DefaultConfig()).Detect(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range d.Lines {
		out[strings.TrimSpace(d.LineText(l))] = string(l.Label) + ": " + l.Reason
	}
	return d, out
}

func TestTemplateLines(t *testing.T) {
	tests := []struct {
		line, reason string
		top          bool
	}{
		{"资讯中心", "header", true},
		{"当前位置：首页 > 新闻 > 国内", "breadcrumb", true},
		{"展开全文", "expander", false},
		{"阅读全文>>", "expander", false},
		{"展开全文 ∨", "expander", false},
		{"打开APP阅读全文", "expander", false},
		{"【上一篇】南湖公园荷花节开幕", "previous/next", false},
		{"上一篇：春季养花要点 下一篇：没有了", "previous/next", false},
		{"Copyright © 2024 某某网 版权所有", "copyright", false},
		{"京ICP备12345678号", "ICP", false},
		{"网站地图 | 关于我们 | 联系我们", "navigation", false},
		{"分享到：微信 微博", "share", false},
		{"（责任编辑：张三）", "editor", false},
		{"本文来源于网络，如有侵权请联系删除", "disclaimer", false},
		{"+关注", "follow", false},
		{"点击关注，不错过每一场精彩赛事", "follow", false},
		{"长按识别二维码，关注我们的公众号", "follow", false},
		{"回复  举报", "buttons", false},
		{"＋关注问题  写回答  邀请回答  好问题 56", "buttons", false},
		{"↑ 返回目录", "buttons", false},
		{"关注者 1,204 ｜ 被浏览 386,512", "counters", false},
		{"1,873 人赞同了该回答", "counters", false},
		{"附件：交易流程图.jpg (86.21 KB, 下载次数: 12)", "attachment", false},
		{"本帖最后由 安居小白 于 2024-5-20 21:40 编辑", "attachment", false},
		{"为你推荐：考前失眠怎么办？", "recommend", false},
		{"【广告】新客开户佣金低至万一，扫码立即办理", "advert", false},
		{"点击查看更多个股点评>>", "more", false},
		{"原创内容，未经授权禁止转载", "disclaimer", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			page := body + tt.line + "\n"
			if tt.top {
				page = tt.line + "\n" + body
			}
			_, got := labels(t, page)
			if l := got[tt.line]; !strings.HasPrefix(l, "boilerplate") || !strings.Contains(l, tt.reason) {
				t.Errorf("label %q, want boilerplate (%s)", l, tt.reason)
			}
			for s, l := range got {
				if s != tt.line && !strings.HasPrefix(l, "body") {
					t.Errorf("body line %q labelled %q", s, l)
				}
			}
		})
	}
}

func TestOffTopicAndBorrowedBrand(t *testing.T) {
	page := body +
		"上一篇：湖边水鸟的春季迁徙观察记录 下一篇：专用于轿车天窗玻璃的密封胶条\n" +
		"Copyright © 2024 花园种植技巧-维基百科 版权所有\n"
	d, got := labels(t, page)
	prev := got["上一篇：湖边水鸟的春季迁徙观察记录 下一篇：专用于轿车天窗玻璃的密封胶条"]
	if !strings.Contains(prev, "off-topic page \"专用于轿车天窗玻璃的密封胶条\"") || strings.Contains(prev, "off-topic page \"湖边") {
		t.Errorf("prev/next reason %q", prev)
	}
	if c := got["Copyright © 2024 花园种植技巧-维基百科 版权所有"]; !strings.Contains(c, "borrows another site's brand \"维基百科\"") {
		t.Errorf("copyright reason %q", c)
	}
	s := d.Signals[boiler.Name]
	if s.Counts["off_topic_links"] != 1 || s.Counts["borrowed_brand"] != 1 {
		t.Errorf("counts %v", s.Counts)
	}
}

func TestBodyMentionsAreNotBoilerplate(t *testing.T) {
	page := body + "这一事件引起了社会各界的广泛关注，相关部门表示将持续关注后续进展，并及时向公众通报调查结果。\n" +
		"这篇文章获得了三千多人点赞，评论区里有人回复说，分享给家人以后，大家都觉得很有收获。\n" +
		"他在文章中写道：版权所有的作品不能随意转载，这一点在网站地图里也写得很清楚，读者应当注意，尤其是在转发和引用的时候更要小心，以免侵犯作者的合法权益，给自己带来不必要的麻烦，也让原作者蒙受损失。\n"
	_, got := labels(t, page)
	for s, l := range got {
		if strings.HasPrefix(l, "boilerplate") {
			t.Errorf("%q labelled %s", s, l)
		}
	}
}
