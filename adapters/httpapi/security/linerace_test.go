package security

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// barrier wraps the event store of the server's command service: armed
// with a stream and a hook, it runs the hook just before the next append to
// that stream, once. What the hook commits commits between the command's
// decision and its append: the window of the reporting-line race.
type barrier struct {
	command.EventStore
	mu     sync.Mutex
	stream string
	hook   func()
}

// arm makes hook run before the next append to stream.
func (b *barrier) arm(stream string, hook func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stream, b.hook = stream, hook
}

// fire runs and disarms the hook if it is armed for stream.
func (b *barrier) fire(stream string) {
	b.mu.Lock()
	hook := b.hook
	if stream != b.stream {
		hook = nil
	} else {
		b.hook = nil
	}
	b.mu.Unlock()
	if hook != nil {
		hook()
	}
}

// Append runs the hook, then appends.
func (b *barrier) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	b.fire(stream)
	return b.EventStore.Append(ctx, stream, expected, events...)
}

// AppendWith runs the hook, then appends with the conditions.
func (b *barrier) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	b.fire(stream)
	return b.EventStore.AppendWith(ctx, stream, expected, opts, events...)
}

// TestHole5RatingByTheOldSupervisorNeverCommitsAfterAMove plays the
// reporting-line race over HTTP, deterministically: the old pejabat
// penilai's rating is decided on the old line, and HR's move of the
// employee to a new supervisor (also over HTTP) commits before the rating
// is appended. The rating is refused with 403 and never committed; a
// retry is refused too (404: the old supervisor may no longer see the
// employee at all, see tenancy.go), and the new supervisor rates.
func TestHole5RatingByTheOldSupervisorNeverCommitsAfterAMove(t *testing.T) {
	t.Parallel()
	var b *barrier
	s := httpapitest.New(t, httpapitest.Options{WrapStore: func(st command.EventStore) command.EventStore {
		b = &barrier{EventStore: st}
		return b
	}})
	tk := s.ApprovedSKPs(t)
	s.Clock.Set(httpapitest.Day(time.April, 3))
	stream := skp.Stream(httpapitest.Pegawai, 2025)
	moved := make(chan string, 1)
	client := s.Client(t)
	b.arm(stream, func() {
		moved <- post(client, s.URL+"/v1/employees/"+httpapitest.Pegawai+"/reporting-lines", tk.HR,
			`{"pejabat_penilai":"`+httpapitest.PenilaiB+`","atasan_pejabat_penilai":"`+httpapitest.Kepala+`",
			"effective_from":"2025-04-01","reason":"mutasi"}`)
	})
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"} // a reason: no realisation reported
	before := len(s.Stream(t, stream))
	r := s.Send(t, "POST", httpapitest.SKPPath+"/windows/1/ratings", tk.Penilai, rating)
	select {
	case m := <-moved:
		if m != "200 OK" {
			t.Fatalf("HR's move between the decision and the append: %s", m)
		}
	default:
		t.Fatal("the rating was not appended through the barrier: the race was not played")
	}
	if r.Status != 403 {
		t.Fatalf("the old supervisor's rating after the move: status %d, want 403: %s", r.Status, r.Body)
	}
	if p := r.Problem(t); p.Type != httpapi.TypeForbidden {
		t.Errorf("problem type %s, want %s", p.Type, httpapi.TypeForbidden)
	}
	for _, e := range s.Stream(t, stream)[before:] {
		t.Errorf("committed after the move: %s at %d by %s", e.Type, e.Position, e.Metadata.ActorID)
	}
	s.Denied(t, 404, "the old supervisor rates again", "POST", httpapitest.SKPPath+"/windows/1/ratings", tk.Penilai, rating)
	s.Send(t, "POST", httpapitest.SKPPath+"/windows/1/ratings", tk.PenilaiB, rating).Must(t, 201, "the new supervisor rates")
}

// post sends body as JSON with token and returns the response's status, or
// the error. It runs inside the server's handler, off the test goroutine,
// so it reports instead of failing the test. client checks the exchange
// against the OpenAPI document.
func post(client *http.Client, url, token, body string) string {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp.Status + ": " + string(b)
	}
	return resp.Status
}
