package standings

import (
	"github.com/kinerja/kinerja/domain/skp"
)

// skp queues the statements of an SKP event.
func (b *batch) skp(ev skp.Event) {
	switch ev := ev.(type) {
	case skp.Drafted:
		rhk, iki := planSize(ev.Plan)
		b.queue(`INSERT INTO standings (nip, year, `+employeeColumns+`, skp_status, rhk_count, iki_count, last_position, updated_at)
			SELECT v.nip, $2, COALESCE(e.name, ''), COALESCE(e.status, ''), COALESCE(e.instansi, $3), COALESCE(e.unit, ''),
				COALESCE(e.jabatan_kind, ''), COALESCE(e.jabatan_level, ''), COALESCE(e.jabatan_name, ''),
				COALESCE(e.golongan, ''), e.golongan_tmt, COALESCE(e.left_service, false), 'draft', $4, $5, $6, $7
			FROM (VALUES ($1::text)) AS v(nip) LEFT JOIN standings_employees e ON e.nip = v.nip
			ON CONFLICT (nip, year) DO UPDATE SET skp_status = 'draft', rhk_count = $4, iki_count = $5,
				last_position = $6, updated_at = $7`,
			ev.NIP, ev.Year, ev.Instansi, rhk, iki, b.cur.Position, b.cur.RecordedAt)
	case skp.Edited:
		rhk, iki := planSize(ev.Plan)
		b.set(ev.NIP, ev.Year, `rhk_count = $3, iki_count = $4`, rhk, iki)
	case skp.Revised:
		rhk, iki := planSize(ev.Plan)
		b.set(ev.NIP, ev.Year, `skp_status = 'submitted', rhk_count = $3, iki_count = $4`, rhk, iki)
	case skp.Submitted:
		b.set(ev.NIP, ev.Year, `skp_status = 'submitted'`)
	case skp.Returned:
		b.set(ev.NIP, ev.Year, `skp_status = 'returned'`)
	case skp.Approved:
		b.set(ev.NIP, ev.Year, `skp_status = 'approved'`)
	case skp.RealisationReported:
		b.set(ev.NIP, ev.Year, `realisations = realisations + 1, late_realisations = late_realisations + $3::int`, boolInt(ev.Late))
	case skp.FeedbackGiven:
		b.set(ev.NIP, ev.Year, `feedback_count = feedback_count + 1`)
	default:
		b.skpRating(ev)
	}
}

// skpRating queues the statements of the rating and objection events.
func (b *batch) skpRating(ev skp.Event) {
	switch ev := ev.(type) {
	case skp.PeriodicRatingsGiven:
		b.set(ev.NIP, ev.Year, `windows_rated = windows_rated + 1`)
		b.setPeriodic(ev.NIP, ev.Year, `periodic_window IS NULL OR periodic_window <= $3`, ev.Window, ev.Label, ev.Ratings)
	case skp.AnnualRatingsGiven:
		b.setAnnual(ev.NIP, ev.Year, ev.Ratings, `, annual_at = $6`, ev.At)
	case skp.RatingsAmended:
		if ev.Window == 0 {
			b.setAnnual(ev.NIP, ev.Year, ev.New, "")
			return
		}
		b.setPeriodic(ev.NIP, ev.Year, `periodic_window = $3`, ev.Window, "", ev.New)
	case skp.ObjectionFiled:
		b.set(ev.NIP, ev.Year, `objection = 'filed'`)
	case skp.ObjectionDecided:
		b.set(ev.NIP, ev.Year, `objection = $3`, string(ev.Outcome))
		if ev.Outcome == skp.OutcomeRatingsChanged {
			b.setAnnual(ev.NIP, ev.Year, ev.New, "")
		}
	}
}

// set updates the row of (nip, year): set uses $3… for vals.
func (b *batch) set(nip string, year int, set string, vals ...any) {
	n := len(vals)
	args := append([]any{nip, year}, vals...)
	args = append(args, b.cur.Position, b.cur.RecordedAt)
	b.queue(`UPDATE standings SET `+set+`, last_position = $`+itoa(n+3)+`, updated_at = $`+itoa(n+4)+`
		WHERE nip = $1 AND year = $2`, args...)
}

// setPeriodic sets the latest periodic ratings when cond ($3 is the window)
// holds; an empty label keeps the stored one.
func (b *batch) setPeriodic(nip string, year int, cond string, window int, label string, r skp.Ratings) {
	b.queue(`UPDATE standings SET periodic_window = $3, periodic_label = COALESCE(NULLIF($4, ''), periodic_label),
			periodic_hasil = $5, periodic_perilaku = $6, periodic_predikat = $7, last_position = $8, updated_at = $9
		WHERE nip = $1 AND year = $2 AND (`+cond+`)`,
		nip, year, window, label, string(r.Hasil), string(r.Perilaku), string(r.Predikat), b.cur.Position, b.cur.RecordedAt)
}

// setAnnual sets the annual ratings; extra assigns more columns from $6 on.
func (b *batch) setAnnual(nip string, year int, r skp.Ratings, extra string, vals ...any) {
	b.set(nip, year, `annual_hasil = $3, annual_perilaku = $4, annual_predikat = $5`+extra,
		append([]any{string(r.Hasil), string(r.Perilaku), string(r.Predikat)}, vals...)...)
}

// planSize returns the number of RHK and IKI in a plan.
func planSize(p skp.Plan) (rhk, iki int) {
	for _, r := range p.RHK {
		iki += len(r.IKI)
	}
	return len(p.RHK), iki
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
