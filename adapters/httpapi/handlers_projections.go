package httpapi

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// projectionsView is the body of GET /v1/projections.
type projectionsView struct {
	Projections []readside.ProjectionStatus `json:"projections"`
}

// listProjections returns the state of every projection: checkpoint, head,
// lag, and for a projection stopped by an event it cannot handle, that
// event's position, id and type. Any reading role may ask; it holds no
// personal data. The error text and the owner (host and process) are
// shown to admins only (see withoutDetails).
func (s *Server) listProjections(ctx context.Context, c *call) (listing, error) {
	if _, err := readerRole(c.p, c.p.Instansi); err != nil {
		return listing{}, err
	}
	if errs := checkParams(c.r.URL.Query()); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	v := projectionsView{Projections: []readside.ProjectionStatus{}}
	all, _, err := s.projectionStatus(ctx)
	if err != nil {
		return listing{}, err
	}
	if !c.p.Has(actor.Admin) {
		all = withoutDetails(all)
	}
	if all, err = s.withoutOthersEvents(ctx, c.p.Instansi, all); err != nil {
		return listing{}, err
	}
	v.Projections = append(v.Projections, all...)
	return listing{body: v, table: func() table { return projectionsTable(v.Projections) }, filename: "projections"}, nil
}

// withoutDetails returns the states without what only admins see: the
// error text, which may quote SQL and the values of an event, and the
// owner, which names a host and a process id.
func withoutDetails(all []readside.ProjectionStatus) []readside.ProjectionStatus {
	out := make([]readside.ProjectionStatus, 0, len(all))
	for _, p := range all {
		p.Error, p.Owner = "", ""
		out = append(out, p)
	}
	return out
}

// withoutOthersEvents returns the states without what they tell of an
// event of another instansi than the caller's: a projection stopped by it
// keeps its state and the position where it stopped (a number of the
// global log, as in the chain's verification), but not the event's id and
// type, nor the error text, which names its stream (an employee's NIP) and
// may quote its values. The projections serve every instansi, and "stopped"
// must not tell one instansi's admins about another's events.
func (s *Server) withoutOthersEvents(ctx context.Context, instansi string, all []readside.ProjectionStatus) ([]readside.ProjectionStatus, error) {
	ours := map[uint64]bool{}
	out := make([]readside.ProjectionStatus, 0, len(all))
	for _, p := range all {
		if pos := p.FailedPosition; pos > 0 {
			own, seen := ours[pos]
			if !seen {
				evs, err := s.api.Audit.Search(ctx, eventlog.AuditFilter{Instansi: instansi, After: pos - 1, Limit: 1})
				if err != nil {
					return nil, fmt.Errorf("projections: the instansi of event %d: %w", pos, err)
				}
				own = len(evs) == 1 && evs[0].Position == pos
				ours[pos] = own
			}
			if !own {
				p.FailedEventID, p.FailedType, p.Error = "", "", ""
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// projectionsTable is the CSV form of projection states.
func projectionsTable(all []readside.ProjectionStatus) table {
	var rows [][]string
	for _, p := range all {
		updated := ""
		if !p.UpdatedAt.IsZero() {
			updated = p.UpdatedAt.UTC().Format(time.RFC3339Nano)
		}
		rows = append(rows, []string{p.Name, p.State, p.Owner, u(p.Checkpoint), u(p.Head), u(p.Lag),
			u(p.FailedPosition), p.FailedEventID, p.FailedType, p.Error, updated})
	}
	return table{cols: projectionsColumns, rows: rows}
}

// checkProjections adds every projection's name and state to the body of
// /readyz.
//
// A projection stopped by an event it cannot handle makes the status and
// checks.projections "degraded" and shows as "stopped" in the list; the
// answer stays 200. Readiness decides whether a load balancer sends this
// node traffic, and every API node reads the same projection tables:
// answering 503 would take every node out at once for one read model's
// fault, stopping writes and the other read models too, and restarting
// nodes does not fix a poison event. The stop is alerted on instead through
// the kinerja_projection_stopped gauge; its event and error are at GET
// /v1/projections for admins. A failure to read the states makes
// checks.projections "unavailable" and the status "degraded"; it is logged.
func (s *Server) checkProjections(ctx context.Context, body *readiness) {
	all, monitored, err := s.projectionStatus(ctx)
	if !monitored {
		return
	}
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "readiness: projection states", "error", err.Error())
		body.Status, body.Checks["projections"] = checkDegraded, checkUnavailable
		return
	}
	body.Checks["projections"] = checkOK
	for _, p := range all {
		body.Projections = append(body.Projections, projectionHealth{Name: p.Name, State: p.State})
		// Idle behind the head: no process runs the projection (every
		// server with projections off and no worker, or the worker gone),
		// and its read model goes stale; it said ready.
		if p.State == "stopped" || p.State == readside.StateAheadOfLog || (p.State == "idle" && p.Lag > 0) {
			body.Status, body.Checks["projections"] = checkDegraded, checkDegraded
		}
	}
}
