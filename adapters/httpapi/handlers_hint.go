package httpapi

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// Organisational transparency for the rater: the response to a periodic or
// annual rating carries the rated employee's unit's distribution of
// predikat for the period, now and with the rating, against the pattern of
// the unit's organisation predikat (unitreport.Hint). It is a hint and
// never blocks: the rating is already recorded. Without read models, or
// when the unit report does not know the unit or period yet, the response
// has no hint.

// distributionHint is a unitreport.Hint and how fresh the unit report it
// was read from is: min_position is the rating's own position, and reached
// says whether the report already held the rating (the hint counts it
// once either way).
type distributionHint struct {
	unitreport.Hint
	Projection freshness `json:"projection"`
}

// attachHint sets the call's distribution hint for the rating in of employee
// nip for window (0: the year) once the rating res was recorded.
func (s *Server) attachHint(ctx context.Context, c *call, nip string, year, window int, in ratingRequest, res command.Result) {
	h, err := s.hintFor(ctx, nip, year, window, in, res)
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "distribution hint left out", "error", err.Error(), "request_id", RequestID(ctx))
		return
	}
	c.hint = h
}

// hintFor reads the distribution hint of a recorded rating; nil (and no
// error) when there is none to give.
func (s *Server) hintFor(ctx context.Context, nip string, year, window int, in ratingRequest, res command.Result) (*distributionHint, error) {
	rm := s.api.readModels()
	predikat, err := performance.PredikatOf(in.Hasil, in.Perilaku)
	if rm == nil || err != nil {
		return nil, nil
	}
	e, err := s.api.Service.Employee(ctx, nip)
	if err != nil {
		return nil, err
	}
	policy, err := s.policyOn(ctx, e.Instansi(), s.now())
	if err != nil {
		return nil, err
	}
	q := unitreport.HintQuery{NIP: nip, Year: year, Period: period.AnnualLabel(year), Predikat: predikat,
		EventIDs: res.EventIDs, Unit: e.Unit()}
	if window > 0 {
		per, err := s.api.Service.Period(ctx, e.Instansi(), year)
		if err != nil {
			return nil, err
		}
		w, ok := per.Window(window)
		if !ok {
			return nil, nil
		}
		q.Period = w.Label
	}
	h := &distributionHint{Projection: freshness{Projection: unitreport.Name, MinPosition: res.Position}}
	err = pgx.BeginTxFunc(ctx, rm.DB, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		cp, err := readside.Checkpoint(ctx, tx, unitreport.Name)
		if err != nil {
			return err
		}
		h.Projection.Position, h.Projection.Reached = cp, cp >= res.Position
		r, err := unitreport.LoadHintReport(ctx, tx, policy, q)
		if err != nil {
			return err
		}
		// The pattern is that of the version the organisation predikat
		// recorded, as the unit report checks it (unitReport).
		if o := r.OrganisationPredikat; o != nil && o.PolicyVersion != "" && o.PolicyVersion != policy.Version {
			if policy, err = s.policyRecorded(ctx, r.Instansi, o.PolicyVersion); err != nil {
				return err
			}
		}
		h.Hint = r.Hint(policy, q)
		return nil
	})
	if errors.Is(err, unitreport.ErrUnitNotFound) || errors.Is(err, unitreport.ErrPeriodNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}
