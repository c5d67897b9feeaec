package standings

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Master-data statements of one employee depend on each other and on the
// instansi-wide period statements, but not on those of other employees.
// So a batch's statements are grouped: between two barriers (opening or
// closing a year), the n-th statement of every employee forms wave n, and
// each wave runs as one multi-row statement per kind instead of one
// statement per event. Statements of units and windows touch tables no
// employee statement reads, and keep their order among themselves.

// rowKind is a statement that can run for many employees at once.
type rowKind int

const (
	single rowKind = iota // one statement of its own
	registered
	ensured
	transferred
	jabatanChanged
	golonganChanged
	leftService
	kinds
)

// kindSQL are the multi-row statements, over unnest of one array per
// column of the rows.
var kindSQL = [kinds]string{
	registered: `WITH v AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::text[], $8::text[], $9::text[], $10::date[], $11::bigint[], $12::timestamptz[])
			AS v(nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt, pos, at)),
		e AS (INSERT INTO standings_employees (nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt)
			SELECT nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt FROM v
			ON CONFLICT (nip) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status, instansi = EXCLUDED.instansi,
				unit = EXCLUDED.unit, jabatan_kind = EXCLUDED.jabatan_kind, jabatan_level = EXCLUDED.jabatan_level,
				jabatan_name = EXCLUDED.jabatan_name, golongan = EXCLUDED.golongan, golongan_tmt = EXCLUDED.golongan_tmt,
				left_service = false, left_on = NULL
			RETURNING *)
		INSERT INTO standings (nip, year, ` + employeeColumns + `, last_position, updated_at)
		SELECT e.nip, p.year, ` + employeeSelect(leftIn("e", "p.year")) + `, v.pos, v.at
		FROM e JOIN v ON v.nip = e.nip JOIN standings_periods p ON p.instansi = e.instansi AND NOT p.closed
			AND ` + pgbatch.AppointedIn("e", "p.year") + `
		ON CONFLICT (nip, year) DO UPDATE SET ` + employeeExcluded + `,
			last_position = EXCLUDED.last_position, updated_at = EXCLUDED.updated_at`,
	ensured: `INSERT INTO standings (nip, year, ` + employeeColumns + `, last_position, updated_at)
		SELECT v.nip, v.year, ` + strings.Replace(inYearSelect(leftIn("e", "v.year")), "COALESCE(e.instansi, '')", "COALESCE(e.instansi, v.instansi)", 1) + `, v.pos, v.at
		FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::timestamptz[]) AS v(nip, year, instansi, pos, at)
		LEFT JOIN standings_employees e ON e.nip = v.nip` + inYearJoins("v.year") + `
		ON CONFLICT (nip, year) DO NOTHING`,
	transferred: changeSQL(`unit = v.unit`, `$2::text[]`, `unit`),
	jabatanChanged: changeSQL(`jabatan_kind = v.kind, jabatan_level = v.level, jabatan_name = v.name`,
		`$2::text[], $3::text[], $4::text[]`, `kind, level, name`),
	golonganChanged: changeSQL(`golongan = v.golongan, golongan_tmt = v.tmt`, `$2::text[], $3::date[]`, `golongan, tmt`),
	// The master row keeps the departure's day (left_on): opening a year
	// leaves out only those out of the service on its first day. A
	// departure recorded again corrects the day (employee.LeaveService):
	// the rows follow the day recorded last, as if it had been the only
	// one. The rows of its year and later are marked left, those of
	// earlier years no longer; and a year opened while the day recorded
	// before took the employee out on its first day, and now does not,
	// gets the row its opening would have given. (Every part of the
	// statement reads the tables as they were before it, so e is the
	// master row with the day recorded before.)
	leftService: `WITH v AS (SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::bigint[], $5::timestamptz[])
			AS v(nip, left_on, from_year, pos, at)),
		m AS (UPDATE standings_employees e SET left_service = true, left_on = v.left_on FROM v WHERE e.nip = v.nip),
		r AS (UPDATE standings s SET left_service = s.year >= v.from_year, last_position = v.pos, updated_at = v.at
			FROM v WHERE s.nip = v.nip AND (s.year >= v.from_year OR s.left_service))
		INSERT INTO standings (nip, year, ` + employeeColumns + `, last_position, updated_at)
		SELECT e.nip, p.year, ` + inYearSelect("p.year >= v.from_year") + `, v.pos, v.at
		FROM v JOIN standings_employees e ON e.nip = v.nip JOIN standings_periods p ON p.instansi = e.instansi` + inYearJoins("p.year") + `
		WHERE e.left_service AND make_date(p.year, 1, 1) >= e.left_on AND make_date(p.year, 1, 1) < v.left_on
			AND NOT EXISTS (SELECT FROM standings s WHERE s.nip = e.nip AND s.year = p.year)
		ON CONFLICT (nip, year) DO NOTHING`,
}

// changeSQL returns the multi-row statement of an employee change: set
// (over v) in the master rows and in the rows of year v.from_year and
// later. arrays are the unnest arguments after the nips ($2…) and names
// their columns.
func changeSQL(set, arrays, names string) string {
	n := 2
	if arrays != "" {
		n += strings.Count(arrays, ",") + 1
		arrays, names = ", "+arrays, ", "+names
	}
	return fmt.Sprintf(`WITH v AS (SELECT * FROM unnest($1::text[]%s, $%d::int[], $%d::bigint[], $%d::timestamptz[])
			AS v(nip%s, from_year, pos, at)),
		m AS (UPDATE standings_employees e SET %s FROM v WHERE e.nip = v.nip)
		UPDATE standings s SET %s, last_position = v.pos, updated_at = v.at
		FROM v WHERE s.nip = v.nip AND s.year >= v.from_year`, arrays, n, n+1, n+2, names, set, set)
}

// statement is a master-data statement of one event: a single statement
// (sql and args), or one row of a multi-row kind for the employee nip.
// A barrier is a single statement that every employee statement around it
// must stay on its side of.
type statement struct {
	kind    rowKind
	nip     string
	row     []any
	sql     string
	args    []any
	barrier bool
	from    eventlog.Event
}

// plan turns the statements of a batch, in event order, into the queries
// to send, in an order with the same effect.
func plan(stmts []statement) []pgbatch.Statement {
	var out []pgbatch.Statement
	start := 0
	for i, st := range stmts {
		if st.barrier {
			out = appendSegment(out, stmts[start:i])
			out = append(out, pgbatch.Statement{SQL: st.sql, Args: st.args, From: &stmts[i].from})
			start = i + 1
		}
	}
	return appendSegment(out, stmts[start:])
}

// appendSegment appends the queries of statements without barriers: the
// single ones in order, then the waves, each one query per kind.
func appendSegment(out []pgbatch.Statement, seg []statement) []pgbatch.Statement {
	var waves [][kinds][]int // statement indexes by wave and kind
	seen := map[string]int{}
	for i := range seg {
		st := &seg[i]
		if st.kind == single {
			out = append(out, pgbatch.Statement{SQL: st.sql, Args: st.args, From: &st.from})
			continue
		}
		w := seen[st.nip]
		seen[st.nip] = w + 1
		if w == len(waves) {
			waves = append(waves, [kinds][]int{})
		}
		waves[w][st.kind] = append(waves[w][st.kind], i)
	}
	for _, wave := range waves {
		for k, idx := range wave {
			if len(idx) > 0 {
				out = append(out, rowsQuery(rowKind(k), seg, idx))
			}
		}
	}
	return out
}

// rowsQuery returns the multi-row query of kind k for the statements idx:
// one array argument per column.
func rowsQuery(k rowKind, seg []statement, idx []int) pgbatch.Statement {
	cols := make([]any, len(seg[idx[0]].row))
	for c := range cols {
		cols[c] = column(seg, idx, c)
	}
	q := pgbatch.Statement{SQL: kindSQL[k], Args: cols}
	if len(idx) == 1 {
		q.From = &seg[idx[0]].from
	} else {
		q.What = fmt.Sprintf("%d rows of positions %d to %d", len(idx), seg[idx[0]].from.Position, seg[idx[len(idx)-1]].from.Position)
	}
	return q
}

// column returns column c of the rows idx as a typed slice for pgx.
func column(seg []statement, idx []int, c int) any {
	switch seg[idx[0]].row[c].(type) {
	case string:
		return collect[string](seg, idx, c)
	case int32:
		return collect[int32](seg, idx, c)
	case int64:
		return collect[int64](seg, idx, c)
	case time.Time:
		return collect[time.Time](seg, idx, c)
	}
	return collect[*time.Time](seg, idx, c) // dates, nil when zero
}

func collect[T any](seg []statement, idx []int, c int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i], _ = seg[j].row[c].(T)
	}
	return out
}
