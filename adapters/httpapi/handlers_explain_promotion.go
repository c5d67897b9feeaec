package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/promotion"
)

// promotionExplanation is one employee's promotion decision with every
// reason expanded to the events it rests on, and each annual predikat it
// uses expanded to what that predikat rests on.
type promotionExplanation struct {
	Candidate     promotion.Candidate         `json:"candidate"`
	AsOf          string                      `json:"as_of"`
	PolicyVersion string                      `json:"policy_version"`
	Projection    freshness                   `json:"projection"`
	Reasons       []promotion.ExplainedReason `json:"reasons"`
	// Years explains, per year whose annual predikat the decision or the
	// angka kredit uses, what that predikat rests on.
	Years []promotion.YearBasis `json:"years"`
	// Followups are the employee's follow-ups up to the projection's
	// position.
	Followups []followup.Explained `json:"followups"`
}

// explainPromotion expands one employee's promotion decision (as GET
// /v1/promotion-candidates decides it, as_of a day) for the employee and
// the reading roles of the employee's instansi.
func (s *Server) explainPromotion(ctx context.Context, c *call) (listing, error) {
	n, err := c.pathNIP()
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "as_of", "min_position")
	asOf := s.dayParam(s.instansiZone(ctx, c.p.Instansi), q.Get("as_of"), &errs)
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	e, err := s.readableEmployee(ctx, c.p, n)
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, e.Instansi()); err != nil && !isOwn(c.p, n) {
		return listing{}, err
	}
	rules, err := s.promotionRules(ctx, e.Instansi(), asOf)
	if err != nil {
		return listing{}, err
	}
	v := promotionExplanation{AsOf: asOf.Format(time.DateOnly), PolicyVersion: rules.InForce.Version}
	var d promotion.Decision
	var found bool
	v.Projection, err = s.readProjection(ctx, c, promotion.Name, func(tx pgx.Tx) (err error) {
		d, found, err = promotion.Decide(ctx, tx, rules, asOf, n)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if !found {
		return listing{}, newRequestError(TypeNotFound, "The promotion read model holds no decision for this employee on as_of (left service, not yet appointed then: the NIP encodes the appointment, or not projected yet: see the projection position).")
	}
	x, err := d.Explain(ctx, s.api.Audit, v.Projection.Position)
	if err != nil {
		return listing{}, err
	}
	v.Candidate, v.Reasons, v.Years, v.Followups = d.Candidate, x.Reasons, x.Years, x.Followups
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() table { return promotionExplanationTable(v) },
		filename: "explain-promotion-" + n + "-" + v.AsOf, header: h}, nil
}

// promotionExplanationTable is the CSV form: one row per cited event.
func promotionExplanationTable(v promotionExplanation) table {
	var rows [][]string
	for _, r := range v.Reasons {
		for _, e := range r.Events {
			rows = append(rows, []string{"reason", u(e.Position), e.EventID, e.Stream, u(e.Version), e.Hash, e.Type,
				e.ActorID, e.ActorRole, e.RecordedAt.UTC().Format(time.RFC3339Nano), e.Why})
		}
	}
	for _, y := range v.Years {
		if y.Annual == nil {
			continue
		}
		x := skp.Explanation{Annual: y.Annual}
		for _, row := range explanationTable(x).rows {
			row[0] = fmt.Sprintf("%d %s", y.Year, row[0])
			rows = append(rows, row)
		}
	}
	return table{cols: explanationColumns, rows: rows}
}
