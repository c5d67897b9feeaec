// Package employee models a civil servant (ASN, PNS or PPPK) as the master
// data that evaluation depends on: registration, transfers, jabatan and
// golongan changes, leaving the service, and the effective-dated reporting
// line that decides who rates whom on a given day. The stream of an employee
// is employee-<nip>.
package employee

import (
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

// Errors of the employee aggregate. Input errors wrap ErrInvalidInput; the
// others are broken rules.
var (
	ErrInvalidInput      = errors.New("invalid employee command")
	ErrNotRegistered     = errors.New("employee not registered")
	ErrAlreadyRegistered = errors.New("employee already registered")
	ErrLeftService       = errors.New("employee has left the service")
	ErrNoChange          = errors.New("command changes nothing")
	ErrSelfSupervision   = errors.New("an employee cannot supervise themselves")
	ErrReasonRequired    = errors.New("a reason is required")
)

// Status is the kind of ASN: PNS (civil servant) or PPPK (contract employee).
type Status string

// The statuses of an employee.
const (
	StatusPNS  Status = "pns"
	StatusPPPK Status = "pppk"
)

// Jabatan is a position: its kind, its level and its name.
type Jabatan struct {
	Kind  performance.JabatanKind  `json:"kind"`
	Level performance.JabatanLevel `json:"level"`
	Name  string                   `json:"name"`
}

// ReportingLine says who evaluates an employee from a date on: the pejabat
// penilai (direct superior, who approves the SKP and rates) and the atasan
// pejabat penilai (who decides objections). Acting is true for an acting
// official (Plt/Plh).
type ReportingLine struct {
	Employee             string
	PejabatPenilai       string
	AtasanPejabatPenilai string
	EffectiveFrom        civil.Date
	Acting               bool
	Reason               string
	// CrossInstansiReason documents an official of another instansi.
	CrossInstansiReason string
}

// IsZero reports whether l is the zero ReportingLine, meaning "no line".
func (l ReportingLine) IsZero() bool { return l == ReportingLine{} }

// Stream returns the name of the stream of the employee with the given NIP.
func Stream(nip string) string { return "employee-" + nip }

// Employee is the state of one employee, rebuilt by Replay.
type Employee struct {
	version     uint64
	registered  bool
	nip         string
	name        string
	status      Status
	instansi    string
	unit        string
	unitFrom    civil.Date // the effective day of the latest transfer, if any
	jabatan     Jabatan
	jabatanFrom civil.Date // the effective day of the latest jabatan change, if any
	golongan    performance.Golongan
	golonganTMT civil.Date
	lines       []ReportingLine
	left        bool
	leftOn      civil.Date
	// The master data by the day each took effect, since registration
	// (the registered values from the zero date; a change on the day of
	// the latest corrects it): see UnitOn, JabatanOn and GolonganOn.
	units     []dated[string]
	jabatans  []dated[Jabatan]
	golongans []dated[performance.Golongan]
}

// dated is a value in force from a day on.
type dated[T any] struct {
	from civil.Date
	v    T
}

// onDay returns the value of history in force on day: the one with the
// latest day not after it (among those of one day, the last recorded), or
// the first when all lie after it.
func onDay[T any](history []dated[T], day civil.Date) (dated[T], bool) {
	if len(history) == 0 {
		return dated[T]{}, false
	}
	best, found := history[0], false
	for _, h := range history {
		if h.from.After(day) {
			continue
		}
		if !found || !h.from.Before(best.from) {
			best, found = h, true
		}
	}
	return best, true
}

// change records v from day in history: on the day of the latest entry it
// replaces it (a correction), otherwise it is added.
func change[T any](history []dated[T], day civil.Date, v T) []dated[T] {
	if n := len(history); n > 0 && history[n-1].from == day {
		history[n-1].v = v
		return history
	}
	return append(history, dated[T]{from: day, v: v})
}

// New returns the state of an employee whose stream is empty.
func New() *Employee { return &Employee{} }

// Replay rebuilds an employee from the whole stream, in version order. An
// empty stream gives an unregistered employee.
func Replay(stored []eventlog.Event) (*Employee, error) {
	e := New()
	for _, s := range stored {
		ev, err := Decode(s.Type, s.SchemaVersion, s.Data)
		if err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", s.Stream, s.Version, err)
		}
		e.apply(ev)
		e.version++
	}
	return e, nil
}

// apply changes the state by one event; it is used by Replay and by the
// command methods, and never fails.
func (e *Employee) apply(ev Event) {
	switch ev := ev.(type) {
	case Registered:
		e.registered = true
		e.nip, e.name, e.status, e.instansi, e.unit = ev.NIP, ev.Name, ev.Status, ev.Instansi, ev.Unit
		e.jabatan, e.golongan, e.golonganTMT = ev.Jabatan, ev.Golongan, ev.GolonganTMT
		e.units = []dated[string]{{v: ev.Unit}}
		e.jabatans = []dated[Jabatan]{{v: ev.Jabatan}}
		e.golongans = []dated[performance.Golongan]{{from: ev.GolonganTMT, v: ev.Golongan}}
	case Transferred:
		e.unit = ev.ToUnit
		if ev.Effective.After(e.unitFrom) {
			e.unitFrom = ev.Effective
		}
		e.units = change(e.units, ev.Effective, ev.ToUnit)
	case JabatanChanged:
		e.jabatan = ev.To
		if ev.Effective.After(e.jabatanFrom) {
			e.jabatanFrom = ev.Effective
		}
		e.jabatans = change(e.jabatans, ev.Effective, ev.To)
	case GolonganChanged:
		// The same grade on another TMT corrects the TMT of the latest.
		if n := len(e.golongans); n > 0 && e.golongans[n-1].v == ev.To {
			e.golongans[n-1].from = ev.TMT
		} else {
			e.golongans = change(e.golongans, ev.TMT, ev.To)
		}
		e.golongan, e.golonganTMT = ev.To, ev.TMT
	case ReportingLineAssigned:
		e.lines = append(e.lines, ReportingLine{Employee: ev.NIP, PejabatPenilai: ev.PejabatPenilai,
			AtasanPejabatPenilai: ev.AtasanPejabatPenilai, EffectiveFrom: ev.EffectiveFrom, Acting: ev.Acting, Reason: ev.Reason,
			CrossInstansiReason: ev.CrossInstansiReason})
	case LeftService:
		e.left, e.leftOn = true, ev.Effective
	}
}

// record applies ev and returns it as the result of a command.
func (e *Employee) record(ev Event) []Event {
	e.apply(ev)
	return []Event{ev}
}

// ReportingLineAt returns the reporting line in force on day d: of the lines
// assigned, the one with the latest EffectiveFrom not after d; among lines
// with the same EffectiveFrom, the one recorded last (a correction replaces
// the line it corrects). It returns false when no line is in force on d.
func (e *Employee) ReportingLineAt(d civil.Date) (ReportingLine, bool) {
	return LineInForce(e.lines, d)
}

// LineInForce returns the line in force on day d among lines, given in the
// order they were recorded: the one with the latest EffectiveFrom not after
// d; among lines with the same EffectiveFrom, the one recorded last. It
// returns false when no line is in force on d. Read models that keep the
// lines of an employee use it as ReportingLineAt does.
func LineInForce(lines []ReportingLine, d civil.Date) (ReportingLine, bool) {
	var best ReportingLine
	found := false
	for _, l := range lines {
		if l.EffectiveFrom.After(d) {
			continue
		}
		if !found || !l.EffectiveFrom.Before(best.EffectiveFrom) {
			best, found = l, true
		}
	}
	return best, found
}

// ReportingLines returns every line assigned, in the order recorded.
func (e *Employee) ReportingLines() []ReportingLine { return append([]ReportingLine(nil), e.lines...) }

// Version returns the number of events replayed: the stream version to expect
// when appending the events of the next command.
func (e *Employee) Version() uint64 { return e.version }

// Registered reports whether the employee has been registered.
func (e *Employee) Registered() bool { return e.registered }

// NIP returns the NIP or NI PPPK.
func (e *Employee) NIP() string { return e.nip }

// Name returns the employee's name.
func (e *Employee) Name() string { return e.name }

// Status returns whether the employee is a PNS or a PPPK.
func (e *Employee) Status() Status { return e.status }

// Instansi returns the code of the employee's instansi.
func (e *Employee) Instansi() string { return e.instansi }

// Unit returns the code of the employee's current unit.
func (e *Employee) Unit() string { return e.unit }

// UnitFrom returns the effective day of the latest transfer (the day Unit
// takes effect; it may lie ahead), or the zero date when the employee was
// never transferred.
func (e *Employee) UnitFrom() civil.Date { return e.unitFrom }

// Jabatan returns the employee's current position.
func (e *Employee) Jabatan() Jabatan { return e.jabatan }

// Golongan returns the current grade and its TMT (the date it took effect).
func (e *Employee) Golongan() (performance.Golongan, civil.Date) { return e.golongan, e.golonganTMT }

// UnitOn returns the unit the employee belonged to on day (the latest
// transfer in force then), where Unit is the latest recorded, which may
// take effect only later.
func (e *Employee) UnitOn(day civil.Date) string {
	if h, ok := onDay(e.units, day); ok {
		return h.v
	}
	return e.unit
}

// JabatanOn returns the position held on day.
func (e *Employee) JabatanOn(day civil.Date) Jabatan {
	if h, ok := onDay(e.jabatans, day); ok {
		return h.v
	}
	return e.jabatan
}

// GolonganOn returns the grade held on day and its TMT (the first grade
// recorded when every TMT lies after day).
func (e *Employee) GolonganOn(day civil.Date) (performance.Golongan, civil.Date) {
	if h, ok := onDay(e.golongans, day); ok {
		return h.v, h.from
	}
	return e.golongan, e.golonganTMT
}

// Left reports whether the employee has left the service, and from when.
func (e *Employee) Left() (bool, civil.Date) { return e.left, e.leftOn }

// Appointment returns the first day of the appointment the employee's NIP
// or NI PPPK encodes: of its month, or 1 January of its year when an NI
// PPPK holds the month code 21 (the earliest day the number allows, the
// bound registration checks TMTs against). ok is false when the number
// does not parse (an employee not registered).
func (e *Employee) Appointment() (day civil.Date, ok bool) {
	id, err := parseID(e.nip, e.status)
	if err != nil {
		return civil.Date{}, false
	}
	return appointment(id), true
}

// AppointmentOf returns the first day of the appointment the number s
// encodes, read as a NIP or else as an NI PPPK, as Appointment does for
// an employee whose status is known: of its month, or 1 January of its
// year for the month code 21 (the read models read it from the digits
// alike, pgbatch.AppointedBy). ok is false when s is neither.
func AppointmentOf(s string) (day civil.Date, ok bool) {
	for _, status := range []Status{StatusPNS, StatusPPPK} {
		if id, err := parseID(s, status); err == nil {
			return appointment(id), true
		}
	}
	return civil.Date{}, false
}
