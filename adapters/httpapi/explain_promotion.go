package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/promotion"
)

// promotionExplanation is one employee's promotion decision with every
// reason expanded to the events it rests on, and each annual predikat it
// uses expanded to what that predikat rests on.
type promotionExplanation struct {
	Candidate     promotion.Candidate `json:"candidate"`
	AsOf          string              `json:"as_of"`
	PolicyVersion string              `json:"policy_version"`
	Projection    freshness           `json:"projection"`
	Reasons       []explainedReason   `json:"reasons"`
	// Years explains, per year whose annual predikat the decision or the
	// angka kredit uses, what that predikat rests on.
	Years []yearBasis `json:"years"`
}

// explainedReason is a reason with its events cited in full.
type explainedReason struct {
	Text   string         `json:"text"`
	Events []skp.EventRef `json:"events"`
}

// yearBasis is what one year's annual predikat rests on.
type yearBasis struct {
	Year   int               `json:"year"`
	Stream string            `json:"stream"`
	Annual *skp.RatingsBasis `json:"annual"`
}

// explainPromotion expands one employee's promotion decision (as GET
// /v1/promotion-candidates decides it, as_of a day) for the reading roles
// of the employee's instansi.
func (s *Server) explainPromotion(ctx context.Context, c *call) (listing, error) {
	n, err := c.pathNIP()
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "as_of", "min_position")
	asOf := s.dayParam(q.Get("as_of"), &errs)
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	e, err := s.readableEmployee(ctx, c.p, n)
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, e.Instansi()); err != nil {
		return listing{}, err
	}
	rm := s.api.readModels()
	v := promotionExplanation{AsOf: asOf.Format(time.DateOnly), PolicyVersion: rm.Policy.Version, Reasons: []explainedReason{}, Years: []yearBasis{}}
	var all []promotion.Candidate
	v.Projection, err = s.readProjection(ctx, c, promotion.Name, func(tx pgx.Tx) (err error) {
		all, err = promotion.Candidates(ctx, tx, *rm.Policy, asOf, promotion.Filter{Instansi: e.Instansi()})
		return err
	})
	if err != nil {
		return listing{}, err
	}
	i := slices.IndexFunc(all, func(k promotion.Candidate) bool { return k.NIP == n })
	if i < 0 {
		return listing{}, newRequestError(TypeNotFound, "The promotion read model holds no decision for this employee (left service, or not projected yet: see the projection position).")
	}
	v.Candidate = all[i]
	if err := s.citePromotion(ctx, &v); err != nil {
		return listing{}, err
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	return listing{body: v, table: func() [][]string { return promotionExplanationTable(v) },
		filename: "explain-promotion-" + n + "-" + v.AsOf, header: h}, nil
}

// citePromotion finds the events the candidate's reasons and angka kredit
// name, as of the projection's position: grade events in the employee's
// stream, annual predikat in the SKP streams (whose explanation is added).
func (s *Server) citePromotion(ctx context.Context, v *promotionExplanation) error {
	k := v.Candidate
	found := map[string]eventlog.Event{}
	empEvents, err := s.streamAt(ctx, employee.Stream(k.NIP), v.Projection.Position)
	if err != nil {
		return err
	}
	for _, ev := range empEvents {
		found[ev.ID] = ev
	}
	years, err := s.annualStreams(ctx, v, found)
	if err != nil {
		return err
	}
	for _, r := range k.Reasons {
		er := explainedReason{Text: r.Text, Events: []skp.EventRef{}}
		for _, id := range r.EventIDs {
			ev, ok := found[id]
			if !ok {
				return fmt.Errorf("explain promotion of %s: event %s of reason %q not in the log up to %d", k.NIP, id, r.Text, v.Projection.Position)
			}
			er.Events = append(er.Events, skp.Cite(ev, r.Text))
		}
		v.Reasons = append(v.Reasons, er)
	}
	v.Years = years
	return nil
}

// annualStreams explains the annual predikat of each SKP stream holding an
// event that the candidate cites, adding that stream's events to found.
func (s *Server) annualStreams(ctx context.Context, v *promotionExplanation, found map[string]eventlog.Event) ([]yearBasis, error) {
	cited := map[string]bool{}
	for _, r := range v.Candidate.Reasons {
		for _, id := range r.EventIDs {
			cited[id] = true
		}
	}
	for _, cr := range v.Candidate.AngkaKredit {
		cited[cr.EventID] = true
	}
	rated, err := s.api.Audit.Search(ctx, eventlog.AuditFilter{StreamPrefix: "skp-" + v.Candidate.NIP + "-",
		Types: []string{skp.TypeAnnualRatingsGiven, skp.TypeRatingsAmended, skp.TypeObjectionDecided}, Limit: eventlog.MaxSearchLimit})
	if err != nil {
		return nil, err
	}
	var streams []string
	for _, ev := range rated {
		if cited[ev.ID] && !slices.Contains(streams, ev.Stream) {
			streams = append(streams, ev.Stream)
		}
	}
	out := []yearBasis{}
	for _, stream := range streams {
		events, err := s.streamAt(ctx, stream, v.Projection.Position)
		if err != nil {
			return nil, err
		}
		for _, ev := range events {
			found[ev.ID] = ev
		}
		x, err := skp.Explain(events)
		if err != nil {
			return nil, err
		}
		out = append(out, yearBasis{Year: x.Year, Stream: stream, Annual: x.Annual})
	}
	slices.SortFunc(out, func(a, b yearBasis) int { return a.Year - b.Year })
	return out, nil
}

// promotionExplanationTable is the CSV form: one row per cited event.
func promotionExplanationTable(v promotionExplanation) [][]string {
	rows := [][]string{{"explains", "position", "event_id", "stream", "version", "hash", "type", "actor_id", "actor_role",
		"recorded_at", "why"}}
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
		for _, row := range explanationTable(x)[1:] {
			row[0] = fmt.Sprintf("%d %s", y.Year, row[0])
			rows = append(rows, row)
		}
	}
	return rows
}
