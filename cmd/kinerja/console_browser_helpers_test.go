package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// updateScreenshots rewrites the README's console screenshots in docs/img.
var updateScreenshots = flag.Bool("update-screenshots", false, "write the console screenshots of the README to docs/img")

// consoleDemo is a running demo: its base URL, tokens by variable and
// sign-in links by role.
type consoleDemo struct {
	base   string
	tokens map[string]string
	links  map[string]string
	out    string
}

// startConsoleDemo runs "kinerja demo" on a database of its own, as
// TestDemoServesAndItsCurlCommandsWork does, and parses what it prints.
func startConsoleDemo(t *testing.T) consoleDemo {
	t.Helper()
	name, url := pgtest.NewDatabase(t, "demo")
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	addrs := make(chan string, 1)
	e := &env{getenv: mapEnv(map[string]string{"DATABASE_URL": url, "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "warn"}),
		stdout: out, stderr: errOut, listening: func(a string) { addrs <- a }}
	done := make(chan error, 1)
	go func() { done <- runEnv(ctx, []string{"demo", "-demo-database", name, "-staff-per-bidang", "2"}, e) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo: %v", err)
		}
	})
	select {
	case <-addrs:
	case err := <-done:
		done <- nil // for the cleanup, which waits for the demo to stop
		t.Fatalf("demo stopped: %v\n%s", err, errOut)
	case <-time.After(3 * time.Minute):
		t.Fatalf("demo did not serve within 3 minutes\n%s", errOut)
	}
	d := consoleDemo{tokens: map[string]string{}, links: map[string]string{}, out: out.String()}
	d.tokens, _ = parseDemoOutput(t, d.out)
	d.base = d.tokens["BASE"]
	linkRe := regexp.MustCompile(`(?m)^(\w+):\s+(http://\S+/masuk\?token=\S+)$`)
	for _, m := range linkRe.FindAllStringSubmatch(d.out, -1) {
		d.links[m[1]] = m[2]
	}
	if d.base == "" || len(d.links) != 7 {
		t.Fatalf("demo printed base %q and %d sign-in links, want 7:\n%s", d.base, len(d.links), d.out)
	}
	return d
}

// api reads a JSON resource of the demo's API with a token variable.
func (d consoleDemo) api(t *testing.T, token, path string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, d.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.tokens[token])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &v) != nil {
		t.Fatalf("GET %s as %s: %d %s", path, token, resp.StatusCode, b)
	}
	return v
}

// send makes a JSON request to the demo's API with a token variable and
// fails unless it answers status.
func (d consoleDemo) send(t *testing.T, token, method, path string, body any, status int) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, d.base+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.tokens[token])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		out, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s as %s: %d %s, want %d", method, path, token, resp.StatusCode, out, status)
	}
}

// chromiumPath finds the Chromium binary, or fails saying how to install it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KINERJA_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Fatal("the console's browser tests need Chromium: install it with `apt-get install -y chromium chromium-driver` " +
		"(.ci/run does), or set KINERJA_CHROMIUM to a Chrome or Chromium binary")
	return ""
}

// newBrowser starts one headless Chromium with a fresh profile for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// tab is one signed-in browser context (its own cookies) of a role.
type tab struct {
	t    *testing.T
	ctx  context.Context
	role string
	dir  string
}

// signIn opens a new browser context for role and follows its sign-in link.
func (d consoleDemo) signIn(t *testing.T, browser context.Context, role, dir string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute) // a bound against hangs, not a timing
	t.Cleanup(cancelTimeout)
	tb := &tab{t: t, ctx: ctx, role: role, dir: dir}
	// The link shows whom it signs in as; the form's button signs in.
	tb.do(chromedp.Navigate(d.links[role]), chromedp.WaitVisible(chromedp.CSS(`form[action="/masuk"] button`)),
		chromedp.Click(chromedp.CSS(`form[action="/masuk"] button`)), chromedp.WaitNotPresent(chromedp.CSS(`form[action="/masuk"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	if loc := tb.location(); loc != d.base+"/" {
		t.Fatalf("%s: the sign-in link led to %s, want the home page", role, loc)
	}
	if tb.cookieVisibleToScript() {
		t.Errorf("%s: the session cookie is readable by JavaScript; want HttpOnly", role)
	}
	return tb
}

// do runs browser steps or fails the test.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatalf("%s: browser: %v", tb.role, err)
	}
}

// eval evaluates a JavaScript expression into T.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: evaluate %s: %v", tb.role, js, err)
	}
	return v
}

func (tb *tab) location() string { return eval[string](tb, "location.href") }

func (tb *tab) cookieVisibleToScript() bool {
	return strings.Contains(eval[string](tb, "document.cookie"), "kinerja_sesi")
}

// open navigates to path, waits for the page, checks its landmarks and
// labels, saves a screenshot named name, and returns the status and h1.
func (tb *tab) open(base, path, name string) (int, string) {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(base+path))
	if err != nil {
		tb.t.Fatalf("%s: open %s: %v", tb.role, path, err)
	}
	return int(resp.Status), tb.settle(name)
}

// settle waits for the page in the tab, checks it, screenshots it and
// returns its h1.
func (tb *tab) settle(name string) string {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS("main h1")))
	tb.checkAccessible()
	tb.screenshot(name)
	return eval[string](tb, "document.querySelector('main h1').textContent")
}

// checkAccessible checks what every console page must have: one h1, a
// main landmark, html lang, and a label for every visible form control.
func (tb *tab) checkAccessible() {
	tb.t.Helper()
	problems := eval[[]string](tb, `(() => {
	  const p = [];
	  if (document.querySelectorAll('h1').length !== 1) p.push('not exactly one h1');
	  if (!document.querySelector('main')) p.push('no main landmark');
	  if (!document.documentElement.lang) p.push('no html lang');
	  document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(el => {
	    if (!(el.id && document.querySelector('label[for="' + el.id + '"]')) && !el.getAttribute('aria-label')) p.push('unlabelled ' + (el.name || el.outerHTML));
	  });
	  if (document.documentElement.scrollWidth > window.innerWidth + 1) p.push('horizontal overflow ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
	  return p; })()`)
	if len(problems) > 0 {
		tb.t.Errorf("%s %s: accessibility: %v", tb.role, tb.location(), problems)
	}
}

// screenshot saves a PNG of the whole page under the test's artifacts.
func (tb *tab) screenshot(name string) []byte {
	tb.t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(80))
	if err != nil {
		tb.t.Fatalf("%s: screenshot %s: %v", tb.role, name, err)
	}
	if err := os.WriteFile(filepath.Join(tb.dir, tb.role+"-"+name+".jpg"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	return png
}

// readmeShot writes a viewport screenshot to docs/img when
// -update-screenshots is given.
func (tb *tab) readmeShot(file string) {
	tb.t.Helper()
	if !*updateScreenshots {
		return
	}
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", file, err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "img", file), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// fetchText downloads a link as the browser does (same cookies) and
// returns the status, content type and body (base64 for binary types).
func (tb *tab) fetchText(href string) (int, string, string) {
	tb.t.Helper()
	v := eval[[]any](tb, fmt.Sprintf(`fetch(%q).then(async r => {
	  const ct = r.headers.get('content-type') || '';
	  if (ct.startsWith('text/')) return [r.status, ct, await r.text()];
	  const b = new Uint8Array(await r.arrayBuffer()); let s = '';
	  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
	  return [r.status, ct, btoa(s)]; })`, href))
	return int(v[0].(float64)), v[1].(string), v[2].(string)
}

// follow runs an action that loads a new page (a click, a submit, a select
// that applies itself) and waits until the new document is loaded: the old
// one carried a mark the new one lacks.
func (tb *tab) follow(a chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	eval[bool](tb, `(window.__kinerjaOld = true)`)
	tb.do(a)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		done, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`!window.__kinerjaOld && document.readyState === 'complete'`))
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("%s: no new page loaded after the action on %s", tb.role, tb.location())
}

// click follows the first element matching a CSS selector.
func (tb *tab) click(sel string) { tb.t.Helper(); tb.follow(chromedp.Click(chromedp.CSS(sel))) }

// submit submits the form of the element matching a CSS selector.
func (tb *tab) submit(sel string) { tb.t.Helper(); tb.follow(chromedp.Submit(chromedp.CSS(sel))) }

// choose picks value in a select that applies itself on change, as a user
// does with the keyboard or mouse.
func (tb *tab) choose(sel, value string) {
	tb.t.Helper()
	tb.follow(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector(%q);
	  el.focus(); el.value = %q; el.dispatchEvent(new Event('change', {bubbles: true})); })()`, sel, value)))
}

// typeInto types text into the field matching a CSS selector, key by key.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// wantURL fails unless the tab's location contains part.
func (tb *tab) wantURL(part string) {
	tb.t.Helper()
	if loc := tb.location(); !strings.Contains(loc, part) {
		tb.t.Errorf("%s: at %s, want a URL with %q", tb.role, loc, part)
	}
}

// viewport sets the size of the tab's viewport.
func (tb *tab) viewport(w, h int64) { tb.t.Helper(); tb.do(chromedp.EmulateViewport(w, h)) }
