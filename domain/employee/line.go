package employee

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/text"
)

// LineAssignment is the input of AssignReportingLine.
type LineAssignment struct {
	PejabatPenilai       string
	AtasanPejabatPenilai string
	EffectiveFrom        civil.Date
	Acting               bool
	Reason               string
	// CrossInstansiReason, when not empty, documents why an official of
	// another instansi than the employee's is assigned; without it both
	// officials must belong to the employee's instansi.
	CrossInstansiReason string
}

// AssignReportingLine records who evaluates the employee from
// a.EffectiveFrom on. Lines may be backdated: assigning a line with the same
// EffectiveFrom as an earlier one corrects it, and ReportingLineAt then
// returns the correction. Every assignment must say why. Both officials must
// have a valid NIP or NI PPPK, must differ from each other and from the
// employee; a line takes effect at most a year from today.
func (e *Employee) AssignReportingLine(at time.Time, by actor.Actor, a LineAssignment) ([]Event, error) {
	if err := e.check(at, by); err != nil {
		return nil, err
	}
	if err := e.validateAssignment(civil.DateOf(at), &a); err != nil {
		return nil, err
	}
	if cur, ok := e.ReportingLineAt(a.EffectiveFrom); ok && cur.EffectiveFrom == a.EffectiveFrom &&
		cur.PejabatPenilai == a.PejabatPenilai && cur.AtasanPejabatPenilai == a.AtasanPejabatPenilai && cur.Acting == a.Acting {
		return nil, fmt.Errorf("from %s: %w", a.EffectiveFrom, ErrNoChange)
	}
	return e.record(ReportingLineAssigned{NIP: e.nip, PejabatPenilai: a.PejabatPenilai,
		AtasanPejabatPenilai: a.AtasanPejabatPenilai, EffectiveFrom: a.EffectiveFrom, Acting: a.Acting,
		Reason: a.Reason, CrossInstansiReason: a.CrossInstansiReason, At: at, By: by}), nil
}

func (e *Employee) validateAssignment(today civil.Date, a *LineAssignment) error {
	for i, id := range []string{a.PejabatPenilai, a.AtasanPejabatPenilai} {
		if !validSupervisorID(id) {
			return field.Invalid(ErrInvalidInput, []string{"pejabat_penilai", "atasan_pejabat_penilai"}[i], "%q is not a valid NIP or NI PPPK", id)
		}
		if id == e.nip {
			return fmt.Errorf("reporting line of %s: %w", e.nip, ErrSelfSupervision)
		}
	}
	if a.PejabatPenilai == a.AtasanPejabatPenilai {
		return field.Invalid(ErrInvalidInput, "atasan_pejabat_penilai", "must differ from the pejabat penilai")
	}
	if err := requireDate("effective_from", a.EffectiveFrom); err != nil {
		return err
	}
	// Backdating is allowed; a line from beyond next year, as every other
	// effective day of the record, is a typo (9999-12-31 was recorded).
	if latest := aYearFrom(today); a.EffectiveFrom.After(latest) {
		return field.Invalid(ErrInvalidInput, "effective_from", "%s is more than a year from today (%s)", a.EffectiveFrom, today)
	}
	reason, err := block("reason", a.Reason, text.MaxNote)
	if err != nil {
		return err
	}
	if a.Reason = reason; a.Reason == "" {
		return ErrReasonRequired
	}
	a.CrossInstansiReason, err = block("cross_instansi_reason", a.CrossInstansiReason, text.MaxCrossInstansiReason)
	return err
}
