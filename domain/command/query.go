package command

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Employee returns the current state of the employee with the given NIP,
// replayed from its stream, or shared from the reference cache when the
// stream has not moved since; treat it as read-only. A missing employee is
// an error wrapping ErrNotFound.
func (s *Service) Employee(ctx context.Context, nip string) (*employee.Employee, error) {
	return loadRef(ctx, s, employee.Stream(nip), true, employee.Replay)
}

// Unit returns the current state of the unit with the given code. A missing
// unit is an error wrapping ErrNotFound.
func (s *Service) Unit(ctx context.Context, code string) (*unit.Unit, error) {
	return load(ctx, s, unit.Stream(code), true, unit.Replay)
}

// Period returns the current state of the evaluation year of instansi,
// possibly shared from the reference cache; treat it as read-only. A period
// never opened is an error wrapping ErrNotFound.
func (s *Service) Period(ctx context.Context, instansi string, year int) (*period.Period, error) {
	return loadRef(ctx, s, period.Stream(instansi, year), true, period.Replay)
}

// SKP returns the current state of the SKP of the employee for year. An SKP
// never drafted is an error wrapping ErrNotFound.
func (s *Service) SKP(ctx context.Context, nip string, year int) (*skp.SKP, error) {
	return load(ctx, s, skp.Stream(nip, year), true, skp.Replay)
}

// load reads a whole stream and replays it. When mustExist is set, an empty
// stream is an error wrapping ErrNotFound; otherwise it replays as the
// aggregate's initial state.
func load[A any](ctx context.Context, s *Service, stream string, mustExist bool, replay func([]eventlog.Event) (A, error)) (A, error) {
	var zero A
	stored, err := s.cfg.Store.ReadStream(ctx, stream, 0, 0)
	if err != nil {
		return zero, fmt.Errorf("load %s: %w", stream, err)
	}
	if mustExist && len(stored) == 0 {
		return zero, fmt.Errorf("%w: stream %s", ErrNotFound, stream)
	}
	a, err := replay(stored)
	if err != nil {
		return zero, fmt.Errorf("load %s: %w", stream, err)
	}
	return a, nil
}
