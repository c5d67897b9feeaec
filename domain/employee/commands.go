package employee

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// masterData returns the roles that maintain employee master data.
func masterData() []actor.Role { return []actor.Role{actor.HR, actor.Admin, actor.System} }

// Registration is the input of Register.
type Registration struct {
	NIP         string
	Name        string
	Status      Status
	Instansi    string
	Unit        string
	Jabatan     Jabatan
	Golongan    performance.Golongan
	GolonganTMT civil.Date
}

// Register records a new employee. The NIP must be a valid NIP for a PNS or
// a valid NI PPPK for a PPPK, and the golongan must belong to the status.
func (e *Employee) Register(at time.Time, by actor.Actor, r Registration) ([]Event, error) {
	if err := authorize(at, by); err != nil {
		return nil, err
	}
	if e.registered {
		return nil, ErrAlreadyRegistered // the caller names the command and the NIP
	}
	if err := validateRegistration(&r); err != nil {
		return nil, err
	}
	if err := checkAgainstToday(civil.DateOf(at), r); err != nil {
		return nil, err
	}
	return e.record(Registered{NIP: r.NIP, Name: r.Name, Status: r.Status, Instansi: r.Instansi, Unit: r.Unit,
		Jabatan: r.Jabatan, Golongan: r.Golongan, GolonganTMT: r.GolonganTMT, At: at, By: by}), nil
}

// Transfer records a move to unit from the effective date, which lies
// between the appointment the NIP encodes and a year from today, before a
// departure already recorded, and not before that of the latest transfer
// (on it, the transfer corrects the latest).
func (e *Employee) Transfer(at time.Time, by actor.Actor, toUnit string, effective civil.Date, reason string) ([]Event, error) {
	if err := e.check(at, by); err != nil {
		return nil, err
	}
	if err := unit.ValidateCode(toUnit); err != nil {
		return nil, field.Wrap(ErrInvalidInput, "to_unit", err)
	}
	if err := requireDate("effective", effective); err != nil {
		return nil, err
	}
	if err := e.checkChangeDay("effective", at, effective); err != nil {
		return nil, err
	}
	if effective.Before(e.unitFrom) {
		// Transfers follow one another: one dated before the latest would
		// leave the record (the latest recorded) and the unit by date apart.
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before %s, when the latest transfer (to %s) took effect", effective, e.unitFrom, e.unit)
	}
	if toUnit == e.unit {
		return nil, fmt.Errorf("transfer %s to %s: %w", e.nip, toUnit, ErrNoChange)
	}
	reason, err := block("reason", reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	return e.record(Transferred{NIP: e.nip, FromUnit: e.unit, ToUnit: toUnit, Effective: effective,
		Reason: reason, At: at, By: by}), nil
}

// ChangeJabatan records a new position from the effective date, bounded as
// a transfer's is (not before that of the latest jabatan change; on it, the
// change corrects the latest).
func (e *Employee) ChangeJabatan(at time.Time, by actor.Actor, j Jabatan, effective civil.Date) ([]Event, error) {
	if err := e.check(at, by); err != nil {
		return nil, err
	}
	if err := validateJabatan(&j); err != nil {
		return nil, err
	}
	if err := requireDate("effective", effective); err != nil {
		return nil, err
	}
	if err := e.checkChangeDay("effective", at, effective); err != nil {
		return nil, err
	}
	if effective.Before(e.jabatanFrom) {
		// Jabatan changes follow one another, as transfers do: one dated
		// before the latest recorded the latest as what it changed from.
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before %s, when the latest jabatan change (to %s) took effect",
			effective, e.jabatanFrom, e.jabatan.Name)
	}
	if j == e.jabatan {
		return nil, fmt.Errorf("change jabatan of %s: %w", e.nip, ErrNoChange)
	}
	return e.record(JabatanChanged{NIP: e.nip, From: e.jabatan, To: j, Effective: effective, At: at, By: by}), nil
}

// ChangeGolongan records a new grade from its TMT. The grade must belong to
// the employee's status (a PNS rank or a PPPK golongan), and its TMT lie
// between the appointment and a year from now, before a departure already
// recorded, and not before the TMT of the current grade (on it, the change
// corrects the current grade).
func (e *Employee) ChangeGolongan(at time.Time, by actor.Actor, g performance.Golongan, tmt civil.Date) ([]Event, error) {
	if err := e.check(at, by); err != nil {
		return nil, err
	}
	g, err := validateGolongan(e.status, g)
	if err != nil {
		return nil, err
	}
	if err := requireDate("tmt", tmt); err != nil {
		return nil, err
	}
	if err := e.checkChangeDay("tmt", at, tmt); err != nil {
		return nil, err
	}
	if g != e.golongan && tmt.Before(e.golonganTMT) {
		// A new grade follows the current one; a wrong grade recorded on
		// the same TMT is corrected with that TMT.
		return nil, field.Invalid(ErrInvalidInput, "tmt", "%s is before %s, the TMT of the current golongan %s", tmt, e.golonganTMT, e.golongan)
	}
	if g == e.golongan && tmt == e.golonganTMT {
		return nil, fmt.Errorf("change golongan of %s: %w", e.nip, ErrNoChange)
	}
	return e.record(GolonganChanged{NIP: e.nip, From: e.golongan, FromTMT: e.golonganTMT, To: g, TMT: tmt, At: at, By: by}), nil
}

// LeaveService records that the employee leaves the service from the
// effective date (the first day out of service): between the appointment
// the NIP encodes (and the latest transfer, jabatan change and golongan
// TMT) and a year from today. Nothing
// else about the employee changes from that day; past evaluations stay as
// they are. Recorded again, with its reason, it corrects the date, also
// once the departure is in force (a mistyped 1900-01-01 could not be
// undone).
func (e *Employee) LeaveService(at time.Time, by actor.Actor, effective civil.Date, reason string) ([]Event, error) {
	if err := authorize(at, by); err != nil {
		return nil, err
	}
	if !e.registered {
		return nil, ErrNotRegistered
	}
	if err := requireDate("effective", effective); err != nil {
		return nil, err
	}
	if latest := aYearFrom(civil.DateOf(at)); effective.After(latest) {
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is more than a year from today (%s)", effective, civil.DateOf(at))
	}
	if id, err := parseID(e.nip, e.status); err == nil && effective.Before(appointment(id)) {
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before the appointment (%s) the NIP encodes", effective, appointment(id))
	}
	if effective.Before(e.unitFrom) {
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before the latest transfer (%s)", effective, e.unitFrom)
	}
	// Nor before a jabatan or golongan recorded ahead: the record showed a
	// departure together with a jabatan and a golongan from after it.
	if effective.Before(e.jabatanFrom) {
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before the latest jabatan change (%s)", effective, e.jabatanFrom)
	}
	if effective.Before(e.golonganTMT) {
		return nil, field.Invalid(ErrInvalidInput, "effective", "%s is before the TMT of the golongan %s (%s)", effective, e.golongan, e.golonganTMT)
	}
	reason, err := block("reason", reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, fmt.Errorf("leave service %s: %w", e.nip, ErrReasonRequired)
	}
	return e.record(LeftService{NIP: e.nip, Effective: effective, Reason: reason, At: at, By: by}), nil
}

// authorize checks that a command has a time and an HR, admin or system actor.
func authorize(at time.Time, by actor.Actor) error {
	if at.IsZero() {
		return fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	return by.Require(masterData()...)
}

// check authorizes a command on a registered employee still in service.
func (e *Employee) check(at time.Time, by actor.Actor) error {
	if err := authorize(at, by); err != nil {
		return err
	}
	if !e.registered {
		return ErrNotRegistered
	}
	// A departure recorded ahead of its day (a retirement known months
	// before) leaves the record open until then: a golongan, a transfer or a
	// corrected departure may still be recorded.
	if e.left && !e.leftOn.After(civil.DateOf(at)) {
		return fmt.Errorf("%s since %s: %w", e.nip, e.leftOn, ErrLeftService)
	}
	return nil
}

// checkChangeDay checks the day from which a change of the employee takes
// effect (the named field): between the appointment the NIP encodes and a
// year from today, and before a departure already recorded (the employee is
// out of the service from that day).
func (e *Employee) checkChangeDay(name string, at time.Time, day civil.Date) error {
	if err := checkInService(name, civil.DateOf(at), e.nip, e.status, day); err != nil {
		return err
	}
	if e.left && !day.Before(e.leftOn) {
		return field.Invalid(ErrInvalidInput, name, "%s is on or after the departure recorded (%s); correct the departure first", day, e.leftOn)
	}
	return nil
}

// requireDate checks that the date of the named field is a real day.
func requireDate(name string, d civil.Date) error {
	if !d.IsValid() {
		return field.Invalid(ErrInvalidInput, name, "%q is missing or not a real day", d)
	}
	return nil
}
