package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// chanLog is a LiveLog whose live events come from a channel.
type chanLog struct{ events chan eventlog.Event }

func (l chanLog) Head(context.Context) (uint64, []byte, error) { return 0, nil, nil }

func (l chanLog) ReadAll(context.Context, uint64, int) ([]eventlog.Event, error) { return nil, nil }

func (l chanLog) Follow(ctx context.Context, _ uint64, fn func(eventlog.Event) error) error {
	for {
		select {
		case e := <-l.events:
			if err := fn(e); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// TestLiveHubDropsAClientThatFallsBehind fills a client's buffer: the
// event that does not fit drops the client (its stream ends, and the
// client resumes from the store) instead of being lost silently, while a
// client the events do not concern stays.
func TestLiveHubDropsAClientThatFallsBehind(t *testing.T) {
	log := chanLog{events: make(chan eventlog.Event)}
	zone := func(context.Context, string) (*time.Location, error) { return wib, nil }
	h := newHub(LiveUpdates{Log: log, Buffer: 2}.withDefaults(), newLiveFactsSource(nil, func() time.Time { return day(1, 6) }, zone, wib),
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	slow, _, err := h.register(t.Context(), Principal{NIP: hrNIP, Instansi: instansi, Roles: []actor.Role{actor.HR}})
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := h.register(t.Context(), Principal{NIP: otherHR, Instansi: otherInst, Roles: []actor.Role{actor.HR}})
	if err != nil {
		t.Fatal(err)
	}
	for pos := uint64(1); pos <= 3; pos++ {
		log.events <- eventlog.Event{Position: pos, Stream: "period-" + instansi + "-2025", Type: "period.opened",
			Metadata: eventlog.Metadata{Instansi: instansi}, Data: []byte(`{}`)}
	}
	select {
	case <-slow.dropped:
	case <-time.After(5 * time.Second):
		t.Fatal("the client whose buffer overflowed was not dropped")
	}
	if len(slow.msgs) != 2 || (<-slow.msgs).pos != 1 || (<-slow.msgs).pos != 2 {
		t.Fatal("the dropped client's buffer does not hold the events before the overflow")
	}
	select {
	case <-other.dropped:
		t.Fatal("a client the events do not concern was dropped")
	default:
	}
	h.mu.Lock()
	_, stays := h.clients[other]
	_, kept := h.clients[slow]
	slots := h.perUser[hrNIP]
	h.mu.Unlock()
	if !stays || kept || slots != 0 {
		t.Fatalf("after the drop: other registered %v, slow registered %v, slow's slots %d", stays, kept, slots)
	}
	h.stop()
	if _, _, err := h.register(t.Context(), Principal{NIP: hrNIP, Instansi: instansi, Roles: []actor.Role{actor.HR}}); !errors.Is(err, errLiveStopped) {
		t.Fatalf("register after stop: %v", err)
	}
}

// TestLiveScopeDecides states the rules of who receives an event.
func TestLiveScopeDecides(t *testing.T) {
	hr := scopeOf(Principal{NIP: hrNIP, Instansi: instansi, Roles: []actor.Role{actor.HR}})
	emp := scopeOf(Principal{NIP: pegawai, Instansi: instansi, Roles: []actor.Role{actor.Pegawai}})
	pen := scopeOf(Principal{NIP: penilai, Instansi: instansi, Roles: []actor.Role{actor.Pegawai, actor.PejabatPenilai}})
	foreignPen := scopeOf(Principal{NIP: otherHR, Instansi: otherInst, Roles: []actor.Role{actor.PejabatPenilai}})
	ofPegawai := liveFacts{instansi: instansi, subject: pegawai, penilai: penilai, atasan: kepala}
	cases := []struct {
		name  string
		sc    liveScope
		facts liveFacts
		want  verdict
	}{
		{"HR: an event of the instansi", hr, ofPegawai, allow},
		{"HR: an event of another instansi", hr, liveFacts{instansi: otherInst, subject: otherHR}, deny},
		{"HR: an event whose instansi is unknown", hr, liveFacts{subject: pegawai}, deny},
		{"employee: own SKP", emp, ofPegawai, allow},
		{"employee: a colleague's SKP", emp, liveFacts{instansi: instansi, subject: rekan, penilai: penilai}, deny},
		{"employee: a period of the instansi", emp, liveFacts{instansi: instansi, period: true}, allow},
		{"employee: a period of another instansi", emp, liveFacts{instansi: otherInst, period: true}, deny},
		{"employee: a unit", emp, liveFacts{instansi: instansi}, deny},
		{"penilai: an evaluatee's SKP", pen, ofPegawai, allow},
		{"penilai: someone else's evaluatee", pen, liveFacts{instansi: instansi, subject: rekan, penilai: penilaiB}, deny},
		{"penilai: lines unknown", pen, liveFacts{instansi: instansi, subject: rekan, linesErr: errLiveStopped}, undecided},
		{"penilai: own SKP, lines unknown", pen, liveFacts{instansi: instansi, subject: penilai, linesErr: errLiveStopped}, allow},
		{"evaluator across instansi: their evaluatee", foreignPen, liveFacts{instansi: instansi, subject: pegawai, penilai: otherHR}, allow},
		{"evaluator across instansi: a period", foreignPen, liveFacts{instansi: instansi, period: true}, deny},
	}
	for _, c := range cases {
		if got := c.sc.decide(c.facts); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if periodInstansi("period-pemprov-jabar-2025") != "pemprov-jabar" || periodInstansi("period-x") != "" {
		t.Error("periodInstansi")
	}
}
