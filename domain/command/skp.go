package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// skpCall is one decision on an SKP: the state loaded, the time and actor of
// the action, and access to the other streams the decision needs. It records
// the versions of those streams it read in reads; the decision's events are
// appended on condition that they have not moved.
type skpCall struct {
	svc   *Service
	ctx   context.Context
	at    time.Time
	by    actor.Actor
	skp   *skp.SKP
	reads *refReads
}

// employee returns the employee nip, for reading only, and records the
// version of its stream read.
func (c *skpCall) employee(nip string) (*employee.Employee, error) {
	stream := employee.Stream(nip)
	e, v, err := loadRefAt(c.ctx, c.svc, stream, true, employee.Replay)
	if err != nil {
		return nil, fmt.Errorf("employee: %w", err)
	}
	c.reads.record(stream, v)
	return e, nil
}

// line returns the employee's reporting line in force on the day of the
// action, or the zero line when none is (the SKP then reports
// skp.ErrNoReportingLine).
func (c *skpCall) line() (employee.ReportingLine, error) {
	e, err := c.employee(c.skp.NIP())
	if err != nil {
		return employee.ReportingLine{}, err
	}
	l, _ := e.ReportingLineAt(civil.DateOf(c.at))
	return l, nil
}

// period returns the evaluation year of the SKP's instansi, and records the
// version of its stream read. A period never opened is returned as such; the
// SKP reports period.ErrNotOpened.
func (c *skpCall) period() (*period.Period, error) {
	stream := period.Stream(c.skp.Instansi(), c.skp.Year())
	p, v, err := loadRefAt(c.ctx, c.svc, stream, false, period.Replay)
	if err != nil {
		return nil, err
	}
	c.reads.record(stream, v)
	return p, nil
}

// yearOpen returns period.ErrYearClosed once the SKP's year is closed: its
// plan is then final. (Its ratings may still be amended, with a reason that
// the score trail keeps and a new objection window: a correction found
// after the close, as the whole-year use case has it.)
func (c *skpCall) yearOpen() error {
	p, err := c.period()
	if err != nil {
		return err
	}
	if p.YearClosed() {
		return fmt.Errorf("%w: %d", period.ErrYearClosed, c.skp.Year())
	}
	return nil
}

// policyToday returns the policy in force for the SKP's instansi on the day
// of the action, and records the version of the policy register read.
func (c *skpCall) policyToday() (performance.Policy, error) {
	r, v, err := c.svc.register(c.ctx, c.skp.Instansi())
	if err != nil {
		return performance.Policy{}, err
	}
	c.reads.record(adoption.Stream(c.skp.Instansi()), v)
	return c.svc.inForce(r, civil.DateOf(c.at))
}

// periodPolicy returns the period of the SKP's year (a period never opened
// is returned as such; the SKP reports period.ErrNotOpened) and the policy
// in force on the day of the action.
func (c *skpCall) periodPolicy() (*period.Period, performance.Policy, error) {
	p, err := c.period()
	if err != nil {
		return nil, performance.Policy{}, err
	}
	policy, err := c.policyToday()
	return p, policy, err
}

// ratingPolicy returns the policy the annual ratings in force were given
// under, or the zero policy when there are none (the SKP reports it).
func (c *skpCall) ratingPolicy() (performance.Policy, error) {
	v, ok := c.skp.RatingPolicyVersion(0)
	if !ok {
		return performance.Policy{}, nil
	}
	return c.svc.PolicyOf(c.ctx, c.skp.Instansi(), v)
}

// skpDecide decides a command on an SKP.
type skpDecide func(c *skpCall) ([]skp.Event, error)

// onSKP runs a command on the stream of the SKP of nip for year. Its events
// are appended on condition that the employee and period streams the
// decision read are still at the versions read; if one moved, the command
// is decided again on the new state.
func (s *Service) onSKP(ctx context.Context, m Meta, op, nip string, year int, create bool, decide skpDecide) (Result, error) {
	if err := checkNIP(op+" skp", nip); err != nil {
		return Result{}, err
	}
	var reads refReads // those of the latest attempt
	return s.run(ctx, m, command{
		op: fmt.Sprintf("%s skp %s/%d", op, nip, year), stream: skp.Stream(nip, year), create: create,
		instansi:   s.employeeInstansi(nip),
		subject:    fmt.Sprintf("SKP %s %d", nip, year),
		conditions: reads.conditions,
		decide: func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			reads.reset()
			state, err := skp.Replay(stored)
			if err != nil {
				return nil, err
			}
			events, err := decide(&skpCall{svc: s, ctx: ctx, at: at, by: m.Actor, skp: state, reads: &reads})
			if err != nil {
				return nil, err
			}
			return encodeAll(events, skp.Encode, skpNotes)
		},
	})
}

// employeeInstansi returns the instansi of the employee nip, for a stream
// of theirs not started yet (command.instansi); "" when it cannot be read
// (the decision then reports the missing employee).
func (s *Service) employeeInstansi(nip string) func(context.Context) string {
	return func(ctx context.Context) string {
		e, _, err := loadRefAt(ctx, s, employee.Stream(nip), false, employee.Replay)
		if err != nil || e == nil {
			return ""
		}
		return e.Instansi()
	}
}

// skpNotes returns the policy version and the reason of an SKP event.
func skpNotes(e skp.Event) (policy, reason string) {
	switch e := e.(type) {
	case skp.Returned:
		return "", e.Note
	case skp.Revised:
		return "", e.Reason
	case skp.RealisationCorrected:
		return "", e.Reason
	case skp.PeriodicRatingsGiven:
		return e.PolicyVersion, ""
	case skp.AnnualRatingsGiven:
		return e.PolicyVersion, ""
	case skp.RatingsAmended:
		return e.PolicyVersion, e.Reason
	case skp.ObjectionFiled:
		return e.PolicyVersion, e.Reasons
	case skp.ObjectionDecided:
		return "", e.Note
	}
	return "", ""
}

// DraftSKP records a new SKP. The employee must be registered; an empty
// d.Instansi is the employee's, and another one is an error wrapping
// ErrOtherInstansi.
func (s *Service) DraftSKP(ctx context.Context, m Meta, d skp.Draft) (Result, error) {
	return s.onSKP(ctx, m, "draft", d.NIP, d.Year, true, func(c *skpCall) ([]skp.Event, error) {
		e, err := c.employee(d.NIP)
		if err != nil {
			return nil, err
		}
		switch {
		case d.Instansi == "":
			d.Instansi = e.Instansi()
		case d.Instansi != e.Instansi():
			return nil, fmt.Errorf("instansi %s: %w: %s works in %s", d.Instansi, ErrOtherInstansi, d.NIP, e.Instansi())
		}
		// No SKP of a year that ended before the appointment the NIP
		// encodes (registration may precede it by up to a year): the
		// employee does not serve in it, and every read model would count
		// them in it.
		if from, ok := e.Appointment(); ok && d.Year < from.Year {
			return nil, field.Invalid(skp.ErrInvalidInput, "year", "%d ended before %s was appointed (in %d, as the NIP encodes)",
				d.Year, d.NIP, from.Year)
		}
		// The JPT form (perspektif, targets from the Perjanjian Kinerja) is
		// the form of a jabatan pimpinan tinggi, as the master data records
		// it for the day of the action (a change recorded ahead of its
		// effective day does not count before it), and of no one else: a
		// pelaksana could otherwise declare themselves one, and a JPT
		// leave the perspektif out.
		held := e.JabatanOn(civil.DateOf(c.at))
		switch isJPT := held.Kind == performance.JabatanJPT; {
		case d.JPT && !isJPT:
			return nil, field.Invalid(skp.ErrInvalidInput, "jpt", "%s holds a %s jabatan, not a jabatan pimpinan tinggi", d.NIP, held.Kind)
		case !d.JPT && isJPT:
			return nil, field.Invalid(skp.ErrInvalidInput, "jpt", "%s holds a jabatan pimpinan tinggi: their SKP takes the JPT form (jpt: true, a perspektif on every RHK)", d.NIP)
		}
		return c.cascaded(c.skp.Draft(c.at, c.by, d))
	})
}

// EditSKP records a new version of the draft or returned plan.
func (s *Service) EditSKP(ctx context.Context, m Meta, nip string, year int, p skp.Plan) (Result, error) {
	return s.onSKP(ctx, m, "edit", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		return c.cascaded(c.skp.Edit(c.at, c.by, p))
	})
}

// SubmitSKP records that the employee submits the plan for approval.
func (s *Service) SubmitSKP(ctx context.Context, m Meta, nip string, year int) (Result, error) {
	return s.onSKP(ctx, m, "submit", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		return c.skp.Submit(c.at, c.by)
	})
}

// ReturnSKP records that the pejabat penilai in force on the day returns
// the submitted plan with a note saying what to change.
func (s *Service) ReturnSKP(ctx context.Context, m Meta, nip string, year int, note string) (Result, error) {
	return s.onSKP(ctx, m, "return", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.Return(c.at, c.by, line, note)
	})
}

// ApproveSKP records that the pejabat penilai in force on the day approves
// the submitted plan.
func (s *Service) ApproveSKP(ctx context.Context, m Meta, nip string, year int) (Result, error) {
	return s.onSKP(ctx, m, "approve", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.Approve(c.at, c.by, line)
	})
}

// ReviseSKP records a change to the approved plan with the reason; the plan
// then needs approval again.
func (s *Service) ReviseSKP(ctx context.Context, m Meta, nip string, year int, p skp.Plan, reason string) (Result, error) {
	return s.onSKP(ctx, m, "revise", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		if err := c.yearOpen(); err != nil {
			return nil, err
		}
		return c.cascaded(c.skp.Revise(c.at, c.by, p, reason))
	})
}
