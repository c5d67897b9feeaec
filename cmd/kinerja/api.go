package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/rebuild"
	usecase "github.com/kinerja/kinerja/domain/command"
)

// newService returns the use-case service over the database's event store.
func newService(db *database, now func() time.Time) (*usecase.Service, error) {
	svc, err := usecase.NewService(usecase.ServiceConfig{Store: db.store, Now: now})
	if err != nil {
		return nil, fmt.Errorf("command service: %w", err)
	}
	return svc, nil
}

// authConfig returns the token settings of cfg.
func authConfig(cfg Config) httpapi.AuthConfig {
	return httpapi.AuthConfig{HS256Secret: []byte(cfg.JWTSecret), JWKSURL: cfg.JWKSURL, Issuer: cfg.JWTIssuer}
}

// newAPI returns what the /v1 API needs, or nil (and a warning) when no
// token verification is configured: without it no request could be authorized.
func newAPI(cfg Config, db *database, logger *slog.Logger) (*httpapi.API, error) {
	if cfg.JWTSecret == "" && cfg.JWKSURL == "" {
		logger.Warn("no KINERJA_JWT_SECRET or KINERJA_JWKS_URL: serving without the /v1 API")
		return nil, nil
	}
	auth, err := httpapi.NewAuthenticator(authConfig(cfg))
	if err != nil {
		return nil, err
	}
	svc, err := newService(db, time.Now)
	if err != nil {
		return nil, err
	}
	replays, err := rebuild.NewReplays(db.pool, db.store, rebuild.ReplaysConfig{Projections: projectionSet(), Logger: logger})
	if err != nil {
		return nil, err
	}
	return &httpapi.API{Service: svc, Auth: auth, Idempotency: httpapi.NewPGIdempotency(db.pool), Audit: db.store,
		ReadModels: &httpapi.ReadModels{DB: db.pool}, Replays: replays}, nil
}
