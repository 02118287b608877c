package winnow_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-project/winnow"
)

var (
	bundledOnce sync.Once
	bundled     *winnow.Analyzer
	bundledErr  error
)

// page50KB builds a portal page of about 50 KB from a fixture, in the
// proportions of a real one: about 6 KB of article text (the fixture's
// paragraphs repeated to a long article), inline script and style, and
// long navigation and related-article lists.
func page50KB(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/html/portal-bridge.html")
	if err != nil {
		tb.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "<p>本报讯")
	j := strings.Index(s, `<p class="show_author">`)
	k := strings.Index(s, "<h3>热点新闻</h3>")
	h := strings.Index(s, "</head>")
	if i < 0 || j < 0 || k < 0 || h < 0 {
		tb.Fatal("fixture changed")
	}
	var body, related, script strings.Builder
	for body.Len() < 6<<10 {
		body.WriteString(s[i:j])
	}
	script.WriteString("<script>")
	for n := 0; script.Len() < 18<<10; n++ {
		fmt.Fprintf(&script, "window.__conf%d={id:%d,src:'https://static.example.cn/js/m%d.js',track:function(e){return e&&e.type==='click'}};\n", n, n, n)
	}
	script.WriteString("</script><style>")
	for n := 0; script.Len() < 24<<10; n++ {
		fmt.Fprintf(&script, ".m%d .list li a{color:#333;font-size:14px;line-height:24px}\n", n)
	}
	script.WriteString("</style>")
	related.WriteString("<ul>")
	for n := 0; len(s)+body.Len()+script.Len()+related.Len() < 50<<10; n++ {
		fmt.Fprintf(&related, `<li><a href="https://news.example.cn/2024/03/%d.html">市区第%d处口袋公园建成开放 周边居民有了休闲好去处</a></li>`, n, n)
	}
	related.WriteString("</ul>")
	end := k + len("<h3>热点新闻</h3>")
	return []byte(s[:h] + script.String() + s[h:i] + body.String() + s[j:end] + related.String() + s[end:])
}

// BenchmarkCheckPage50KB runs the whole check (page reading and every
// detector, with the bundled model) on a 50 KB HTML page.
//
//	go test -run '^$' -bench CheckPage50KB -cpu 1 -benchtime 200x
func BenchmarkCheckPage50KB(b *testing.B) {
	bundledOnce.Do(func() { bundled, bundledErr = winnow.New() })
	if bundledErr != nil {
		b.Skip("bundled model:", bundledErr)
	}
	in := page50KB(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var cpu0 time.Duration
	for b.Loop() {
		if cpu0 == 0 {
			cpu0 = cpuTime()
		}
		if _, err := bundled.Check(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	// The machine is shared: CPU time (user+system, this process, GC
	// included) per page is the per-core cost whatever the load.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/page")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "pages/cpu-s")
	}
}
