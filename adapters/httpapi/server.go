// Package httpapi is Kinerja's HTTP interface: a gorilla/mux router with
// request ids, panic recovery, one structured log line and Prometheus
// metrics per request, RFC 9457 problem responses, the operational
// endpoints /healthz, /readyz, /metrics and /openapi.yaml, and the /v1 JSON
// API: one handler per use case, bearer-token authentication, object-level
// authorization, ETag and If-Match, Idempotency-Key, and CSV import of
// master data.
package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
)

// ServerConfig configures a Server. The zero value of each field takes its
// default (see SetDefaults).
type ServerConfig struct {
	// Addr is the host:port the server is meant to listen on.
	Addr string
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of the request headers to
	// the end of the response.
	WriteTimeout time.Duration
	// IdleTimeout bounds how long a keep-alive connection waits for the
	// next request.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the size of the request headers.
	MaxHeaderBytes int
	// ReadyTimeout bounds the checks /readyz runs.
	ReadyTimeout time.Duration
	// ProblemBaseURL is the base of problem type URIs (type = base + slug,
	// such as "validation"): an absolute http(s) URL the deployment owns, or
	// a path of this server; default "/problems/", the pages it serves.
	ProblemBaseURL string
}

// SetDefaults fills every zero field with its default.
func (c *ServerConfig) SetDefaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = 5 * time.Second
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 30 * time.Second
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 60 * time.Second
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 120 * time.Second
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = 64 << 10
	}
	if c.ReadyTimeout == 0 {
		c.ReadyTimeout = 5 * time.Second
	}
	if c.ProblemBaseURL == "" {
		c.ProblemBaseURL = problemBase
	}
}

// Validate reports a configuration that cannot work.
func (c ServerConfig) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("httpapi: address %q: %w", c.Addr, err)
	}
	durations := []struct {
		name string
		d    time.Duration
	}{
		{"ReadHeaderTimeout", c.ReadHeaderTimeout}, {"ReadTimeout", c.ReadTimeout},
		{"WriteTimeout", c.WriteTimeout}, {"IdleTimeout", c.IdleTimeout}, {"ReadyTimeout", c.ReadyTimeout},
	}
	for _, d := range durations {
		if d.d <= 0 {
			return fmt.Errorf("httpapi: %s must be positive, got %s", d.name, d.d)
		}
	}
	if c.MaxHeaderBytes < 1024 {
		return fmt.Errorf("httpapi: MaxHeaderBytes must be at least 1024, got %d", c.MaxHeaderBytes)
	}
	return ValidateProblemBaseURL(c.ProblemBaseURL)
}

// Server is Kinerja's HTTP server.
type Server struct {
	cfg      ServerConfig
	deps     Deps
	api      *API
	registry *prometheus.Registry
	router   *mux.Router
	http     *http.Server
	// verifying holds a token while a verification of the hash chain runs.
	verifying chan struct{}
	// projections, if set (SetProjections), reports the projections' states.
	projections atomic.Pointer[ProjectionMonitor]
	// waits bounds the concurrent min_position waits per caller.
	waits *waitLimiter
	// downloads bounds the concurrent downloads (CSV, XLSX, PDF) per caller.
	downloads *waitLimiter
	// live fans the log out to the live event streams (API.Live), and
	// liveFacts finds what deciding who receives an event needs.
	live      *hub
	liveFacts *liveFactsSource
	// console serves the web console (Deps.Console), built from s.http.Handler.
	console http.Handler
}

// NewServer returns a Server with its routes, middleware, metrics registry
// and timeouts set. It does not listen; call Serve.
func NewServer(cfg ServerConfig, deps Deps) (*Server, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, deps: deps, api: deps.API.withDefaults(), registry: prometheus.NewRegistry(), router: mux.NewRouter(),
		verifying: make(chan struct{}, 1), waits: newWaitLimiter(MaxWaitsPerSubject),
		downloads: newDownloadLimiter(MaxDownloadsPerSubject)}
	m, err := newMetrics(s.registry)
	if err != nil {
		return nil, err
	}
	if s.api != nil && s.api.Live != nil {
		s.liveFacts = newLiveFactsSource(s.api.Service, s.now, func(ctx context.Context, instansi string) (*time.Location, error) {
			if instansi == "" {
				return s.api.Location, nil
			}
			return s.api.Service.InstansiZone(ctx, instansi)
		}, s.api.Location)
		s.live = newHub(*s.api.Live, s.liveFacts, deps.Logger)
		if s.live.metrics, err = newLiveMetrics(s.registry, s.live.openStreams); err != nil {
			return nil, err
		}
	}
	s.routes(m)
	s.http = &http.Server{
		Addr:              cfg.Addr,
		Handler:           withProblemBase(cfg.ProblemBaseURL, withNoSniff(withRequestID(observe(deps.Logger, m, recoverer(deps.Logger, rejectBadText(s.zoned(s.router))))))),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(deps.Logger.Handler(), slog.LevelWarn),
	}
	if deps.Console != nil {
		s.console = deps.Console(s.http.Handler)
	}
	return s, nil
}

// Handler returns the server's complete handler (middleware and router), for
// tests and for embedding.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Registry returns the server's own Prometheus registry, so that other
// components can add their metrics to /metrics.
func (s *Server) Registry() prometheus.Registerer { return s.registry }

// Serve accepts connections on ln until Shutdown or Close. After Shutdown or
// Close it returns http.ErrServerClosed.
func (s *Server) Serve(ln net.Listener) error {
	return s.http.Serve(ln)
}

// Shutdown stops accepting connections, ends the live event streams, and
// waits until in-flight requests finish or ctx ends; in the latter case it
// returns ctx's error and the remaining requests keep running until Close.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopLive()
	return s.http.Shutdown(ctx)
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	s.stopLive()
	return s.http.Close()
}

// stopLive ends the live event streams, if the server serves them.
func (s *Server) stopLive() {
	if s.live != nil {
		s.live.stop()
	}
}
