package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvScreenshots names the directory for the browser test's screenshots
// (default: the test's temporary directory).
const EnvScreenshots = "WINNOW_SCREENSHOT_DIR"

// payload is markup that would run a script if the page ever rendered
// the input as HTML.
const payload = `<script>document.title="pwned";window.__pwned=1</script>` +
	`<img src=x onerror="document.title='pwned';window.__pwned=2"><b onmouseover="window.__pwned=3">粗体</b>`

// browser starts headless chromium with the flags of issue 8 and a fresh
// profile, or skips the test when chromium is not installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: not in -short mode")
	}
	var exe string
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		t.Skip("chromium not installed (apt-get install chromium fonts-noto-cjk)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1360, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc() // waits for the browser to exit, before TempDir removes its profile
	})
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// TestBrowser drives the page at / in headless chromium: paste the seed
// (with markup appended), check it, find the verdict and every kind of
// edit marked, make sure no script from the input ran, save a
// screenshot; then upload an HTML file.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	_, ts := newTest(t, realChecker(t), Options{})
	if !strings.HasPrefix(ts.URL, "http://127.0.0.1:") {
		t.Fatalf("test server on %s, want loopback", ts.URL)
	}
	text := string(seed(t)) + "\n" + payload + "\n"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("input")),
		chromedp.SetValue(chromedp.ID("input"), text),
		chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatalf("check the seed in the page: %v", err)
	}
	if state := eval[string](t, ctx, `document.body.dataset.state`); state != "done" {
		t.Fatalf("page state %q; status %q", state, eval[string](t, ctx, `document.getElementById('status').textContent`))
	}

	// The verdict and its reasons.
	if label := eval[string](t, ctx, `document.getElementById('label').textContent`); label != "spam" {
		t.Errorf("verdict %q, want spam", label)
	}
	if cls := eval[string](t, ctx, `document.getElementById('label').className`); cls != "badge spam" {
		t.Errorf("badge class %q", cls)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#reasons li').length`); n < 3 {
		t.Errorf("%d reasons shown", n)
	}

	// Every edit is marked, with its own look.
	for kind, min := range map[string]int{"stuffing": 10, "boilerplate": 3, "punct": 50} {
		n := eval[int](t, ctx, `document.querySelectorAll('#doc .ed.`+kind+`').length`)
		if n < min {
			t.Errorf("%d %s edits marked, want at least %d", n, kind, min)
		}
	}
	if deco := eval[string](t, ctx, `getComputedStyle(document.querySelector('#doc .ed.stuffing')).textDecorationLine`); deco != "line-through" {
		t.Errorf("stuffed keyword text-decoration %q, want line-through", deco)
	}
	if tag := eval[string](t, ctx, `document.querySelector('#doc .ed.stuffing').tagName`); tag != "DEL" {
		t.Errorf("stuffed keyword in <%s>", tag)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#doc .ed.spin').length`); n > 0 {
		// Spun words show the original on tap.
		orig := eval[string](t, ctx, `document.querySelector('#doc .ed.spin').dataset.orig`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#doc .ed.spin"))); err != nil {
			t.Fatal(err)
		}
		if !eval[bool](t, ctx, `document.querySelector('#doc .ed.spin').classList.contains('open')`) || orig == "" {
			t.Errorf("tapping a spun word does not show the original (%q)", orig)
		}
	} else {
		t.Log("no spin edits in this report (the analyzer has no spin detector)")
	}
	// The marked document is the input: every character of it, in order.
	if got := eval[string](t, ctx, `document.getElementById('doc').textContent`); !strings.Contains(got, payload) || !strings.Contains(got, "政变") {
		t.Error("the marked document is not the input text")
	}
	restored := eval[string](t, ctx, `document.getElementById('restored').textContent`)
	if !strings.Contains(restored, "OpenAI") || strings.Contains(restored, "新闻中心") {
		t.Errorf("restored article %.80q…", restored)
	}

	// The copy button copies the restored article (or selects it where
	// the clipboard is not allowed).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("copy"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`/copied|Selected/.test(document.getElementById('status').textContent)`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("copy: %v (status %q)", err, eval[string](t, ctx, `document.getElementById('status').textContent`))
	}

	// The markup in the input was shown, never run.
	assertNoScript(t, ctx)
	shot(t, ctx, "check-seed.png")

	// Upload an HTML file.
	page := filepath.Join(t.TempDir(), "page.html")
	html := "<!doctype html><html><head><meta charset=utf-8><title>t</title>" + payload + "</head><body><p>" +
		strings.ReplaceAll(string(seed(t)), "\n", "</p>\n<p>") + "</p></body></html>"
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file"), []string{page}))
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('status').textContent.includes('page.html')`))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.ID("check")))
	}
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.state === 'done' && !document.getElementById('check').disabled`))
	}
	if err != nil {
		t.Fatalf("upload an HTML file: %v (status %q)", err, eval[string](t, ctx, `document.getElementById('status').textContent`))
	}
	if label := eval[string](t, ctx, `document.getElementById('label').textContent`); label == "" {
		t.Error("no verdict for the HTML file")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#doc .ed').length + document.querySelectorAll('#edits tbody tr').length`); n == 0 {
		t.Error("no edits shown for the HTML file")
	}
	assertNoScript(t, ctx)
	shot(t, ctx, "check-html-upload.png")
}

func assertNoScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if pwned := eval[bool](t, ctx, `window.__pwned !== undefined`); pwned {
		t.Error("a script from the input ran")
	}
	if title := eval[string](t, ctx, `document.title`); title != "winnow" {
		t.Errorf("document.title %q: a script from the input ran", title)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('main script, main img, main b').length`); n != 0 {
		t.Errorf("%d elements from the input were created", n)
	}
}

// shot saves a full-page PNG under $WINNOW_SCREENSHOT_DIR or the test's
// temporary directory.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(png))
}
