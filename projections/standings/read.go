package standings

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/performance"
)

// selectColumns reads a Standing from standings s joined with its period p.
var selectColumns = `s.nip, s.year, s.name, s.employee_status, s.instansi, s.unit, s.jabatan_kind, s.jabatan_level,
	s.jabatan_name, s.golongan, s.golongan_tmt, s.left_service, s.skp_status, s.rhk_count, s.iki_count, s.realisations,
	s.late_realisations, s.feedback_count, s.windows_rated, COALESCE(p.windows, 0), ` + progressSQL + `,
	s.periodic_window, s.periodic_label, s.periodic_hasil, s.periodic_perilaku, s.periodic_predikat,
	s.annual_hasil, s.annual_perilaku, s.annual_predikat, s.annual_at, s.objection, s.last_position`

// fromSQL joins each row with the period of its instansi and year.
const fromSQL = ` FROM standings s LEFT JOIN standings_periods p ON p.instansi = s.instansi AND p.year = s.year`

// Query returns the page of standings that f selects, in f's order.
// Errors wrap ErrInvalidFilter for a bad filter.
func Query(ctx context.Context, db Querier, f Filter) (Page, error) {
	if err := f.Validate(); err != nil {
		return Page{}, err
	}
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	where, args := f.where()
	page := Page{Items: []Standing{}, Limit: f.Limit, Offset: f.Offset}
	if err := db.QueryRow(ctx, `SELECT count(*) FROM standings s`+where, args...).Scan(&page.Total); err != nil {
		return Page{}, fmt.Errorf("count standings: %w", err)
	}
	if page.Total <= f.Offset {
		return page, nil
	}
	rows, err := db.Query(ctx, f.pageSQL(where), args...)
	if err != nil {
		return Page{}, fmt.Errorf("query standings: %w", err)
	}
	items, err := scanStandings(rows)
	if err != nil {
		return Page{}, fmt.Errorf("query standings: %w", err)
	}
	page.Items = items
	return page, nil
}

// pageSQL returns the query of f's page. The keys of the page are found
// first, from an index alone when its columns suffice (deep pages of the
// name or predikat order), and only the rows of the page are read.
func (f Filter) pageSQL(where string) string {
	keys := ` FROM standings s`
	if strings.TrimPrefix(f.Sort, "-") == "progress" {
		keys = fromSQL
	}
	return `SELECT ` + selectColumns + ` FROM (SELECT s.nip, s.year` + keys + where + ` ORDER BY ` + f.orderBy() +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset) + `) k
		JOIN standings s ON s.nip = k.nip AND s.year = k.year
		LEFT JOIN standings_periods p ON p.instansi = s.instansi AND p.year = s.year
		ORDER BY ` + f.orderBy()
}

// Get returns the standing of the employee nip in year; false if none.
func Get(ctx context.Context, db Querier, nip string, year int) (Standing, bool, error) {
	rows, err := db.Query(ctx, `SELECT `+selectColumns+fromSQL+` WHERE s.nip = $1 AND s.year = $2`, nip, year)
	if err != nil {
		return Standing{}, false, fmt.Errorf("get standing %s %d: %w", nip, year, err)
	}
	items, err := scanStandings(rows)
	if err != nil {
		return Standing{}, false, fmt.Errorf("get standing %s %d: %w", nip, year, err)
	}
	if len(items) == 0 {
		return Standing{}, false, nil
	}
	return items[0], true, nil
}

// where returns the WHERE clause of f and its arguments.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Year != 0 {
		add("s.year = ?", f.Year)
	}
	if f.Instansi != "" {
		add("s.instansi = ?", f.Instansi)
	}
	switch {
	case f.Unit != "" && f.SubUnits:
		// An array, not IN (subquery): the planner sees how many units
		// it holds and picks the unit index or the name order to suit.
		add(`s.unit = ANY (ARRAY(WITH RECURSIVE sub(code) AS (SELECT ?::text UNION
			SELECT u.code FROM standings_units u JOIN sub ON u.parent = sub.code) SELECT code FROM sub))`, f.Unit)
	case f.Unit != "":
		add("s.unit = ?", f.Unit)
	}
	if f.Predikat != "" {
		// The rank as well, so that the index on it (which orders by
		// predikat) finds and counts the rows.
		p := f.Predikat
		if p == "none" {
			p = ""
		}
		add(predikatRankSQL("s.annual_predikat")+" = ?", performance.Predikat(p).Rank())
		add("s.annual_predikat = ?", p)
	}
	if f.SKPStatus != "" {
		add("s.skp_status = ?", f.SKPStatus)
	}
	if f.NIPs != nil {
		add("s.nip = ANY (?)", f.NIPs)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// orderBy returns the ORDER BY list of f. Ties are broken by nip and year
// in the direction of the sort, so that one index serves both directions.
func (f Filter) orderBy() string {
	key, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	if key == "" {
		key = "name"
	}
	return sortColumns[key] + " " + dir + ", s.nip " + dir + ", s.year " + dir
}

func scanStandings(rows pgx.Rows) ([]Standing, error) {
	defer rows.Close()
	out := []Standing{}
	for rows.Next() {
		var s Standing
		if err := rows.Scan(&s.NIP, &s.Year, &s.Name, &s.EmployeeStatus, &s.Instansi, &s.Unit, &s.JabatanKind,
			&s.JabatanLevel, &s.JabatanName, &s.Golongan, &s.GolonganTMT, &s.LeftService, &s.SKPStatus, &s.RHKCount,
			&s.IKICount, &s.Realisations, &s.LateRealisations, &s.FeedbackCount, &s.WindowsRated, &s.Windows,
			&s.ProgressPercent, &s.PeriodicWindow, &s.PeriodicLabel, &s.PeriodicHasil, &s.PeriodicPerilaku,
			&s.PeriodicPredikat, &s.AnnualHasil, &s.AnnualPerilaku, &s.AnnualPredikat, &s.AnnualAt, &s.Objection,
			&s.LastPosition); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
