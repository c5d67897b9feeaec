package unitreport

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Staff returns the NIPs of the employees of unit code in service on day,
// in NIP order, at most limit of them (limit+1 tells the caller that there
// are more).
func Staff(ctx context.Context, db Querier, code string, day civil.Date, limit int) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT nip FROM unitreport_employees e
		WHERE unit = $1 AND `+pgbatch.InServiceOn("e", "$3")+` ORDER BY nip LIMIT $2`, code, limit, day.String())
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	nips, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	return nips, nil
}
