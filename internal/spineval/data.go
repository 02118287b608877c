package spineval

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// SharedDir is the project's shared data directory, if present.
func SharedDir() string {
	if d := os.Getenv("WINNOW_SHARED"); d != "" {
		return d
	}
	return "/work/shared"
}

// Doc is one evaluation document.
type Doc struct {
	ID   string
	Text string
}

// CleanDocs reads ../shared/data/clean: every Wikipedia paragraph is a
// document; People's Daily lines are joined into documents of about 500
// characters. ok is false when the data is absent.
func CleanDocs(dir string) (wiki, news []Doc, ok bool) {
	base := filepath.Join(dir, "data", "clean")
	w, err1 := readLines(filepath.Join(base, "wiki-paragraphs.txt"))
	p, err2 := readLines(filepath.Join(base, "pku-news-lines.txt"))
	if err1 != nil || err2 != nil {
		return nil, nil, false
	}
	for i, l := range w {
		wiki = append(wiki, Doc{ID: "wiki-" + itoa(i), Text: l})
	}
	var cur strings.Builder
	n := 0
	for _, l := range p {
		cur.WriteString(l)
		cur.WriteString("\n")
		if utf8.RuneCountInString(cur.String()) >= 500 {
			news = append(news, Doc{ID: "news-" + itoa(n), Text: cur.String()})
			n++
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		news = append(news, Doc{ID: "news-" + itoa(n), Text: cur.String()})
	}
	return wiki, news, true
}

// SpunDev reads the real spun pages of ../shared/data/spun-dev.
func SpunDev(dir string) ([]Doc, bool) {
	base := filepath.Join(dir, "data", "spun-dev")
	ents, err := os.ReadDir(base)
	if err != nil {
		return nil, false
	}
	var out []Doc
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") || e.Name() == "SOURCE.txt" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(base, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, Doc{ID: e.Name(), Text: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, len(out) > 0
}

// SpinnerTable reads ../shared/data/spun-dev/spinner-table/SYNONYMS.txt.
func SpinnerTable(dir string) (Table, bool) {
	f, err := os.Open(filepath.Join(dir, "data", "spun-dev", "spinner-table", "SYNONYMS.txt"))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	t, err := ReadDashTable(f)
	return t, err == nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		l := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	return string(b[p:])
}
