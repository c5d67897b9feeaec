// Package followup models the follow-up of performance results (tindak
// lanjut, PermenPANRB 6/2022 Ps 5; PP 30/2019 Ps 56–58): rewards
// (penghargaan), coaching (pembinaan), training attended (pelatihan) and
// administrative sanctions (sanksi), each recorded by the pimpinan, the
// employee's pejabat penilai or atasan in force, or HR, with its reason and
// the rating events it rests on.
//
// The stream of an employee's follow-up is followup-<nip>. Follow-up rests
// on ratings of several years and is decided by people other than those who
// keep the SKP or the master data, so it has a stream of its own: recording
// it never contends with a rating or a master-data change, an SKP stream
// stays the record of one year's evaluation, and a reader (a projection, an
// auditor) finds every follow-up of an employee in one place.
package followup

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// Errors of the follow-up.
var (
	ErrInvalidInput  = errors.New("invalid follow-up")
	ErrNoBasis       = errors.New("a follow-up rests on at least one rating event of the employee")
	ErrBasisPredikat = errors.New("the predikat of a basis rating does not support this follow-up")
	ErrNotAuthorised = errors.New("only the pimpinan, the employee's pejabat penilai or atasan in force, or HR record follow-up")
	ErrSanctionByHR  = errors.New("a sanction is recorded by HR or the pimpinan (the PPK's decision), not by the direct supervisor")
	ErrSelf          = errors.New("nobody records follow-up on themselves")
)

// Kind is the kind of follow-up.
type Kind string

// The kinds of follow-up.
const (
	Penghargaan Kind = "penghargaan" // a reward
	Pembinaan   Kind = "pembinaan"   // coaching
	Pelatihan   Kind = "pelatihan"   // training attended; closes the training needs it rests on
	Sanksi      Kind = "sanksi"      // an administrative sanction, PP 30/2019 Ps 56–58
)

// Kinds returns the kinds in order.
func Kinds() []Kind { return []Kind{Penghargaan, Pembinaan, Pelatihan, Sanksi} }

// Valid reports whether k is a kind of follow-up.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Basis is one rating event a follow-up rests on, as the use case found it
// in the employee's SKP stream of Year: its id and position, the window (0
// for the annual ratings), the predikat it put in force and the policy
// version it was given under.
type Basis struct {
	Year          int                  `json:"year"`
	EventID       string               `json:"event_id"`
	Position      uint64               `json:"position"`
	Window        int                  `json:"window"`
	Predikat      performance.Predikat `json:"predikat"`
	PolicyVersion string               `json:"policy_version,omitempty"`
}

// Input is what a follow-up records besides its basis.
type Input struct {
	Kind   Kind
	Title  string // the reward, the coaching topic, the training or the sanction
	Reason string
	// Effective is when it takes effect (the training's date, the sanction's TMT); zero: the day recorded.
	Effective civil.Date
}

// Stream returns the name of the follow-up stream of the employee nip.
func Stream(nip string) string { return "followup-" + nip }

// Followup is the state of an employee's follow-up stream.
type Followup struct {
	version uint64
	count   int
}

// Replay rebuilds the state from the stream.
func Replay(stored []eventlog.Event) (*Followup, error) {
	f := &Followup{}
	for _, st := range stored {
		if _, err := Decode(st.Type, st.SchemaVersion, st.Data); err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", st.Stream, st.Version, err)
		}
		f.count++
		f.version++
	}
	return f, nil
}

// Record records a follow-up of the employee emp by by, at at, with the
// employee's reporting line in force that day. basis holds the rating
// events found for the references given; a penghargaan rests only on
// ratings of baik or better, a sanksi only on ratings below baik (how many
// is not fixed: DOMAIN.md found no "N poor years" rule, so the decision and
// its reason are the recorder's).
func (f *Followup) Record(at time.Time, by actor.Actor, emp *employee.Employee, line employee.ReportingLine, in Input, basis []Basis) ([]Event, error) {
	if at.IsZero() || emp == nil || !emp.Registered() {
		return nil, fmt.Errorf("%w: no time or no employee", ErrInvalidInput)
	}
	if err := authorise(by, emp.NIP(), line, in.Kind); err != nil {
		return nil, err
	}
	in, err := check(in)
	if err != nil {
		return nil, err
	}
	if err := checkBasis(in.Kind, basis); err != nil {
		return nil, err
	}
	if err := checkEffective(in.Effective, civil.DateOf(at), emp); err != nil {
		return nil, err
	}
	if in.Effective.IsZero() {
		in.Effective = civil.DateOf(at)
	}
	return []Event{Recorded{NIP: emp.NIP(), Instansi: emp.Instansi(), No: f.count + 1, Kind: in.Kind, Title: in.Title,
		Reason: in.Reason, Effective: in.Effective, Basis: slices.Clone(basis), At: at, By: by}}, nil
}

// Version returns the stream version.
func (f *Followup) Version() uint64 { return f.version }

// authorise checks who may record a follow-up of kind.
func authorise(by actor.Actor, nip string, line employee.ReportingLine, kind Kind) error {
	if err := by.Validate(); err != nil {
		return err
	}
	if by.NIP == nip {
		return fmt.Errorf("%s on %s: %w", by, nip, ErrSelf)
	}
	switch by.Role {
	case actor.HR, actor.Pimpinan:
		return nil
	case actor.PejabatPenilai, actor.AtasanPejabatPenilai:
		if (by.Role == actor.PejabatPenilai && line.PejabatPenilai != by.NIP) ||
			(by.Role == actor.AtasanPejabatPenilai && line.AtasanPejabatPenilai != by.NIP) {
			return fmt.Errorf("%s on %s: %w", by, nip, ErrNotAuthorised)
		}
		if kind == Sanksi {
			return fmt.Errorf("%s on %s: %w", by, nip, ErrSanctionByHR)
		}
		return nil
	}
	return fmt.Errorf("%s on %s: %w: %w", by, nip, actor.ErrRoleNotAllowed, ErrNotAuthorised)
}

// check checks and trims the input.
func check(in Input) (Input, error) {
	c := text.Checker{Invalid: ErrInvalidInput}
	if !in.Kind.Valid() {
		return Input{}, fmt.Errorf("%w: kind: %q is not one of %v", ErrInvalidInput, in.Kind, Kinds())
	}
	var err error
	if in.Title, err = c.Line("title", in.Title, text.MaxFollowupTitle); err != nil {
		return Input{}, err
	}
	if in.Reason, err = c.Block("reason", in.Reason, text.MaxNote); err != nil {
		return Input{}, err
	}
	switch {
	case in.Title == "":
		return Input{}, fmt.Errorf("%w: title: required", ErrInvalidInput)
	case strings.TrimSpace(in.Reason) == "":
		return Input{}, fmt.Errorf("%w: reason: required", ErrInvalidInput)
	}
	return in, nil
}

// checkEffective checks the day a follow-up takes effect, when given: in
// the employee's service, from the appointment the NIP encodes, and at most
// a year from today, as the effective days of the employee's record are
// (0001-01-01 and 9999-12-31 were recorded).
func checkEffective(d, today civil.Date, emp *employee.Employee) error {
	if d.IsZero() {
		return nil
	}
	latest := civil.Date{Year: today.Year + 1, Month: today.Month, Day: today.Day}
	if !latest.IsValid() {
		latest.Day = 28 // 29 February
	}
	if d.After(latest) {
		return field.Invalid(ErrInvalidInput, "effective", "%s is more than a year from today (%s)", d, today)
	}
	if first, ok := emp.Appointment(); ok && d.Before(first) {
		return field.Invalid(ErrInvalidInput, "effective", "%s is before the appointment (%s) the NIP encodes", d, first)
	}
	return nil
}

// checkBasis checks the basis of a follow-up of kind.
func checkBasis(kind Kind, basis []Basis) error {
	if len(basis) == 0 {
		return ErrNoBasis
	}
	good := []performance.Predikat{performance.SangatBaik, performance.Baik}
	for _, b := range basis {
		isGood := slices.Contains(good, b.Predikat)
		switch {
		case kind == Penghargaan && !isGood:
			return fmt.Errorf("%w: a penghargaan on %s (event %s)", ErrBasisPredikat, b.Predikat, b.EventID)
		case kind == Sanksi && isGood:
			return fmt.Errorf("%w: a sanksi on %s (event %s)", ErrBasisPredikat, b.Predikat, b.EventID)
		}
	}
	return nil
}
