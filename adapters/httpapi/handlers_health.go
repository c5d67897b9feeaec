package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// readiness is the body of /readyz. Anyone may read it, so it says only
// what is wrong, never why: no error text, host, process or position. The
// details are logged, and admins read them at GET /v1/projections.
type readiness struct {
	// Status is "ready", "degraded" or "not ready".
	Status string `json:"status"`
	// Checks maps each dependency to "ok", "unavailable" or "degraded".
	Checks map[string]string `json:"checks"`
	// Projections is the state of every projection (see checkProjections).
	Projections []projectionHealth `json:"projections,omitempty"`
}

// projectionHealth is what /readyz says of one projection.
type projectionHealth struct {
	Name string `json:"name"`
	// State is "running", "stopped" or "idle" (see readside.ProjectionStatus).
	State string `json:"state"`
}

// The words of readiness checks.
const (
	checkOK          = "ok"
	checkUnavailable = "unavailable"
	checkDegraded    = "degraded"
)

// healthz answers 200 whenever the process can serve HTTP at all. It checks
// no dependency: a failing database must not get the process restarted.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the server can do useful work: the database
// answers and the event log's head can be read. Otherwise it answers 503
// with the check that failed, so a load balancer stops sending traffic
// here; why it failed is logged. The projections' states are detail: a
// stopped projection makes the status "degraded" but the answer stays 200
// (see checkProjections).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ReadyTimeout)
	defer cancel()
	body := readiness{Status: "ready", Checks: map[string]string{}}
	if err := s.checkDatabase(ctx); err != nil {
		s.deps.Logger.WarnContext(ctx, "not ready: database", "error", err.Error(), "request_id", RequestID(r.Context()))
		body.Status = "not ready"
		body.Checks["database"] = checkUnavailable
		s.writeJSON(w, r, http.StatusServiceUnavailable, body)
		return
	}
	body.Checks["database"] = checkOK
	s.checkProjections(ctx, &body)
	s.writeJSON(w, r, http.StatusOK, body)
}

// checkDatabase pings the database and reads the event log's head.
func (s *Server) checkDatabase(ctx context.Context) error {
	if err := s.deps.Database.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if _, _, err := s.deps.Events.Head(ctx); err != nil {
		return fmt.Errorf("event log head: %w", err)
	}
	return nil
}

// writeJSON writes v as a JSON response with status; such responses are
// never cached. A value that cannot be encoded (a time past year 9999, say)
// is logged and answered as the internal problem it is.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		w.Header().Del("ETag")
		s.writeError(w, r, fmt.Errorf("encode the response: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
