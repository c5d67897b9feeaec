package employee

import (
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/nip"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// ValidateNIP checks that s is a valid NIP (status PNS) or NI PPPK (status
// PPPK). Errors wrap ErrInvalidInput and nip.ErrInvalid.
func ValidateNIP(s string, status Status) error {
	var err error
	switch status {
	case StatusPNS:
		_, err = nip.Parse(s)
	case StatusPPPK:
		_, err = nip.ParsePPPK(s)
	default:
		return field.Invalid(ErrInvalidInput, "status", "%q is not a status (want pns or pppk)", status)
	}
	if err != nil {
		return field.Wrap(ErrInvalidInput, "nip", err)
	}
	return nil
}

// validSupervisorID reports whether s is a valid NIP or NI PPPK.
func validSupervisorID(s string) bool {
	if _, err := nip.Parse(s); err == nil {
		return true
	}
	_, err := nip.ParsePPPK(s)
	return err == nil
}

// validateRegistration checks r and puts its name, jabatan and golongan in
// canonical form.
func validateRegistration(r *Registration) error {
	if err := ValidateNIP(r.NIP, r.Status); err != nil {
		return err
	}
	name, err := line("name", r.Name, text.MaxName)
	if err != nil {
		return err
	}
	if r.Name = name; r.Name == "" {
		return field.Invalid(ErrInvalidInput, "name", "required")
	}
	if err := unit.ValidateInstansi(r.Instansi); err != nil {
		return field.Wrap(ErrInvalidInput, "instansi", err)
	}
	if err := unit.ValidateCode(r.Unit); err != nil {
		return field.Wrap(ErrInvalidInput, "unit", err)
	}
	if err := validateJabatan(&r.Jabatan); err != nil {
		return err
	}
	g, err := validateGolongan(r.Status, r.Golongan)
	if err != nil {
		return err
	}
	r.Golongan = g
	return requireDate("golongan_tmt", r.GolonganTMT)
}

// validateJabatan checks kind, level and name, trimming the name.
func validateJabatan(j *Jabatan) error {
	if err := performance.ValidateJabatan(j.Kind, j.Level); err != nil {
		return field.Wrap(ErrInvalidInput, "jabatan", err)
	}
	name, err := line("jabatan.name", j.Name, text.MaxName)
	if err != nil {
		return err
	}
	if j.Name = name; j.Name == "" {
		return field.Invalid(ErrInvalidInput, "jabatan.name", "required")
	}
	return nil
}

// validateGolongan returns g in canonical form if it is a grade of status.
func validateGolongan(status Status, g performance.Golongan) (performance.Golongan, error) {
	c, err := performance.ParseGolongan(string(g))
	if err != nil {
		return "", field.Wrap(ErrInvalidInput, "golongan", err)
	}
	if c.IsPPPK() != (status == StatusPPPK) {
		return "", field.Invalid(ErrInvalidInput, "golongan", "%s is not a golongan of a %s", c, status)
	}
	return c, nil
}

// The bounds of the dates of a registration against the day it is
// recorded: a civil servant is appointed at the earliest in the month the
// NIP records and at the latest a year ahead (a decision precedes its TMT),
// is at most MaxAge years old, and holds a grade from a TMT in the same
// bounds.
const (
	// MaxAge is the oldest age in years of an employee at registration:
	// the highest retirement age (70, for some fungsional) and a margin.
	MaxAge = 75
)

// aYearFrom is the latest day an appointment, a TMT, a departure or a
// change may lie ahead of today: the same day a year on (the 28th of
// February for the 29th). A bound of 366 days let the day after through
// while the message said "more than a year".
func aYearFrom(today civil.Date) civil.Date {
	next := civil.Date{Year: today.Year + 1, Month: today.Month, Day: today.Day}
	if !next.IsValid() {
		next.Day = 28
	}
	return next
}

// checkAgainstToday checks the dates a registration implies (the birth and
// appointment its NIP encodes, its golongan TMT) against today, the day
// it is recorded.
func checkAgainstToday(today civil.Date, r Registration) error {
	id, err := parseID(r.NIP, r.Status)
	if err != nil {
		return field.Wrap(ErrInvalidInput, "nip", err)
	}
	born := civil.DateOf(id.BirthDate)
	switch {
	case born.After(today):
		return field.Invalid(ErrInvalidInput, "nip", "encodes a birth date %s after today (%s)", born, today)
	case born.Year < today.Year-MaxAge:
		return field.Invalid(ErrInvalidInput, "nip", "encodes a birth date %s: more than %d years before today", born, MaxAge)
	case appointment(id).After(aYearFrom(today)):
		return field.Invalid(ErrInvalidInput, "nip", "encodes an appointment in %04d-%02d, more than a year from today (%s)", id.AppointYear, id.AppointMonth, today)
	}
	return checkInService("golongan_tmt", today, r.NIP, r.Status, r.GolonganTMT)
}

// checkInService checks that the day of a change given in the named field
// (a golongan's TMT, a transfer's or jabatan's effective day) lies between
// the appointment the NIP encodes and a year from today.
func checkInService(name string, today civil.Date, nipText string, status Status, tmt civil.Date) error {
	id, err := parseID(nipText, status)
	if err != nil {
		return field.Wrap(ErrInvalidInput, "nip", err)
	}
	if from := appointment(id); tmt.Before(from) {
		return field.Invalid(ErrInvalidInput, name, "%s is before the appointment (%s) the NIP encodes", tmt, from)
	}
	if latest := aYearFrom(today); tmt.After(latest) {
		return field.Invalid(ErrInvalidInput, name, "%s is more than a year from today (%s)", tmt, today)
	}
	return nil
}

// parseID parses a NIP (PNS) or NI PPPK (PPPK).
func parseID(s string, status Status) (nip.ID, error) {
	if status == StatusPPPK {
		return nip.ParsePPPK(s)
	}
	return nip.Parse(s)
}

// appointment is the first day of the appointment an ID encodes: of its
// month, or of its year for an NI PPPK that carries no month.
func appointment(id nip.ID) civil.Date {
	return civil.Date{Year: id.AppointYear, Month: time.Month(max(id.AppointMonth, 1)), Day: 1}
}
