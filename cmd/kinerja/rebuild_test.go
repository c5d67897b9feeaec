package main

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// cancelOnWrite cancels a context at the first line written to it.
type cancelOnWrite struct {
	once   sync.Once
	cancel context.CancelFunc
	syncBuffer
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.once.Do(c.cancel)
	return c.syncBuffer.Write(p)
}

// TestInterruptedRebuildSaysTheLiveTablesAreUnchanged: Ctrl-C during a
// rebuild said only "read all after 875: context canceled".
func TestInterruptedRebuildSaysTheLiveTablesAreUnchanged(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 600)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnWrite{cancel: cancel}
	var errOut syncBuffer
	err := run(ctx, []string{"rebuild", "-batch", "1", "all"}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "rebuild interrupted: the live tables of standings") ||
		!strings.Contains(err.Error(), "were not changed; run it again to rebuild") {
		t.Fatalf("interrupted rebuild: %v\n%s", err, out.String())
	}
}

// TestFlagsAfterTheArguments: an operator who wrote the flags after the
// projection name or the file (kinerja rebuild all -database-url URL) was
// told "want one projection name or all" — the flag package stops at the
// first argument, so the flag and its value were taken for two more names
// — or, for import, that the FILE was missing. Flags may now follow the
// arguments; after "--" everything is an argument.
func TestFlagsAfterTheArguments(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 20)
	env := mapEnv(map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere?sslmode=disable&connect_timeout=1"})
	var out, errOut syncBuffer
	if err := run(context.Background(), []string{"rebuild", "worklist", "-database-url", sc.URL, "-batch", "5"}, env, &out, &errOut); err != nil {
		t.Fatalf("rebuild worklist -database-url URL -batch 5: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), `"msg":"projection rebuilt","projection":"worklist"`) {
		t.Errorf("no rebuild reported:\n%s", errOut.String())
	}
	err := run(context.Background(), []string{"rebuild", "worklist", "--", "-batch"}, env, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "want one projection name or all") {
		t.Errorf(`rebuild worklist -- -batch: %v, want the names refused ("-batch" is an argument after --)`, err)
	}
}
