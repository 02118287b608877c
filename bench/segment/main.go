// Command segment evaluates package segment: it segments a raw text file
// (one sentence or paragraph per line) with the real language model,
// writes the words separated by two spaces (the SIGHAN bakeoff format),
// optionally runs the official perl scorer on the result, and measures
// throughput.
//
//	go run ./bench/segment                       # PKU test set, bundled model
//	go run ./bench/segment -bonus 1 -pku         # tuning knobs
//	go run ./bench/segment -speed 20             # MB/s over 20 passes
//
// jieba_seg.py beside it does the same with python3-jieba for comparison:
//
//	/usr/bin/python3 bench/segment/jieba_seg.py IN OUT && perl .../score ... OUT
//
// It is an evaluation tool, not part of winnow; the data it reads lives in
// /work/shared/data and is not shipped.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/segment"
)

func main() {
	shared := flag.String("shared", "../shared", "the measurement data folder (run from the repository root)")
	in := flag.String("in", "", "raw input, one line per sentence (default: the PKU test set in -shared)")
	out := flag.String("out", "/tmp/winnow_seg_out.utf8", "segmented output")
	model := flag.String("lm", "", "model file (default: bundled model or $WINNOW_MODEL)")
	bonus := flag.Float64("bonus", 0, "segment.WithWordBonus")
	maxRunes := flag.Int("maxrunes", 0, "segment.WithMaxWordRunes (0 = default)")
	pku := flag.Bool("pku", false, "apply the PKU number/date convention (merge numerals, attach 年/月/日)")
	score := flag.Bool("score", true, "run the SIGHAN perl scorer")
	speed := flag.Int("speed", 0, "also time this many passes over the input and report MB/s")
	flag.Parse()
	gold := *shared + "/data/seg-gold/"
	if *in == "" {
		*in = gold + "pku_test.utf8"
	}
	if _, err := os.Stat(*in); err != nil {
		fmt.Println("segment bench: skipped,", err)
		return
	}

	t0 := time.Now()
	m, err := models.Load(*model)
	if err != nil {
		log.Fatal(err)
	}
	tLoad := time.Since(t0)
	var opts []segment.Option
	if *bonus != 0 {
		opts = append(opts, segment.WithWordBonus(float32(*bonus)))
	}
	if *maxRunes > 0 {
		opts = append(opts, segment.WithMaxWordRunes(*maxRunes))
	}
	t0 = time.Now()
	seg, err := segment.New(m, opts...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("model load %v, segment.New %v (%d words)\n", tLoad, time.Since(t0), m.Vocab().Size())

	raw, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	text := string(raw)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	var toks []segment.Token
	var words []string
	for _, line := range strings.SplitAfter(text, "\n") {
		line = strings.TrimRight(line, "\r\n")
		toks = seg.AppendTokens(toks[:0], line)
		words = words[:0]
		for _, t := range toks {
			if t.Kind == segment.Space {
				continue
			}
			words = append(words, t.Text(line))
		}
		if *pku {
			words = pkuNumbers(words)
		}
		for _, s := range words {
			w.WriteString(s)
			w.WriteString("  ")
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	f.Close()

	if *speed > 0 {
		var n int64
		toks = toks[:0]
		start := time.Now()
		for i := 0; i < *speed; i++ {
			toks = seg.AppendTokens(toks[:0], text)
			n += int64(len(text))
		}
		el := time.Since(start)
		fmt.Printf("speed: %d bytes × %d passes in %v = %.1f MB/s (%d tokens per pass)\n",
			len(text), *speed, el, float64(n)/el.Seconds()/1e6, len(toks))
	}
	if *score {
		cmd := exec.Command("perl", gold+"score", gold+"pku_training_words.utf8", gold+"pku_test_gold.utf8", *out)
		res, err := cmd.Output()
		if err != nil {
			log.Fatalf("scorer: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(res)), "\n")
		if len(lines) > 14 {
			lines = lines[len(lines)-14:]
		}
		fmt.Println(strings.Join(lines, "\n"))
	}
}

// numeral reports a word made only of digits and number characters.
func numeral(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789０１２３４５６７８９.．%％〇○零一二三四五六七八九十百千万亿两", r) {
			return false
		}
	}
	return true
}

// pkuNumbers applies the PKU standard's number convention to a token
// list: consecutive numeral tokens form one word, an ordinal prefix 第
// joins it, and a following 年, 月 or 日 attaches to it ("2000年",
// "十二月", "第十七").
func pkuNumbers(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); {
		if !numeral(words[i]) || words[i] == "." || words[i] == "．" {
			out = append(out, words[i])
			i++
			continue
		}
		j := i + 1
		s := words[i]
		for j < len(words) && numeral(words[j]) {
			s += words[j]
			j++
		}
		if j < len(words) && utf8.RuneCountInString(words[j]) == 1 && strings.Contains("年月日", words[j]) {
			s += words[j]
			j++
		}
		if n := len(out); n > 0 && out[n-1] == "第" {
			out[n-1] += s
		} else {
			out = append(out, s)
		}
		i = j
	}
	return out
}
