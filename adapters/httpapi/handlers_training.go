package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/training"
)

// Paging of training needs.
const (
	defaultNeedsLimit = 100
	maxNeedsLimit     = 1000
)

// needsPage is one page of training needs and how fresh they are.
type needsPage struct {
	Items      []training.Need `json:"items"`
	Total      int             `json:"total"`
	Limit      int             `json:"limit"`
	Offset     int             `json:"offset"`
	Projection freshness       `json:"projection"`
}

// needsQuery is the query of GET /v1/training-needs.
type needsQuery struct {
	filter        training.Filter
	limit, offset int
}

// needsQueryOf reads the query; the instansi defaults to the caller's. The
// needs are those of the employees in service on day.
func needsQueryOf(c *call, day civil.Date) (needsQuery, error) {
	q := c.r.URL.Query()
	errs := checkParams(q, "instansi", "unit", "year", "kind", "limit", "offset", "min_position")
	nq := needsQuery{filter: training.Filter{Instansi: q.Get("instansi"), Unit: unitParam(q, &errs), Kind: q.Get("kind"),
		Day: day}}
	if nq.filter.Instansi == "" {
		nq.filter.Instansi = c.p.Instansi
	}
	nq.filter.Year = intParam(q, "year", 1900, 9999, &errs)
	nq.limit = intParam(q, "limit", 1, maxNeedsLimit, &errs)
	if nq.limit == 0 {
		nq.limit = defaultNeedsLimit
	}
	nq.offset = intParam(q, "offset", 0, 1<<30, &errs)
	if err := nq.filter.Validate(); err != nil {
		errs = append(errs, FieldError{Field: "kind", Message: "must be one of " + strings.Join(training.Kinds(), ", ")})
	}
	if len(errs) > 0 {
		return nq, newRequestError(TypeValidation, "The training needs query has invalid parameters.", errs...)
	}
	return nq, nil
}

// trainingNeeds returns one page of the training needs of an instansi (low
// predikat, perilaku below expectation, feedback on BerAKHLAK values, IKI
// under target), each with the events it rests on, for the instansi's HR,
// admins, pimpinan, auditors and inspektorat; for a pejabat penilai, the
// needs of their evaluatees today (see penilaiScope).
func (s *Server) trainingNeeds(ctx context.Context, c *call) (listing, error) {
	nq, err := needsQueryOf(c, s.dayIn(ctx, c.p.Instansi))
	if err != nil {
		return listing{}, err
	}
	asPenilai, err := penilaiScope(c.p, nq.filter.Instansi)
	if err != nil {
		return listing{}, err
	}
	var all []training.Need
	fr, err := s.readProjection(ctx, c, training.Name, func(tx pgx.Tx) (err error) {
		f := nq.filter
		if asPenilai {
			// Only the evaluatees' needs are read, not the instansi's.
			if f.NIPs, err = s.evaluateesOf(ctx, tx, c.p); err != nil {
				return err
			}
		}
		all, err = training.Needs(ctx, tx, f)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	v := needsPage{Items: page(all, nq.offset, nq.limit), Total: len(all), Limit: nq.limit, Offset: nq.offset, Projection: fr}
	h := http.Header{}
	setFreshness(h, fr)
	h.Set("X-Total-Count", strconv.Itoa(v.Total))
	return listing{body: v, table: func() table { return needsTable(v.Items) },
		filename: "training-needs-" + nq.filter.Instansi, header: h, total: v.Total, pageMax: maxNeedsLimit}, nil
}

// needsTable is the CSV form of training needs; lists are joined by " ".
func needsTable(items []training.Need) table {
	var rows [][]string
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, n := range items {
		var target, expected, realised string
		if m := n.Measure; m != nil {
			target, expected, realised = f(m.Target)+" "+m.Unit, f(m.Expected), f(m.Realised)
		}
		rows = append(rows, []string{n.NIP, n.Name, n.Instansi, n.Unit, strconv.Itoa(n.Year), n.Kind, n.Period, n.Subject,
			n.Detail, strings.Join(n.Values, " "), target, expected, realised, strings.Join(n.EventIDs, " ")})
	}
	return table{cols: needsColumns, rows: rows}
}
