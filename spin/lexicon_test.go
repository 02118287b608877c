package spin

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseLexicon(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr bool
	}{
		{"empty", "", 0, false},
		{"comments", "# c\n\n", 0, false},
		{"two fields", "办理\t管理\n", 1, false},
		{"three fields", "办理\t管理\treverse\n", 1, false},
		{"bom and crlf", "\uFEFF办理\t管理\r\n", 1, false},
		{"duplicate", "办理\t管理\n办理\t管理\tx\n", 1, false},
		{"same word", "管理\t管理\n", 0, false},
		{"one field", "办理\n", 0, true},
		{"empty field", "\t管理\n", 0, true},
		{"bad utf8", "\xff\t管理\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ParseLexicon(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && l.Len() != tt.want {
				t.Fatalf("Len = %d, want %d", l.Len(), tt.want)
			}
		})
	}
}

func TestDefaultLexicon(t *testing.T) {
	l := DefaultLexicon()
	if l.Len() < 500 {
		t.Fatalf("embedded lexicon has %d entries", l.Len())
	}
	for _, want := range [][2]string{{"办理", "管理"}, {"经由过程", "通过"}, {"出资", "投资"}, {"效劳", "服务"}} {
		found := false
		for _, e := range l.Lookup(want[0]) {
			found = found || e.Original == want[1]
		}
		if !found {
			t.Errorf("lexicon lacks %s→%s", want[0], want[1])
		}
	}
	var buf bytes.Buffer
	if err := l.WriteTSV(&buf); err != nil {
		t.Fatal(err)
	}
	l2, err := ParseLexicon(&buf)
	if err != nil || l2.Len() != l.Len() {
		t.Fatalf("round trip: %v, %d vs %d", err, l2.Len(), l.Len())
	}
}

func TestSynonyms(t *testing.T) {
	s, err := ParseSynonyms(strings.NewReader("Aa01A01= 人士 人物\nAa01A02# 甲 乙\n# x\n管理 治理 经营\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Groups() != 3 {
		t.Fatalf("groups = %d, want 3", s.Groups())
	}
	if got := strings.Join(s.Of("管理"), " "); got != "治理 经营" {
		t.Fatalf("Of(管理) = %q", got)
	}
	if got := strings.Join(s.Of("甲"), " "); got != "" {
		t.Fatalf("Of(甲) = %q, want no synonyms ('#' is related, not synonymous)", got)
	}
	if got := strings.Join(s.Near("甲"), " "); got != "乙 人士 人物" {
		t.Fatalf("Near(甲) = %q, want 乙 (its # group), then its category Aa01A", got)
	}
	// Same level-4 category (Aa01A), other group: near, not synonyms.
	s2, _ := ParseSynonyms(strings.NewReader("Aa01A01= 人士 人物\nAa01A02= 人类 生人\nAa01B01= 人民 国民\n"))
	if got := strings.Join(s2.Near("人士"), " "); got != "人类 生人" {
		t.Fatalf("Near(人士) = %q, want the other Aa01A group", got)
	}
	if DefaultSynonyms().Groups() < 1000 {
		t.Fatal("embedded synonyms too small")
	}
}

func FuzzParseLexicon(f *testing.F) {
	f.Add("办理\t管理\treverse\n")
	f.Add("# c\n经由过程\t通过\n")
	f.Add("\uFEFFa\tb\r\n\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ParseLexicon(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, e := range l.Entries() {
			if e.Spun == "" || e.Original == "" || e.Spun == e.Original {
				t.Fatalf("bad entry %+v", e)
			}
			if !utf8.ValidString(e.Spun) || !utf8.ValidString(e.Original) {
				t.Fatalf("invalid UTF-8 in %+v", e)
			}
		}
		var buf bytes.Buffer
		if err := l.WriteTSV(&buf); err != nil {
			t.Fatal(err)
		}
		l2, err := ParseLexicon(&buf)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if l2.Len() != l.Len() {
			t.Fatalf("round trip %d → %d entries", l.Len(), l2.Len())
		}
	})
}
