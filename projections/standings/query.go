package standings

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Querier runs queries: a pool, a connection or a transaction.
type Querier = pgbatch.Querier

// ErrInvalidFilter is wrapped by the errors of a filter that cannot be used.
var ErrInvalidFilter = errors.New("invalid standings filter")

// Paging limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Filter selects, orders and pages standings. Zero fields do not filter.
type Filter struct {
	Year     int
	Instansi string
	// Unit selects the unit's employees; with SubUnits also those of every
	// unit below it.
	Unit     string
	SubUnits bool
	// Predikat selects by annual predikat; "none" selects rows without one.
	Predikat string
	// SKPStatus selects by SKP status: none, draft, submitted, returned, approved.
	SKPStatus string
	// Sort is one of the keys of SortKeys, optionally prefixed with "-" for
	// descending order; the default is "name". Ties are broken by nip, year,
	// in the same direction.
	Sort string
	// Limit (default DefaultLimit, at most MaxLimit) and Offset page the rows.
	Limit, Offset int
	// NIPs, when not nil, keeps only the rows of these employees (the
	// evaluatees of a pejabat penilai); an empty list keeps none.
	NIPs []string
}

// sortColumns maps the sort keys to SQL expressions.
var sortColumns = map[string]string{
	"name":      "s.name_key", // the first 100 characters, indexed (migration 0012)
	"nip":       "s.nip",
	"year":      "s.year",
	"unit":      "s.unit",
	"golongan":  golonganRankSQL("s.golongan"),
	"status":    "s.skp_status",
	"progress":  progressSQL,
	"predikat":  predikatRankSQL("s.annual_predikat"),
	"periodic":  predikatRankSQL("s.periodic_predikat"),
	"updated":   "s.last_position",
	"realised":  "s.realisations",
	"objection": "s.objection",
}

// SortKeys returns the accepted sort keys, sorted (error messages and the
// API document list them in a stable order).
func SortKeys() []string {
	keys := make([]string, 0, len(sortColumns))
	for k := range sortColumns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// progressSQL is the share (0–100) of realisation reports made out of the
// IKI of the plan times the windows of the year the employee serves in
// (windowsServedSQL); 0 without a plan (LEAST ignores NULLs, so the
// COALESCE must come first).
var progressSQL = `LEAST(100, COALESCE(s.realisations * 100 / NULLIF(s.iki_count * ` + windowsServedSQL + `, 0), 0))`

// windowsServedSQL is the number of windows of the year of row s that did
// not end before the appointment its NIP encodes (pgbatch.Appointment):
// the windows are of equal length in months (12 / p.windows), so those of
// a year of appointment in month m are all but the (m - 1) * p.windows /
// 12 that ended before it. A CPNS appointed in July owes no realisation
// for the first two quarters.
var windowsServedSQL = `(CASE WHEN EXTRACT(YEAR FROM ` + pgbatch.Appointment("s") + `) = s.year
		THEN p.windows - (EXTRACT(MONTH FROM ` + pgbatch.Appointment("s") + `)::int - 1) * p.windows / 12 ELSE p.windows END)`

// predikatRankSQL returns the rank of the predikat in col as SQL:
// performance.Predikat.Rank, from sangat_baik (5) down to none (0), as a
// CASE. The index standings_instansi_year_predikat (migration 0010) is on
// this expression of annual_predikat (TestPredikatRankMatchesIndex).
func predikatRankSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, p := range performance.Predikats() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", p, p.Rank())
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// golonganRankSQL returns the rank of the golongan in col as SQL:
// performance.Golongan.Rank as a CASE (the text sorts PPPK IX before V).
func golonganRankSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, g := range performance.Golongans() {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", g, g.Rank())
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// Validate reports a filter that cannot be used; errors wrap ErrInvalidFilter.
func (f Filter) Validate() error {
	key := strings.TrimPrefix(f.Sort, "-")
	switch {
	case f.Sort != "" && sortColumns[key] == "":
		return fmt.Errorf("%w: sort %q (want one of %s)", ErrInvalidFilter, f.Sort, strings.Join(SortKeys(), ", "))
	case f.Predikat != "" && f.Predikat != "none" && !performance.Predikat(f.Predikat).Valid():
		return fmt.Errorf("%w: predikat %q", ErrInvalidFilter, f.Predikat)
	case f.Limit < 0 || f.Limit > MaxLimit || f.Offset < 0:
		return fmt.Errorf("%w: limit %d (0–%d) or offset %d", ErrInvalidFilter, f.Limit, MaxLimit, f.Offset)
	case f.SubUnits && f.Unit == "":
		return fmt.Errorf("%w: sub-units without a unit", ErrInvalidFilter)
	}
	return nil
}

// Standing is one row of the read model.
type Standing struct {
	NIP            string `json:"nip"`
	Year           int    `json:"year"`
	Name           string `json:"name"`
	EmployeeStatus string `json:"employee_status"`
	pgbatch.Placement
	SKPStatus        string     `json:"skp_status"`
	RHKCount         int        `json:"rhk_count"`
	IKICount         int        `json:"iki_count"`
	Realisations     int        `json:"realisations"`
	LateRealisations int        `json:"late_realisations"`
	FeedbackCount    int        `json:"feedback_count"`
	WindowsRated     int        `json:"windows_rated"`
	Windows          int        `json:"windows"`
	ProgressPercent  int        `json:"progress_percent"`
	PeriodicWindow   *int       `json:"periodic_window,omitempty"`
	PeriodicLabel    string     `json:"periodic_label,omitempty"`
	PeriodicHasil    string     `json:"periodic_hasil,omitempty"`
	PeriodicPerilaku string     `json:"periodic_perilaku,omitempty"`
	PeriodicPredikat string     `json:"periodic_predikat,omitempty"`
	AnnualHasil      string     `json:"annual_hasil,omitempty"`
	AnnualPerilaku   string     `json:"annual_perilaku,omitempty"`
	AnnualPredikat   string     `json:"annual_predikat,omitempty"`
	AnnualAt         *time.Time `json:"annual_at,omitempty"`
	Objection        string     `json:"objection,omitempty"`
	LastPosition     uint64     `json:"last_position"`
}

// Page is one page of standings and the number of rows that match in all.
type Page struct {
	Items  []Standing `json:"items"`
	Total  int        `json:"total"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
}
