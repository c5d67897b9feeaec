package standings

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// skpColumns are the columns SKP events change, in skpRow order.
const skpColumns = `skp_status, rhk_count, iki_count, realisations, late_realisations, feedback_count, windows_rated,
	periodic_window, periodic_label, periodic_hasil, periodic_perilaku, periodic_predikat,
	annual_hasil, annual_perilaku, annual_predikat, annual_at, objection, last_position, updated_at,
	plan_rhk, plan_iki, plan_approved_once`

// applySKP applies SKP events to the rows they touch: one read, changes in
// memory in event order, one write. An event for a row that does not exist
// changes nothing, as an UPDATE of a missing row would.
func applySKP(ctx context.Context, tx pgx.Tx, events []skpEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows, err := loadRows(ctx, tx, events)
	if err != nil {
		return err
	}
	var order []key
	dirty := map[key]bool{}
	for i := range events {
		se := &events[i]
		r := rows[se.key]
		if r == nil {
			continue
		}
		r.apply(se.e, &se.f)
		if !dirty[se.key] {
			dirty[se.key] = true
			order = append(order, se.key)
		}
	}
	return writeRows(ctx, tx, rows, order)
}

// loadRows reads the SKP columns of the rows the events touch.
func loadRows(ctx context.Context, tx pgx.Tx, events []skpEvent) (map[key]*skpRow, error) {
	seen := map[key]bool{}
	var nips []string
	var years []int32
	for _, se := range events {
		if !seen[se.key] {
			seen[se.key] = true
			nips, years = append(nips, se.key.nip), append(years, int32(se.key.year))
		}
	}
	q, err := tx.Query(ctx, `SELECT s.nip, s.year, `+skpColumns+` FROM standings s
		JOIN unnest($1::text[], $2::int[]) AS k(nip, year) ON s.nip = k.nip AND s.year = k.year`, nips, years)
	if err != nil {
		return nil, fmt.Errorf("standings: read rows: %w", err)
	}
	defer q.Close()
	out := make(map[key]*skpRow, len(nips))
	for q.Next() {
		var k key
		r := &skpRow{}
		if err := q.Scan(&k.nip, &k.year, &r.status, &r.rhk, &r.iki, &r.realisations, &r.late, &r.feedback,
			&r.windowsRated, &r.periodicWindow, &r.periodicLabel, &r.periodicHasil, &r.periodicPerilaku,
			&r.periodicPredikat, &r.annualHasil, &r.annualPerilaku, &r.annualPredikat, &r.annualAt, &r.objection,
			&r.lastPosition, &r.updatedAt, &r.planRHK, &r.planIKI, &r.approvedOnce); err != nil {
			return nil, fmt.Errorf("standings: read rows: %w", err)
		}
		out[k] = r
	}
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("standings: read rows: %w", err)
	}
	return out, nil
}

// columns holds the rows to write as one array per column.
type columns struct {
	nip                                   []string
	year, rhk, iki, real, late, fb, rated []int32
	planRHK, planIKI                      []int32
	approved                              []bool
	pw                                    []*int32
	status, pl, ph, pp, ppr               []string
	ah, ap, apr, obj                      []string
	at                                    []*time.Time
	pos                                   []int64
	upd                                   []time.Time
}

// writeRows writes the SKP columns of the rows in order, in one statement.
// Each row keeps the highest position that touched it.
func writeRows(ctx context.Context, tx pgx.Tx, rows map[key]*skpRow, order []key) error {
	if len(order) == 0 {
		return nil
	}
	var c columns
	for _, k := range order {
		r := rows[k]
		c.nip, c.year = append(c.nip, k.nip), append(c.year, int32(k.year))
		c.status, c.rhk, c.iki = append(c.status, r.status), append(c.rhk, r.rhk), append(c.iki, r.iki)
		c.real, c.late, c.fb, c.rated = append(c.real, r.realisations), append(c.late, r.late), append(c.fb, r.feedback), append(c.rated, r.windowsRated)
		c.pw, c.pl, c.ph, c.pp, c.ppr = append(c.pw, r.periodicWindow), append(c.pl, r.periodicLabel), append(c.ph, r.periodicHasil), append(c.pp, r.periodicPerilaku), append(c.ppr, r.periodicPredikat)
		c.ah, c.ap, c.apr, c.at = append(c.ah, r.annualHasil), append(c.ap, r.annualPerilaku), append(c.apr, r.annualPredikat), append(c.at, r.annualAt)
		c.obj, c.pos, c.upd = append(c.obj, r.objection), append(c.pos, r.lastPosition), append(c.upd, r.updatedAt)
		c.planRHK, c.planIKI, c.approved = append(c.planRHK, r.planRHK), append(c.planIKI, r.planIKI), append(c.approved, r.approvedOnce)
	}
	_, err := tx.Exec(ctx, `UPDATE standings s SET skp_status = v.status, rhk_count = v.rhk, iki_count = v.iki,
			realisations = v.real, late_realisations = v.late, feedback_count = v.fb, windows_rated = v.rated,
			periodic_window = v.pw, periodic_label = v.pl, periodic_hasil = v.ph, periodic_perilaku = v.pp,
			periodic_predikat = v.ppr, annual_hasil = v.ah, annual_perilaku = v.ap, annual_predikat = v.apr,
			annual_at = v.at, objection = v.obj, plan_rhk = v.prhk, plan_iki = v.piki, plan_approved_once = v.pa,
			updated_at = CASE WHEN v.pos >= s.last_position THEN v.upd ELSE s.updated_at END,
			last_position = GREATEST(s.last_position, v.pos)
		FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
			$10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
			$18::timestamptz[], $19::text[], $20::bigint[], $21::timestamptz[], $22::int[], $23::int[], $24::bool[])
			AS v(nip, year, status, rhk, iki, real, late, fb, rated, pw, pl, ph, pp, ppr, ah, ap, apr, at, obj, pos, upd, prhk, piki, pa)
		WHERE s.nip = v.nip AND s.year = v.year`,
		c.nip, c.year, c.status, c.rhk, c.iki, c.real, c.late, c.fb, c.rated, c.pw, c.pl, c.ph, c.pp, c.ppr,
		c.ah, c.ap, c.apr, c.at, c.obj, c.pos, c.upd, c.planRHK, c.planIKI, c.approved)
	if err != nil {
		return fmt.Errorf("standings: write rows: %w", err)
	}
	return nil
}
