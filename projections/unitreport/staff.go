package unitreport

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Staff returns the NIPs of the employees of unit code who have not left
// service, in NIP order, at most limit of them (limit+1 tells the caller
// that there are more).
func Staff(ctx context.Context, db Querier, code string, limit int) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT nip FROM unitreport_employees
		WHERE unit = $1 AND NOT left_service ORDER BY nip LIMIT $2`, code, limit)
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	nips, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	return nips, nil
}
