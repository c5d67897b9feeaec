package httpapi

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/promotion"
)

// policyOn returns the policy in force for instansi on the day of t in the
// instansi's zone (the day a command at t records, whatever zone the
// server's clock tells t in), for a decision the read side makes at query
// time (promotion eligibility as of a date, the distribution check):
// ReadModels.Policy when the server was configured with one, else the
// instansi's policy register (command.Service.PolicyOn).
func (s *Server) policyOn(ctx context.Context, instansi string, t time.Time) (performance.Policy, error) {
	if s.api.ReadModels != nil && s.api.ReadModels.Policy != nil {
		return *s.api.ReadModels.Policy, nil
	}
	return s.api.Service.PolicyOn(ctx, instansi, civil.DateOf(t.In(s.instansiZone(ctx, instansi))))
}

// policyRecorded returns the policy of version v that an event of instansi
// recorded, for explaining or checking that decision again under the rules
// it was made under (never today's).
func (s *Server) policyRecorded(ctx context.Context, instansi, v string) (performance.Policy, error) {
	if s.api.ReadModels != nil && s.api.ReadModels.Policy != nil && s.api.ReadModels.Policy.Version == v {
		return *s.api.ReadModels.Policy, nil
	}
	return s.api.Service.PolicyOf(ctx, instansi, v)
}

// promotionRules returns the rules of a promotion answer for instansi as of
// asOf: the policy in force then, and the versions the ratings recorded
// (each looked up once per request).
func (s *Server) promotionRules(ctx context.Context, instansi string, asOf time.Time) (promotion.Rules, error) {
	p, err := s.policyOn(ctx, instansi, asOf)
	if err != nil {
		return promotion.Rules{}, err
	}
	// Versions not found are remembered too: a list of candidates rated
	// under a version the register lacks reads the register once, not once
	// per candidate (p50 of 200 ms at 2,000 employees in kinerja bench).
	type found struct {
		p  performance.Policy
		ok bool
	}
	seen := map[string]found{}
	return promotion.Rules{InForce: p, Recorded: func(v string) (performance.Policy, bool) {
		if f, ok := seen[v]; ok {
			return f.p, f.ok
		}
		q, err := s.policyRecorded(ctx, instansi, v)
		seen[v] = found{p: q, ok: err == nil}
		return q, err == nil
	}}, nil
}
