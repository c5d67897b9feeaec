package httpapi

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// streamReadCounter counts the stream reads of the command service.
type streamReadCounter struct {
	command.EventStore
	reads *atomic.Int64
}

func (c streamReadCounter) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	c.reads.Add(1)
	return c.EventStore.ReadStream(ctx, stream, after, limit)
}

// TestLiveCachedLineReadsNoStream: the live stream checks each event's
// cached reporting line against today in the instansi's zone; that check
// read the instansi's settings stream for every event (one query per event
// where a cached line had needed none).
func TestLiveCachedLineReadsNoStream(t *testing.T) {
	var reads atomic.Int64
	a := newAPIServerWith(t, backendPostgres, func(c *command.ServiceConfig) { c.Store = streamReadCounter{c.Store, &reads} })
	a.seed(t)
	src := a.srv.liveFacts
	if src == nil {
		t.Fatal("the server has no live updates")
	}
	if l, err := src.line(t.Context(), pegawai); err != nil || l.penilai != penilai {
		t.Fatalf("line of %s: %+v, %v; want the penilai %s", pegawai, l, err, penilai)
	}
	before := reads.Load()
	for range 3 {
		if _, err := src.line(t.Context(), pegawai); err != nil {
			t.Fatal(err)
		}
	}
	if n := reads.Load() - before; n != 0 {
		t.Fatalf("three lookups of a cached line read %d streams, want none", n)
	}
}

// TestLiveNoticesAZoneChangeWhileStreamsAreOpen: the instansi's zone is
// cached by the live stream, and dropped when the zone's event passes: at
// 00:30 WIT on 1 February (31 January in WIB), once the instansi moves to
// WIT, the events go to the penilai of 1 February.
func TestLiveNoticesAZoneChangeWhileStreamsAreOpen(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.write(t, "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{
		"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": kepala, "effective_from": "2025-02-01", "reason": "mutasi"}, "the February line")
	a.clock.Set(time.Date(2025, time.February, 1, 0, 30, 0, 0, time.FixedZone("WIT", 9*60*60)))
	base := serveReal(t, a.srv)
	january, february := openSSE(t, base, tk.penilai, ""), openSSE(t, base, tk.penilaiB, "")
	w := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft on 31 January in WIB")
	january.until(t, w, 5*time.Second, "the penilai of 31 January receives the draft")
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", a.token(t, hrNIP, instansi, actor.Admin),
		map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	w = a.write(t, skpPath+"/submit", tk.pegawai, nil, "the submission, on 1 February in WIT")
	got := february.until(t, w, 5*time.Second, "the penilai of 1 February WIT receives the submission")
	if m := got[len(got)-1]; m.id != w {
		t.Fatalf("the new penilai received %+v", m)
	}
	for _, m := range january.drain(300 * time.Millisecond) {
		if m.id == w {
			t.Fatalf("the penilai of 31 January received the submission of 1 February WIT")
		}
	}
}
