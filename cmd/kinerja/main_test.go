package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a running
// server and the reads of a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mapEnv returns a getenv over m; variables not in m are unset.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestRunVersion(t *testing.T) {
	var out, errOut syncBuffer
	if err := run(context.Background(), []string{"version"}, mapEnv(nil), &out, &errOut); err != nil {
		t.Fatalf("version: %v", err)
	}
	line := out.String()
	if !strings.HasPrefix(line, "kinerja ") || !strings.Contains(line, "go1.") || strings.Count(line, "\n") != 1 {
		t.Fatalf("version printed %q, want one line 'kinerja <version> ... go1.x'", line)
	}
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"frobnicate"}, 2},
		{"unknown flag", []string{"serve", "-no-such-flag"}, 2},
		{"extra argument", []string{"version", "extra"}, 2},
		{"audit without subcommand", []string{"audit"}, 2},
		{"unknown audit subcommand", []string{"audit", "erase"}, 2},
		// A bad value is a wrong command line, from a flag or from the
		// environment (TestBadSettingExitsTwoFromEitherSource).
		{"bad config flag", []string{"migrate", "-log-level", "loud"}, 2},
		{"help", []string{"help"}, 0},
		{"help of a command", []string{"help", "serve"}, 0},
		{"flag help", []string{"audit", "verify", "-h"}, 0},
		// Each of these once recursed until the stack overflowed.
		{"help of help", []string{"help", "help"}, 0},
		{"help -h", []string{"help", "-h"}, 0},
		{"help with two commands", []string{"help", "serve", "extra"}, 2},
		// One employee once ran for minutes and failed at its queries.
		{"bench world too small", []string{"bench", "--employees", "1"}, 2},
		// It once read the stream of NIP 123 and found no rating events.
		{"audit trail of an invalid NIP", []string{"audit", "trail", "--nip", "123", "--year", "2025"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			err := run(context.Background(), tt.args, mapEnv(nil), &out, &errOut)
			var msg syncBuffer
			if got := report(err, &msg); got != tt.code {
				t.Fatalf("exit code %d (err %v), want %d", got, err, tt.code)
			}
			if tt.code != 0 && errOut.String()+msg.String() == "" {
				t.Fatal("a failure printed nothing on stderr")
			}
		})
	}
}

func TestReportPrintsOneLine(t *testing.T) {
	var w syncBuffer
	if code := report(errors.New("connect:\n  refused"), &w); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	if got := w.String(); got != "kinerja: connect: refused\n" {
		t.Fatalf("report printed %q", got)
	}
}

// TestHelpAlignsItsColumns: every command's summary, and every setting's
// flag and default, start in one column (a long name pushed them out).
func TestHelpAlignsItsColumns(t *testing.T) {
	var out strings.Builder
	printUsage(&out)
	cols := map[string]map[int]bool{"cmd": {}, "flag": {}, "def": {}}
	section := ""
	for _, line := range strings.Split(out.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "Commands:"):
			section = "cmd"
		case strings.HasPrefix(line, "Configuration"):
			section = "cfg"
		case !strings.HasPrefix(line, "  "):
		case section == "cmd":
			name := strings.Fields(line)[0]
			cols["cmd"][strings.Index(line[2+len(name):], strings.Fields(line)[1])+2+len(name)] = true
		case section == "cfg":
			cols["flag"][strings.Index(line, " -")] = true
			cols["def"][strings.Index(line, "default ")] = true
		}
	}
	for k, c := range cols {
		if len(c) != 1 {
			t.Errorf("the %s column starts at %d places:\n%s", k, len(c), out.String())
		}
	}
}

// TestCPUProfileThatCannotBeWrittenFails: a KINERJA_CPUPROFILE path that
// cannot be created printed an error and the command ran on, exiting 0.
func TestCPUProfileThatCannotBeWrittenFails(t *testing.T) {
	if _, err := startCPUProfile(filepath.Join(t.TempDir(), "missing", "cpu.prof")); err == nil {
		t.Fatal("a profile in a missing directory was accepted")
	}
	stop, err := startCPUProfile(filepath.Join(t.TempDir(), "cpu.prof"))
	if err != nil {
		t.Fatal(err)
	}
	stop()
}

// lastLines returns the last n non-empty lines of s.
func lastLines(s string, n int) []string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
	return lines[max(0, len(lines)-n):]
}

// TestTheErrorIsTheLastThingPrinted: a mistyped flag printed its error
// first and then every flag of the command, so the error scrolled away
// above forty lines of usage. The error is now last (with the hint where
// to find the usage), as it is after a failure that follows log lines.
func TestTheErrorIsTheLastThingPrinted(t *testing.T) {
	var out, errOut syncBuffer
	err := run(context.Background(), []string{"import", "--kind", "units", "--bogus", "x.csv"}, mapEnv(nil), &out, &errOut)
	code := report(err, &errOut)
	last := lastLines(errOut.String(), 2)
	if code != 2 || len(last) != 2 || last[0] != "kinerja: import: flag provided but not defined: -bogus" ||
		last[1] != "Run 'kinerja help import' for usage." {
		t.Fatalf("exit %d; stderr ends with %q, want the error and the hint:\n%s", code, last, errOut.String())
	}
	if strings.Contains(errOut.String(), "-database-url") {
		t.Errorf("a mistyped flag printed the flags:\n%s", errOut.String())
	}

	// A failure after the work logged: the JSON lines first, the error
	// last, on a line of its own.
	sc := pgtest.New(t)
	file := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(file, []byte("code,name,parent,instansi\nyatim,Yatim,nowhere,pemprov-x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut = syncBuffer{}, syncBuffer{}
	err = run(context.Background(), []string{"import", "--kind", "units", file}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	code = report(err, &errOut)
	last = lastLines(errOut.String(), 1)
	if code != 1 || len(last) != 1 || last[0] != "kinerja: import: 1 of 1 rows rejected" {
		t.Fatalf("exit %d; stderr ends with %q:\n%s", code, last, errOut.String())
	}
}
