package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
)

// periodDecide decides a command on one evaluation year, given its state.
type periodDecide func(ctx context.Context, at time.Time, p *period.Period, reads *refReads) ([]period.Event, error)

// onPeriod runs a command on the stream of instansi's evaluation year.
func (s *Service) onPeriod(ctx context.Context, m Meta, op, instansi string, year int, create bool, decide periodDecide) (Result, error) {
	var reads refReads // those of the latest attempt
	return s.run(ctx, m, command{
		op: fmt.Sprintf("%s %s/%d", op, instansi, year), stream: period.Stream(instansi, year), create: create,
		instansi:   func(context.Context) string { return instansi },
		conditions: reads.conditions,
		decide: func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			reads.reset()
			p, err := period.Replay(stored)
			if err != nil {
				return nil, err
			}
			events, err := decide(ctx, at, p, &reads)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, period.Encode, periodNotes)
		},
	})
}

// periodNotes returns the policy version of a period event; none carries a reason.
func periodNotes(e period.Event) (policy, reason string) {
	if e, ok := e.(period.Opened); ok {
		return e.PolicyVersion, ""
	}
	return "", ""
}

// OpenPeriod records the opening of o.Instansi's evaluation year under the
// policy in force for it on the day (PolicyOn), which must allow the
// frequency; the event records its version.
func (s *Service) OpenPeriod(ctx context.Context, m Meta, o period.Opening) (Result, error) {
	return s.onPeriod(ctx, m, "open period", o.Instansi, o.Year, true,
		func(ctx context.Context, at time.Time, p *period.Period, reads *refReads) ([]period.Event, error) {
			policy, err := s.policyRead(ctx, o.Instansi, civil.DateOf(at), reads)
			if err != nil {
				return nil, err
			}
			return p.Open(at, m.Actor, policy, o)
		})
}

// ClosePeriodWindow records that window number window of instansi's year is
// closed: no more realisation or periodic ratings for it.
func (s *Service) ClosePeriodWindow(ctx context.Context, m Meta, instansi string, year, window int) (Result, error) {
	return s.onPeriod(ctx, m, fmt.Sprintf("close window %d of period", window), instansi, year, false,
		func(ctx context.Context, at time.Time, p *period.Period, reads *refReads) ([]period.Event, error) {
			return p.CloseWindow(at, m.Actor, window)
		})
}

// ClosePeriodYear records that instansi's year is closed, with every window.
func (s *Service) ClosePeriodYear(ctx context.Context, m Meta, instansi string, year int) (Result, error) {
	return s.onPeriod(ctx, m, "close period", instansi, year, false,
		func(ctx context.Context, at time.Time, p *period.Period, reads *refReads) ([]period.Event, error) {
			return p.CloseYear(at, m.Actor)
		})
}
