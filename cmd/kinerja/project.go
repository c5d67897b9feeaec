package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/prometheus/client_golang/prometheus"
)

// statusInterval is how often a process refreshes the projection gauges and
// looks for ownership changes.
const statusInterval = 5 * time.Second

// runProject runs projections as a worker process until ctx ends (SIGINT or
// SIGTERM): each projection runs here while this process holds its
// advisory lock; another process (a worker, or serve with
// KINERJA_PROJECTIONS=on) takes over when this one dies. Usage: kinerja
// project [flags] [NAME...|all].
func runProject(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("project", flag.ContinueOnError)
	cf := bindConfig(fs)
	batch := fs.Int("batch", 2000, "events per message and per transaction")
	if err := parseArgs(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	selected, err := projectionsNamed("project", fs.Args())
	if err != nil {
		return err
	}
	if *batch < 1 {
		return &usageError{err: fmt.Errorf("project: -batch %d < 1", *batch)}
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
	p, err := startProjections(ctx, db, logger, prometheus.NewRegistry(), projectionsConfig{run: true, batch: *batch, set: selected})
	if err != nil {
		return err
	}
	logger.Info("projection worker running; stop it with SIGINT or SIGTERM", "projections", namesOf(selected), "owner", p.owner)
	<-ctx.Done()
	logger.Info("projection worker stopping: finishing the batch in flight and releasing the projections")
	p.stop()
	logger.Info("projection worker stopped")
	return nil
}

// projectionsConfig says what a process does with the projections.
type projectionsConfig struct {
	// run: run the projections here (else only monitor them).
	run bool
	// batch caps the events per message; 0 is eventbus's default.
	batch int
	// set is the projections; nil is every one.
	set []readside.Projection
}

// projections is the projection machinery of a process: the monitor, the
// ownership log and, if running them, the runner.
type projections struct {
	mon   *eventbus.Monitor
	owner string
	stop  func()
}

// startProjections registers the projection gauges with reg, refreshes them
// and logs ownership changes every statusInterval, and with pc.run runs the
// projections; stop ends all of it and waits.
func startProjections(ctx context.Context, db *database, logger *slog.Logger, reg prometheus.Registerer, pc projectionsConfig) (*projections, error) {
	if pc.set == nil {
		pc.set = projectionSet()
	}
	pc.set = db.withLedger(pc.set)
	mon, err := eventbus.NewMonitor(db.pool, db.store, reg, namesOf(pc.set)...)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s:%d", host, os.Getpid())
	var r *eventbus.Runner
	if pc.run {
		if have, need := db.pool.Config().MaxConns, minConnsFor(len(pc.set)); have < need {
			// Fewer hang every request and the projections, with no error.
			// A setting that cannot work: exit code 2, like any bad setting.
			return nil, &usageError{noHint: true, err: fmt.Errorf("DATABASE_URL sets pool_max_conns=%d: running %d projections needs at least %d "+
				"(%d are recommended); raise it, or run fewer projections in this process "+
				"(kinerja project NAME..., KINERJA_PROJECTIONS=off)", have, len(pc.set), need, poolConnsFor(len(pc.set)))}
		}
		cfg := eventbus.RunnerConfig{Subscriber: eventbus.SubscriberConfig{BatchSize: pc.batch}, Owner: owner, Logger: logger, Monitor: mon}
		if r, err = eventbus.NewRunner(db.pool, db.store, cfg, pc.set...); err != nil {
			return nil, fmt.Errorf("projection runner: %w", err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { watchProjections(ctx, mon, logger, statusInterval) })
	if r != nil {
		wg.Go(func() { _ = r.Run(ctx) })
	}
	return &projections{mon: mon, owner: owner, stop: func() { cancel(); wg.Wait() }}, nil
}

// watchProjections refreshes the monitor's gauges every interval and logs
// each change of a projection's owner or state, whichever process made it.
func watchProjections(ctx context.Context, mon *eventbus.Monitor, logger *slog.Logger, interval time.Duration) {
	last := map[string]readside.ProjectionStatus{}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		all, err := mon.Status(ctx)
		if err != nil && ctx.Err() == nil {
			logger.Warn("projection status", "err", err)
		}
		for _, st := range all {
			if prev, ok := last[st.Name]; !ok || prev.Owner != st.Owner || prev.State != st.State {
				logger.Info("projection ownership", "projection", st.Name, "state", st.State, "owner", st.Owner,
					"previous_owner", prev.Owner, "checkpoint", st.Checkpoint, "lag", st.Lag)
			}
			last[st.Name] = st
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// serveProjections starts the projections of a serving process on the
// server's registry and shows them in /readyz and GET /v1/projections; it
// runs them unless cfg.Projections is off.
func serveProjections(ctx context.Context, cfg Config, db *database, logger *slog.Logger, srv *httpapi.Server) (stop func(), err error) {
	p, err := startProjections(ctx, db, logger, srv.Registry(), projectionsConfig{run: cfg.Projections})
	if err != nil {
		return nil, err
	}
	srv.SetProjections(p.mon)
	if !cfg.Projections {
		logger.Info("projections not run in this process (KINERJA_PROJECTIONS=off); run 'kinerja project' workers")
	}
	return p.stop, nil
}
