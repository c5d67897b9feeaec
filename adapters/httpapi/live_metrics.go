package httpapi

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// liveMetrics count what the hub does: streams open, events dispatched,
// and streams dropped for falling behind.
type liveMetrics struct {
	dispatched prometheus.Counter
	dropped    prometheus.Counter
}

// newLiveMetrics creates the hub's metrics and registers them on reg; open
// reports the number of open streams.
func newLiveMetrics(reg prometheus.Registerer, open func() float64) (*liveMetrics, error) {
	m := &liveMetrics{
		dispatched: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "kinerja", Subsystem: "live", Name: "events_dispatched_total",
			Help: "Events of the log the live-updates hub has fanned out to the open streams."}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "kinerja", Subsystem: "live", Name: "streams_dropped_total",
			Help: "Live event streams ended because their client fell behind (or an event could not be scoped); they resume with Last-Event-ID."}),
	}
	streams := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "kinerja", Subsystem: "live", Name: "streams",
		Help: "Open live event streams (GET /v1/me/events)."}, open)
	for _, c := range []prometheus.Collector{m.dispatched, m.dropped, streams} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("httpapi: register live metrics: %w", err)
		}
	}
	return m, nil
}

// openStreams returns the number of open streams.
func (h *hub) openStreams() float64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return float64(len(h.clients))
}
