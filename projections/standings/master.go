package standings

import (
	"strconv"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
)

// employeeColumns are the columns a standings row copies from
// standings_employees.
const employeeColumns = `name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt, left_service`

// employeeSelect selects employeeColumns from standings_employees e.
const employeeSelect = `e.name, e.status, e.instansi, e.unit, e.jabatan_kind, e.jabatan_level, e.jabatan_name, e.golongan, e.golongan_tmt, e.left_service`

// employeeExcluded assigns employeeColumns from the row an upsert proposed.
const employeeExcluded = `name = EXCLUDED.name, employee_status = EXCLUDED.employee_status, instansi = EXCLUDED.instansi,
	unit = EXCLUDED.unit, jabatan_kind = EXCLUDED.jabatan_kind, jabatan_level = EXCLUDED.jabatan_level,
	jabatan_name = EXCLUDED.jabatan_name, golongan = EXCLUDED.golongan, golongan_tmt = EXCLUDED.golongan_tmt,
	left_service = EXCLUDED.left_service`

// employee queues the statements of an employee event.
func (b *batch) employee(ev employee.Event) {
	pos := b.cur.Position
	switch ev := ev.(type) {
	case employee.Registered:
		// One statement: the master row, and a row for every open year of
		// the instansi made from what the upsert returned.
		b.queue(`WITH e AS (
				INSERT INTO standings_employees (nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (nip) DO UPDATE SET name = $2, status = $3, instansi = $4, unit = $5, jabatan_kind = $6,
					jabatan_level = $7, jabatan_name = $8, golongan = $9, golongan_tmt = $10, left_service = false
				RETURNING *)
			INSERT INTO standings (nip, year, `+employeeColumns+`, last_position, updated_at)
			SELECT e.nip, p.year, `+employeeSelect+`, $11, $12
			FROM e JOIN standings_periods p ON p.instansi = e.instansi AND NOT p.closed
			ON CONFLICT (nip, year) DO UPDATE SET `+employeeExcluded+`, last_position = $11, updated_at = $12`,
			ev.NIP, ev.Name, string(ev.Status), ev.Instansi, ev.Unit, string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			ev.Jabatan.Name, string(ev.Golongan), dateArg(ev.GolonganTMT), pos, b.cur.RecordedAt)
	case employee.Transferred:
		b.changeEmployee(`unit = $2`, ev.NIP, ev.Effective.Year, ev.ToUnit)
	case employee.JabatanChanged:
		b.changeEmployee(`jabatan_kind = $2, jabatan_level = $3, jabatan_name = $4`, ev.NIP, ev.Effective.Year,
			string(ev.To.Kind), string(ev.To.Level), ev.To.Name)
	case employee.GolonganChanged:
		b.changeEmployee(`golongan = $2, golongan_tmt = $3`, ev.NIP, ev.TMT.Year, string(ev.To), dateArg(ev.TMT))
	case employee.LeftService:
		b.changeEmployee(`left_service = $2`, ev.NIP, ev.Effective.Year, true)
	}
}

// changeEmployee sets columns (the assignments use $2…) in the employee's
// master row and in the rows of year fromYear and later, in one statement
// (the two updates touch different tables).
func (b *batch) changeEmployee(set, nip string, fromYear int, vals ...any) {
	n := len(vals)
	args := append([]any{nip}, vals...)
	args = append(args, fromYear, b.cur.Position, b.cur.RecordedAt)
	b.queue(`WITH m AS (UPDATE standings_employees SET `+set+` WHERE nip = $1)
		UPDATE standings SET `+set+`, last_position = $`+itoa(n+3)+`, updated_at = $`+itoa(n+4)+`
		WHERE nip = $1 AND year >= $`+itoa(n+2), args...)
}

// unit queues the statements of a unit event.
func (b *batch) unit(ev unit.Event) {
	switch ev := ev.(type) {
	case unit.Registered:
		b.queue(`INSERT INTO standings_units (code, name, parent, instansi) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO UPDATE SET name = $2, parent = $3, instansi = $4`, ev.Code, ev.Name, ev.Parent, ev.Instansi)
	case unit.Renamed:
		b.queue(`UPDATE standings_units SET name = $2 WHERE code = $1`, ev.Code, ev.To)
	case unit.Moved:
		b.queue(`UPDATE standings_units SET parent = $2 WHERE code = $1`, ev.Code, ev.ToParent)
	}
}

// period queues the statements of a period event. Opening a year adds a row
// for every employee of the instansi still in service.
func (b *batch) period(ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		b.queue(`INSERT INTO standings_periods (instansi, year, windows) VALUES ($1, $2, $3)
			ON CONFLICT (instansi, year) DO UPDATE SET windows = $3`, ev.Instansi, ev.Year, len(ev.Windows))
		b.queue(`INSERT INTO standings (nip, year, `+employeeColumns+`, last_position, updated_at)
			SELECT e.nip, $2, `+employeeSelect+`, $3, $4 FROM standings_employees e
			WHERE e.instansi = $1 AND NOT e.left_service
			ON CONFLICT (nip, year) DO NOTHING`, ev.Instansi, ev.Year, b.cur.Position, b.cur.RecordedAt)
	case period.WindowClosed:
		b.queue(`UPDATE standings_periods SET closed_windows = closed_windows + 1 WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	case period.YearClosed:
		b.queue(`UPDATE standings_periods SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	}
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}

func itoa(n int) string { return strconv.Itoa(n) }

// ensureRow queues the creation of the row of a drafted SKP, from the
// employee's master data when known; the SKP columns are set afterwards.
func (b *batch) ensureRow(k key, instansi string) {
	b.queue(`INSERT INTO standings (nip, year, `+employeeColumns+`, last_position, updated_at)
		SELECT v.nip, $2, COALESCE(e.name, ''), COALESCE(e.status, ''), COALESCE(e.instansi, $3), COALESCE(e.unit, ''),
			COALESCE(e.jabatan_kind, ''), COALESCE(e.jabatan_level, ''), COALESCE(e.jabatan_name, ''),
			COALESCE(e.golongan, ''), e.golongan_tmt, COALESCE(e.left_service, false), $4, $5
		FROM (VALUES ($1::text)) AS v(nip) LEFT JOIN standings_employees e ON e.nip = v.nip
		ON CONFLICT (nip, year) DO NOTHING`,
		k.nip, k.year, instansi, b.cur.Position, b.cur.RecordedAt)
}
