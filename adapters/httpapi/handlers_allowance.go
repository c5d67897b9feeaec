package httpapi

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/history"
)

// allowanceRow is the performance share of the tunjangan kinerja / TPP of
// one employee for a month: the predikat in force (the periodic rating of
// the window covering the month), the rating event it comes from, and the
// percentage the policy's allowance_percent table gives it under the
// policy version the rating was given under. Percent is null when the
// window is not rated.
type allowanceRow struct {
	NIP           string   `json:"nip"`
	Name          string   `json:"name"`
	Unit          string   `json:"unit"`
	Predikat      string   `json:"predikat"`
	SourceEventID string   `json:"source_event_id"`
	Percent       *float64 `json:"percent"`
	PolicyVersion string   `json:"policy_version"`
}

// allowanceView is the allowance export of a month.
type allowanceView struct {
	Instansi   string         `json:"instansi"`
	Month      string         `json:"month"`
	Year       int            `json:"year"`
	Window     int            `json:"window"`
	Label      string         `json:"label"`
	Rows       []allowanceRow `json:"rows"`
	Projection freshness      `json:"projection"`
}

// allowance returns the allowance export of ?month=YYYY-MM for the HR of
// the caller's instansi, as JSON, CSV or XLSX (?format= or Accept, as every list).
func (s *Server) allowance(ctx context.Context, c *call) (listing, error) {
	if !c.p.Has(actor.HR) {
		return listing{}, forbidden("Only HR of the instansi may export the allowance.")
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "month", "format", "min_position")
	month, err := time.Parse("2006-01", q.Get("month"))
	if err != nil || month.Year() < 1900 {
		// A year 0 was looked up as a period and answered 404.
		errs = append(errs, FieldError{Field: "month", Message: "required, as YYYY-MM from 1900-01"})
	}
	switch q.Get("format") {
	case "", "json":
	case "csv":
		c.r.Header.Set("Accept", "text/csv")
	case "xlsx": // as every list
	default:
		errs = append(errs, FieldError{Field: "format", Message: "must be json, csv or xlsx"})
	}
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The allowance query has invalid parameters.", errs...)
	}
	inst, year := c.p.Instansi, month.Year()
	per, err := s.api.Service.Period(ctx, inst, year)
	if errors.Is(err, command.ErrNotFound) {
		return listing{}, periodNotFound(inst, year)
	}
	if err != nil {
		return listing{}, err
	}
	w, ok := per.WindowOf(civil.Date{Year: year, Month: month.Month(), Day: 1})
	if !ok {
		return listing{}, periodNotFound(inst, year)
	}
	v := allowanceView{Instansi: inst, Month: month.Format("2006-01"), Year: year, Window: w.Number, Label: w.Label, Rows: []allowanceRow{}}
	var bases []history.AllowanceBasis
	v.Projection, err = s.readProjection(ctx, c, history.Name, func(tx pgx.Tx) (err error) {
		bases, err = history.AllowanceBases(ctx, tx, inst, year, w.Number, civil.Date{Year: year, Month: month.Month(), Day: 1})
		return err
	})
	if err != nil {
		return listing{}, err
	}
	policies := map[string]performance.Policy{} // the rows' versions, built-in or the instansi's adopted ones
	for _, b := range bases {
		row := allowanceRow{NIP: b.NIP, Name: b.Name, Unit: b.Unit, Predikat: b.Predikat, SourceEventID: b.EventID}
		if b.Predikat != "" {
			row.PolicyVersion = b.PolicyVersion
			if row.PolicyVersion == "" {
				row.PolicyVersion = per.PolicyVersion()
			}
			pol, ok := policies[row.PolicyVersion]
			if !ok {
				if pol, err = s.api.Service.PolicyOf(ctx, inst, row.PolicyVersion); err != nil {
					return listing{}, err
				}
				policies[row.PolicyVersion] = pol
			}
			pct := pol.AllowancePercent[performance.Predikat(b.Predikat)]
			row.Percent = &pct
		}
		v.Rows = append(v.Rows, row)
	}
	return listing{body: v, table: func() table { return allowanceTable(v.Rows) },
		filename: "allowance-" + inst + "-" + v.Month}, nil
}

// allowanceColumns are the columns of the allowance export.
var allowanceColumns = []exportColumn{
	{"nip", "NIP", cellText}, {"name", "Nama", cellText}, {"unit", "Unit Kerja", cellText},
	{"predikat", "Predikat", cellText}, {"source_event_id", "ID Event Penilaian", cellText},
	{"percent", "Persentase TPP", cellNumber}, {"policy_version", "Versi Kebijakan", cellText},
}

// allowanceTable is the CSV and XLSX form of the allowance export.
func allowanceTable(rows []allowanceRow) table {
	var out [][]string
	for _, r := range rows {
		pct := ""
		if r.Percent != nil {
			pct = strconv.FormatFloat(*r.Percent, 'f', -1, 64)
		}
		out = append(out, []string{r.NIP, r.Name, r.Unit, r.Predikat, r.SourceEventID, pct, r.PolicyVersion})
	}
	return table{cols: allowanceColumns, rows: out}
}
