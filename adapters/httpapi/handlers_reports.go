package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// unitReportView is a unit's report for one period and how fresh it is.
type unitReportView struct {
	unitreport.Report
	AsOf       string    `json:"as_of"`
	Projection freshness `json:"projection"`
}

// unitReportQueryOf reads the query of GET /v1/units/{code}/report: year
// (default: this year in the instansi's zone), period (the year's label,
// the default, or a window's such as 2025-Q1) and as_of (the day on which
// missing reports are counted; default today).
func (s *Server) unitReportQueryOf(c *call) (unitreport.Query, error) {
	q := c.r.URL.Query()
	errs := checkParams(q, "year", "period", "as_of", "min_position")
	uq := unitreport.Query{Unit: c.vars["code"], Period: q.Get("period")}
	uq.Year = intParam(q, "year", 1900, 9999, &errs)
	if uq.Year == 0 {
		uq.Year = s.todayIn(c.r.Context(), c.p.Instansi).Year()
	}
	// A label no period can have is not one the read model lacks (404).
	if uq.Period != "" && !period.LabelShaped(uq.Period) {
		errs = append(errs, FieldError{Field: "period", Message: "not a period label: the year (2025) or a window (2025-Q1, 2025-S1, 2025-03)"})
	}
	uq.AsOf = s.dayParam(s.instansiZone(c.r.Context(), c.p.Instansi), q.Get("as_of"), &errs)
	if len(errs) > 0 {
		return uq, newRequestError(TypeValidation, "The unit report query has invalid parameters.", errs...)
	}
	return uq, nil
}

// unitReport returns a unit's report for a period (counts and shares per
// predikat, the organisation predikat, the distribution check with its
// violations and the overrides recorded, submission progress and the
// members) to the reading roles of the unit's instansi. As CSV it is the
// member list. A unit of another instansi, and a unit or period the read
// model does not know (unitreport.ErrUnitNotFound, ErrPeriodNotFound), are
// a 404.
func (s *Server) unitReport(ctx context.Context, c *call) (listing, error) {
	uq, err := s.unitReportQueryOf(c)
	if err != nil {
		return listing{}, err
	}
	if !isReader(c.p) { // decided by the role alone, whether the unit exists or not.
		return listing{}, forbidden("Only HR, an admin, a pimpinan, an auditor or the inspektorat may read unit reports.")
	}
	// A unit of another instansi answers as a missing one, before the read
	// model can tell which of its periods it holds.
	if _, err := s.unitIn(ctx, c.p.Instansi, uq.Unit); err != nil {
		return listing{}, err
	}
	policy, err := s.policyOn(ctx, c.p.Instansi, s.now())
	if err != nil {
		return listing{}, err
	}
	v := unitReportView{AsOf: uq.AsOf.Format(time.DateOnly)}
	v.Projection, err = s.readProjection(ctx, c, unitreport.Name, func(tx pgx.Tx) (err error) {
		v.Report, err = unitreport.Load(ctx, tx, policy, uq)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, v.Instansi); err != nil {
		return listing{}, err
	}
	// The distribution is checked under the policy the organisation
	// predikat was set under, as it recorded.
	if o := v.OrganisationPredikat; o != nil && o.PolicyVersion != "" && o.PolicyVersion != policy.Version {
		recorded, err := s.policyRecorded(ctx, v.Instansi, o.PolicyVersion)
		if err != nil {
			return listing{}, err
		}
		v.CheckUnder(recorded)
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() table { return unitMembersTable(v.Employees) },
		filename: "unit-report-" + v.Unit + "-" + v.Period, header: h}, nil
}

// unitMembersTable is the CSV form of a unit report: one row per member.
func unitMembersTable(ms []unitreport.Member) table {
	var rows [][]string
	for _, m := range ms {
		rows = append(rows, []string{m.NIP, m.Name, m.PlanStatus, m.Predikat, m.EventID, strconv.Itoa(m.Expected),
			strconv.Itoa(m.OnTime), strconv.Itoa(m.Late), strconv.Itoa(m.Missing), strconv.Itoa(m.Pending)})
	}
	return table{cols: unitMembersColumns, rows: rows}
}

// readParamsOnly rejects every query parameter but min_position.
func readParamsOnly(q url.Values) error {
	if errs := checkParams(q, "min_position"); len(errs) > 0 {
		return newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	return nil
}

// isReader reports whether p has a role that reads the lists of its instansi.
func isReader(p Principal) bool { return slices.ContainsFunc(readRoles(), p.Has) }
