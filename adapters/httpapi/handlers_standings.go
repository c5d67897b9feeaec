package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/standings"
)

// standingsPage is one page of standings and how fresh it is.
type standingsPage struct {
	standings.Page
	Projection freshness `json:"projection"`
}

// standingView is one standing and how fresh it is.
type standingView struct {
	standings.Standing
	Projection freshness `json:"projection"`
}

// skpStatuses are the values of ?skp_status=.
var skpStatuses = map[string]bool{"none": true, "draft": true, "submitted": true, "returned": true, "approved": true}

// standingsFilterOf reads the query of GET /v1/standings. The instansi
// defaults to the caller's.
func standingsFilterOf(q url.Values, p Principal) (standings.Filter, error) {
	errs := checkParams(q, "year", "instansi", "unit", "sub_units", "predikat", "skp_status", "sort", "limit", "offset", "min_position")
	f := standings.Filter{Instansi: q.Get("instansi"), Unit: unitParam(q, &errs), Predikat: q.Get("predikat"),
		SKPStatus: q.Get("skp_status"), Sort: q.Get("sort")}
	if f.Instansi == "" {
		f.Instansi = p.Instansi
	}
	f.Year = intParam(q, "year", 1900, 9999, &errs)
	f.SubUnits = boolParam(q, "sub_units", &errs)
	f.Limit = intParam(q, "limit", 1, standings.MaxLimit, &errs)
	f.Offset = intParam(q, "offset", 0, 1<<30, &errs)
	if f.SKPStatus != "" && !skpStatuses[f.SKPStatus] {
		errs = append(errs, FieldError{Field: "skp_status", Message: "must be none, draft, submitted, returned or approved"})
	}
	if len(errs) > 0 {
		return f, newRequestError(TypeValidation, "The standings query has invalid parameters.", errs...)
	}
	return f, nil
}

// listStandings returns one page of the standings of an instansi, for its
// HR, admins, pimpinan, auditors and inspektorat; for a pejabat penilai,
// the rows of their evaluatees today (see penilaiScope). A bad sort, predikat or
// unit filter is a 400 (standings.ErrInvalidFilter).
func (s *Server) listStandings(ctx context.Context, c *call) (listing, error) {
	f, err := standingsFilterOf(c.r.URL.Query(), c.p)
	if err != nil {
		return listing{}, err
	}
	asPenilai, err := penilaiScope(c.p, f.Instansi)
	if err != nil {
		return listing{}, err
	}
	var v standingsPage
	v.Projection, err = s.readProjection(ctx, c, standings.Name, func(tx pgx.Tx) (err error) {
		if asPenilai {
			if f.NIPs, err = s.evaluateesOf(ctx, tx, c.p); err != nil {
				return err
			}
		}
		v.Page, err = standings.Query(ctx, tx, f)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	h.Set("X-Total-Count", strconv.Itoa(v.Total))
	return listing{body: v, table: func() table { return standingsTable(v.Items) },
		filename: "standings-" + f.Instansi, header: h, total: v.Total, pageMax: standings.MaxLimit}, nil
}

// getStanding returns one employee's standing in a year to whoever may read
// that employee's data: the employee, their evaluators in force today, or
// a reading role of the instansi the row belongs to (or of the employee's
// instansi now).
func (s *Server) getStanding(ctx context.Context, c *call) (listing, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return listing{}, err
	}
	if errs := checkParams(c.r.URL.Query(), "min_position"); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	var v standingView
	var found bool
	v.Projection, err = s.readProjection(ctx, c, standings.Name, func(tx pgx.Tx) (err error) {
		v.Standing, found, err = standings.Get(ctx, tx, n, year)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, v.Instansi); !found || err != nil {
		if _, err := s.readableEmployee(ctx, c.p, n); err != nil {
			return listing{}, err
		}
	}
	if !found {
		return listing{}, newRequestError(TypeNotFound, "The standings hold no row for this employee and year; right after a write, pass its position as min_position.")
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() table { return standingsTable([]standings.Standing{v.Standing}) },
		filename: "standing-" + n + "-" + c.vars["year"], header: h}, nil
}

// standingsTable is the CSV form of standings.
func standingsTable(items []standings.Standing) table {
	var rows [][]string
	for _, s := range items {
		rows = append(rows, []string{s.NIP, strconv.Itoa(s.Year), s.Name, s.EmployeeStatus, s.Instansi, s.Unit,
			s.JabatanKind, s.JabatanLevel, s.JabatanName, s.Golongan, civilCell(s.GolonganTMT), strconv.FormatBool(s.LeftService),
			s.SKPStatus, strconv.Itoa(s.RHKCount), strconv.Itoa(s.IKICount), strconv.Itoa(s.Realisations),
			strconv.Itoa(s.LateRealisations), strconv.Itoa(s.FeedbackCount), strconv.Itoa(s.WindowsRated),
			strconv.Itoa(s.Windows), strconv.Itoa(s.ProgressPercent), intPtrCell(s.PeriodicWindow), s.PeriodicLabel,
			s.PeriodicHasil, s.PeriodicPerilaku, s.PeriodicPredikat, s.AnnualHasil, s.AnnualPerilaku, s.AnnualPredikat,
			timeCell(s.AnnualAt), s.Objection, u(s.LastPosition)})
	}
	return table{cols: standingsColumns, rows: rows}
}

// civilCell writes a date column's cell: YYYY-MM-DD, empty for none.
func civilCell(d *civil.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func dateCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func timeCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func intPtrCell(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
