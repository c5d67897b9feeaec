package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

// Every decision that applies a rule of the policy uses the policy in
// force for its instansi on the day of the decision (PolicyOn) and records
// its version; explanations and replays use the version recorded
// (PolicyOf), never the one in force today.

// Policy returns the built-in policy of version v that the service was
// configured with. Errors wrap ErrPolicyUnknown. An instansi's adopted
// versions are found by PolicyOf.
func (s *Service) Policy(v string) (performance.Policy, error) { return s.policy(v) }

// AdoptPolicy records that a.Instansi adopts a.Policy from the day a.From
// on (see adoption.Register.Adopt for the rules).
func (s *Service) AdoptPolicy(ctx context.Context, m Meta, a adoption.Adoption) (Result, error) {
	return s.run(ctx, m, command{
		op: fmt.Sprintf("adopt policy %s for %s", a.Policy.Version, a.Instansi), stream: adoption.Stream(a.Instansi), create: true,
		instansi: func(context.Context) string { return a.Instansi },
		decide: func(_ context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			r, err := adoption.Replay(stored)
			if err != nil {
				return nil, err
			}
			events, err := r.Adopt(at, m.Actor, s.cfg.Policies, a)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, adoption.Encode, adoptionNotes)
		},
	})
}

// adoptionNotes returns the version adopted and the reason of an adoption.
func adoptionNotes(e adoption.Event) (policy, reason string) {
	if a, ok := e.(adoption.Adopted); ok {
		return a.Policy.Version, a.Reason
	}
	return "", ""
}

// PolicyRegister returns the policy register of instansi (empty when it
// adopted nothing), possibly shared from the reference cache; treat it as
// read-only.
func (s *Service) PolicyRegister(ctx context.Context, instansi string) (*adoption.Register, error) {
	r, _, err := s.register(ctx, instansi)
	return r, err
}

// register is PolicyRegister with the version of the stream read.
func (s *Service) register(ctx context.Context, instansi string) (*adoption.Register, uint64, error) {
	r, v, err := loadRefAt(ctx, s, adoption.Stream(instansi), false, adoption.Replay)
	if err != nil {
		return nil, 0, fmt.Errorf("policy register: %w", err)
	}
	return r, v, nil
}

// PolicyOn returns the policy in force for instansi on day d: the one it
// adopted for that day, or else the service's current built-in policy.
func (s *Service) PolicyOn(ctx context.Context, instansi string, d civil.Date) (performance.Policy, error) {
	r, err := s.PolicyRegister(ctx, instansi)
	if err != nil {
		return performance.Policy{}, err
	}
	return s.inForce(r, d)
}

// policyRead is PolicyOn for a decision: it records the version of the
// policy register read, so that the decision's events are appended only if
// no adoption was recorded meanwhile.
func (s *Service) policyRead(ctx context.Context, instansi string, d civil.Date, reads *refReads) (performance.Policy, error) {
	r, v, err := s.register(ctx, instansi)
	if err != nil {
		return performance.Policy{}, err
	}
	reads.record(adoption.Stream(instansi), v)
	return s.inForce(r, d)
}

// inForce returns the policy of r in force on d, or the current built-in one.
func (s *Service) inForce(r *adoption.Register, d civil.Date) (performance.Policy, error) {
	if e, ok := r.InForce(d); ok {
		return e.Policy, nil
	}
	return s.policy(s.cfg.CurrentPolicy)
}

// PolicyOf returns the policy of version v as instansi knows it: a built-in
// version, or one instansi adopted. Errors wrap ErrPolicyUnknown.
func (s *Service) PolicyOf(ctx context.Context, instansi, v string) (performance.Policy, error) {
	if p, err := s.policy(v); err == nil {
		return p, nil
	}
	r, err := s.PolicyRegister(ctx, instansi)
	if err != nil {
		return performance.Policy{}, err
	}
	if p, ok := r.Lookup(v); ok {
		return p, nil
	}
	return performance.Policy{}, fmt.Errorf("%w: %q for %s", ErrPolicyUnknown, v, instansi)
}
