package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
)

// Pinger checks that the database answers. Ping returns an error when it
// does not (or when ctx ends first).
type Pinger interface {
	Ping(ctx context.Context) error
}

// HeadReader reads the head of the global event log: the position and hash
// of the last committed event (0 and the genesis hash for an empty log).
type HeadReader interface {
	Head(ctx context.Context) (uint64, []byte, error)
}

// Deps are what the server needs from the rest of the system. Logger,
// Database and Events are required; without API the server serves only the
// operational endpoints.
type Deps struct {
	Logger   *slog.Logger
	Database Pinger
	Events   HeadReader
	API      *API
	// Console, if set, builds the web console from the server's own
	// handler, which the console calls in-process for every page; the
	// server hands it "/" and the paths under ConsoleSections.
	Console func(api http.Handler) http.Handler
	// ConsoleSections are the first path segments the console serves.
	ConsoleSections []string
}

func (d Deps) validate() error {
	switch {
	case d.Logger == nil:
		return errors.New("httpapi: Deps.Logger is nil")
	case d.Database == nil:
		return errors.New("httpapi: Deps.Database is nil")
	case d.Events == nil:
		return errors.New("httpapi: Deps.Events is nil")
	}
	if d.API != nil {
		return d.API.validate()
	}
	return nil
}

// API is what the /v1 endpoints need. Service, Auth, Idempotency and Audit
// are required; Location and Now take defaults.
type API struct {
	// Service runs the commands and loads the current state of streams.
	Service *command.Service
	// Audit reads the log for auditors and the inspectorate: streams as of
	// a point, search, and verification of the hash chain.
	Audit AuditLog
	// Auth verifies bearer tokens.
	Auth Authenticator
	// Idempotency keeps the first response of writes with an Idempotency-Key.
	Idempotency IdempotencyStore
	// Location is the instansi's time zone, in which "today" is decided for
	// authorization (who is whose evaluator). Default: Asia/Jakarta.
	Location *time.Location
	// Now is the clock of command times. Default: time.Now.
	Now func() time.Time
	// Importer, if set, serves the CSV import of master data.
	Importer Importer
	// ReadModels, if set, serves the read-model endpoints (standings,
	// promotion candidates, projection status).
	ReadModels *ReadModels
	// Replays, if set, serves the replay endpoints of the inspectorate.
	Replays Replays
	// Access records reads of personal data and serves their search to
	// auditors (GET /v1/audit/access).
	Access AccessLog
	// Live, if set, serves live updates (GET /v1/me/events).
	Live *LiveUpdates
}

func (a *API) validate() error {
	switch {
	case a.Service == nil:
		return errors.New("httpapi: API.Service is nil")
	case a.Access == nil:
		return errors.New("httpapi: API.Access is nil")
	case a.Auth == nil:
		return errors.New("httpapi: API.Auth is nil")
	case a.Idempotency == nil:
		return errors.New("httpapi: API.Idempotency is nil")
	case a.Audit == nil:
		return errors.New("httpapi: API.Audit is nil")
	case a.ReadModels != nil && a.ReadModels.DB == nil:
		return errors.New("httpapi: API.ReadModels.DB is nil")
	case a.Live != nil:
		return a.Live.validate()
	}
	return nil
}

// withDefaults returns a copy of a with defaults filled in, or nil for nil.
func (a *API) withDefaults() *API {
	if a == nil {
		return nil
	}
	c := *a
	if c.Location == nil {
		c.Location = civil.DefaultZone()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Live != nil {
		live := c.Live.withDefaults()
		c.Live = &live
	}
	return &c
}

// now returns the time of a command.
func (s *Server) now() time.Time { return s.api.Now() }
