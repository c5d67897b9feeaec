package httpapi

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/projections/history"
)

// historyView is an employee's history and how fresh it is.
type historyView struct {
	history.History
	Projection freshness `json:"projection"`
}

// employeeHistory returns an employee's history (every year's SKP status
// and predikat, transfers, rank and jabatan changes, reporting lines, with
// dates and event ids) to the employee and to the reading roles of the
// employee's instansi. As CSV it is one timeline row per change and year.
func (s *Server) employeeHistory(ctx context.Context, c *call) (listing, error) {
	n, err := c.pathNIP()
	if err != nil {
		return listing{}, err
	}
	if err := readParamsOnly(c.r.URL.Query()); err != nil {
		return listing{}, err
	}
	own := c.p.NIP == n && c.p.Has(actor.Pegawai)
	if !own && !isReader(c.p) {
		return listing{}, forbidden("Only the employee, or HR, an admin, a pimpinan, an auditor or the inspektorat of the employee's instansi, may read this history.")
	}
	var v historyView
	var found bool
	today := s.dayIn(ctx, c.p.Instansi) // the caller's instansi's day; a reader of another instansi's employee is an assigned official
	v.Projection, err = s.readProjection(ctx, c, history.Name, func(tx pgx.Tx) (err error) {
		v.History, found, err = history.Get(ctx, tx, n, today)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if found && !own {
		if _, err := readerRole(c.p, v.Instansi); err != nil {
			found = false // the history of another instansi's employee answers as none.
		}
	}
	if !found {
		return listing{}, newRequestError(TypeNotFound, "The history holds nothing of this employee (yet: see the projection position).")
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() table { return historyTable(v.History) },
		filename: "history-" + n, header: h}, nil
}

// historyTable is the CSV form of a history: the changes in log order,
// then one row per SKP year.
func historyTable(h history.History) table {
	var rows [][]string
	var changes []history.Change
	if h.Registration != nil {
		changes = append(changes, *h.Registration)
	}
	changes = append(append(append(append(changes, h.Transfers...), h.RankChanges...), h.JabatanChanges...), h.ReportingLines...)
	if h.Departure != nil {
		changes = append(changes, *h.Departure)
	}
	slices.SortFunc(changes, func(a, b history.Change) int { return cmp.Compare(a.Position, b.Position) })
	for _, c := range changes {
		rows = append(rows, []string{c.Kind, "", dateCell(c.Effective), c.From, c.To, "", "", c.Reason, c.EventID,
			c.RecordedAt.UTC().Format(time.RFC3339)})
	}
	for _, f := range h.Followups {
		rows = append(rows, []string{"followup_" + f.Kind, "", civilCell(f.Effective), "", f.Title, "", "", f.Reason, f.EventID,
			f.RecordedAt.UTC().Format(time.RFC3339)})
	}
	for _, y := range h.Years {
		rows = append(rows, []string{"skp_year", strconv.Itoa(y.Year), "", "", "", y.AnnualPredikat, y.SKPStatus, y.Objection,
			y.AnnualEventID, timeCell(y.AnnualAt)})
	}
	return table{cols: historyColumns, rows: rows}
}
