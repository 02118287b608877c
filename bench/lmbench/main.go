// Command lmbench measures the language model: load time, resident memory
// after loading, and Score calls per second on one core.
//
//	go run ./bench/lmbench                 # the bundled model
//	go run ./bench/lmbench -model FILE     # a compact, KenLM or ARPA file
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/models"
)

func rssKB() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
		}
	}
	return "?"
}

func main() {
	path := flag.String("model", "", "model file (default: bundled)")
	dur := flag.Duration("time", 3*time.Second, "how long to score")
	flag.Parse()
	runtime.GOMAXPROCS(1)

	rss0 := rssKB()
	t0 := time.Now()
	var m lm.Model
	var err error
	if *path == "" {
		m, err = models.Default()
	} else {
		m, _, err = lm.Open(*path)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	load := time.Since(t0)
	rss1 := rssKB()

	// Running text: random sentences drawn from the vocabulary would miss
	// the trie's deep paths; use a fixed realistic word sequence repeated,
	// plus random words for cold paths.
	v := m.Vocab()
	text := "美国 当地 时间 11月 19日 上午 ， 他 带着 访客 证 重新 回到 了 熟悉 的 办公室 。 风险 投资 公司 和 投资者 们 也 向 董事会 施压 ， 要求 撤销 决定 。"
	var ids []lm.WordID
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
		id, _ := v.ID(sc.Text())
		ids = append(ids, id)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 4096; i++ {
		ids = append(ids, lm.WordID(r.IntN(v.Size())))
	}
	st := m.BeginSentenceState()
	n := 0
	start := time.Now()
	for time.Since(start) < *dur {
		for _, id := range ids {
			m.Score(&st, id, &st)
		}
		n += len(ids)
	}
	el := time.Since(start)
	fmt.Printf("model\t%s\norder\t%d\nwords\t%d\nload\t%v\nrss_before_load\t%s\nrss_after_load\t%s\nrss_after_scoring\t%s\nscores_per_sec\t%.0f\nns_per_score\t%.1f\n",
		orDefault(*path), m.Order(), v.Size(), load, rss0, rss1, rssKB(), float64(n)/el.Seconds(), float64(el.Nanoseconds())/float64(n))
}

func orDefault(p string) string {
	if p == "" {
		return "bundled " + models.DefaultName
	}
	return p
}
