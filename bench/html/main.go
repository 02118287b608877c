// Command html measures main-text extraction on winnow's HTML fixtures
// (testdata/html: NAME.html with its gold main text NAME.gold.txt) for
// winnow, go-trafilatura alone and go-readability alone.
//
// The measure is bag-of-characters precision, recall and F1: both texts
// are taken as multisets of their non-space characters (Chinese has no
// word spaces, so a character is the natural token); precision is the
// share of the system's characters found in the gold text, recall the
// share of the gold text's characters the system found. Totals are
// micro-averaged over all pages (summed counts); the per-page mean F1 is
// shown too. The gold text is the article's body paragraphs and
// subheadings, without title and byline, so every system's lines equal
// to the page title are dropped before scoring.
//
// Every system gets the page decoded to UTF-8 by winnow's page.Decode,
// so the figures compare extraction, not charset handling.
//
//	cd bench/html && go run . [-fixtures ../../testdata/html] [-v]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/winnow-project/winnow"
	"github.com/winnow-project/winnow/page"
)

type counts struct{ common, sys, gold int }

func (c counts) prf() (p, r, f float64) {
	if c.sys > 0 {
		p = float64(c.common) / float64(c.sys)
	}
	if c.gold > 0 {
		r = float64(c.common) / float64(c.gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func bag(s string) map[rune]int {
	m := map[rune]int{}
	for _, c := range s {
		if !unicode.IsSpace(c) && c != '\u3000' {
			m[c]++
		}
	}
	return m
}

func compare(sys, gold string) counts {
	s, g := bag(sys), bag(gold)
	var c counts
	for r, n := range s {
		c.sys += n
		c.common += min(n, g[r])
	}
	for _, n := range g {
		c.gold += n
	}
	return c
}

// dropTitle removes lines equal to the title.
func dropTitle(text, title string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if page.Norm(l) != page.Norm(title) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// nodeText renders a node's text, a line break after each block.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.Data {
			case "script", "style":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "section", "blockquote", "pre", "table":
				b.WriteByte('\n')
			}
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}

type system struct {
	name    string
	extract func(utf8 []byte) (string, error)
	total   counts
	f1sum   float64
	elapsed time.Duration
	fails   int
}

type fixtureMeta struct {
	Title string `json:"title"`
}

func main() {
	dir := flag.String("fixtures", "../../testdata/html", "folder of NAME.html and NAME.gold.txt")
	verbose := flag.Bool("v", false, "print per-page figures")
	flag.Parse()
	a, err := winnow.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	systems := []*system{
		{name: "winnow", extract: func(b []byte) (string, error) {
			r, err := a.CheckPage(context.Background(), "", b, "text/html; charset=utf-8")
			if err != nil {
				return "", err
			}
			var out []string
			for _, l := range r.Lines {
				if l.Label == "body" || l.Label == "heading" {
					out = append(out, r.Text[l.Start:l.End])
				}
			}
			return strings.Join(out, "\n"), nil
		}},
		{name: "go-trafilatura", extract: func(b []byte) (string, error) {
			res, err := trafilatura.Extract(bytes.NewReader(b), trafilatura.Options{EnableFallback: true, ExcludeComments: true})
			if err != nil {
				return "", err
			}
			return nodeText(res.ContentNode), nil
		}},
		{name: "go-readability", extract: func(b []byte) (string, error) {
			ps := readability.NewParser()
			art, err := ps.Parse(bytes.NewReader(b), nil)
			if err != nil {
				return "", err
			}
			return nodeText(art.Node), nil
		}},
	}
	files, _ := filepath.Glob(filepath.Join(*dir, "*.html"))
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "no fixtures in", *dir)
		os.Exit(1)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		base := strings.TrimSuffix(f, ".html")
		gold, err := os.ReadFile(base + ".gold.txt")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var meta fixtureMeta
		if b, err := os.ReadFile(base + ".meta.json"); err == nil {
			json.Unmarshal(b, &meta)
		}
		utf8, _, err := page.Decode(raw, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			os.Exit(1)
		}
		if *verbose {
			fmt.Printf("%-26s", filepath.Base(base))
		}
		for _, s := range systems {
			start := time.Now()
			text, err := s.extract(utf8)
			s.elapsed += time.Since(start)
			if err != nil {
				s.fails++
			}
			c := compare(dropTitle(text, meta.Title), string(gold))
			s.total.common += c.common
			s.total.sys += c.sys
			s.total.gold += c.gold
			_, _, f1 := c.prf()
			s.f1sum += f1
			if *verbose {
				p, r, _ := c.prf()
				fmt.Printf("  %s P=%.2f R=%.2f F1=%.2f", s.name[:3], p, r, f1)
			}
		}
		if *verbose {
			fmt.Println()
		}
	}
	fmt.Printf("%d pages; bag-of-characters precision/recall/F1, micro-averaged; mean per-page F1\n\n", len(files))
	fmt.Printf("%-16s %9s %9s %9s %12s %8s %12s\n", "system", "precision", "recall", "F1", "mean page F1", "errors", "ms/page")
	for _, s := range systems {
		p, r, f := s.total.prf()
		fmt.Printf("%-16s %9.3f %9.3f %9.3f %12.3f %8d %12.2f\n", s.name, p, r, f, s.f1sum/float64(len(files)), s.fails,
			float64(s.elapsed.Microseconds())/1000/float64(len(files)))
	}
}
