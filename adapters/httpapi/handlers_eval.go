package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// Handlers of the evaluation: realisation and feedback during the year,
// periodic and annual ratings, amendments and the objection.

type realisationRequest struct {
	IKI      string   `json:"iki"`
	Quantity *float64 `json:"quantity"`
	Text     string   `json:"text"`
	Evidence []string `json:"evidence"`
	Reason   string   `json:"reason,omitempty"`
}

func (r realisationRequest) realisation() skp.Realisation {
	return skp.Realisation{Quantity: r.Quantity, Text: r.Text, Evidence: r.Evidence}
}

func (s *Server) reportRealisation(ctx context.Context, c *call) (command.Result, error) {
	var in realisationRequest
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
	return s.api.Service.ReportRealisation(ctx, m, n, year, window, in.IKI, in.realisation())
}

func (s *Server) correctRealisation(ctx context.Context, c *call) (command.Result, error) {
	var in realisationRequest
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
	return s.api.Service.CorrectRealisation(ctx, m, n, year, window, c.vars["iki"], in.realisation(), in.Reason)
}

type feedbackRequest struct {
	RHK      string    `json:"rhk"`
	Value    skp.Value `json:"value"`
	Text     string    `json:"text"`
	Evidence []string  `json:"evidence"`
}

func (s *Server) giveFeedback(ctx context.Context, c *call) (command.Result, error) {
	var in feedbackRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.GiveFeedback(ctx, m, n, year, skp.Feedback(in))
}

func (s *Server) respondToFeedback(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Text string `json:"text"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	no, err := c.pathInt("no")
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RespondToFeedback(ctx, m, n, year, no, in.Text)
}

type ratingRequest struct {
	Hasil    performance.Rating `json:"hasil"`
	Perilaku performance.Rating `json:"perilaku"`
	Note     string             `json:"note"`
}

func (s *Server) ratePeriod(ctx context.Context, c *call) (command.Result, error) {
	var in ratingRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	window, err := c.pathInt("window")
	if err != nil {
		return command.Result{}, err
	}
	res, err := s.api.Service.RatePeriod(ctx, m, n, year, window, skp.Assessment(in))
	if err == nil {
		s.attachHint(ctx, c, n, year, window, in, res)
	}
	return res, err
}

func (s *Server) rateAnnual(ctx context.Context, c *call) (command.Result, error) {
	var in ratingRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	res, err := s.api.Service.RateAnnual(ctx, m, n, year, skp.Assessment(in))
	if err == nil {
		s.attachHint(ctx, c, n, year, 0, in, res)
	}
	return res, err
}

type amendRequest struct {
	// Window is the period window whose ratings change; 0 is the annual rating.
	Window   int                `json:"window"`
	Hasil    performance.Rating `json:"hasil"`
	Perilaku performance.Rating `json:"perilaku"`
	Reason   string             `json:"reason"`
}

func (s *Server) amendRatings(ctx context.Context, c *call) (command.Result, error) {
	var in amendRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.AmendRatings(ctx, m, n, year, in.Window,
		skp.Assessment{Hasil: in.Hasil, Perilaku: in.Perilaku, Note: in.Reason})
}

func (s *Server) fileObjection(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Reasons string `json:"reasons"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := c.ownSKP()
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.FileObjection(ctx, m, n, year, in.Reasons)
}

type decisionRequest struct {
	Outcome  skp.Outcome        `json:"outcome"`
	Hasil    performance.Rating `json:"hasil"`
	Perilaku performance.Rating `json:"perilaku"`
	Note     string             `json:"note"`
}

func (s *Server) decideObjection(ctx context.Context, c *call) (command.Result, error) {
	var in decisionRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, err := c.skpKey()
	if err != nil {
		return command.Result{}, err
	}
	by, err := s.asAtasan(ctx, c.p, n)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.DecideObjection(ctx, c.as(by), n, year, skp.Decision(in))
}
