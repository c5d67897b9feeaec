package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/projections/training"
)

// ownNeeds are one employee's training needs and how fresh they are.
type ownNeeds struct {
	NIP        string          `json:"nip"`
	Items      []training.Need `json:"items"`
	Projection freshness       `json:"projection"`
}

// employeeTrainingNeeds returns the training needs of one employee (every
// year, or ?year=, of every kind or ?kind=) to the employee and to the
// reading roles of the employee's instansi. A colleague or a caller of
// another instansi gets 404, as for a missing employee; an evaluator 403.
func (s *Server) employeeTrainingNeeds(ctx context.Context, c *call) (listing, error) {
	n, err := c.pathNIP()
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "year", "kind", "min_position")
	f := training.Filter{NIP: n, Kind: q.Get("kind"), Year: intParam(q, "year", 1900, 9999, &errs), Day: s.dayIn(ctx, c.p.Instansi)}
	if err := f.Validate(); err != nil {
		errs = append(errs, FieldError{Field: "kind", Message: "must be one of " + strings.Join(training.Kinds(), ", ")})
	}
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The training needs query has invalid parameters.", errs...)
	}
	e, err := s.readableEmployee(ctx, c.p, n)
	if err != nil {
		return listing{}, err
	}
	if !isOwn(c.p, n) {
		if _, err := readerRole(c.p, e.Instansi()); err != nil {
			return listing{}, err
		}
		f.Instansi = e.Instansi()
	}
	v := ownNeeds{NIP: n}
	v.Projection, err = s.readProjection(ctx, c, training.Name, func(tx pgx.Tx) (err error) {
		v.Items, err = training.Needs(ctx, tx, f)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	h.Set("X-Total-Count", strconv.Itoa(len(v.Items)))
	return listing{body: v, table: func() table { return needsTable(v.Items) },
		filename: "training-needs-" + n, header: h}, nil
}
