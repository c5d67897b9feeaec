package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// Handlers of the self-assessment (penilaian mandiri) and of peer feedback
// (rekan kerja) per period window: both inform the pejabat penilai's
// rating and never replace it.

type selfAssessmentRequest struct {
	Hasil      performance.Rating `json:"hasil"`
	Perilaku   []skp.ValueView    `json:"perilaku"`
	Reflection string             `json:"reflection"`
	ActionPlan string             `json:"action_plan"`
	Evidence   []string           `json:"evidence"`
}

func (s *Server) selfAssess(ctx context.Context, c *call) (command.Result, error) {
	var in selfAssessmentRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	window, err := c.pathInt("window")
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.SelfAssess(ctx, m, n, year, window, skp.SelfAssessment(in))
}

// invitePeer lets the employee, or their pejabat penilai in force, invite
// a colleague of the same instansi.
func (s *Server) invitePeer(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Peer string `json:"peer"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	if fe := nipFieldError("peer", in.Peer); fe != nil {
		return command.Result{}, newRequestError(TypeValidation, "The peer is not a valid NIP.", *fe)
	}
	n, year, err := c.skpKey()
	if err != nil {
		return command.Result{}, err
	}
	var m command.Meta
	if c.p.NIP == n {
		_, _, m, err = c.ownSKP()
	} else {
		_, _, m, err = s.supervisedSKP(ctx, c)
	}
	if err != nil {
		return command.Result{}, err
	}
	window, err := c.pathInt("window")
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.InvitePeer(ctx, m, n, year, window, in.Peer)
}

// recordPeerFeedback lets a colleague of the employee's instansi give the
// feedback they were invited to give; the domain refuses an uninvited one.
func (s *Server) recordPeerFeedback(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Values []skp.ValueView `json:"values"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, err := c.skpKey()
	if err != nil {
		return command.Result{}, err
	}
	if !c.p.Has(actor.Pegawai) {
		return command.Result{}, forbidden("Only a colleague (role pegawai) gives peer feedback.")
	}
	if _, err := s.employeeIn(ctx, c.p.Instansi, n); err != nil {
		return command.Result{}, skpNotFound()
	}
	window, err := c.pathInt("window")
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RecordPeerFeedback(ctx, c.as(c.p.As(actor.Pegawai)), n, year, window, in.Values)
}
