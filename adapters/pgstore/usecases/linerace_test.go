package usecases_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// lineRaceRounds is how many employees each race is played with.
const lineRaceRounds = 30

// hookStore wraps the PostgreSQL store to run a hook just before the next
// append to one stream, once: what commits in the hook commits between the
// command's decision and its append. It counts the conflicts of appends
// to that stream.
type hookStore struct {
	command.EventStore
	mu        sync.Mutex
	stream    string
	hook      func()
	conflicts atomic.Int64
}

// before arms hook to run before the next append to stream.
func (h *hookStore) before(stream string, hook func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stream, h.hook = stream, hook
}

// fire runs and disarms the hook if it is armed for stream.
func (h *hookStore) fire(stream string) {
	h.mu.Lock()
	hook := h.hook
	if stream != h.stream {
		hook = nil
	}
	if hook != nil {
		h.hook = nil
	}
	h.mu.Unlock()
	if hook != nil {
		hook()
	}
}

func (h *hookStore) count(stream string, err error) {
	if errors.Is(err, eventlog.ErrConcurrency) && stream == h.stream {
		h.conflicts.Add(1)
	}
}

// Append runs the hook, then appends.
func (h *hookStore) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	h.fire(stream)
	res, err := h.EventStore.Append(ctx, stream, expected, events...)
	h.count(stream, err)
	return res, err
}

// AppendWith runs the hook, then appends with the conditions.
func (h *hookStore) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	h.fire(stream)
	res, err := h.EventStore.AppendWith(ctx, stream, expected, opts, events...)
	h.count(stream, err)
	return res, err
}

// lineRace is a fixture for reporting-line races: the service under test
// goes through a hookStore; HR acts through a second service on the store
// itself, as another server process would.
type lineRace struct {
	*fixture
	hooks *hookStore
	hr    *command.Service
}

func newLineRace(t *testing.T) *lineRace {
	t.Helper()
	var h *hookStore
	f := newFixture(t, func(s command.EventStore) command.EventStore {
		h = &hookStore{EventStore: s}
		return h
	})
	hrSvc, err := command.NewService(command.ServiceConfig{Store: f.store, Now: func() time.Time { return on("2025-01-02") }})
	if err != nil {
		t.Fatal(err)
	}
	f.organisation()
	return &lineRace{fixture: f, hooks: h, hr: hrSvc}
}

// employee registers employee number i of the race, evaluated by the
// penilai, with an SKP of 2025 submitted (and approved when approve is set).
func (r *lineRace) employee(i int, approve bool) string {
	r.t.Helper()
	nip := fmt.Sprintf("198609262015051%03d", 100+i)
	hrNow := command.Meta{Actor: hr}
	r.must(r.svc.RegisterEmployee(r.ctx, hrNow, employee.Registration{NIP: nip, Name: fmt.Sprintf("Pegawai %d", i),
		Status: employee.StatusPNS, Instansi: instansi, Unit: "DISKOMINFO.01", Golongan: performance.Golongan("III/a"),
		GolonganTMT: day("2021-04-01"), Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian,
			Level: performance.LevelAhliPertama, Name: "Pranata Komputer"}}))
	r.must(r.svc.AssignReportingLine(r.ctx, hrNow, nip, employee.LineAssignment{PejabatPenilai: nipPenilai,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-01-01"), Reason: "import SIASN"}))
	self := actor.Actor{NIP: nip, Role: actor.Pegawai}
	r.must(r.svc.DraftSKP(r.ctx, by(self, "2025-01-03"), skp.Draft{NIP: nip, Year: 2025, Plan: samplePlan()}))
	r.must(r.svc.SubmitSKP(r.ctx, by(self, "2025-01-06"), nip, 2025))
	r.must(r.svc.SetExpectationsSKP(r.ctx, by(penilai, "2025-01-07"), nip, 2025, allSeven()))
	if approve {
		r.must(r.svc.ApproveSKP(r.ctx, by(penilai, "2025-01-08"), nip, 2025))
	}
	return nip
}

// moveLine is HR giving the employee nip the other pejabat penilai from
// 1 April 2025.
func (r *lineRace) moveLine(ctx context.Context, nip string) error {
	_, err := r.hr.AssignReportingLine(ctx, by(hr, "2025-04-04"), nip, employee.LineAssignment{PejabatPenilai: nipOther,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-04-01"), Reason: "mutasi"})
	return err
}

// positionOf returns the position of the first event of type typ in stream,
// or 0 when there is none.
func (r *lineRace) positionOf(stream, typ string) uint64 {
	for _, e := range r.stream(stream) {
		if e.Type == typ {
			return e.Position
		}
	}
	return 0
}

// TestReportingLineRaceBarrier has HR move the employee to another pejabat
// penilai after the old one's rating was decided and before it is appended,
// every round: the rating must never commit. The old penilai's command is
// decided again on the new line and refused with skp.ErrNotPejabatPenilai,
// with If-Match too (the SKP did not move; the employee did).
func TestReportingLineRaceBarrier(t *testing.T) {
	r := newLineRace(t)
	for i := range lineRaceRounds {
		nip := r.employee(i, true)
		stream := skp.Stream(nip, 2025)
		var moveErr error
		r.hooks.before(stream, func() { moveErr = r.moveLine(r.ctx, nip) })
		m := by(penilai, "2025-04-05")
		if i%2 == 1 {
			v := uint64(len(r.stream(stream)))
			m.IfMatch = &v
		}
		_, err := r.svc.RatePeriod(r.ctx, m, nip, 2025, 1, sesuai)
		if moveErr != nil {
			t.Fatalf("round %d: HR's line change: %v", i, moveErr)
		}
		if pos := r.positionOf(stream, skp.TypePeriodicRatingsGiven); pos != 0 {
			t.Fatalf("round %d: the old penilai's rating committed at position %d, after HR moved the employee (err %v)", i, pos, err)
		}
		if !errors.Is(err, skp.ErrNotPejabatPenilai) {
			t.Fatalf("round %d: rating error = %v, want skp.ErrNotPejabatPenilai", i, err)
		}
	}
	if n := r.hooks.conflicts.Load(); n != lineRaceRounds {
		t.Errorf("%d condition conflicts, want one per round (%d)", n, lineRaceRounds)
	}
}

// TestReportingLineRaceApproval is the barrier race for the other commands
// the pejabat penilai's authority decides: approving and returning a plan,
// and giving feedback.
func TestReportingLineRaceApproval(t *testing.T) {
	r := newLineRace(t)
	cmds := []struct {
		name    string
		approve bool
		run     func(nip string) (command.Result, error)
	}{
		{"approve", false, func(nip string) (command.Result, error) {
			return r.svc.ApproveSKP(r.ctx, by(penilai, "2025-04-05"), nip, 2025)
		}},
		{"return", false, func(nip string) (command.Result, error) {
			return r.svc.ReturnSKP(r.ctx, by(penilai, "2025-04-05"), nip, 2025, "perbaiki target")
		}},
		{"feedback", true, func(nip string) (command.Result, error) {
			return r.svc.GiveFeedback(r.ctx, by(penilai, "2025-04-05"), nip, 2025, skp.Feedback{RHK: "rhk-1", Text: "bagus"})
		}},
	}
	for i, c := range cmds {
		nip := r.employee(i, c.approve)
		stream := skp.Stream(nip, 2025)
		before := len(r.stream(stream))
		var moveErr error
		r.hooks.before(stream, func() { moveErr = r.moveLine(r.ctx, nip) })
		_, err := c.run(nip)
		if moveErr != nil {
			t.Fatalf("%s: HR's line change: %v", c.name, moveErr)
		}
		if n := len(r.stream(stream)); n != before {
			t.Fatalf("%s: the old penilai's command committed (%d events, want %d; err %v)", c.name, n, before, err)
		}
		if !errors.Is(err, skp.ErrNotPejabatPenilai) {
			t.Fatalf("%s: error = %v, want skp.ErrNotPejabatPenilai", c.name, err)
		}
	}
}

// TestReportingLineRaceFree races HR's line change against the old
// penilai's rating with no barrier, many rounds: whichever wins, a rating
// by the old penilai never commits after the line change.
func TestReportingLineRaceFree(t *testing.T) {
	r := newLineRace(t)
	rated := 0
	for i := range lineRaceRounds {
		nip := r.employee(i, true)
		var rateErr, moveErr error
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Go(func() {
			<-start
			_, rateErr = r.svc.RatePeriod(r.ctx, by(penilai, "2025-04-05"), nip, 2025, 1, sesuai)
		})
		wg.Go(func() {
			<-start
			moveErr = r.moveLine(r.ctx, nip)
		})
		close(start)
		wg.Wait()
		if moveErr != nil {
			t.Fatalf("round %d: HR's line change: %v", i, moveErr)
		}
		ratedAt := r.positionOf(skp.Stream(nip, 2025), skp.TypePeriodicRatingsGiven)
		var movedAt uint64 // the position of the last line assignment
		lines := 0
		for _, e := range r.stream(employee.Stream(nip)) {
			if e.Type == employee.TypeReportingLineAssigned {
				lines++
				movedAt = e.Position
			}
		}
		switch {
		case lines != 2:
			t.Fatalf("round %d: %d line assignments, want 2", i, lines)
		case rateErr == nil && (ratedAt == 0 || ratedAt > movedAt):
			t.Fatalf("round %d: the old penilai's rating committed at %d, after the line change at %d", i, ratedAt, movedAt)
		case rateErr != nil && (ratedAt != 0 || !errors.Is(rateErr, skp.ErrNotPejabatPenilai)):
			t.Fatalf("round %d: rating error %v with rating at %d, want skp.ErrNotPejabatPenilai and none", i, rateErr, ratedAt)
		case rateErr == nil:
			rated++
		}
	}
	t.Logf("%d of %d ratings committed before the line change", rated, lineRaceRounds)
}

// TestPeriodWindowRaceBarrier has HR close the period window after the
// employee's realisation report was decided on the open window and before
// it is appended: the report is decided again and refused, not recorded in
// a closed window.
func TestPeriodWindowRaceBarrier(t *testing.T) {
	r := newLineRace(t)
	r.approved()
	stream := skp.Stream(nipPegawai, 2025)
	before := len(r.stream(stream))
	var closeErr error
	r.hooks.before(stream, func() {
		_, closeErr = r.hr.ClosePeriodWindow(r.ctx, by(hr, "2025-04-03"), instansi, 2025, 1)
	})
	_, err := r.svc.ReportRealisation(r.ctx, by(pegawai, "2025-04-03"), nipPegawai, 2025, 1, "iki-1",
		skp.Realisation{Quantity: quantity(1), Evidence: []string{"ba-1"}})
	if closeErr != nil {
		t.Fatalf("closing the window: %v", closeErr)
	}
	if n := len(r.stream(stream)); n != before {
		t.Fatalf("the report committed into the closed window (%d events, want %d; err %v)", n, before, err)
	}
	if !errors.Is(err, period.ErrWindowClosed) {
		t.Fatalf("report error = %v, want period.ErrWindowClosed", err)
	}
}
