package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kinerja/kinerja/adapters/readside"
)

// readiness is the body of /readyz.
type readiness struct {
	// Status is "ready" or "not ready".
	Status string `json:"status"`
	// Checks maps each dependency to "ok" or what is wrong with it.
	Checks map[string]string `json:"checks"`
	// HeadPosition is the global position of the last committed event.
	HeadPosition *uint64 `json:"head_position,omitempty"`
	// Projections is the state of every projection (see checkProjections).
	Projections []readside.ProjectionStatus `json:"projections,omitempty"`
}

// healthz answers 200 whenever the process can serve HTTP at all. It checks
// no dependency: a failing database must not get the process restarted.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the server can do useful work: the database
// answers and the event log's head can be read. Otherwise it answers 503
// with what failed, so a load balancer stops sending traffic here. The
// projections' states are detail: a stopped projection makes the status
// "degraded" but the answer stays 200 (see checkProjections).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ReadyTimeout)
	defer cancel()
	body := readiness{Status: "ready", Checks: map[string]string{}}
	if err := s.checkDatabase(ctx, &body); err != nil {
		body.Status = "not ready"
		body.Checks["database"] = err.Error()
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	body.Checks["database"] = "ok"
	s.checkProjections(ctx, &body)
	writeJSON(w, http.StatusOK, body)
}

// checkDatabase pings the database and reads the event log's head into body.
func (s *Server) checkDatabase(ctx context.Context, body *readiness) error {
	if err := s.deps.Database.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	pos, _, err := s.deps.Events.Head(ctx)
	if err != nil {
		return fmt.Errorf("event log head: %w", err)
	}
	body.HeadPosition = &pos
	return nil
}

// writeJSON writes v as a JSON response with status; such responses are
// never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"status":"error"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
