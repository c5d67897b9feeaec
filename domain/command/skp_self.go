package command

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/skp"
)

// SelfAssess records the employee's self-assessment of period window.
func (s *Service) SelfAssess(ctx context.Context, m Meta, nip string, year, window int, a skp.SelfAssessment) (Result, error) {
	return s.onSKP(ctx, m, "self-assess", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		per, err := c.period()
		if err != nil {
			return nil, err
		}
		return c.skp.SelfAssess(c.at, c.by, per, window, a)
	})
}

// InvitePeer records that the employee or their pejabat penilai in force
// invites colleague peer, a registered employee of the SKP's instansi, to
// give feedback for period window. A colleague who is not a registered
// employee of the SKP's instansi (unknown, or of another instansi: the
// answer is the same, so that it tells nothing of another instansi) is an
// error wrapping ErrNotFound.
func (s *Service) InvitePeer(ctx context.Context, m Meta, nip string, year, window int, peer string) (Result, error) {
	return s.onSKP(ctx, m, "invite peer on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		if err := checkNIP("peer", peer); err != nil {
			return nil, err
		}
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		per, err := c.period()
		if err != nil {
			return nil, err
		}
		notHere := fmt.Errorf("peer %s is not a registered employee of this instansi: %w", peer, ErrNotFound)
		p, err := c.employee(peer)
		if errors.Is(err, ErrNotFound) {
			return nil, notHere
		}
		if err != nil {
			return nil, fmt.Errorf("peer %s: %w", peer, err)
		}
		if p.Instansi() != c.skp.Instansi() {
			return nil, notHere
		}
		if left, on := p.Left(); left && !on.After(civil.DateOf(c.at)) {
			return nil, fmt.Errorf("peer %s: %w", peer, ErrNotFound)
		}
		return c.skp.InvitePeer(c.at, c.by, line, per, window, peer)
	})
}

// RecordPeerFeedback records the feedback of an invited colleague (the
// actor) on BerAKHLAK values for period window.
func (s *Service) RecordPeerFeedback(ctx context.Context, m Meta, nip string, year, window int, values []skp.ValueView) (Result, error) {
	return s.onSKP(ctx, m, "record peer feedback on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		per, err := c.period()
		if err != nil {
			return nil, err
		}
		return c.skp.RecordPeerFeedback(c.at, c.by, per, window, values)
	})
}
