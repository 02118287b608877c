// Command serve load-tests `winnow serve` on this machine: it builds and
// starts the server on a free 127.0.0.1 port, sends POST /v1/check with
// a document from a few concurrent clients until a time or request limit
// is reached, samples the server's resident memory (RSS, from
// /proc/PID/status) as it goes, then stops the server with SIGTERM and
// prints sustained requests/s, latency percentiles, status codes and the
// RSS series.
//
//	go run ./bench/serve                       # 30 s, 4 clients, the seed
//	go run ./bench/serve -duration 5m          # the RSS-stays-flat run
//	go run ./bench/serve -clients 8 -requests 2000 -doc page.txt
//
// It talks to loopback only and stops by itself.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	var (
		bin      = flag.String("bin", "", "winnow binary (default: go build ./cmd/winnow into a temporary directory)")
		doc      = flag.String("doc", "examples/seed-openai-48h.txt", "document sent with every request")
		duration = flag.Duration("duration", 30*time.Second, "how long to send requests")
		requests = flag.Int("requests", 1_000_000, "stop after this many requests")
		clients  = flag.Int("clients", 4, "concurrent clients")
		sample   = flag.Duration("sample", 5*time.Second, "RSS sampling interval")
		warmup   = flag.Duration("warmup", 10*time.Second, "time excluded from the RSS growth figure")
		extra    = flag.String("args", "", "extra arguments for winnow serve, space-separated")
	)
	flag.Parse()
	if err := run(*bin, *doc, *duration, *requests, *clients, *sample, *warmup, strings.Fields(*extra)); err != nil {
		fmt.Fprintln(os.Stderr, "bench/serve:", err)
		os.Exit(1)
	}
}

func run(bin, docPath string, duration time.Duration, maxRequests, clients int, sample, warmup time.Duration, extra []string) error {
	body, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	if bin == "" {
		dir, err := os.MkdirTemp("", "bench-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "winnow")
		build := exec.Command("go", "build", "-o", bin, "./cmd/winnow")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return err
	}
	args := append([]string{"serve", "--addr", addr, "--log-level", "warn"}, extra...)
	srv := exec.Command(bin, args...)
	srv.Stdout, srv.Stderr = os.Stderr, os.Stderr
	if err := srv.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			srv.Process.Kill()
			<-exited
		}
	}()
	base := "http://" + addr
	if err := waitHealthy(base, exited); err != nil {
		return err
	}
	pid := srv.Process.Pid
	rss0, _ := rssKB(pid)
	fmt.Printf("# winnow serve load test: %s, %d clients, %s of %d bytes (%s), %d cores\n",
		duration, clients, docPath, len(body), time.Now().UTC().Format("2006-01-02T15:04Z"), runtime.NumCPU())
	fmt.Printf("server pid %d on %s, RSS after start %.1f MB\n", pid, addr, float64(rss0)/1024)

	// RSS sampler.
	type rssSample struct {
		at time.Duration
		kb int64
	}
	var (
		samples []rssSample
		smu     sync.Mutex
	)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	samplerDone := make(chan struct{})
	go func() {
		defer close(samplerDone)
		tick := time.NewTicker(sample)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if kb, err := rssKB(pid); err == nil {
					smu.Lock()
					samples = append(samples, rssSample{time.Since(start), kb})
					smu.Unlock()
				}
			}
		}
	}()

	// Clients.
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var (
		sent     atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		statuses = map[string]int{}
		wg       sync.WaitGroup
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && sent.Add(1) <= int64(maxRequests) {
				t0 := time.Now()
				code, err := check(ctx, client, base, body)
				d := time.Since(t0)
				key := strconv.Itoa(code)
				if err != nil {
					if ctx.Err() != nil {
						return // cut off by the end of the run
					}
					key = "error: " + err.Error()
				}
				mu.Lock()
				statuses[key]++
				if code == http.StatusOK {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	<-samplerDone
	rssEnd, _ := rssKB(pid)

	// Graceful stop.
	stopped = true
	t0 := time.Now()
	srv.Process.Signal(syscall.SIGTERM)
	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(40 * time.Second):
		srv.Process.Kill()
		exitErr = errors.New("did not exit 40 s after SIGTERM; killed")
		<-exited
	}

	slices.Sort(lat)
	ok := len(lat)
	fmt.Printf("requests: %d OK in %.1f s = %.2f requests/s sustained (%.2f MB/s of documents)\n",
		ok, elapsed.Seconds(), float64(ok)/elapsed.Seconds(), float64(ok)*float64(len(body))/elapsed.Seconds()/1e6)
	if ok > 0 {
		fmt.Printf("latency: p50 %s  p90 %s  p99 %s  max %s\n", pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[ok-1].Round(time.Millisecond))
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range statuses {
			if !yield(k) {
				return
			}
		}
	})
	fmt.Print("status:")
	for _, k := range keys {
		fmt.Printf(" %s×%d", k, statuses[k])
	}
	fmt.Println()
	fmt.Print("RSS MB:")
	var after []int64
	for _, s := range samples {
		fmt.Printf(" %s=%.0f", s.at.Round(time.Second), float64(s.kb)/1024)
		if s.at >= warmup {
			after = append(after, s.kb)
		}
	}
	fmt.Printf(" end=%.0f\n", float64(rssEnd)/1024)
	if len(after) >= 2 {
		lo, hi := slices.Min(after), slices.Max(after)
		fmt.Printf("RSS after %s warm-up: min %.1f MB, max %.1f MB, first %.1f MB, last %.1f MB (last − first %+.1f MB)\n",
			warmup, float64(lo)/1024, float64(hi)/1024, float64(after[0])/1024, float64(after[len(after)-1])/1024,
			float64(after[len(after)-1]-after[0])/1024)
	}
	fmt.Printf("shutdown: SIGTERM → exit in %s (%v)\n", time.Since(t0).Round(time.Millisecond), exitStatus(exitErr))
	return nil
}

func check(ctx context.Context, c *http.Client, base string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/check", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	i = min(max(i-1, 0), len(sorted)-1)
	return sorted[i].Round(100 * time.Microsecond)
}

// freeLoopbackAddr finds a free port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

func waitHealthy(base string, exited <-chan error) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("server exited before serving: %v", err)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("server not healthy after 60 s")
}

// rssKB reads VmRSS of a process (Linux).
func rssKB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, errors.New("no VmRSS")
}

func exitStatus(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}
