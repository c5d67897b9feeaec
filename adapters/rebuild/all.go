package rebuild

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// RebuildAll rebuilds the projections ps in one pass over the log: the log
// is read once, and each page goes to one worker per projection that
// prepares it and writes it to that projection's scratch tables on its own
// connection, all of them at once. Then each projection's tables are
// logged, vacuumed and analysed and swapped in as Rebuild does, all of them
// at once too. The returned
// progress has one entry per projection, in the order of ps; an entry's
// CatchUp is the time its projection took to reach the log's head from the
// start of the pass, its Elapsed the time from the start to its swap.
//
// Reading and decoding the log dominate a rebuild's client side, and a
// projection waits on its own statements: one pass with the projections
// side by side costs the reading and the decoding once, and overlaps one
// projection's statements with another's. The reader stays at most a few
// pages ahead of the slowest projection. If any projection fails while
// catching up, the pass stops, nothing is swapped in and the error names
// that projection. A swap that fails leaves that projection's live tables
// as they were; the others' swaps, each complete in itself, stand.
func RebuildAll(ctx context.Context, pool *pgxpool.Pool, log Log, ps []readside.Projection, cfg Config) ([]Progress, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 5000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if err := distinctNames(ps); err != nil {
		return nil, fmt.Errorf("rebuild: %w", err)
	}
	rbs := make([]*rebuild, 0, len(ps))
	defer func() {
		for _, rb := range rbs {
			rb.close(ctx)
		}
	}()
	for _, p := range ps {
		rb, err := openRebuild(ctx, pool, p)
		if err != nil {
			return nil, err
		}
		rbs = append(rbs, rb)
	}
	progs := make([]Progress, len(ps))
	for i, p := range ps {
		progs[i].Projection = p.Name()
	}
	started := time.Now()
	var mu sync.Mutex // guards progs while the workers run, and serialises cfg.Progress
	report := func(i int, update func(*Progress)) {
		mu.Lock()
		defer mu.Unlock()
		update(&progs[i])
		progs[i].Elapsed = time.Since(started)
		if cfg.Progress != nil {
			cfg.Progress(progs[i])
		}
	}
	if err := catchUpAll(ctx, log, rbs, cfg.BatchSize, report); err != nil {
		return progs, err
	}
	for i := range progs {
		progs[i].CatchUp = progs[i].Elapsed
	}
	// The swaps touch disjoint tables and checkpoint rows, so they run side
	// by side; each writes its tables to the WAL (SET LOGGED) and vacuums
	// them first.
	errs := make([]error, len(rbs))
	var wg sync.WaitGroup
	for i, rb := range rbs {
		wg.Go(func() {
			prog := progs[i] // progs[i] is only read by report, under mu
			if errs[i] = rb.settle(ctx); errs[i] != nil {
				return
			}
			if errs[i] = rb.swap(ctx, log, cfg.BatchSize, &prog); errs[i] != nil {
				return
			}
			prog.Swapped = true
			report(i, func(p *Progress) { *p = prog })
			cfg.Logger.Info("projection rebuilt", "projection", rb.p.Name(), "position", prog.Position,
				"events", prog.Events, "seconds", time.Since(started).Seconds())
		})
	}
	wg.Wait()
	return progs, errors.Join(errs...)
}

// sharedPage is a page of the log as read once for every projection, with
// the head the reader saw after reading it.
type sharedPage struct {
	events []eventlog.Event
	memo   *eventlog.Memo
	head   uint64
}

// catchUpAll reads the log once and applies each page to every rebuild in
// rbs, each on its own goroutines (one preparing the next page while one
// writes the current), until a read comes back short. The first failure
// cancels the rest and is returned.
//
// A failure stops the others between pages rather than in the middle of a
// statement: cancelling a statement would close its connection, and with
// it the rebuild's lock.
func catchUpAll(ctx context.Context, log Log, rbs []*rebuild, batch int, report func(int, func(*Progress))) error {
	write := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	fail := func(err error) { cancel(err) }
	ins := make([]chan sharedPage, len(rbs))
	for i := range ins {
		ins[i] = make(chan sharedPage, 2)
	}
	var wg sync.WaitGroup
	for i, rb := range rbs {
		wg.Go(func() {
			if err := rb.applyPages(ctx, write, ins[i], func(u func(*Progress)) { report(i, u) }); err != nil {
				fail(err)
			}
		})
	}
	readErr := readShared(ctx, log, batch, ins)
	wg.Wait()
	if readErr != nil {
		return readErr
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// readShared reads the log in pages of limit events from position 0 and
// sends each page to every channel of outs, until a page comes back short,
// a read fails or ctx ends; it closes outs when it returns.
func readShared(ctx context.Context, log Log, limit int, outs []chan sharedPage) error {
	defer func() {
		for _, out := range outs {
			close(out)
		}
	}()
	var after uint64
	for ctx.Err() == nil {
		events, err := log.ReadAll(ctx, after, limit)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		if len(events) == 0 {
			return nil
		}
		head, _, err := log.Head(ctx)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		pg := sharedPage{events: events, memo: eventlog.NewMemo(len(events)), head: head}
		for _, out := range outs {
			select {
			case out <- pg:
			case <-ctx.Done():
				return nil
			}
		}
		if len(events) < limit {
			return nil
		}
		after = events[len(events)-1].Position
	}
	return nil
}

// applyPages prepares the pages of in for rb's projection one ahead of
// writing them, and writes them to its scratch tables with write's
// context, until in is closed or ctx ends. The pages are shared with the
// other projections: they are only read.
func (rb *rebuild) applyPages(ctx, write context.Context, in <-chan sharedPage, report func(func(*Progress))) error {
	type prepared struct {
		page readside.Page
		head uint64
	}
	ready := make(chan prepared, 1)
	go func() {
		defer close(ready)
		for sp := range in {
			select {
			case ready <- prepared{page: readside.PrepareSharedPage(rb.p, sp.events, sp.memo), head: sp.head}:
			case <-ctx.Done():
				for range in { // let the reader finish
				}
				return
			}
		}
	}()
	defer func() {
		for range ready {
		}
	}()
	for pr := range ready {
		if ctx.Err() != nil {
			return nil
		}
		pos, err := readside.ApplyPage(write, rb.conn, rb.p, pr.page)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		report(func(p *Progress) {
			p.Position = pos
			p.Events += len(pr.page.Events)
			p.Head = max(pr.head, pos)
		})
	}
	return nil
}
