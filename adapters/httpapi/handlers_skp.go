package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/skp"
)

// Handlers of the SKP plan's lifecycle. The employee drafts, edits, submits
// and revises their own SKP; the pejabat penilai in force returns and
// approves it.

// skpKey returns the NIP and year of the SKP in the path.
func (c *call) skpKey() (string, int, error) {
	n, err := c.pathNIP()
	if err != nil {
		return "", 0, err
	}
	year, err := c.pathInt("year")
	return n, year, err
}

// ownSKP authorizes the employee on their own SKP.
func (c *call) ownSKP() (string, int, command.Meta, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return "", 0, command.Meta{}, err
	}
	by, err := asOwner(c.p, n)
	return n, year, c.as(by), err
}

// supervisedSKP authorizes the pejabat penilai in force on an SKP.
func (s *Server) supervisedSKP(ctx context.Context, c *call) (string, int, command.Meta, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return "", 0, command.Meta{}, err
	}
	by, err := s.asPenilai(ctx, c.p, n)
	return n, year, c.as(by), err
}

type draftRequest struct {
	JPT  bool     `json:"jpt"`
	Head bool     `json:"head"`
	Plan skp.Plan `json:"plan"`
}

func (s *Server) draftSKP(ctx context.Context, c *call) (command.Result, error) {
	var in draftRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.DraftSKP(ctx, m, skp.Draft{NIP: n, Year: year, JPT: in.JPT, Head: in.Head, Plan: in.Plan})
}

type planRequest struct {
	Plan   skp.Plan `json:"plan"`
	Reason string   `json:"reason,omitempty"`
}

func (s *Server) editSKP(ctx context.Context, c *call) (command.Result, error) {
	var in planRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.EditSKP(ctx, m, n, year, in.Plan)
}

func (s *Server) submitSKP(ctx context.Context, c *call) (command.Result, error) {
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.SubmitSKP(ctx, m, n, year)
}

func (s *Server) returnSKP(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Note string `json:"note"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ReturnSKP(ctx, m, n, year, in.Note)
}

func (s *Server) approveSKP(ctx context.Context, c *call) (command.Result, error) {
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ApproveSKP(ctx, m, n, year)
}

func (s *Server) reviseSKP(ctx context.Context, c *call) (command.Result, error) {
	var in planRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ReviseSKP(ctx, m, n, year, in.Plan, in.Reason)
}

// getSKP returns the SKP, now or as of ?as_of=, to those who may read the
// employee's data.
func (s *Server) getSKP(ctx context.Context, c *call) (any, uint64, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return nil, 0, err
	}
	at, err := c.asOf()
	if err != nil {
		return nil, 0, err
	}
	if !(c.p.NIP == n && c.p.Has(actor.Pegawai)) {
		if _, err := s.readableEmployee(ctx, c.p, n); err != nil {
			return nil, 0, err
		}
	}
	sk, err := s.skpAsOf(ctx, n, year, at)
	if err != nil {
		return nil, 0, err
	}
	v := skpViewOf(sk)
	if c.p.NIP == n {
		v.WindowInputs = anonymousPeers(v.WindowInputs)
	}
	if at.IsNow() {
		if v.Due, err = s.dueOf(ctx, sk); err != nil {
			return nil, 0, err
		}
	}
	return v, sk.Version(), nil
}
