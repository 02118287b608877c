#!/usr/bin/env python3
"""Writes winnow's HTML fixtures: NAME.html (the page), NAME.gold.txt (the
article's main text: body paragraphs and subheadings, one per line, without
the title and byline) and NAME.meta.json (the title and metadata the page
states). Layouts imitate Chinese news portals, content farms, forums, blogs,
a government notice and a WeChat-style article; the texts are invented
(articles.py) except seed-farm, which wraps examples/seed-openai-48h.txt.

    python3 testdata/html/gen.py     # from the repository root
"""
import html
import json
import os
import re

from articles import ARTICLES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

e = html.escape

OFFTOPIC = ["专用于新老车型天窗玻璃胶条密封条", "减肥茶哪个牌子效果好一个月瘦十斤", "男士皮带真皮自动扣品牌排行",
            "2024年最新版手机壁纸高清大全", "家用投影仪十大品牌推荐榜单", "老人鞋防滑软底中老年健步鞋",
            "宝宝辅食添加顺序及时间表", "汽车脚垫全包围专用定制"]
NEWS = ["市区新增三处口袋公园", "秋季学期中小学开学时间确定", "本周末全市天气晴好适宜出行", "社区食堂让老人吃得更放心",
        "老旧小区加装电梯工作提速", "夜间经济带动消费回暖", "多条公交线路优化调整", "全民健身运动会开幕"]


def body_html(a, p="p", indent=False):
    out = []
    for s in a["paras"]:
        if s.startswith("## "):
            out.append("<h2>%s</h2>" % e(s[3:]))
        else:
            t = ("\u3000\u3000" if indent else "") + e(s)
            out.append("<%s>%s</%s>" % (p, t, p))
    return "\n".join(out)


def gold(a):
    return "\n".join(s[3:] if s.startswith("## ") else s for s in a["paras"]) + "\n"


def links(titles, cls="", li=True):
    items = "".join('<li><a href="/a/%d.html">%s</a></li>' % (1000 + i, e(t)) for i, t in enumerate(titles))
    return '<ul%s>%s</ul>' % (' class="%s"' % cls if cls else "", items)


def nav(items):
    return "".join('<a href="/%d/">%s</a>' % (i, e(t)) for i, t in enumerate(items))


def head(a, site, charset="utf-8", extra=""):
    t = "%s_%s" % (a["title"], site)
    meta = '<meta charset="%s">' % charset if charset else ""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n%s\n<title>%s</title>\n"
            '<meta name="keywords" content="%s">\n<meta name="description" content="%s">\n%s\n'
            "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');})();</script>\n"
            "<style>.nav a{margin:0 6px}.hidden{display:none}</style>\n</head>\n" %
            (meta, e(t), e(site), e(a["paras"][0][:40]), extra))


def byline(a, sep="\u3000"):
    parts = []
    if a["date"]:
        parts.append(e(a["date"]))
    if a["source"]:
        parts.append("来源：" + e(a["source"]))
    if a["author"]:
        parts.append("作者：" + e(a["author"]))
    return sep.join(parts)


def footer(site, icp=True):
    s = '<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ad">广告服务</a> | <a href="/map">网站地图</a></p>'
    s += "<p>Copyright © 2024 %s 版权所有</p>" % e(site)
    if icp:
        s += '<p><a href="https://beian.miit.gov.cn">京ICP备12345678号-1</a> 京公网安备11010502000001号</p>'
    return s + "</div>"


# --- layouts ------------------------------------------------------------

def portal_classic(a, site="江城在线"):
    return head(a, site) + """<body>
<div class="top-bar"><div class="w1000"><a href="/">首页</a><a href="/login">登录</a><a href="/reg">注册</a></div></div>
<div class="nav">%s</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 正文</div>
<div class="main clearfix">
 <div class="left">
  <div class="article">
   <h1 class="main-title">%s</h1>
   <div class="date-source"><span class="date">%s</span> <span class="source">来源：<a href="#">%s</a></span> <span class="author">作者：%s</span></div>
   <div class="article-content" id="artibody">
%s
   <p class="show_author">责任编辑：%s</p>
   </div>
   <div class="article-share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
   <div class="related"><h3>相关阅读</h3>%s</div>
   <div id="comment"><h3>网友评论</h3><div class="cmt-item"><span>江城网友</span><p>终于等到了，支持！</p></div><div class="cmt-item"><span>匿名用户</span><p>希望工程质量过硬，早日造福市民。</p></div></div>
  </div>
 </div>
 <div class="right">
  <div class="box hot"><h3>热点新闻</h3>%s</div>
  <div class="box ad"><a href="/ad/1"><img src="/ad.jpg" alt="广告"></a>楼盘特惠 火热认购中</div>
 </div>
</div>
%s
</body></html>
""" % (nav(["首页", "新闻", "财经", "体育", "娱乐", "科技", "汽车", "房产"]), e(a["title"]), e(a["date"]), e(a["source"]),
       e(a["author"]), body_html(a), e(a["editor"]), links(NEWS[:4]), links(NEWS[4:]), footer(site))


def portal_table(a, site="南岭县人民政府网"):
    paras = "<br>\n<br>\n".join("\u3000\u3000" + e(s[3:] if s.startswith("## ") else s) for s in a["paras"])
    return head(a, site, charset="gb2312") + """<body>
<table width="1000" align="center" cellpadding="0" cellspacing="0">
<tr><td class="topnav"><a href="/">网站首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a></td></tr>
<tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/xw/">新闻动态</a></td></tr>
<tr><td>
 <table width="100%%"><tr><td class="title" align="center"><font size="5"><b>%s</b></font></td></tr>
 <tr><td align="center">发布时间：%s&nbsp;&nbsp;来源：%s&nbsp;&nbsp;作者：%s&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
 <tr><td class="txt">
%s
 </td></tr>
 <tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
 </table>
</td></tr>
<tr><td class="bottom">主办：南岭县人民政府办公室 地址：南岭县人民路1号 <br>网站标识码：4300000001 湘ICP备05000001号</td></tr>
</table>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a["source"]), e(a["author"]), paras)


def portal_html5(a, site="科技前沿"):
    return head(a, site, extra='<meta property="og:title" content="%s">\n<meta property="article:published_time" content="%s">\n<meta name="author" content="%s">\n<meta property="og:site_name" content="%s">' % (
        e(a["title"]), a["date"].replace(" ", "T") + ":00+08:00", e(a["author"]), e(site))) + """<body>
<header class="site-header"><a class="logo" href="/">%s</a><nav><ul><li><a href="/ai">人工智能</a></li><li><a href="/car">新能源</a></li><li><a href="/chip">芯片</a></li><li><a href="/space">航天</a></li></ul></nav></header>
<main>
<article>
 <header><h1>%s</h1><p class="meta"><span>%s</span> · <span>%s</span> · <span>作者：%s</span></p></header>
 <section class="article-body">
%s
 </section>
 <footer class="article-footer"><p>本文为%s原创，转载请注明出处。</p><ul class="tags"><li><a href="/t/1">电池</a></li><li><a href="/t/2">新能源汽车</a></li></ul></footer>
</article>
<aside><h3>24小时热文</h3>%s<h3>订阅我们</h3><p>扫码关注公众号，获取每日科技快讯。</p></aside>
</main>
<footer class="site-footer"><p>© 2024 %s</p><p><a href="/privacy">隐私政策</a> <a href="/terms">用户协议</a></p></footer>
</body></html>
""" % (e(site), e(a["title"]), e(a["date"]), e(a["source"]), e(a["author"]), body_html(a), e(site), links(NEWS[2:7]), e(site))


def portal_detail(a, site="体育周刊"):
    return head(a, site) + """<body>
<div class="header"><div class="logo">%s</div><div class="menu"><a href="/">首页</a><a href="/zq/">足球</a><a href="/lq/">篮球</a><a href="/pb/">跑步</a></div></div>
<div class="wrap">
<div class="h-title">%s</div>
<div class="h-info"><span class="h-time">%s</span><span>来源：%s</span></div>
<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div id="detail">
%s
<p>（记者 %s）</p>
</div>
<div class="editor">【责任编辑：%s】</div>
<div class="page-nav"><p>上一篇：<a href="/x/1.html">%s</a></p><p>下一篇：<a href="/x/2.html">%s</a></p></div>
<div class="tjyd"><div class="tit">推荐阅读</div>%s</div>
</div>
<div class="foot">%s</div>
</body></html>
""" % (e(site), e(a["title"]), e(a["date"]), e(a["source"]), body_html(a), e(a["author"]), e(a["editor"]), e(NEWS[0]), e(NEWS[1]), links(NEWS[2:6]), footer(site))


def farm_seed():
    lines = [l.strip() for l in open(os.path.join(ROOT, "examples", "seed-openai-48h.txt"), encoding="utf-8") if l.strip()]
    # The seed is the text of a farm page: channel header, title, 原标题,
    # byline, paragraphs, an expander, prev/next. The gold main text is its
    # paragraphs and subheadings, as found on the page.
    title, body = lines[1], [l for l in lines[4:] if not l.startswith(("上一篇", "Copyright"))]
    paras = []
    for l in body:
        if l in ("打开全文。",):
            continue
        paras.append(l)
    a = dict(title=title, source="经济调查网", author="钱玉娟 石震方", date="2023-11-21 10:36", editor="", paras=paras)
    ps = []
    for i, l in enumerate(paras):
        ps.append("<p>%s</p>" % e(l))
        if i == 9:
            ps.append('<div class="gg"><a href="/go/7"><img src="/ad/a.gif"></a>加盟热线 400-000-0000 开店0风险</div>')
            ps.append('<div class="unfold"><a href="javascript:;">打开全文</a></div>')
    art_gold = "\n".join(paras) + "\n"
    page = head(a, "百科知识网") + """<body>
<div class="topbar">欢迎访问百科知识网！ <a href="/">设为首页</a> <a href="/">加入收藏</a></div>
<div class="nav">%s</div>
<div class="pos">新闻中心 &gt; <a href="/tech/">科技</a> &gt; 正文</div>
<div class="con">
 <div class="con-l">
  <h1>%s</h1>
  <div class="info">%s 来源：%s 作者：%s 阅读：<span>3827</span></div>
  <div class="content">
   <p>原标题 :%s</p>
   <p>%s 记者 %s</p>
%s
  </div>
  <div class="fenye"><p>上一篇：<a href="/n/88.html">俄外交部：一名俄罗斯人在俄方与哈马斯达成协议后获释</a></p><p>下一篇：<a href="/n/90.html">%s</a></p></div>
  <div class="xgwz"><h3>猜你喜欢</h3>%s</div>
 </div>
 <div class="con-r"><div class="tit">热门文章</div>%s<div class="tit">最新文章</div>%s</div>
</div>
<div class="foot"><p>本站部分文章来源于网络，如有侵权请联系删除。</p><p>Copyright © 2023 百科知识网-百度百科 版权所有</p><p>备案号：粤ICP备20230001号</p></div>
</body></html>
""" % (nav(["首页", "科技", "财经", "健康", "汽车", "百科"]), e(title), a["date"], a["source"], e(a["author"]), e(title),
       "经济调查网", e(a["author"]), "\n".join(ps), e(OFFTOPIC[0]), links(OFFTOPIC[1:5]), links(OFFTOPIC[4:]), links(OFFTOPIC[2:6]))
    return a, page, art_gold


def farm_tags(a, site="热点资讯站"):
    return head(a, site) + """<body>
<div id="hd"><div class="logo"><a href="/">%s</a></div><ul class="menu"><li><a href="/">首页</a></li><li><a href="/zx/">资讯</a></li><li><a href="/jk/">健康</a></li><li><a href="/sh/">生活</a></li></ul></div>
<div id="bd">
 <div class="article-main">
  <h1 class="arc-title">%s</h1>
  <div class="arc-info">时间：%s　来源：网络整理　浏览：1024次</div>
  <div class="arc-body">
%s
  <p>本文来源于网络，如有侵权请联系删除。</p>
  </div>
  <div class="keywords">标签：<a href="/tag/1">健康</a> <a href="/tag/2">养生</a> <a href="/tag/3">减肥茶</a> <a href="/tag/4">推荐</a></div>
  <div class="prenext"><span>上一篇：<a href="/1.html">%s</a></span><span>下一篇：<a href="/2.html">%s</a></span></div>
 </div>
 <div class="sidebar"><h4>热门文章</h4>%s<h4>随机推荐</h4>%s</div>
</div>
<div id="ft">Copyright © 2024 %s All Rights Reserved. <a href="/sitemap.xml">网站地图</a></div>
</body></html>
""" % (e(site), e(a["title"]), e(a["date"]), body_html(a), e(OFFTOPIC[1]), e(OFFTOPIC[2]), links(OFFTOPIC[3:7]), links(OFFTOPIC[:4]), e(site))


def farm_plain(a, site="每日看点"):
    # No semantic class names: only the structure and link density tell.
    return head(a, site) + """<body>
<div class="a1"><div class="a2"><a href="/">%s</a></div><div class="a3">%s</div></div>
<div class="b1">
 <div class="b2">
  <div class="c1">%s</div>
  <div class="c2">%s</div>
  <div class="c3">
%s
  </div>
  <div class="c4"><div>你可能还想看：</div>%s</div>
 </div>
 <div class="b3"><div>看点排行</div>%s</div>
</div>
<div class="d1"><a href="/">%s</a> | <a href="/about">关于</a> | <a href="/jubao">举报</a><br>© 2024 每日看点</div>
</body></html>
""" % (e(site), nav(["推荐", "热点", "娱乐", "时尚", "明星"]), e(a["title"]), e(a["date"]), body_html(a),
       links(OFFTOPIC[:5], li=True), links(OFFTOPIC[3:8]), e(site))


def farm_mobile(a, site="快看头条"):
    return head(a, site, extra='<meta name="viewport" content="width=device-width,initial-scale=1">') + """<body>
<div class="m-top"><a href="/">%s</a><a class="open-app" href="/app">打开APP</a></div>
<div class="m-article">
 <h1>%s</h1>
 <div class="m-info"><span>%s</span><span>%s</span></div>
 <div class="m-content">
%s
 </div>
 <div class="m-expand">展开全文</div>
 <div class="m-ad ad">下载快看头条APP，阅读更多精彩内容</div>
</div>
<div class="m-recommend"><div class="m-rec-title">为你推荐</div>%s</div>
<div class="m-bottom">快看头条 · 用户协议 · 隐私政策</div>
</body></html>
""" % (e(site), e(a["title"]), e(a["source"] or site), e(a["date"]), body_html(a, p="section"), links(NEWS[:3] + OFFTOPIC[:3]))


def forum_discuz(a, site="猫友社区"):
    replies = ["我家的也是！后来买了个自动逗猫器，白天让它多运动，晚上就好多了。",
               "建议睡前喂一顿，吃饱了猫会犯困，亲测有效。",
               "顶一下，同求办法。", "再养一只确实有用，两只猫会互相玩，不过要做好隔离和适应。"]
    posts = []
    allp = [(a["author"], "<br />\n".join(e(p) for p in a["paras"]), "楼主")] + \
        [("用户%d" % (i + 1), e(r), "%d#" % (i + 2)) for i, r in enumerate(replies)]
    for i, (who, text, floor) in enumerate(allp):
        posts.append("""<table class="plhin" id="pid%d" cellspacing="0" cellpadding="0"><tr>
<td class="pls"><div class="pi"><a href="/space/%d" class="xw1">%s</a></div><p>积分: %d</p></td>
<td class="plc"><div class="pi"><strong><a href="#">%s</a></strong><em>发表于 %s</em></div>
<div class="pct"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_%d">
%s
</td></tr></table></div></div>
<div class="po"><a href="#">回复</a> <a href="#">举报</a></div></td></tr></table>""" % (
            i, i, e(who), 100 * (i + 1), floor, a["date"], i, text))
    return head(a, site, charset="utf-8") + """<body>
<div id="hd"><div class="wp"><h2><a href="/">%s</a></h2><div id="nv"><ul><li><a href="/forum.php">论坛</a></li><li><a href="/group">小组</a></li><li><a href="/home.php">家园</a></li></ul></div></div></div>
<div id="pt" class="bm cl"><div class="z"><a href="/">猫友社区</a> <em>›</em> <a href="/f/2">养猫经验</a> <em>›</em> 帖子</div></div>
<div id="ct" class="wp cl">
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0"><tr><td class="pls ptn">查看: 2356<span>|</span>回复: 4</td>
<td class="plc ptm pbn vwthd"><h1 class="ts"><span id="thread_subject">%s</span></h1></td></tr></table>
%s
</div>
<div class="pgs mtm mbm cl"><div class="pg"><strong>1</strong><a href="?page=2">2</a><a href="?page=2" class="nxt">下一页</a></div></div>
</div>
<div id="ft" class="wp cl"><p>Powered by Discuz! X3.4</p><p>&copy; 2001-2024 猫友社区</p></div>
</body></html>
""" % (e(site), e(a["title"]), "\n".join(posts))


def forum_modern(a, site="摄影爱好者论坛"):
    replies = [("小马哥", "说得很实在，我也是入门机起步，现在用了五年还没换。"),
               ("F8与快门", "定焦镜头真的很推荐，虚化效果比套头好很多。"),
               ("路人甲", "请问楼主买的是哪一款？方便说一下价格吗？")]
    def post(who, paras, floor, main=False):
        body = "".join("<p>%s</p>" % e(p) for p in paras)
        return """<div class="post%s" id="post-%s"><div class="post-author"><a href="/u/%s">%s</a><span class="floor">%s</span><time>%s</time></div><div class="post-body">%s</div><div class="post-actions"><a href="#">赞</a><a href="#">回复</a><a href="#">分享</a></div></div>""" % (
            " post-main" if main else "", floor, e(who), e(who), floor, a["date"], body)
    ps = [post(a["author"], a["paras"], "楼主", True)] + [post(w, [t], "%d楼" % (i + 2)) for i, (w, t) in enumerate(replies)]
    return head(a, site) + """<body>
<div class="topnav"><a href="/">%s</a><a href="/board/dc">数码相机</a><a href="/board/lens">镜头</a><a href="/board/show">作品展示</a></div>
<div class="crumbs"><a href="/">首页</a> / <a href="/board/dc">数码相机</a></div>
<div class="thread">
<h1 class="thread-title">%s</h1>
<div class="posts">
%s
</div>
<div class="pagination"><a href="?p=1">1</a><a href="?p=2">2</a><a href="?p=2">下一页</a></div>
</div>
<div class="footer">© 2024 %s · 联系我们</div>
</body></html>
""" % (e(site), e(a["title"]), "\n".join(ps), e(site))


def blog(a, site="南窗的园子"):
    return head(a, site) + """<body>
<div id="header"><h2 class="blog-name"><a href="/">%s</a></h2><p class="motto">种花种菜种日子</p><ul id="menu"><li><a href="/">首页</a></li><li><a href="/archives">归档</a></li><li><a href="/about">关于</a></li></ul></div>
<div id="content">
 <div class="post">
  <h1 class="post-title">%s</h1>
  <div class="post-meta">发表于 %s · 分类：<a href="/c/life">生活</a> · 作者：%s</div>
  <div class="entry">
%s
  </div>
  <div class="post-tags">标签：<a href="/t/1">阳台</a> <a href="/t/2">种菜</a></div>
  <div class="post-nav"><a href="/p/11" class="prev">« 多肉过冬记</a> <a href="/p/13" class="next">自制酵素肥 »</a></div>
 </div>
 <div id="comments"><h3>3 条评论</h3><ol class="comment-list"><li><div class="comment-author">阿绿</div><p>好羡慕朝南的阳台，我家只能种点薄荷。</p></li><li><div class="comment-author">南窗</div><p>薄荷也很好呀，泡水喝很香。</p></li><li><div class="comment-author">种菜新手</div><p>请问番茄需要搭架子吗？</p></li></ol></div>
</div>
<div id="sidebar"><div class="widget"><h3>最新文章</h3>%s</div><div class="widget"><h3>友情链接</h3><a href="#">花草志</a> <a href="#">小园记</a></div></div>
<div id="footer">© 2024 %s · 由 WordPress 驱动</div>
</body></html>
""" % (e(site), e(a["title"]), a["date"], e(a["author"]), body_html(a), links(["多肉过冬记", "自制酵素肥", "一棵柠檬树的三年"]), e(site))


def gov_notice(a, site="市医疗保障局"):
    return head(a, site, charset="utf-8") + """<body>
<div class="gov-head"><div class="gov-logo">%s</div><div class="gov-nav"><a href="/">首页</a><a href="/xxgk/">信息公开</a><a href="/zcfg/">政策法规</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div></div>
<div class="gov-main">
 <div class="gov-loc">您当前的位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
 <table class="gov-xxgk"><tr><td>索引号：</td><td>11350000MB0000000X/2024-00128</td><td>发布机构：</td><td>%s</td></tr><tr><td>发文日期：</td><td>%s</td><td>主题分类：</td><td>医疗保障</td></tr></table>
 <div class="gov-article">
  <h1>%s</h1>
  <div class="gov-content">
%s
  <p style="text-align:right">%s</p>
  <p style="text-align:right">%s</p>
  </div>
  <div class="gov-tools"><a href="javascript:print()">【打印本页】</a><a href="javascript:close()">【关闭窗口】</a></div>
 </div>
</div>
<div class="gov-foot"><p>主办单位：%s</p><p>网站标识码：3500000032 闽ICP备05000002号 闽公网安备35010202000001号</p></div>
</body></html>
""" % (e(site), e(site), a["date"], e(a["title"]), body_html(a), e(site), a["date"], e(site))


def finance(a, site="证券日报网"):
    paras = [re.sub("半导体", '<a href="/bk/semi">半导体</a>', e(p), count=1) for p in a["paras"]]
    body = "\n".join("<p>%s</p>" % p for p in paras)
    return head(a, site, extra='<meta name="publishdate" content="%s">\n<meta name="source" content="%s">' % (a["date"], e(a["source"]))) + """<body>
<div class="topnav">%s</div>
<div class="quote-bar"><a href="/q/sh">上证指数 3215.68 +1.20%%</a> <a href="/q/sz">深证成指 10523.11 +1.80%%</a> <a href="/q/cy">创业板指 2101.09 +2.30%%</a></div>
<div class="newsContent">
 <h1>%s</h1>
 <div class="time-source"><div class="time">%s</div><div class="source">来源：%s　作者：%s</div></div>
 <div class="txtinfos" id="ContentBody">
%s
 <p class="em_media">（文章来源：%s）</p>
 </div>
 <div class="b-review">郑重声明：本文版权归原作者所有，转载文章仅为传播更多信息之目的，不构成投资建议，投资者据此操作，风险自担。</div>
 <div class="editor">责任编辑：%s</div>
</div>
<div class="hot-stocks"><h3>人气排行</h3>%s</div>
%s
</body></html>
""" % (nav(["首页", "股票", "基金", "期货", "债券", "理财"]), e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body,
       e(a["source"]), e(a["editor"]), links(["某某科技", "某某电子", "某某股份", "某某银行"]), footer(site))


def wechat(a, site="杏林笔记"):
    paras = "\n".join('<section style="margin-bottom:16px"><span style="font-size:15px;color:#333">%s</span></section>' % e(p) for p in a["paras"])
    return head(a, site, extra='<meta property="og:title" content="%s">' % e(a["title"])) + """<body id="activity-detail">
<div id="js_article" class="rich_media">
 <div class="rich_media_inner">
  <h1 class="rich_media_title" id="activity-name">%s</h1>
  <div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_nickname"><a href="#">%s</a></span> <em id="publish_time" class="rich_media_meta">%s</em></div>
  <div class="rich_media_content" id="js_content">
%s
<section style="text-align:center"><span style="color:#999">— END —</span></section>
<section><span>长按二维码关注我们</span></section>
  </div>
  <div id="js_tags" class="article-tag-list">#养生 #中医</div>
  <div class="rich_media_tool"><a href="#">阅读原文</a> <span>阅读 10万+</span> <a href="#">在看</a></div>
 </div>
</div>
</body></html>
""" % (e(a["title"]), e(site), a["date"], paras)


def big5_portal(a, site="港島日報"):
    return head(a, site, charset="big5") + """<body>
<div class="nav"><a href="/">首頁</a> <a href="/local/">港聞</a> <a href="/world/">國際</a> <a href="/biz/">財經</a> <a href="/tech/">科技</a></div>
<div class="content-wrap">
 <h1>%s</h1>
 <div class="meta">%s　來源：%s　記者：%s</div>
 <div class="article-text">
%s
 </div>
 <div class="related"><h3>相關新聞</h3>%s</div>
</div>
<div class="footer">&copy; 2024 港島日報 版權所有</div>
</body></html>
""" % (e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body_html(a), links(["本港新增三條單車徑", "機場第三跑道全面啟用", "天文台發出酷熱天氣警告"]))


def lead_portal(a, site="新消费周刊"):
    lead = "县城年轻人也需要一杯好咖啡，一家小店的坚持改变了很多人的看法。"
    return head(a, site) + """<body>
<div class="header"><div class="logo">%s</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/shop">店铺故事</a></li><li><a href="/brand">品牌</a></li></ul></div>
<div class="container">
 <div class="col-main">
  <h1 class="title">%s</h1>
  <div class="info">%s 来源：%s 作者：%s</div>
  <figure class="cover"><img src="/cover.jpg"><figcaption>小周的咖啡店 受访者供图</figcaption></figure>
  <div class="content">
%s
  </div>
  <div class="pages">共2页：<a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=2">下一页</a></div>
  <div class="copyright-note">未经授权，禁止转载。</div>
 </div>
 <div class="col-side"><div class="mod"><h3>编辑推荐</h3>%s</div></div>
</div>
%s
</body></html>
""" % (e(site), e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body_html(a), links(NEWS[:4]), footer(site))


def flash_portal(a, site="气象快讯"):
    return head(a, site) + """<body>
<div class="nav">%s</div>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/kx/">快讯</a></div>
<div class="kx-main">
 <h1>%s</h1>
 <div class="kx-info">%s 来源：%s 记者 %s</div>
 <div class="kx-text">
%s
 </div>
 <div class="kx-more"><h3>更多快讯</h3>%s</div>
</div>
<div class="rank"><h3>阅读排行</h3>%s</div>
%s
</body></html>
""" % (nav(["首页", "天气预报", "预警", "台风", "降水", "空气质量", "科普"]), e(a["title"]), a["date"], e(a["source"]), e(a["author"]),
       body_html(a), links(["强对流天气预警发布", "北方迎来大范围降温", "多地出现雷阵雨天气", "南方地区进入主汛期"]),
       links(NEWS[:6]), footer(site))


def teasers(a, site="生态周报"):
    # A sidebar of teasers: each a linked title and a prose summary, the
    # kind of template that reads like article text.
    teas = [("城市绿道串起十座公园", "全长一百二十公里的城市绿道近日全线贯通，串联起沿线十座公园，市民骑行、散步有了新去处。"),
            ("社区花园里的共享菜地", "老旧小区腾出的空地变成了共享菜地，居民认领种植，邻里关系也因此更加融洽。"),
            ("垃圾分类实施五周年", "五年来全市垃圾分类准确率稳步提升，可回收物回收量比实施前增加了一倍多。")]
    side = "".join('<div class="item"><h4><a href="/n/%d">%s</a></h4><p>%s</p></div>' % (i, e(t), e(d)) for i, (t, d) in enumerate(teas))
    return head(a, site) + """<body>
<div class="top">%s</div>
<div class="wrap">
 <div class="left">
  <h1>%s</h1>
  <p class="src">%s　来源：%s　作者：%s</p>
  <div class="txt">
%s
  </div>
 </div>
 <div class="right"><h3>精彩专题</h3>%s</div>
</div>
<div class="bt">%s 版权所有　联系电话：010-00000000</div>
</body></html>
""" % (nav(["首页", "生态", "环保", "专题"]), e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body_html(a), side, e(site))


def linkrich(a, site="半导体观察"):
    # Paragraphs dense with links to company and topic pages.
    def linkify(p):
        for i, w in enumerate(["存储芯片", "芯片设计", "晶圆代工", "人工智能", "高带宽存储", "消费电子", "营收", "净利润"]):
            p = p.replace(e(w), '<a href="/topic/%d">%s</a>' % (100 + i, e(w)), 1)
        return p
    body = "\n".join("<p>%s</p>" % linkify(e(p)) for p in a["paras"])
    return head(a, site) + """<body>
<div class="header"><ul class="channel"><li><a href="/">首页</a></li><li><a href="/chip">芯片</a></li><li><a href="/ai">AI</a></li></ul></div>
<div class="article-wrap">
 <h1>%s</h1>
 <div class="meta">%s 来源：%s 作者：%s</div>
 <div class="article">
%s
 <p>责任编辑：%s</p>
 </div>
 <div class="box"><div class="box-title">相关公司</div><p><a href="/c/1">某存储</a> <a href="/c/2">某代工</a> <a href="/c/3">某设计</a></p></div>
</div>
%s
</body></html>
""" % (e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body, e(a["editor"]), footer(site))


def plain_comments(a, site="市井生活"):
    # Comments with prose and no class names to say so.
    cm = ["小时候放学就去吃，现在带孩子去，还是那个味道。", "牛肉面真的好吃，汤头浓，就是早上去要排队。", "希望老何身体健康，面馆一直开下去！"]
    cms = "".join("<div><div><b>网友%d</b> %s</div><div>%s</div></div>" % (i + 1, a["date"][:10], e(c)) for i, c in enumerate(cm))
    return head(a, site) + """<body>
<div>%s</div>
<div>
 <div>
  <h1>%s</h1>
  <div>%s %s 作者：%s</div>
  <div>
%s
  </div>
 </div>
 <div><h3>网友留言（3）</h3>%s</div>
</div>
<div>© 2024 %s</div>
</body></html>
""" % (nav(["首页", "美食", "街巷", "人物"]), e(a["title"]), a["date"], e(a["source"]), e(a["author"]), body_html(a), cms, e(site))


FIXTURES = [
    # name, article, layout, encoding
    ("portal-bridge", "bridge", portal_classic, "utf-8"),
    ("portal-library", "library", portal_classic, "utf-8"),
    ("portal-table-gbk", "rice", portal_table, "gbk"),
    ("portal-html5-battery", "battery", portal_html5, "utf-8"),
    ("portal-detail-marathon", "marathon", portal_detail, "utf-8"),
    ("portal-detail-museum", "museum", portal_detail, "utf-8"),
    ("portal-html5-housing", "housing", portal_html5, "utf-8"),
    ("farm-tags-flu", "flu", farm_tags, "utf-8"),
    ("farm-plain-gossip", "gossip", farm_plain, "utf-8"),
    ("farm-plain-tea", "tea", farm_plain, "utf-8"),
    ("farm-mobile-robot", "robot", farm_mobile, "utf-8"),
    ("farm-tags-exam", "exam", farm_tags, "utf-8"),
    ("forum-discuz-cat", "cat", forum_discuz, "utf-8"),
    ("forum-modern-camera", "camera", forum_modern, "utf-8"),
    ("blog-garden", "garden", blog, "utf-8"),
    ("gov-notice", "notice", gov_notice, "utf-8"),
    ("finance-stock", "stock", finance, "utf-8"),
    ("wechat-health", "wechat", wechat, "utf-8"),
    ("big5-drone", "drone", big5_portal, "big5"),
    ("lead-coffee", "startup", lead_portal, "utf-8"),
    ("flash-typhoon", "flash", flash_portal, "utf-8"),
    ("gbk-nometa-station", "station", portal_table, "gbk-nometa"),
    ("portal-teasers-wetland", "wetland", teasers, "utf-8"),
    ("portal-linkrich-chip", "chip", linkrich, "utf-8"),
    ("blog-plain-comments-noodle", "noodle", plain_comments, "utf-8"),
]


def write(name, a, page, goldtext, enc):
    if enc == "gbk-nometa":
        page = page.replace('<meta charset="gb2312">', "")
        enc = "gbk"
    data = page.encode(enc)
    open(os.path.join(HERE, name + ".html"), "wb").write(data)
    open(os.path.join(HERE, name + ".gold.txt"), "w", encoding="utf-8").write(goldtext)
    # Expect only what the page states in a byline or credit line.
    meta = {"title": a["title"], "date": a["date"]}
    if a["source"] and re.search("(来源|來源)：(<a[^>]*>)?" + re.escape(e(a["source"])), page):
        meta["source"] = a["source"]
    if a["author"] and re.search("(作者|記者|记者)[：\\s]*" + re.escape(e(a["author"])), page):
        meta["authors"] = a["author"].split()
    if a["editor"] and "责任编辑：" + e(a["editor"]) in page:
        meta["editors"] = [a["editor"]]
    open(os.path.join(HERE, name + ".meta.json"), "w", encoding="utf-8").write(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")


def main():
    for name, key, layout, enc in FIXTURES:
        a = ARTICLES[key]
        g = gold(a)
        if layout is gov_notice:
            g += a["source"] + "\n" + a["date"] + "\n"  # the notice's signature belongs to it
        write(name, a, layout(a), g, enc)
    a, page, g = farm_seed()
    write("farm-seed-openai", a, page, g, "utf-8")


if __name__ == "__main__":
    main()
