package promotion

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// EventLog reads a stream of the global log as of a position.
type EventLog interface {
	ReadStreamAsOf(ctx context.Context, stream string, at eventlog.AsOf) ([]eventlog.Event, error)
}

// Decision is one employee's promotion decision as the read model gives it,
// with the event of each year's annual predikat.
type Decision struct {
	Candidate Candidate
	// annualEvent is the id of the event of each year's annual predikat.
	annualEvent map[int]string
}

// Decide returns the decision for the employee nip, in service, as of asOf
// under rules; found is false when the read model holds no such employee,
// or they were not in service on asOf (departed, or not yet appointed).
func Decide(ctx context.Context, db Querier, rules Rules, asOf time.Time, nip string) (d Decision, found bool, err error) {
	rows, err := db.Query(ctx, `SELECT `+factsColumns("$2")+`
		FROM promotion_employees e LEFT JOIN promotion_annual a ON a.nip = e.nip
		WHERE e.nip = $1 AND `+pgbatch.InServiceOn("e", "$2")+` AND `+pgbatch.AppointedBy("e", "$2")+` ORDER BY a.year`, nip, civil.DateOf(asOf).String())
	if err != nil {
		return Decision{}, false, fmt.Errorf("promotion decision of %s: %w", nip, err)
	}
	all, err := scanFacts(rows)
	if err != nil {
		return Decision{}, false, fmt.Errorf("promotion decision of %s: %w", nip, err)
	}
	var fa *facts
	if len(all) > 0 {
		fa = all[0]
	}
	if fa == nil {
		return Decision{}, false, nil
	}
	if err := loadLevels(ctx, db, []*facts{fa}); err != nil {
		return Decision{}, false, fmt.Errorf("promotion decision of %s: %w", nip, err)
	}
	if err := loadPeriodic(ctx, db, []*facts{fa}); err != nil {
		return Decision{}, false, fmt.Errorf("promotion decision of %s: %w", nip, err)
	}
	return Decision{Candidate: decide(rules, asOf, fa), annualEvent: fa.annualEvent}, true, nil
}

// ExplainedReason is a reason with its events cited in full.
type ExplainedReason struct {
	Text   string         `json:"text"`
	TextID string         `json:"text_id"`
	Events []skp.EventRef `json:"events"`
}

// YearBasis is what one year's annual predikat rests on.
type YearBasis struct {
	Year   int               `json:"year"`
	Stream string            `json:"stream"`
	Annual *skp.RatingsBasis `json:"annual"`
}

// Explanation is a decision with every reason expanded to the events it
// rests on, and each annual predikat it uses (for the decision or the angka
// kredit) expanded to what that predikat rests on.
type Explanation struct {
	Reasons []ExplainedReason
	Years   []YearBasis
	// Followups are the employee's follow-ups (tindak lanjut) recorded up
	// to the position, in stream order.
	Followups []followup.Explained
}

// Explain finds the events the decision's reasons and angka kredit name,
// as of position (the read model's checkpoint when the decision was read):
// grade events in the employee's stream, annual predikat in the SKP
// streams of the years whose annual event is cited.
func (d Decision) Explain(ctx context.Context, log EventLog, position uint64) (Explanation, error) {
	k := d.Candidate
	found := map[string]eventlog.Event{}
	events, err := streamAt(ctx, log, employee.Stream(k.NIP), position)
	if err != nil {
		return Explanation{}, err
	}
	for _, ev := range events {
		found[ev.ID] = ev
	}
	years, err := d.years(ctx, log, position, found)
	if err != nil {
		return Explanation{}, err
	}
	fevents, err := streamAt(ctx, log, followup.Stream(k.NIP), position)
	if err != nil {
		return Explanation{}, err
	}
	followups, err := followup.Explain(fevents)
	if err != nil {
		return Explanation{}, err
	}
	x := Explanation{Reasons: []ExplainedReason{}, Years: years, Followups: followups}
	for _, r := range k.Reasons {
		er := ExplainedReason{Text: r.Text, TextID: r.TextID, Events: []skp.EventRef{}}
		for _, id := range r.EventIDs {
			ev, ok := found[id]
			if !ok {
				return Explanation{}, fmt.Errorf("explain promotion of %s: event %s of reason %q not in the log up to %d", k.NIP, id, r.Text, position)
			}
			er.Events = append(er.Events, skp.Cite(ev, r.Text))
		}
		x.Reasons = append(x.Reasons, er)
	}
	return x, nil
}

// years explains the annual predikat of each year whose annual event the
// decision cites, adding the SKP stream's events to found.
func (d Decision) years(ctx context.Context, log EventLog, position uint64, found map[string]eventlog.Event) ([]YearBasis, error) {
	cited := map[string]bool{}
	for _, r := range d.Candidate.Reasons {
		for _, id := range r.EventIDs {
			cited[id] = true
		}
	}
	for _, cr := range d.Candidate.AngkaKredit {
		cited[cr.EventID] = true
	}
	out := []YearBasis{}
	for year, id := range d.annualEvent {
		if !cited[id] {
			continue
		}
		stream := skp.Stream(d.Candidate.NIP, year)
		events, err := streamAt(ctx, log, stream, position)
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
		out = append(out, YearBasis{Year: x.Year, Stream: stream, Annual: x.Annual})
	}
	slices.SortFunc(out, func(a, b YearBasis) int { return a.Year - b.Year })
	return out, nil
}

// streamAt reads stream as of position; nothing before the first event.
func streamAt(ctx context.Context, log EventLog, stream string, position uint64) ([]eventlog.Event, error) {
	if position == 0 {
		return nil, nil
	}
	return log.ReadStreamAsOf(ctx, stream, eventlog.AsOf{Position: position})
}
