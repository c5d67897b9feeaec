package unitreport

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Staff returns the NIPs of the employees in service on day (appointed by
// then, pgbatch.AppointedBy, and not departed) whose
// placement in force that day (the latest on or before it) is unit code,
// in NIP order, at most limit of them (limit+1 tells the caller that there
// are more).
func Staff(ctx context.Context, db Querier, code string, day civil.Date, limit int) ([]string, error) {
	rows, err := db.Query(ctx, `WITH placed AS (
			SELECT DISTINCT ON (p.nip) p.nip, p.unit FROM unitreport_placements p
			WHERE p.effective <= $3 AND p.nip IN (SELECT nip FROM unitreport_placements WHERE unit = $1 AND effective <= $3)
			ORDER BY p.nip, p.effective DESC)
		SELECT x.nip FROM placed x JOIN unitreport_employees e ON e.nip = x.nip
		WHERE x.unit = $1 AND `+pgbatch.InServiceOn("e", "$3")+` AND `+pgbatch.AppointedBy("e", "$3")+` ORDER BY x.nip LIMIT $2`, code, limit, day.String())
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	nips, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("staff of unit %s: %w", code, err)
	}
	return nips, nil
}
