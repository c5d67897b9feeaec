package httpapi

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
)

// adoptPolicyRequest is the body of POST /v1/policies: the whole policy,
// the day it takes effect, and why.
type adoptPolicyRequest struct {
	From   civil.Date      `json:"from"`
	Reason string          `json:"reason"`
	Policy json.RawMessage `json:"policy"`
}

// adoptPolicy records that the caller's instansi adopts a policy. Only an
// admin of the instansi adopts; an invalid policy is a 400 naming each
// field at fault.
func (s *Server) adoptPolicy(ctx context.Context, c *call) (command.Result, error) {
	if !c.p.Has(actor.Admin) {
		return command.Result{}, forbidden("Only an admin of the instansi may adopt a policy.")
	}
	var in adoptPolicyRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	var fields []FieldError
	if in.From.IsZero() {
		fields = append(fields, FieldError{Field: "from", Message: "required: the day the policy takes effect"})
	}
	var policy performance.Policy
	if len(in.Policy) == 0 || string(in.Policy) == "null" {
		fields = append(fields, FieldError{Field: "policy", Message: "required: the whole policy"})
	} else if p, err := performance.ParsePolicy(in.Policy); err != nil {
		fields = append(fields, FieldError{Field: "policy", Message: "not a policy: " + strings.TrimPrefix(
			strings.TrimSuffix(err.Error(), ": "+performance.ErrInvalidPolicy.Error()), "decode policy: ")})
	} else {
		// A member left out decoded as zero: min_years_in_rank 0 promoted
		// everyone whatever their years in rank.
		for _, m := range performance.MissingMembers(in.Policy) {
			fields = append(fields, FieldError{Field: "policy." + m, Message: "required: a policy is adopted whole"})
		}
		for _, pr := range p.Problems() {
			fields = append(fields, FieldError{Field: "policy." + pr.Field, Message: pr.Message})
		}
		policy = p
	}
	if len(fields) > 0 {
		return command.Result{}, newRequestError(TypeValidation, "The policy adoption is invalid.", fields...)
	}
	return s.api.Service.AdoptPolicy(ctx, c.as(c.p.As(actor.Admin)), adoption.Adoption{Instansi: c.p.Instansi,
		From: in.From, Policy: policy, Reason: in.Reason})
}

// policyInForce is the policy in force on a day, and since when.
type policyInForce struct {
	Version string             `json:"version"`
	BuiltIn bool               `json:"built_in"`
	From    *civil.Date        `json:"from,omitempty"`
	Policy  performance.Policy `json:"policy"`
}

// policyAdoption is one entry of an instansi's policy register.
type policyAdoption struct {
	Version   string             `json:"version"`
	From      civil.Date         `json:"from"`
	AdoptedAt time.Time          `json:"adopted_at"`
	AdoptedBy actor.Actor        `json:"adopted_by"`
	Reason    string             `json:"reason"`
	EventID   string             `json:"event_id"`
	Position  uint64             `json:"position"`
	Policy    performance.Policy `json:"policy"`
}

// policiesView is the answer of GET /v1/policies.
type policiesView struct {
	Instansi  string           `json:"instansi"`
	Today     civil.Date       `json:"today"`
	InForce   policyInForce    `json:"in_force"`
	Adoptions []policyAdoption `json:"adoptions"`
}

// listPolicies returns the policy in force today for the caller's instansi
// and every adoption, in the order adopted (pending ones included).
func (s *Server) listPolicies(ctx context.Context, c *call) (any, uint64, error) {
	r, err := s.api.Service.PolicyRegister(ctx, c.p.Instansi)
	if err != nil {
		return nil, 0, err
	}
	today := s.dayIn(ctx, c.p.Instansi)
	v := policiesView{Instansi: c.p.Instansi, Today: today, Adoptions: []policyAdoption{}}
	if e, ok := r.InForce(today); ok {
		from := e.From
		v.InForce = policyInForce{Version: e.Policy.Version, From: &from, Policy: e.Policy}
	} else {
		p, err := s.api.Service.PolicyOn(ctx, c.p.Instansi, today)
		if err != nil {
			return nil, 0, err
		}
		v.InForce = policyInForce{Version: p.Version, BuiltIn: true, Policy: p}
	}
	for _, e := range r.Entries() {
		v.Adoptions = append(v.Adoptions, policyAdoption{Version: e.Policy.Version, From: e.From, AdoptedAt: e.At,
			AdoptedBy: e.By, Reason: e.Reason, EventID: e.EventID, Position: e.Position, Policy: e.Policy})
	}
	return v, r.Version(), nil
}
