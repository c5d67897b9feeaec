package httpapi

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
)

// projectionsView is the body of GET /v1/projections.
type projectionsView struct {
	Projections []readside.ProjectionStatus `json:"projections"`
}

// listProjections returns the state of every projection: checkpoint, head,
// lag, owner, and for a projection stopped by an event it cannot handle,
// that event. Any reading role may ask; it holds no personal data.
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
	v.Projections = append(v.Projections, all...)
	return listing{body: v, table: func() [][]string { return projectionsTable(v.Projections) }, filename: "projections"}, nil
}

// projectionsTable is the CSV form of projection states.
func projectionsTable(all []readside.ProjectionStatus) [][]string {
	rows := [][]string{{"name", "state", "owner", "checkpoint", "head", "lag", "failed_position", "failed_event_id",
		"failed_type", "error", "updated_at"}}
	for _, p := range all {
		updated := ""
		if !p.UpdatedAt.IsZero() {
			updated = p.UpdatedAt.UTC().Format(time.RFC3339Nano)
		}
		rows = append(rows, []string{p.Name, p.State, p.Owner, u(p.Checkpoint), u(p.Head), u(p.Lag),
			u(p.FailedPosition), p.FailedEventID, p.FailedType, p.Error, updated})
	}
	return rows
}

// checkProjections adds every projection's state to the body of /readyz.
//
// A projection stopped by an event it cannot handle makes the status
// "degraded" and checks.projections names the projection, the event's
// position and id, and the error; the answer stays 200. Readiness decides
// whether a load balancer sends this node traffic, and every API node reads
// the same projection tables: answering 503 would take every node out at
// once for one read model's fault, stopping writes and the other read
// models too, and restarting nodes does not fix a poison event. The stop is
// alerted on instead through the kinerja_projection_stopped gauge. A
// failure to read the states is reported the same way.
func (s *Server) checkProjections(ctx context.Context, body *readiness) {
	all, monitored, err := s.projectionStatus(ctx)
	if !monitored {
		return
	}
	if err != nil {
		body.Status, body.Checks["projections"] = "degraded", err.Error()
		return
	}
	body.Projections = all
	var stopped []string
	for _, p := range all {
		if p.State == "stopped" {
			stopped = append(stopped, fmt.Sprintf("%s stopped at position %s (event %s, %s): %s",
				p.Name, strconv.FormatUint(p.FailedPosition, 10), p.FailedEventID, p.FailedType, p.Error))
		}
	}
	if len(stopped) == 0 {
		body.Checks["projections"] = "ok"
		return
	}
	body.Status, body.Checks["projections"] = "degraded", strings.Join(stopped, "; ")
}
