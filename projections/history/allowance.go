package history

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// AllowanceBasis is one employee of an instansi and the periodic rating in
// force for a window: the predikat, the event it rests on and the policy
// version it was given under. Predikat is empty when the window is not
// rated.
type AllowanceBasis struct {
	NIP           string
	Name          string
	Unit          string
	Predikat      string
	EventID       string
	PolicyVersion string
}

// AllowanceBases returns, for every employee of instansi in service on day
// (the first day of the month paid; appointed by then, by the appointment
// their NIP encodes, pgbatch.AppointedBy, and not departed; by NIP), the unit that day and the
// periodic rating in force for window of year.
func AllowanceBases(ctx context.Context, db Querier, instansi string, year, window int, day civil.Date) ([]AllowanceBasis, error) {
	rows, err := db.Query(ctx, `SELECT e.nip, e.name, `+pgbatch.UnitOn("e", "$4")+`, COALESCE(p.predikat, ''), COALESCE(p.event_id, ''),
			COALESCE(p.policy_version, '')
		FROM history_employees e
		LEFT JOIN history_periodic p ON p.nip = e.nip AND p.year = $2 AND p.window_no = $3
		WHERE e.instansi = $1 AND `+pgbatch.InServiceOn("e", "$4")+` AND `+pgbatch.AppointedBy("e", "$4")+` ORDER BY e.nip`, instansi, year, window, day.String())
	if err != nil {
		return nil, fmt.Errorf("allowance bases of %s %d window %d: %w", instansi, year, window, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AllowanceBasis, error) {
		var a AllowanceBasis
		return a, row.Scan(&a.NIP, &a.Name, &a.Unit, &a.Predikat, &a.EventID, &a.PolicyVersion)
	})
	if err != nil {
		return nil, fmt.Errorf("allowance bases of %s %d window %d: %w", instansi, year, window, err)
	}
	return out, nil
}
