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
