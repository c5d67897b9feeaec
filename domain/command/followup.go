package command

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
)

// ErrNoSuchRating is wrapped when a follow-up names a rating event that is
// not a rating event of the employee's SKP of that year.
var ErrNoSuchRating = errors.New("no such rating event of the employee")

// ErrRatingSuperseded is wrapped when a follow-up names a rating event whose
// ratings were later changed (amended, or changed by an objection decision).
var ErrRatingSuperseded = errors.New("the rating event is no longer in force")

// RatingRef names a rating event of the employee by the year of its SKP
// and its event id.
type RatingRef struct {
	Year    int
	EventID string
}

// RecordFollowup records a follow-up of the employee nip on the stream
// followup-<nip>. Each reference must name a rating event (a periodic or
// annual rating, an amendment or an objection decision) in the employee's
// SKP stream of its year; the event records its id, position, window and
// the predikat it put in force.
func (s *Service) RecordFollowup(ctx context.Context, m Meta, nip string, in followup.Input, refs []RatingRef) (Result, error) {
	if err := checkNIP("record follow-up", nip); err != nil {
		return Result{}, err
	}
	var reads refReads
	return s.run(ctx, m, command{
		op: "record follow-up " + nip, stream: followup.Stream(nip), create: true, conditions: reads.conditions,
		instansi: s.employeeInstansi(nip),
		decide: func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			reads.reset()
			f, err := followup.Replay(stored)
			if err != nil {
				return nil, err
			}
			stream := employee.Stream(nip)
			emp, v, err := loadRefAt(ctx, s, stream, true, employee.Replay)
			if err != nil {
				return nil, fmt.Errorf("employee: %w", err)
			}
			reads.record(stream, v)
			line, _ := emp.ReportingLineAt(civil.DateOf(at))
			basis, err := s.ratingBasis(ctx, nip, refs)
			if err != nil {
				return nil, err
			}
			events, err := f.Record(at, m.Actor, emp, line, in, basis)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, followup.Encode, func(e followup.Event) (string, string) {
				r, _ := e.(followup.Recorded)
				return "", r.Reason
			})
		},
	})
}

// ratingBasis finds the rating events refs name in the employee's SKP streams.
func (s *Service) ratingBasis(ctx context.Context, nip string, refs []RatingRef) ([]followup.Basis, error) {
	// An event named twice was recorded twice, as if the follow-up rested
	// on two ratings.
	seen := make(map[string]int, len(refs))
	for i, r := range refs {
		if j, ok := seen[r.EventID]; ok {
			return nil, field.Invalid(followup.ErrInvalidInput, fmt.Sprintf("basis[%d].event_id", i), "names the event basis[%d] names", j)
		}
		seen[r.EventID] = i
	}
	out := make([]followup.Basis, 0, len(refs))
	trails := map[int][]skp.ScoreChange{}
	for i, r := range refs {
		trail, ok := trails[r.Year]
		if !ok {
			evs, err := s.cfg.Store.ReadStream(ctx, skp.Stream(nip, r.Year), 0, 0)
			if err != nil {
				return nil, fmt.Errorf("basis[%d]: %w", i, err)
			}
			if trail, err = skp.ScoreTrail(evs); err != nil {
				return nil, fmt.Errorf("basis[%d]: %w", i, err)
			}
			trails[r.Year] = trail
		}
		k := slices.IndexFunc(trail, func(c skp.ScoreChange) bool { return c.EventID == r.EventID })
		if k < 0 {
			return nil, fmt.Errorf("basis[%d]: %w: event %q in the SKP of %s for %d", i, ErrNoSuchRating, r.EventID, nip, r.Year)
		}
		c := trail[k]
		// A follow-up rests on the ratings in force: a later change of the
		// same ratings (an amendment, an objection decision) to other
		// values supersedes the event.
		for _, later := range trail[k+1:] {
			if later.Window == c.Window && later.Annual == c.Annual && later.After != c.After {
				c = later
			}
		}
		if c.EventID != r.EventID {
			return nil, fmt.Errorf("basis[%d]: %w: event %q of %s's SKP for %d was changed to %s by event %s; name that event",
				i, ErrRatingSuperseded, r.EventID, nip, r.Year, c.After.Predikat, c.EventID)
		}
		out = append(out, followup.Basis{Year: r.Year, EventID: c.EventID, Position: c.Position, Window: c.Window,
			Predikat: c.After.Predikat, PolicyVersion: c.PolicyVersion})
	}
	return out, nil
}
