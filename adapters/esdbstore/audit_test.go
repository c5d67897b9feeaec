package esdbstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// auditLog appends ten events an hour apart to two SKP streams of two
// instansi, with many system events in between and at the end, and
// returns the store and the events as read back.
func auditLog(t *testing.T) (*esdbstore.Store, []eventlog.Event, time.Time) {
	t.Helper()
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	var now time.Time
	srv := esdbtest.Start(t)
	st, err := esdbstore.Open(t.Context(), srv.URL(), esdbstore.Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	for i := range 10 {
		now = start.Add(time.Duration(i) * time.Hour)
		inst := []string{"dumai", "siak"}[i%2]
		ev := eventlog.NewEvent{ID: eventlog.NewID(), Type: []string{"skp.drafted", "skp.submitted"}[i/5], SchemaVersion: 1,
			Data: []byte(`{}`), Metadata: eventlog.Metadata{ActorID: fmt.Sprintf("actor-%d", i%3), Instansi: inst}}
		if _, err := st.Append(t.Context(), fmt.Sprintf("skp-%s-2025", inst), eventlog.Any, ev); err != nil {
			t.Fatal(err)
		}
		for range 30 {
			srv.AppendSystemEvent("$stats-127.0.0.1:2113", "$statsCollected")
		}
	}
	all, err := st.ReadAll(t.Context(), 0, 0)
	if err != nil || len(all) != 10 {
		t.Fatalf("read all: %d events, %v", len(all), err)
	}
	return st, all, start
}

func TestAuditReads(t *testing.T) {
	st, all, start := auditLog(t)
	ctx := t.Context()
	if pos, _, err := st.Head(ctx); err != nil || pos != all[9].Position {
		t.Fatalf("Head behind 300 system events = %d, %v; want %d", pos, err, all[9].Position)
	}
	for _, c := range []struct {
		at   time.Time
		want uint64
	}{{start.Add(-time.Minute), 0}, {start, all[0].Position}, {start.Add(150 * time.Minute), all[2].Position}, {start.Add(100 * time.Hour), all[9].Position}} {
		if got, err := st.PositionAt(ctx, c.at); err != nil || got != c.want {
			t.Errorf("PositionAt(%s) = %d, %v; want %d", c.at, got, err, c.want)
		}
	}
	asOf, err := st.ReadStreamAsOf(ctx, "skp-dumai-2025", eventlog.AsOf{Position: all[4].Position})
	if err != nil || len(asOf) != 3 {
		t.Fatalf("as of position: %d events, %v; want 3", len(asOf), err)
	}
	asOf, err = st.ReadStreamAsOf(ctx, "skp-dumai-2025", eventlog.AsOf{Time: start.Add(2 * time.Hour)})
	if err != nil || len(asOf) != 2 {
		t.Fatalf("as of time: %d events, %v; want 2", len(asOf), err)
	}
	search := func(f eventlog.AuditFilter) []uint64 {
		t.Helper()
		evs, err := st.Search(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, e := range evs {
			out = append(out, e.Position)
		}
		return out
	}
	p := func(is ...int) []uint64 {
		var out []uint64
		for _, i := range is {
			out = append(out, all[i].Position)
		}
		return out
	}
	for name, c := range map[string]struct {
		f    eventlog.AuditFilter
		want []uint64
	}{
		"instansi":       {eventlog.AuditFilter{Instansi: "siak"}, p(1, 3, 5, 7, 9)},
		"actor and type": {eventlog.AuditFilter{ActorID: "actor-0", Types: []string{"skp.submitted"}}, p(6, 9)},
		"stream":         {eventlog.AuditFilter{Stream: "skp-dumai-2025", After: all[2].Position}, p(4, 6, 8)},
		"prefix, page":   {eventlog.AuditFilter{StreamPrefix: "skp-", Limit: 3, After: all[5].Position}, p(6, 7, 8)},
		"time range":     {eventlog.AuditFilter{From: start.Add(time.Hour), To: start.Add(3 * time.Hour)}, p(1, 2)},
	} {
		if got := search(c.f); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	if _, err := st.Search(context.Background(), eventlog.AuditFilter{Limit: -1}); err == nil {
		t.Error("a bad filter was searched")
	}
}
