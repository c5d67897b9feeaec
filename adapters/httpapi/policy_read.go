package httpapi

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
)

// policyOn returns the policy in force for instansi on the day of t, for a
// decision the read side makes at query time (promotion eligibility as of
// a date): ReadModels.Policy when the server was configured with one, else
// the instansi's policy register (command.Service.PolicyOn).
func (s *Server) policyOn(ctx context.Context, instansi string, t time.Time) (performance.Policy, error) {
	if s.api.ReadModels != nil && s.api.ReadModels.Policy != nil {
		return *s.api.ReadModels.Policy, nil
	}
	return s.api.Service.PolicyOn(ctx, instansi, civil.DateOf(t))
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
