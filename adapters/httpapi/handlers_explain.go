package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/standings"
)

// Explanations: a row of a read model expanded to the events it rests on.
// The row and its projection's checkpoint are read in one transaction and
// the streams are read as of that checkpoint, so the events explain exactly
// the row shown; checks say whether the row agrees with them.

// standingExplanation is a standings row with the events its SKP status,
// ratings and predikat rest on.
type standingExplanation struct {
	// Standing is nil when the read model holds no row (yet).
	Standing    *standings.Standing `json:"standing"`
	Projection  freshness           `json:"projection"`
	Explanation skp.Explanation     `json:"explanation"`
	Checks      []standings.Check   `json:"checks"`
	// Followups are the employee's follow-ups (all years) up to the
	// projection's position.
	Followups []followup.Explained `json:"followups"`
	// Consistent is true when the row exists and every check agrees.
	Consistent bool `json:"consistent"`
}

// explainStanding expands one standings row, for whoever may read it (as
// GET /v1/standings/{nip}/{year}).
func (s *Server) explainStanding(ctx context.Context, c *call) (listing, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return listing{}, err
	}
	if errs := checkParams(c.r.URL.Query(), "min_position"); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	var row standings.Standing
	var found bool
	var v standingExplanation
	v.Projection, err = s.readProjection(ctx, c, standings.Name, func(tx pgx.Tx) (err error) {
		row, found, err = standings.Get(ctx, tx, n, year)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, row.Instansi); !found || err != nil {
		if _, err := s.readableEmployee(ctx, c.p, n); err != nil {
			return listing{}, err
		}
	}
	var rowp *standings.Standing
	if found {
		rowp = &row
	}
	x, err := standings.Explain(ctx, s.api.Audit, n, year, rowp, v.Projection.Position)
	if err != nil {
		return listing{}, err
	}
	if x.Empty {
		return listing{}, newRequestError(TypeNotFound, "Neither the standings nor the log (up to the projection's position) hold an SKP or row for this employee and year.")
	}
	v.Standing, v.Explanation, v.Checks, v.Consistent = x.Row, x.Events, x.Checks, x.Consistent
	v.Followups = x.Followups
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() table { return explanationTable(v.Explanation) },
		filename: "explain-standing-" + n + "-" + c.vars["year"], header: h}, nil
}

// explanationTable is the CSV form of an explanation: one row per cited
// event, with what it explains.
func explanationTable(x skp.Explanation) table {
	var rows [][]string
	add := func(what string, refs []skp.EventRef) {
		for _, r := range refs {
			rows = append(rows, []string{what, u(r.Position), r.EventID, r.Stream, u(r.Version), r.Hash, r.Type, r.ActorID,
				r.ActorRole, r.RecordedAt.UTC().Format(time.RFC3339Nano), r.Why})
		}
	}
	add("skp_status", x.StatusBasis)
	bases := x.Periodic
	if x.Annual != nil {
		bases = append([]skp.RatingsBasis{*x.Annual}, bases...)
	}
	for _, b := range bases {
		what := "annual"
		if !b.Annual {
			what = "window " + strconv.Itoa(b.Window)
		}
		add(what+" ratings", trailRefs(b.Trail))
		add(what+" plan", b.Plan)
		add(what+" evidence", b.Evidence)
		add(what+" objection", b.Objection)
	}
	return table{cols: explanationColumns, rows: rows}
}

// trailRefs cites the events of a score trail.
func trailRefs(trail []skp.ScoreChange) []skp.EventRef {
	out := make([]skp.EventRef, 0, len(trail))
	for _, c := range trail {
		why := "gave " + string(c.After.Predikat)
		if c.Before != nil {
			why = "changed " + string(c.Before.Predikat) + " to " + string(c.After.Predikat)
			if !c.Changed() {
				why = "confirmed " + string(c.After.Predikat)
			}
		}
		out = append(out, skp.EventRef{EventID: c.EventID, Stream: c.Stream, Version: c.Version, Position: c.Position,
			Hash: c.Hash, Type: c.Type, ActorID: c.ActorID, ActorRole: c.ActorRole, Reason: c.Reason, RecordedAt: c.RecordedAt, Why: why})
	}
	return out
}
