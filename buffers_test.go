package winnow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestReusedBuffers checks that the buffers an Analyzer reuses across
// documents carry nothing from one document to the next: documents of
// different sizes checked in another order, and concurrently, give the
// same reports as when first checked.
func TestReusedBuffers(t *testing.T) {
	a := toyAnalyzer(t)
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) < 3 {
		t.Fatalf("%d fixtures", len(files))
	}
	var ins [][]byte
	var want [][]byte
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.Check(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(r)
		ins, want = append(ins, in), append(want, j)
	}
	check := func(i int) {
		r, err := a.Check(context.Background(), ins[i])
		if err != nil {
			t.Error(err)
			return
		}
		if got, _ := json.Marshal(r); !bytes.Equal(got, want[i]) {
			t.Errorf("%s: report differs after other documents", files[i])
		}
	}
	for i := len(ins) - 1; i >= 0; i-- {
		check(i)
		// Analyze hands its document to the caller: its tokens are not
		// the reused ones.
		d, err := a.Analyze(context.Background(), "", ins[(i+1)%len(ins)])
		if err != nil {
			t.Fatal(err)
		}
		toks := append(d.Tokens[:0:0], d.Tokens...)
		check(i)
		for k := range toks {
			if toks[k] != d.Tokens[k] {
				t.Fatalf("Analyze's tokens changed by a later Check")
			}
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 3*len(ins); k++ {
				check((k + g) % len(ins))
			}
		}()
	}
	wg.Wait()
}
