package eventbus

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/prometheus/client_golang/prometheus"
)

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
			Help: "1 when the projection is stopped by an event it cannot handle, or its checkpoint is past the log's head, else 0."}, []string{"projection"}),
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
func (m *Monitor) Status(ctx context.Context) ([]readside.ProjectionStatus, error) {
	head, _, err := m.log.Head(ctx)
	if err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	byName, err := readside.ReadStatus(ctx, m.pool, m.names)
	if err != nil {
		return nil, err
	}
	held, err := heldLocks(ctx, m.pool, m.names)
	if err != nil {
		return nil, err
	}
	out := make([]readside.ProjectionStatus, 0, len(m.names))
	for _, n := range m.names {
		st, ok := byName[n]
		if !ok {
			st = readside.ProjectionStatus{Name: n, State: "idle"}
		}
		// The row says who ran it last; only a held lock says someone
		// runs it now (its owner stopped or died otherwise).
		if st.State == "running" && !held[n] {
			st.State, st.Owner = "idle", ""
		}
		st.Head = head
		switch {
		case head > st.Checkpoint:
			st.Lag = head - st.Checkpoint
		case st.Checkpoint > head:
			// The log lost events the projection had applied (truncated,
			// or restored from an older backup): the projection would skip
			// the events appended at positions it thinks it has seen.
			st.State = readside.StateAheadOfLog
			st.Error = fmt.Sprintf("checkpoint %d is past the log's head %d: the log lost events the read model holds; "+
				"check the chain (kinerja audit verify --anchor) and rebuild the projection", st.Checkpoint, head)
		}
		m.lag.WithLabelValues(n).Set(float64(st.Lag))
		m.checkpoint.WithLabelValues(n).Set(float64(st.Checkpoint))
		m.stopped.WithLabelValues(n).Set(boolGauge(st.State == "stopped" || st.State == readside.StateAheadOfLog))
		out = append(out, st)
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
