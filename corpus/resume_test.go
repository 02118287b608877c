package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/winnow-project/winnow/report"
)

const helperEnv = "WINNOW_CORPUS_TEST_HELPER"

// TestMain lets the test binary act as a batch process that a test can
// kill: with helperEnv set to JSON options it runs them with a slow
// checker and exits.
func TestMain(m *testing.M) {
	if spec := os.Getenv(helperEnv); spec != "" {
		var h helperSpec
		if err := json.Unmarshal([]byte(spec), &h); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		opt := Options{Inputs: h.Inputs, Output: h.Output, Workers: h.Workers}
		slow := CheckerFunc(func(ctx context.Context, id string, text []byte) (*report.Report, error) {
			time.Sleep(3 * time.Millisecond)
			return fakeChecker{}.Check(ctx, id, text)
		})
		if _, err := Run(context.Background(), slow, opt); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type helperSpec struct {
	Inputs  []string
	Output  string
	Workers int
}

func TestResumeAfterKill(t *testing.T) {
	dir := t.TempDir()
	var inputs []string
	const files, per = 12, 40
	for f := 0; f < files; f++ {
		var data []byte
		for i := 0; i < per; i++ {
			data = append(data, fmt.Sprintf(`{"id":"f%02d-%03d","text":"第%d篇文章。"}`+"\n", f, i, i)...)
		}
		name := filepath.Join(dir, fmt.Sprintf("in%02d.jsonl", f))
		if f%2 == 1 {
			name += ".gz"
			data = gz(t, data)
		}
		inputs = append(inputs, writeFile(t, name, data))
	}
	out := filepath.Join(dir, "out.jsonl.gz")
	opt := Options{Inputs: inputs, Output: out, Workers: 2}
	spec, err := json.Marshal(helperSpec{opt.Inputs, opt.Output, opt.Workers})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), helperEnv+"="+string(spec))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a few inputs are complete.
	manifestPath := out + ".manifest.json"
	deadline := time.Now().Add(30 * time.Second)
	done := 0
	for time.Now().Before(deadline) {
		if m, err := readManifest(manifestPath); err == nil && len(m.Inputs) >= 3 {
			done = len(m.Inputs)
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if done == 0 || done >= files {
		t.Fatalf("killed after %d of %d inputs; want mid-run", done, files)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a killed run left an output file that looks complete: %v", err)
	}
	t.Logf("killed with %d of %d inputs complete", done, files)

	opt.Resume, opt.Log = true, discardLog()
	sum, err := Run(context.Background(), fakeChecker{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.SkippedInputs < 3 || sum.In != files*per || sum.Out != files*per || !sum.Balanced() {
		t.Fatalf("resumed run: %s", sum)
	}
	recs := readJSONL(t, out)
	if len(recs) != files*per {
		t.Fatalf("%d records, want %d", len(recs), files*per)
	}
	for i, r := range recs {
		if want := fmt.Sprintf("f%02d-%03d", i/per, i%per); r["id"] != want {
			t.Fatalf("record %d is %v, want %s (duplicate, loss or disorder)", i, r["id"], want)
		}
	}
	if sum.Stats.Documents != files*per {
		t.Errorf("stats count %d documents", sum.Stats.Documents)
	}
	// A completed run is not resumed again by mistake.
	if _, err := Run(context.Background(), fakeChecker{}, opt); err == nil {
		t.Error("resuming a complete run should say so")
	}
}
