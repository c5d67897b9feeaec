package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// runToFile runs kinerja with stderr a regular file, as when an operator
// redirects it (2>import.log) or CI captures it, and returns what the
// file holds.
func runToFile(t *testing.T, ctx context.Context, sc *pgtest.Schema, args ...string) (string, error) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out syncBuffer
	runErr := run(ctx, args, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, f)
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b), runErr
}

// TestProgressInALogIsWholeLines: import, audit verify and replay drew
// their progress with '\r' into a file or a pipe too, where it made one
// unreadable line of a CI log; there they write whole lines, each ending
// in a newline, the final state among them.
func TestProgressInALogIsWholeLines(t *testing.T) {
	sc := pgtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	units := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(units, []byte("code,name,parent,instansi\ndinas,Dinas,,pemprov-x\nbidang,Bidang,dinas,pemprov-x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	scratch := "rp_" + sc.Name
	t.Cleanup(func() { _ = rebuild.DropReplay(context.Background(), sc.Pool, scratch) })
	for _, tt := range []struct {
		args []string
		want string // the final progress line
	}{
		{[]string{"import", "--kind", "units", units}, "import units: 2/2 rows"},
		{[]string{"audit", "verify"}, "verified 2/2 events (100%)"},
		{[]string{"replay", "--until", "2", "--projection", "standings", "--into", scratch}, "replay into " + scratch + ": position 2 of 2 (100%)"},
	} {
		log, err := runToFile(t, ctx, sc, tt.args...)
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.args, err, log)
		}
		if strings.Contains(log, "\r") {
			t.Errorf("%q wrote a carriage return into a file:\n%q", tt.args, log)
		}
		if !strings.HasSuffix(log, "\n") {
			t.Errorf("%q left its last line unfinished:\n%q", tt.args, log)
		}
		found := false
		for _, line := range strings.Split(log, "\n") {
			found = found || strings.HasPrefix(line, tt.want)
		}
		if !found {
			t.Errorf("%q: no line starts with %q:\n%s", tt.args, tt.want, log)
		}
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// TestProgressLineOnATerminalRedrawsInPlace: one line redrawn with '\r',
// a shorter state covering a longer one, at most once per redraw, and
// ended by done.
func TestProgressLineOnATerminalRedrawsInPlace(t *testing.T) {
	var w strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progressLine{w: &w, tty: true, every: 100 * time.Millisecond, now: clock.now}
	p.set("step %d/%d", 1, 100)
	p.set("step %d/%d", 2, 100) // too soon: not drawn
	clock.advance(100 * time.Millisecond)
	p.set("step %d/%d", 100, 100)
	clock.advance(100 * time.Millisecond)
	p.set("done")
	p.done()
	p.set("after done")
	if got, want := w.String(), "\rstep 1/100\rstep 100/100\rdone        \n"; got != want {
		t.Fatalf("drew %q, want %q", got, want)
	}
}

// TestProgressLineInALogWritesFewWholeLines: outside a terminal the first
// state, then at most one line per progressLogEvery, and the final state,
// each a whole line.
func TestProgressLineInALogWritesFewWholeLines(t *testing.T) {
	var w strings.Builder
	p := newProgressLine(&w, 100*time.Millisecond)
	clock := &fakeClock{t: time.Unix(0, 0)}
	p.now = clock.now
	if p.tty || p.every != progressLogEvery {
		t.Fatalf("a strings.Builder taken for a terminal (tty %v, every %s)", p.tty, p.every)
	}
	for i := 1; i <= 100; i++ {
		p.set("row %d/100", i)
		clock.advance(100 * time.Millisecond) // 10 s in all
	}
	p.done()
	p.done()
	if got, want := w.String(), "row 1/100\nrow 51/100\nrow 100/100\n"; got != want {
		t.Fatalf("wrote %q, want %q", got, want)
	}
	// A final state already written is not written again; nothing set,
	// nothing written.
	w.Reset()
	p = newProgressLine(&w, time.Second)
	p.set("only")
	p.done()
	newProgressLine(&w, time.Second).done()
	if got := w.String(); got != "only\n" {
		t.Fatalf("wrote %q, want %q", got, "only\n")
	}
}

// TestIsTerminal: a file, a pipe and a buffer are not terminals; a
// character device is.
func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer pw.Close()
	for name, w := range map[string]io.Writer{"file": f, "pipe": pw, "buffer": &strings.Builder{}} {
		if isTerminal(w) {
			t.Errorf("a %s taken for a terminal", name)
		}
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if !isTerminal(dev) {
		t.Error("a character device not taken for a terminal")
	}
}
