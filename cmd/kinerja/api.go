package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/pgstore"
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
func authConfig(cfg Config) auth.Config {
	return auth.Config{HS256Secret: []byte(cfg.JWTSecret), JWKSURL: cfg.JWKSURL, Issuer: cfg.JWTIssuer,
		Audience: cfg.JWTAudience, MaxTTL: cfg.JWTMaxTTL}
}

// verifierAuth is the API's Authenticator: the token verifier of package auth.
type verifierAuth struct{ v *auth.Verifier }

// Authenticate verifies the bearer token in header.
func (a verifierAuth) Authenticate(ctx context.Context, header string) (httpapi.Principal, error) {
	p, err := a.v.Authenticate(ctx, header)
	return httpapi.Principal(p), err
}

// idempotencyStore is the API's IdempotencyStore: the table next to the event store.
type idempotencyStore struct{ s *pgstore.IdempotencyStore }

// Reserve reserves (actor, key) for the request with hash.
func (i idempotencyStore) Reserve(ctx context.Context, actor, key string, hash []byte, path string) (httpapi.Reservation, error) {
	r, err := i.s.Reserve(ctx, actor, key, hash, path)
	return httpapi.Reservation{Owned: r.Owned, Pending: r.Pending, Stored: httpapi.StoredResponse(r.Stored), Path: r.Path}, err
}

// Complete stores the response of the owned reservation.
func (i idempotencyStore) Complete(ctx context.Context, actor, key string, resp httpapi.StoredResponse) error {
	return i.s.Complete(ctx, actor, key, pgstore.StoredResponse(resp))
}

// Release frees the owned reservation of a refused request.
func (i idempotencyStore) Release(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Release(ctx, actor, key, hash)
}

// Abandon ends the lease of the owned reservation of a failed request.
func (i idempotencyStore) Abandon(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Abandon(ctx, actor, key, hash)
}

// newAPI returns what the /v1 API needs, recording reads in access, or nil (and a warning) when no
// token verification is configured: without it no request could be authorized.
func newAPI(cfg Config, db *database, logger *slog.Logger, access httpapi.AccessLog) (*httpapi.API, error) {
	if cfg.JWTSecret == "" && cfg.JWKSURL == "" {
		logger.Warn("no KINERJA_JWT_SECRET or KINERJA_JWKS_URL: serving without the /v1 API")
		return nil, nil
	}
	verifier, err := auth.NewVerifier(authConfig(cfg))
	if err != nil {
		return nil, err
	}
	svc, err := newService(db, time.Now)
	if err != nil {
		return nil, err
	}
	im, err := csvimport.New(csvimport.Config{Service: svc, RowFault: httpapi.RowFault})
	if err != nil {
		return nil, err
	}
	replays, err := rebuild.NewReplays(db.pool, db.store, rebuild.ReplaysConfig{Projections: projectionSet(),
		MaxPerInstansi: cfg.ReplaysPerInstansi, Logger: logger})
	if err != nil {
		return nil, err
	}
	return &httpapi.API{Service: svc, Auth: verifierAuth{verifier}, Importer: im, Audit: db.store,
		Idempotency: idempotencyStore{newIdempotencyStore(cfg, db)},
		ReadModels:  &httpapi.ReadModels{DB: db.readPool()}, Replays: replays, Access: access,
		Live: &httpapi.LiveUpdates{Log: db.store}}, nil
}
