package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"pgregory.net/rapid"
)

// TestAccounting: whatever the mix of good, malformed, failing and
// spammy records, the worker count, order and drop settings, every input
// record is in exactly one of output, rejects and errors, once.
func TestAccounting(t *testing.T) {
	base := t.TempDir()
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		dir := filepath.Join(base, fmt.Sprint(n))
		var want []string
		var inputs []string
		files := rapid.IntRange(1, 3).Draw(rt, "files")
		for f := 0; f < files; f++ {
			var b bytes.Buffer
			lines := rapid.IntRange(0, 25).Draw(rt, "lines")
			for i := 0; i < lines; i++ {
				id := fmt.Sprintf("f%d-%d", f, i)
				kind := rapid.IntRange(0, 6).Draw(rt, "kind")
				switch kind {
				case 0:
					fmt.Fprintf(&b, `{"id":%q,"text":"FAIL"}`, id)
				case 1:
					fmt.Fprintf(&b, `{"id":%q,"text":`, id) // invalid JSON
				case 2:
					fmt.Fprintf(&b, `{"id":%q,"text":"垃圾文章"}`, id)
				case 3:
					fmt.Fprintf(&b, `{"id":%q,"text":"PANIC"}`, id)
				case 4:
					fmt.Fprintf(&b, `{"id":%q,"nottext":1}`, id)
				default:
					fmt.Fprintf(&b, `{"id":%q,"text":"正常的文章"}`, id)
				}
				b.WriteByte('\n')
				if kind == 1 {
					id = "" // named by file:line
				}
				want = append(want, id)
			}
			name := filepath.Join(dir, fmt.Sprintf("in%d.jsonl", f))
			data := b.Bytes()
			if rapid.Bool().Draw(rt, "gzip") {
				name += ".gz"
				data = gz(rt, data)
			}
			inputs = append(inputs, writeFile(rt, name, data))
		}
		opt := Options{
			Inputs: inputs, Output: filepath.Join(dir, "out.jsonl"), Workers: rapid.IntRange(1, 4).Draw(rt, "workers"),
			Unordered: rapid.Bool().Draw(rt, "unordered"), Drop: rapid.Bool().Draw(rt, "drop"), Log: discardLog(),
		}
		if opt.Drop {
			opt.Rejects = filepath.Join(dir, "rejects.jsonl")
		}
		sum, err := Run(context.Background(), fakeChecker{}, opt)
		if err != nil {
			rt.Fatalf("Run: %v", err)
		}
		if !sum.Balanced() || sum.In != int64(len(want)) {
			rt.Fatalf("summary %s, %d records written", sum, len(want))
		}
		var got []string
		count := func(path string) int64 {
			b, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				return 0
			}
			var k int64
			for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
				if len(line) == 0 {
					continue
				}
				var m map[string]any
				if err := json.Unmarshal(line, &m); err != nil {
					rt.Fatalf("%s: %v", path, err)
				}
				got = append(got, fmt.Sprint(m["id"]))
				k++
			}
			return k
		}
		if c := count(opt.Output); c != sum.Out {
			rt.Fatalf("output has %d, summary says %d", c, sum.Out)
		}
		if c := count(filepath.Join(dir, "out.errors.jsonl")); c != sum.Errors {
			rt.Fatalf("errors has %d, summary says %d", c, sum.Errors)
		}
		if opt.Drop {
			if c := count(opt.Rejects); c != sum.Dropped {
				rt.Fatalf("rejects has %d, summary says %d", c, sum.Dropped)
			}
		}
		// Ids: each named record exactly once.
		var named []string
		for _, id := range want {
			if id != "" {
				named = append(named, id)
			}
		}
		var gotNamed []string
		for _, id := range got {
			if !filepath.IsAbs(id) {
				gotNamed = append(gotNamed, id)
			}
		}
		sort.Strings(named)
		sort.Strings(gotNamed)
		if !slices.Equal(named, gotNamed) {
			rt.Fatalf("ids differ:\nwant %v\ngot  %v", named, gotNamed)
		}
	})
}
