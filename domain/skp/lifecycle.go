package skp

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// Draft is the input of Draft. JPT is true for the SKP of a senior executive
// (jabatan pimpinan tinggi); Head is true for the head of the organisation,
// whose RHK come from the Perjanjian Kinerja rather than a superior's RHK.
type Draft struct {
	NIP      string
	Year     int
	Instansi string
	JPT      bool
	Head     bool
	Plan     Plan
}

// Draft records a new SKP. Only the employee drafts their own SKP.
func (s *SKP) Draft(at time.Time, by actor.Actor, d Draft) ([]Event, error) {
	if at.IsZero() {
		return nil, fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	if err := by.Require(actor.Pegawai); err != nil {
		return nil, err
	}
	if by.NIP != d.NIP {
		return nil, fmt.Errorf("%w: %s drafts the SKP of %s", ErrNotOwner, by.NIP, d.NIP)
	}
	if s.drafted {
		return nil, fmt.Errorf("draft SKP %s %d: %w", d.NIP, d.Year, ErrAlreadyDrafted)
	}
	if employee.ValidateNIP(d.NIP, employee.StatusPNS) != nil && employee.ValidateNIP(d.NIP, employee.StatusPPPK) != nil {
		return nil, invalid("nip", "%q is not a valid NIP or NI PPPK", d.NIP)
	}
	if d.Year < 2000 || d.Year > 9999 {
		return nil, invalid("year", "%d", d.Year)
	}
	if d.Year > at.Year()+1 {
		// A plan is drafted in its year or just before it.
		return nil, invalid("year", "%d is more than a year ahead of %d", d.Year, at.Year())
	}
	if err := unit.ValidateInstansi(d.Instansi); err != nil {
		return nil, field.Wrap(ErrInvalidInput, "instansi", err)
	}
	plan, err := planRules{jpt: d.JPT, head: d.Head}.normalize(d.Plan)
	if err != nil {
		return nil, err
	}
	return s.record(Drafted{NIP: d.NIP, Year: d.Year, Instansi: d.Instansi, JPT: d.JPT, Head: d.Head,
		Plan: plan, At: at, By: by}), nil
}

// Edit records a new version of the plan. Only the employee edits, and only
// while the plan is a draft or has been returned.
func (s *SKP) Edit(at time.Time, by actor.Actor, p Plan) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	if err := s.mustBeDraft("edit"); err != nil {
		return nil, err
	}
	plan, err := s.rules().normalize(p)
	if err != nil {
		return nil, err
	}
	return s.record(Edited{NIP: s.nip, Year: s.year, Plan: plan, At: at, By: by}), nil
}

// Submit records that the employee submits the draft or returned plan for
// approval.
func (s *SKP) Submit(at time.Time, by actor.Actor) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	if err := s.mustBeDraft("submit"); err != nil {
		return nil, err
	}
	return s.record(Submitted{NIP: s.nip, Year: s.year, At: at, By: by}), nil
}

// Return records that the pejabat penilai in force returns the submitted
// plan to the employee, with a note saying what to change.
func (s *SKP) Return(at time.Time, by actor.Actor, line employee.ReportingLine, note string) ([]Event, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return nil, err
	}
	if s.status != StatusSubmitted {
		return nil, fmt.Errorf("return SKP %s %d (%s): %w", s.nip, s.year, s.status, ErrNotSubmitted)
	}
	note, err := block("note", note, text.MaxNote)
	if err != nil {
		return nil, err
	}
	if note == "" {
		return nil, fmt.Errorf("return SKP %s %d: %w: say what to change", s.nip, s.year, ErrReasonRequired)
	}
	return s.record(Returned{NIP: s.nip, Year: s.year, Note: note, At: at, By: by}), nil
}

// Approve records that the pejabat penilai in force approves the submitted
// plan, once they have set the expectation of every BerAKHLAK value
// (SetExpectations); until then it returns ErrExpectationsMissing naming
// the values missing.
func (s *SKP) Approve(at time.Time, by actor.Actor, line employee.ReportingLine) ([]Event, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return nil, err
	}
	if s.status != StatusSubmitted {
		return nil, fmt.Errorf("approve SKP %s %d (%s): %w", s.nip, s.year, s.status, ErrNotSubmitted)
	}
	if err := s.checkExpectations(); err != nil {
		return nil, err
	}
	return s.record(Approved{NIP: s.nip, Year: s.year, At: at, By: by}), nil
}

// Revise records a change to the approved plan, with the reason; the plan
// is then submitted and needs approval again. Only the employee revises.
func (s *SKP) Revise(at time.Time, by actor.Actor, p Plan, reason string) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	if s.status != StatusApproved {
		return nil, fmt.Errorf("revise SKP %s %d (%s): %w", s.nip, s.year, s.status, ErrNotApproved)
	}
	if s.annual != nil {
		return nil, fmt.Errorf("revise SKP %s %d: %w", s.nip, s.year, ErrYearRated)
	}
	reason, err := block("reason", reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, fmt.Errorf("revise SKP %s %d: %w", s.nip, s.year, ErrReasonRequired)
	}
	plan, err := s.rules().normalize(p)
	if err != nil {
		return nil, err
	}
	return s.record(Revised{NIP: s.nip, Year: s.year, Plan: plan, Reason: reason, At: at, By: by}), nil
}

func (s *SKP) mustBeDraft(action string) error {
	if s.status != StatusDraft && s.status != StatusReturned {
		return fmt.Errorf("%s SKP %s %d (%s): %w", action, s.nip, s.year, s.status, ErrNotDraft)
	}
	return nil
}

func (s *SKP) rules() planRules { return planRules{jpt: s.jpt, head: s.head} }
