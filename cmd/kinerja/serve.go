package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/kinerja/kinerja/adapters/httpapi"
)

// runServe migrates the database, opens the event store and serves the HTTP
// API until ctx ends (SIGINT or SIGTERM), then shuts down gracefully.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cf := bindConfig(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, e)
	db, err := openMigrated(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelInfo)
	if err := db.openReads(ctx, cfg); err != nil {
		return err
	}
	ctx, stopPurge := context.WithCancel(ctx)
	defer startIdempotencyPurge(ctx, cfg, db, logger)()
	defer stopPurge()
	access, stopAccess, err := startAccessLog(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	defer stopAccess()
	api, err := newAPI(cfg, db, logger, access)
	if err != nil {
		return err
	}
	deps, err := withConsole(httpapi.Deps{Logger: logger, Database: db.pool, Events: db.store, API: api}, logger)
	if err != nil {
		return err
	}
	srv, err := httpapi.NewServer(httpapi.ServerConfig{Addr: cfg.Addr, ProblemBaseURL: cfg.ProblemBaseURL}, deps)
	if err != nil {
		return fmt.Errorf("http server: %w", err)
	}
	if err := registerAll(srv.Registry(), access.Collectors()); err != nil {
		return err
	}
	stopProjections, err := serveProjections(ctx, cfg, db, logger, srv)
	if err != nil {
		return err
	}
	defer stopProjections()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (KINERJA_ADDR): %w", cfg.Addr, err)
	}
	return serveUntilDone(ctx, e, cfg, logger, srv, ln)
}

// serveUntilDone serves on ln until ctx ends or the server fails, then
// shuts the server down: it stops accepting connections and lets in-flight
// requests finish, for at most cfg.ShutdownTimeout.
func serveUntilDone(ctx context.Context, e *env, cfg Config, logger *slog.Logger, srv *httpapi.Server, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	logger.Info("serving HTTP", "addr", addr)
	if e.listening != nil {
		e.listening(addr)
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve HTTP on %s: %w", addr, err)
	case <-ctx.Done():
	}
	logger.Info("shutdown: signal received; closing the listener and waiting for in-flight requests",
		"timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("shutdown: in-flight requests did not finish in time; closing their connections", "error", err)
		_ = srv.Close()
		return fmt.Errorf("shutdown: in-flight requests still running after %s", cfg.ShutdownTimeout)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve HTTP on %s: %w", addr, err)
	}
	logger.Info("shutdown: HTTP server stopped; all requests finished")
	return nil
}

// helpIsNoError turns the flag package's ErrHelp (the user asked for -h and
// got the flags printed) into success.
func helpIsNoError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
