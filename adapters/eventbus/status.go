package eventbus

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// ProjectionStatus is what /readyz shows about one projection.
type ProjectionStatus struct {
	Name string `json:"name"`
	// State is "running", "stopped" (by a poison event) or "idle" (no
	// process has reported on it yet).
	State      string `json:"state"`
	Owner      string `json:"owner,omitempty"`
	Checkpoint uint64 `json:"checkpoint"`
	Head       uint64 `json:"head"`
	// Lag is Head − Checkpoint, in events.
	Lag            uint64    `json:"lag"`
	FailedPosition uint64    `json:"failed_position,omitempty"`
	FailedEventID  string    `json:"failed_event_id,omitempty"`
	FailedType     string    `json:"failed_type,omitempty"`
	Error          string    `json:"error,omitempty"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
}

// Monitor reports the status of projections and exports it as Prometheus
// gauges: kinerja_projection_lag_events, kinerja_projection_checkpoint and
// kinerja_projection_stopped (1 when stopped by a poison event), each
// labelled by projection.
type Monitor struct {
	pool       *pgxpool.Pool
	log        Log
	names      []string
	lag        *prometheus.GaugeVec
	checkpoint *prometheus.GaugeVec
	stopped    *prometheus.GaugeVec
}

// NewMonitor returns a Monitor of the projections named names and registers
// its gauges with reg.
func NewMonitor(pool *pgxpool.Pool, log Log, reg prometheus.Registerer, names ...string) (*Monitor, error) {
	m := &Monitor{pool: pool, log: log, names: names,
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kinerja_projection_lag_events",
			Help: "Events in the log not yet applied by the projection (head position minus checkpoint)."}, []string{"projection"}),
		checkpoint: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kinerja_projection_checkpoint",
			Help: "Global position of the last event the projection applied."}, []string{"projection"}),
		stopped: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kinerja_projection_stopped",
			Help: "1 when the projection is stopped by an event it cannot handle, else 0."}, []string{"projection"}),
	}
	for _, c := range []prometheus.Collector{m.lag, m.checkpoint, m.stopped} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register projection metrics: %w", err)
		}
	}
	return m, nil
}

// Status returns the status of every monitored projection, in the order
// given to NewMonitor, and updates the gauges.
func (m *Monitor) Status(ctx context.Context) ([]ProjectionStatus, error) {
	head, _, err := m.log.Head(ctx)
	if err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	byName, err := m.read(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ProjectionStatus, 0, len(m.names))
	for _, n := range m.names {
		st, ok := byName[n]
		if !ok {
			st = ProjectionStatus{Name: n, State: "idle"}
		}
		st.Head = head
		if head > st.Checkpoint {
			st.Lag = head - st.Checkpoint
		}
		m.lag.WithLabelValues(n).Set(float64(st.Lag))
		m.checkpoint.WithLabelValues(n).Set(float64(st.Checkpoint))
		m.stopped.WithLabelValues(n).Set(boolGauge(st.State == "stopped"))
		out = append(out, st)
	}
	return out, nil
}

// read returns the stored checkpoints and states by projection name.
func (m *Monitor) read(ctx context.Context) (map[string]ProjectionStatus, error) {
	rows, err := m.pool.Query(ctx, `SELECT n.name, COALESCE(s.state, 'idle'), COALESCE(s.owner, ''), COALESCE(c.position, 0),
			COALESCE(s.failed_position, 0), COALESCE(s.failed_event_id, ''), COALESCE(s.failed_type, ''),
			COALESCE(s.error, ''), COALESCE(s.updated_at, c.updated_at, 'epoch')
		FROM unnest($1::text[]) AS n(name)
		LEFT JOIN projection_status s ON s.name = n.name
		LEFT JOIN projection_checkpoints c ON c.name = n.name`, m.names)
	if err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	defer rows.Close()
	out := map[string]ProjectionStatus{}
	for rows.Next() {
		var s ProjectionStatus
		if err := rows.Scan(&s.Name, &s.State, &s.Owner, &s.Checkpoint, &s.FailedPosition, &s.FailedEventID,
			&s.FailedType, &s.Error, &s.UpdatedAt); err != nil {
			return nil, fmt.Errorf("projection status: %w", err)
		}
		s.UpdatedAt = s.UpdatedAt.UTC()
		out[s.Name] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	return out, nil
}

// Run refreshes the gauges every interval until ctx ends.
func (m *Monitor) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _ = m.Status(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
