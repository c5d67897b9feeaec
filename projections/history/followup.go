package history

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Followup is one follow-up of the employee's results (tindak lanjut):
// a reward, coaching, training attended or a sanction, with its reason,
// who recorded it in which role, and the rating events it rests on.
type Followup struct {
	EventID    string           `json:"event_id"`
	Position   uint64           `json:"position"`
	No         int              `json:"no"`
	Kind       string           `json:"kind"`
	Title      string           `json:"title"`
	Reason     string           `json:"reason"`
	Effective  *civil.Date      `json:"effective,omitempty"`
	Basis      []followup.Basis `json:"basis"`
	RecordedBy string           `json:"recorded_by"`
	Role       string           `json:"role"`
	RecordedAt time.Time        `json:"recorded_at"`
}

// SelfAssessment is the employee's self-assessment of a window in force,
// shown beside the official rating (Year.Periodic); it never replaces it.
type SelfAssessment struct {
	Window   int             `json:"window"`
	Label    string          `json:"label"`
	Hasil    string          `json:"hasil"`
	Perilaku json.RawMessage `json:"perilaku"`
	EventID  string          `json:"event_id"`
	At       time.Time       `json:"at"`
}

// onFollowup queues the row of a recorded follow-up.
func onFollowup(b *pgbatch.Batch, ev followup.Event) {
	r, ok := ev.(followup.Recorded)
	if !ok {
		return
	}
	basis := r.Basis
	if basis == nil {
		basis = []followup.Basis{}
	}
	b.Queue(`INSERT INTO history_followups (nip, position, event_id, no, kind, title, reason, effective, basis, recorded_by,
			role, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (nip, position) DO NOTHING`,
		r.NIP, b.Event().Position, b.Event().ID, r.No, string(r.Kind), r.Title, r.Reason, dateArg(r.Effective), basis,
		r.By.NIP, string(r.By.Role), r.At.UTC())
}

// loadFollowups reads the follow-up and the self-assessments of h.NIP.
func (h *History) loadFollowups(ctx context.Context, db Querier) error {
	rows, err := db.Query(ctx, `SELECT event_id, position, no, kind, title, reason, effective, basis, recorded_by, role,
			recorded_at FROM history_followups WHERE nip = $1 ORDER BY position`, h.NIP)
	if err != nil {
		return err
	}
	h.Followups, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Followup, error) {
		var f Followup
		err := row.Scan(&f.EventID, &f.Position, &f.No, &f.Kind, &f.Title, &f.Reason, &f.Effective, &f.Basis,
			&f.RecordedBy, &f.Role, &f.RecordedAt)
		return f, err
	})
	if err != nil {
		return err
	}
	rows, err = db.Query(ctx, `SELECT year, window_no, label, hasil, perilaku, event_id, at
		FROM history_self_assessments WHERE nip = $1 ORDER BY year, window_no`, h.NIP)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var year int
		var a SelfAssessment
		if err := rows.Scan(&year, &a.Window, &a.Label, &a.Hasil, &a.Perilaku, &a.EventID, &a.At); err != nil {
			return err
		}
		y := h.yearOf(year)
		y.SelfAssessments = append(y.SelfAssessments, a)
	}
	return rows.Err()
}
