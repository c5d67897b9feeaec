package standings

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// employeeColumns are the columns a standings row copies from
// standings_employees.
const employeeColumns = `name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt, left_service`

// employeeSelect selects employeeColumns from standings_employees e, with
// left the SQL expression of left_service (see leftIn).
func employeeSelect(left string) string {
	return `e.name, e.status, e.instansi, e.unit, e.jabatan_kind, e.jabatan_level, e.jabatan_name, e.golongan, e.golongan_tmt, ` + left
}

// inYearJoins returns the joins that find, for the employee row e (which
// may be NULL), the unit (cu), jabatan (cj) and golongan (cg) in force in
// year (an SQL expression) by the changes recorded in standings_changes:
// the values after the change recorded last that takes effect in year or
// earlier, else those before the first change recorded that takes effect
// later. That is what a row existing when the changes were recorded ends
// up with (changeSQL), so a row created later for an earlier year (a year
// opened late, an SKP of a past year) or before a change recorded ahead
// agrees with it. Migration 0042.
func inYearJoins(year string) string {
	var b strings.Builder
	for _, k := range []struct{ kind, as, cols string }{
		{"unit", "cu", "unit"},
		{"jabatan", "cj", "jabatan_kind, jabatan_level, jabatan_name"},
		{"golongan", "cg", "golongan, golongan_tmt"},
	} {
		var after, before []string
		for _, c := range strings.Split(k.cols, ", ") {
			after = append(after, "c.to_"+c+" AS "+c)
			before = append(before, "c.from_"+c)
		}
		fmt.Fprintf(&b, ` LEFT JOIN LATERAL (SELECT * FROM (
			(SELECT %[1]s, 0 AS o FROM standings_changes c WHERE c.nip = e.nip AND c.kind = '%[3]s' AND c.from_year <= (%[4]s)::int ORDER BY c.position DESC LIMIT 1)
			UNION ALL
			(SELECT %[2]s, 1 FROM standings_changes c WHERE c.nip = e.nip AND c.kind = '%[3]s' AND c.from_year > (%[4]s)::int ORDER BY c.position LIMIT 1)
		) x ORDER BY o LIMIT 1) %[5]s ON true`, strings.Join(after, ", "), strings.Join(before, ", "), k.kind, year, k.as)
	}
	return b.String()
}

// inYearSelect selects employeeColumns for a row of the year inYearJoins
// was given, from the employee row e (empty values when it is NULL) and
// those joins; left is the SQL expression of left_service (see leftIn).
// A change without the values before it (an event that named none) falls
// back to the employee's.
func inYearSelect(left string) string {
	return `COALESCE(e.name, ''), COALESCE(e.status, ''), COALESCE(e.instansi, ''),
		COALESCE(NULLIF(cu.unit, ''), e.unit, ''),
		COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_kind END, e.jabatan_kind, ''),
		COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_level END, e.jabatan_level, ''),
		COALESCE(CASE WHEN cj.jabatan_kind <> '' THEN cj.jabatan_name END, e.jabatan_name, ''),
		COALESCE(CASE WHEN cg.golongan <> '' THEN cg.golongan END, e.golongan, ''),
		CASE WHEN cg.golongan <> '' THEN cg.golongan_tmt ELSE e.golongan_tmt END, ` + left
}

// changeRow queues the record of a change of the employee's unit,
// jabatan or golongan taking effect from year (see inYearJoins); from and
// to are the values before and after it, in the order of the kind's
// columns.
func (b *batch) changeRow(nip, kind string, year int, from, to []any) {
	cols := map[string]string{"unit": "unit", "jabatan": "jabatan_kind, jabatan_level, jabatan_name", "golongan": "golongan, golongan_tmt"}[kind]
	var names []string
	for _, c := range strings.Split(cols, ", ") {
		names = append(names, "from_"+c)
	}
	for _, c := range strings.Split(cols, ", ") {
		names = append(names, "to_"+c)
	}
	args := append([]any{nip, kind, int64(b.cur.Position), int32(year)}, append(from, to...)...)
	var ph []string
	for i := range args {
		ph = append(ph, fmt.Sprintf("$%d", i+1))
	}
	b.Queue(`INSERT INTO standings_changes (nip, kind, position, from_year, `+strings.Join(names, ", ")+`)
		VALUES (`+strings.Join(ph, ", ")+`) ON CONFLICT DO NOTHING`, args...)
}

// leftIn returns the SQL expression of the left_service column of a row of
// year from the employee row alias: whether the departure recorded takes
// effect in that year or an earlier one (one without its day, see
// pgbatch.InServiceOn, counts as such). A departure recorded ahead, in a
// later year, does not mark the row: the employee serves the whole year.
func leftIn(alias, year string) string {
	return `(COALESCE(` + alias + `.left_service, false) AND COALESCE(extract(year FROM ` + alias + `.left_on)::int <= (` + year + `)::int, true))`
}

// employeeExcluded assigns employeeColumns from the row an upsert proposed.
const employeeExcluded = `name = EXCLUDED.name, employee_status = EXCLUDED.employee_status, instansi = EXCLUDED.instansi,
	unit = EXCLUDED.unit, jabatan_kind = EXCLUDED.jabatan_kind, jabatan_level = EXCLUDED.jabatan_level,
	jabatan_name = EXCLUDED.jabatan_name, golongan = EXCLUDED.golongan, golongan_tmt = EXCLUDED.golongan_tmt,
	left_service = EXCLUDED.left_service`

// employee queues the statements of an employee event, as rows of the
// multi-row kinds (see plan).
func (b *batch) employee(ev employee.Event) {
	switch ev := ev.(type) {
	case employee.Registered:
		b.queueRow(registered, ev.NIP, ev.Name, string(ev.Status), ev.Instansi, ev.Unit, string(ev.Jabatan.Kind),
			string(ev.Jabatan.Level), ev.Jabatan.Name, string(ev.Golongan), dateArg(ev.GolonganTMT))
	case employee.Transferred:
		b.changeRow(ev.NIP, "unit", ev.Effective.Year, []any{ev.FromUnit}, []any{ev.ToUnit})
		b.queueRow(transferred, ev.NIP, ev.ToUnit, int32(ev.Effective.Year))
	case employee.JabatanChanged:
		b.changeRow(ev.NIP, "jabatan", ev.Effective.Year, []any{string(ev.From.Kind), string(ev.From.Level), ev.From.Name},
			[]any{string(ev.To.Kind), string(ev.To.Level), ev.To.Name})
		b.queueRow(jabatanChanged, ev.NIP, string(ev.To.Kind), string(ev.To.Level), ev.To.Name, int32(ev.Effective.Year))
	case employee.GolonganChanged:
		b.changeRow(ev.NIP, "golongan", ev.TMT.Year, []any{string(ev.From), dateArg(ev.FromTMT)}, []any{string(ev.To), dateArg(ev.TMT)})
		b.queueRow(golonganChanged, ev.NIP, string(ev.To), dateArg(ev.TMT), int32(ev.TMT.Year))
	case employee.LeftService:
		b.queueRow(leftService, ev.NIP, dateArg(ev.Effective), int32(ev.Effective.Year))
	}
}

// unit queues the statements of a unit event: the tree of units.
func (b *batch) unit(ev unit.Event) { pgbatch.QueueUnitTree(b, "standings_units", ev) }

// period queues the statements of a period event. Opening a year adds a row
// for every employee of the instansi in service on its first day, marked
// left when their departure falls within it, and appointed in it or before
// (the year their NIP encodes, pgbatch.AppointedIn): registration has no
// effective day, so one recorded before a year is opened late does not
// make the employee serve in it. A registration adds the rows of the open
// years alike (waves.go).
func (b *batch) period(ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		b.barrier(`INSERT INTO standings_periods (instansi, year, windows) VALUES ($1, $2, $3)
			ON CONFLICT (instansi, year) DO UPDATE SET windows = $3`, ev.Instansi, ev.Year, len(ev.Windows))
		b.barrier(`INSERT INTO standings (nip, year, `+employeeColumns+`, last_position, updated_at)
			SELECT e.nip, $2, `+inYearSelect(leftIn("e", "$2"))+`, $3, $4 FROM standings_employees e`+inYearJoins("$2")+`
			WHERE e.instansi = $1 AND `+pgbatch.InServiceOn("e", "make_date($2::int, 1, 1)")+` AND `+pgbatch.AppointedIn("e", "$2")+`
			ON CONFLICT (nip, year) DO NOTHING`, ev.Instansi, ev.Year, b.cur.Position, b.cur.RecordedAt)
	case period.WindowClosed:
		b.Queue(`UPDATE standings_periods SET closed_windows = closed_windows + 1 WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	case period.YearClosed:
		b.barrier(`UPDATE standings_periods SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	}
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time(time.UTC)
	return &t
}

// ensureRow queues the creation of the row of a drafted SKP, from the
// employee's master data when known; the SKP columns are set afterwards.
func (b *batch) ensureRow(k key, instansi string) {
	b.queueRow(ensured, k.nip, int32(k.year), instansi)
}
