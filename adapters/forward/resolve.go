package forward

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// DerivedInstansi resolves the instansi of events stored without one in
// their metadata from the PostgreSQL event store's derivation table
// (event_instansi_derived: the instansi named by the stream's first event).
type DerivedInstansi struct {
	Pool *pgxpool.Pool
}

// InstansiOf returns the derived instansi of e, or "" when its stream names
// none.
func (d DerivedInstansi) InstansiOf(ctx context.Context, e eventlog.Event) (string, error) {
	var ins string
	err := d.Pool.QueryRow(ctx, `SELECT instansi FROM event_instansi_derived WHERE event_position = $1`, e.Position).Scan(&ins)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("derived instansi of event %d: %w", e.Position, err)
	}
	return ins, nil
}
