package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckAndClean(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled model")
	}
	page := "新闻中心\n蓝湖的水鸟\n研究人员在湖边观察到一种罕见的水鸟 ,它们每年春天从南方飞来 。\n它们在芦苇丛中筑巢 ,直到秋天才离开 。\n居民说 ,以前很少见到 。\nCopyright © 2024 某某网 版权所有\n"
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		if code := Main(args, strings.NewReader(page), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	var r struct {
		Restored string
		Verdict  struct{ Label string }
		Edits    []struct{ Kind string }
	}
	if err := json.Unmarshal([]byte(run("check", "--json", "-")), &r); err != nil {
		t.Fatal(err)
	}
	want := "蓝湖的水鸟\n研究人员在湖边观察到一种罕见的水鸟，它们每年春天从南方飞来。\n它们在芦苇丛中筑巢，直到秋天才离开。\n居民说，以前很少见到。\n"
	if r.Restored != want {
		t.Errorf("restored %q", r.Restored)
	}
	if got := run("clean", "-"); got != want {
		t.Errorf("clean printed %q", got)
	}
	text := run("check", "--color", "never", "-")
	if !strings.HasPrefix(text, strings.ToUpper(r.Verdict.Label)) || !strings.Contains(text, "[-新闻中心") {
		t.Errorf("text report:\n%s", text)
	}
	if colored := run("check", "--color", "always", "-"); !strings.Contains(colored, "\x1b[31;9m") {
		t.Error("no colour with --color always")
	}
}
