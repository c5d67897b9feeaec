package httpapi

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// testReplays returns the replays of the test's schema; they are dropped
// when the test ends.
func testReplays(t testing.TB, pool *pgxpool.Pool, st *pgstore.Store) *eventbus.Replays {
	t.Helper()
	r, err := eventbus.NewReplays(pool, st, eventbus.ReplaysConfig{
		Projections: []eventbus.Projection{standings.New(), promotion.New()}, MaxReplays: 3,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		list, _ := r.List(ctx)
		for _, info := range list {
			_ = r.Drop(ctx, info.Schema)
		}
	})
	return r
}
