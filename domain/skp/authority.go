package skp

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
)

// begin checks what every command on an existing SKP needs: a time and a
// drafted SKP.
func (s *SKP) begin(at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	if !s.drafted {
		return ErrNotDrafted
	}
	return nil
}

// asOwner checks that the employee the SKP belongs to acts, as pegawai.
func (s *SKP) asOwner(at time.Time, by actor.Actor) error {
	if err := s.begin(at); err != nil {
		return err
	}
	if err := by.Require(actor.Pegawai); err != nil {
		return err
	}
	if by.NIP != s.nip {
		return fmt.Errorf("%w: %s acts on the SKP of %s", ErrNotOwner, by.NIP, s.nip)
	}
	return nil
}

// asPenilai checks that by is the pejabat penilai of line, that line is the
// employee's line in force on the day of at, and that nobody evaluates
// themselves.
func (s *SKP) asPenilai(at time.Time, by actor.Actor, line employee.ReportingLine) error {
	if err := s.asSupervisor(at, by, actor.PejabatPenilai, line); err != nil {
		return err
	}
	if line.PejabatPenilai != by.NIP {
		return fmt.Errorf("%w: %s on %s is %s, not %s", ErrNotPejabatPenilai, s.nip, civil.DateOf(at), line.PejabatPenilai, by.NIP)
	}
	return nil
}

// asAtasan checks that by is the atasan pejabat penilai of line, that line is
// the employee's line in force on the day of at, and that nobody evaluates
// themselves.
func (s *SKP) asAtasan(at time.Time, by actor.Actor, line employee.ReportingLine) error {
	if err := s.asSupervisor(at, by, actor.AtasanPejabatPenilai, line); err != nil {
		return err
	}
	if line.AtasanPejabatPenilai != by.NIP {
		return fmt.Errorf("%w: %s on %s is %s, not %s", ErrNotAtasan, s.nip, civil.DateOf(at), line.AtasanPejabatPenilai, by.NIP)
	}
	return nil
}

func (s *SKP) asSupervisor(at time.Time, by actor.Actor, role actor.Role, line employee.ReportingLine) error {
	if err := s.begin(at); err != nil {
		return err
	}
	if err := by.Require(role); err != nil {
		return err
	}
	if by.NIP == s.nip {
		return fmt.Errorf("%w: %s acts as %s on their own SKP", ErrSelfRating, by.NIP, role)
	}
	switch {
	case line.IsZero():
		return fmt.Errorf("%w: %s on %s", ErrNoReportingLine, s.nip, civil.DateOf(at))
	case line.Employee != s.nip:
		return fmt.Errorf("%w: the line given is that of %s, not %s", ErrNoReportingLine, line.Employee, s.nip)
	case line.EffectiveFrom.After(civil.DateOf(at)):
		return fmt.Errorf("%w: the line given takes effect on %s, after %s", ErrNoReportingLine, line.EffectiveFrom, civil.DateOf(at))
	}
	return nil
}
