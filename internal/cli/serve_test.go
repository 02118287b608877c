package cli

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeCommand runs winnow serve on a free loopback port, checks a
// document over HTTP and stops it with SIGTERM, as a service manager
// would.
func TestServeCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled model")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"serve", "--addr", addr, "--max-body", "0.01", "--deadline", "30s"}, strings.NewReader(""), &out, &errb)
	}()
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("serve not healthy after 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Post(base+"/v1/check", "application/json", strings.NewReader(`{"id":"a","text":"新闻中心\n蓝湖的水鸟 ,每年春天飞来 。\n"}`))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		ID      string
		Verdict struct{ Label string }
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || r.ID != "a" || r.Verdict.Label == "" {
		t.Fatalf("check: %d %+v %v", resp.StatusCode, r, err)
	}
	// --max-body 0.01 MiB = 10485 bytes.
	resp, err = http.Post(base+"/v1/check", "text/plain", strings.NewReader(strings.Repeat("字", 4000)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("12 KB body: status %d, want 413", resp.StatusCode)
	}
	// serve listens for SIGTERM (it is registered: the server answered).
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
	if !strings.Contains(errb.String(), "listening on http://"+addr) {
		t.Errorf("stderr: %s", errb.String())
	}
}

func TestServeFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"serve", "--max-body", "0"}, strings.NewReader(""), &out, &errb); code == 0 || !strings.Contains(errb.String(), "--max-body") {
		t.Errorf("--max-body 0: exit %d, %s", code, errb.String())
	}
	if code := Main([]string{"serve", "extra"}, strings.NewReader(""), &out, &errb); code == 0 {
		t.Error("an argument was accepted")
	}
}
