package training

import (
	"context"
	"fmt"
	"slices"

	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onFollowup records the rating events a training attended rests on.
func onFollowup(b *pgbatch.Batch, ev followup.Event) {
	r, ok := ev.(followup.Recorded)
	if !ok || r.Kind != followup.Pelatihan {
		return
	}
	for _, x := range r.Basis {
		b.Queue(`INSERT INTO training_attended (nip, event_id, followup_event_id, title) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, r.NIP, x.EventID, b.Event().ID, r.Title)
	}
}

// withoutAttended drops the needs that a training attended closed: those
// resting on an event a training of the same employee rests on.
func withoutAttended(ctx context.Context, db Querier, needs []Need) ([]Need, error) {
	if len(needs) == 0 {
		return needs, nil
	}
	var nips []string
	seen := map[string]bool{}
	for _, n := range needs {
		if !seen[n.NIP] {
			seen[n.NIP] = true
			nips = append(nips, n.NIP)
		}
	}
	rows, err := db.Query(ctx, `SELECT nip, event_id FROM training_attended WHERE nip = ANY($1)`, nips)
	if err != nil {
		return nil, fmt.Errorf("training needs: attended: %w", err)
	}
	defer rows.Close()
	closed := map[[2]string]bool{}
	for rows.Next() {
		var nip, id string
		if err := rows.Scan(&nip, &id); err != nil {
			return nil, fmt.Errorf("training needs: attended: %w", err)
		}
		closed[[2]string{nip, id}] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("training needs: attended: %w", err)
	}
	return slices.DeleteFunc(needs, func(n Need) bool {
		return slices.ContainsFunc(n.EventIDs, func(id string) bool { return closed[[2]string{n.NIP, id}] })
	}), nil
}
