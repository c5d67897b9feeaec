package rebuild_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// ownedReplays returns Replays of standings capped at most in all and
// perInstansi for one instansi; their replays are dropped when the test
// ends.
func ownedReplays(t *testing.T, e *env, most, perInstansi int) *rebuild.Replays {
	t.Helper()
	return replaysOf(t, e, rebuild.ReplaysConfig{Projections: []readside.Projection{standings.New()},
		MaxReplays: most, MaxPerInstansi: perInstansi})
}

// replaysOf returns Replays configured by cfg (with the test logger); their
// replays are dropped when the test ends.
func replaysOf(t *testing.T, e *env, cfg rebuild.ReplaysConfig) *rebuild.Replays {
	t.Helper()
	cfg.Logger = testLogger()
	r, err := rebuild.NewReplays(e.sc.Pool, e.store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		list, _ := rebuild.ListReplays(context.Background(), e.sc.Pool)
		for _, info := range list {
			_ = rebuild.DropReplay(context.Background(), e.sc.Pool, info.Schema)
		}
	})
	return r
}

// TestReplaysBelongToAnInstansi checks the owner recorded with a replay,
// that every method sees only the caller's instansi's replays, and the
// quota per instansi, which another instansi's replays do not fill.
func TestReplaysBelongToAnInstansi(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 5, Employees: 6}))
	r := ownedReplays(t, e, 3, 2)
	a, b := rebuild.ReplayOwner{Instansi: "I00", BuiltBy: "insp-a"}, rebuild.ReplayOwner{Instansi: "I01", BuiltBy: "insp-b"}
	build := func(o rebuild.ReplayOwner) (rebuild.ReplayInfo, error) { return r.Build(ctx, o, eventlog.AsOf{}, nil) }

	a1, err := build(a)
	if err != nil || a1.ReplayOwner != a {
		t.Fatalf("build for %s: %+v, %v", a.Instansi, a1, err)
	}
	if got, err := rebuild.ReplayInfoOf(ctx, e.sc.Pool, a1.Schema); err != nil || got.ReplayOwner != a {
		t.Errorf("stored owner %+v, %v; want %+v", got.ReplayOwner, err, a)
	}
	if _, err := build(a); err != nil {
		t.Fatal(err)
	}
	if _, err := build(a); !errors.Is(err, rebuild.ErrTooManyReplays) {
		t.Errorf("third replay of %s: %v, want ErrTooManyReplays", a.Instansi, err)
	}
	if _, err := build(b); err != nil {
		t.Errorf("first replay of %s: %v", b.Instansi, err)
	}
	if _, err := build(b); err != nil {
		t.Errorf("second replay of %s, %s keeping its most: %v", b.Instansi, a.Instansi, err)
	}
	if _, err := build(rebuild.ReplayOwner{}); !errors.Is(err, rebuild.ErrNoOwner) {
		t.Errorf("replay without an owner: %v, want ErrNoOwner", err)
	}

	for instansi, want := range map[string]int{"I00": 2, "I01": 2, "": 0, "I02": 0} {
		if list, err := r.List(ctx, instansi); err != nil || len(list) != want {
			t.Errorf("list of %q: %d replays, %v; want %d", instansi, len(list), err, want)
		}
	}
	if _, err := r.Info(ctx, "I01", a1.Schema); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("info of another instansi's replay: %v, want ErrNotReplay", err)
	}
	read := false
	if err := r.Read(ctx, "I01", a1.Schema, func(pgx.Tx) error { read = true; return nil }); !errors.Is(err, rebuild.ErrNotReplay) || read {
		t.Errorf("read of another instansi's replay: %v (ran %t), want ErrNotReplay", err, read)
	}
	if _, err := r.Diff(ctx, "I01", a1.Schema, standings.Name, rebuild.DiffOptions{}); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("diff of another instansi's replay: %v, want ErrNotReplay", err)
	}
	if err := r.Drop(ctx, "I01", a1.Schema); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("drop of another instansi's replay: %v, want ErrNotReplay", err)
	}
	if _, err := r.Info(ctx, "I00", a1.Schema); err != nil {
		t.Errorf("the replay is gone after another instansi's drop: %v", err)
	}
	if err := r.Drop(ctx, "I00", a1.Schema); err != nil {
		t.Errorf("drop of the own replay: %v", err)
	}
}

// TestReplaysDiffOnlyTheOwnersRows corrupts a live standings row of each of
// two instansi: the diff of one instansi's replay shows its row only,
// whatever scope the caller asks for.
func TestReplaysDiffOnlyTheOwnersRows(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 6, Employees: 8}))
	e.applyLive(t, standings.New())
	r := ownedReplays(t, e, 3, 2)
	info, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "I00"}, eventlog.AsOf{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := e.sc.Pool.Exec(ctx, `UPDATE standings SET skp_status = 'corrupt'
		WHERE nip IN (SELECT min(nip) FROM standings GROUP BY instansi)`)
	if err != nil || tag.RowsAffected() != 2 {
		t.Fatalf("corrupt one row per instansi: %v, %v", tag, err)
	}
	for _, opts := range []rebuild.DiffOptions{{}, {ScopeColumn: "instansi", ScopeValue: "I01"}, {ScopeColumn: "nip", ScopeValue: "x"}} {
		rep, err := r.Diff(ctx, "I00", info.Schema, standings.Name, opts)
		if err != nil {
			t.Fatal(err)
		}
		var rows int
		for _, td := range rep.Tables {
			rows += td.OnlyLive + td.OnlyReplay + td.Differing
			for _, d := range td.Rows {
				if td.Table == standings.Name && d.Kind == rebuild.Differs {
					if ins := instansiOf(t, e, d.Key["nip"]); ins != "I00" {
						t.Errorf("diff of I00 shows a row of %s", ins)
					}
				}
			}
		}
		if rows != 1 {
			t.Errorf("diff of I00 with %+v: %d differing rows, want 1: %+v", opts, rows, rep)
		}
	}
}

// instansiOf returns the instansi of the live standings row of the NIP
// given as JSON.
func instansiOf(t *testing.T, e *env, nip []byte) string {
	t.Helper()
	var ins string
	if err := e.sc.Pool.QueryRow(context.Background(), `SELECT instansi FROM standings WHERE nip = $1::jsonb #>> '{}' LIMIT 1`,
		string(nip)).Scan(&ins); err != nil {
		t.Fatal(err)
	}
	return ins
}

// TestReplayOfAnOlderBuildHasNoOwner reads a replay whose replay_info was
// made before owners were recorded: it is described, belongs to no
// instansi, and no instansi sees it.
func TestReplayOfAnOlderBuildHasNoOwner(t *testing.T) {
	e := newReplayEnv(t)
	ctx := testCtx(t, time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 7, Employees: 3}))
	e.replay(t, eventlog.AsOf{}, standings.New())
	if _, err := e.sc.Pool.Exec(ctx, `ALTER TABLE `+pgx.Identifier{e.scratch(), "replay_info"}.Sanitize()+
		` DROP COLUMN instansi, DROP COLUMN built_by`); err != nil {
		t.Fatal(err)
	}
	info, err := rebuild.ReplayInfoOf(ctx, e.sc.Pool, e.scratch())
	if err != nil || !info.Complete || info.ReplayOwner != (rebuild.ReplayOwner{}) {
		t.Fatalf("older replay: %+v, %v", info, err)
	}
	r := ownedReplays(t, e, 3, 2)
	for _, instansi := range []string{"", "I00"} {
		if _, err := r.Info(ctx, instansi, e.scratch()); !errors.Is(err, rebuild.ErrNotReplay) {
			t.Errorf("instansi %q sees the older replay: %v", instansi, err)
		}
	}
}

// TestReplayQuotaIsTheInstansisOwn checks that only an instansi's own
// replays that have not expired count against its quota: replays built
// from the command line and those of other instansi never refuse it, the
// refusal names only its own count, and an expired replay is no longer
// found, is dropped by the next listing and frees its place. Replays built
// from the command line never expire.
func TestReplayQuotaIsTheInstansisOwn(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 9, Employees: 4}))
	r := ownedReplays(t, e, 2, 2)
	for _, schema := range []string{"rp_cli1_" + e.sc.Name, "rp_cli2_" + e.sc.Name} {
		if _, err := rebuild.Replay(ctx, e.sc.Pool, e.store, []readside.Projection{standings.New()},
			rebuild.ReplayConfig{Schema: schema, Logger: testLogger()}); err != nil {
			t.Fatal(err)
		}
	}
	a, b := rebuild.ReplayOwner{Instansi: "I00"}, rebuild.ReplayOwner{Instansi: "I01"}
	var a1 rebuild.ReplayInfo
	for i, o := range []rebuild.ReplayOwner{a, a, b, b} {
		info, err := r.Build(ctx, o, eventlog.AsOf{}, nil)
		if err != nil {
			t.Fatalf("replay %d of %s beside the command line's and the other instansi's: %v", i, o.Instansi, err)
		}
		if info.ExpiresAt == nil || !info.ExpiresAt.Equal(info.StartedAt.Add(rebuild.DefaultReplayTTL)) {
			t.Errorf("replay of %s expires at %v, started at %s", o.Instansi, info.ExpiresAt, info.StartedAt)
		}
		if i == 0 {
			a1 = info
		}
	}
	_, err := r.Build(ctx, a, eventlog.AsOf{}, nil)
	if !errors.Is(err, rebuild.ErrTooManyReplays) || !strings.Contains(err.Error(), "your instansi keeps 2, at most 2") ||
		strings.Contains(err.Error(), "all instansi") || strings.Contains(err.Error(), "other") {
		t.Errorf("third replay of %s: %v, want ErrTooManyReplays naming its own count only", a.Instansi, err)
	}

	for _, schema := range []string{a1.Schema, "rp_cli1_" + e.sc.Name} {
		if _, err := e.sc.Pool.Exec(ctx, `UPDATE `+pgx.Identifier{schema, "replay_info"}.Sanitize()+
			` SET started_at = started_at - $1::interval`, (rebuild.DefaultReplayTTL + time.Minute).String()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Info(ctx, a.Instansi, a1.Schema); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("info of an expired replay: %v, want ErrNotReplay", err)
	}
	if list, err := r.List(ctx, a.Instansi); err != nil || len(list) != 1 {
		t.Errorf("list of %s after one expired: %+v, %v; want 1", a.Instansi, list, err)
	}
	all, err := rebuild.ListReplays(ctx, e.sc.Pool)
	if err != nil {
		t.Fatal(err)
	}
	var schemas []string
	for _, info := range all {
		schemas = append(schemas, info.Schema)
	}
	if slices.Contains(schemas, a1.Schema) || !slices.Contains(schemas, "rp_cli1_"+e.sc.Name) || len(schemas) != 5 {
		t.Errorf("replays kept after the expiry: %v; want the expired one dropped, the command line's kept", schemas)
	}
	if _, err := r.Build(ctx, a, eventlog.AsOf{}, nil); err != nil {
		t.Errorf("replay of %s in the place of the expired one: %v", a.Instansi, err)
	}
}

// blocking is a projection whose Apply signals entered and then waits
// for release, so that a build is in progress for as long as a test needs.
type blocking struct {
	entered chan struct{}
	release chan struct{}
}

func (blocking) Name() string     { return "blocking" }
func (blocking) Tables() []string { return []string{"blocking_rows"} }
func (b blocking) Apply(ctx context.Context, _ pgx.Tx, _ []eventlog.Event) error {
	select {
	case b.entered <- struct{}{}:
	default:
	}
	select {
	case <-b.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestASecondBuildWhileOneRunsIsBusy: while one replay was being built,
// another instansi's build was refused with "another replay of that
// schema is running", though it named no schema: it is ErrBuildBusy, which
// says to try again when the running build is done.
func TestASecondBuildWhileOneRunsIsBusy(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	if _, err := e.sc.Pool.Exec(ctx, `CREATE TABLE blocking_rows (x int)`); err != nil {
		t.Fatal(err)
	}
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 5, Employees: 2}))
	b := blocking{entered: make(chan struct{}, 1), release: make(chan struct{})}
	r := replaysOf(t, e, rebuild.ReplaysConfig{Projections: []readside.Projection{b}})
	first := make(chan error, 1)
	go func() {
		_, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "I00", BuiltBy: "a"}, eventlog.AsOf{}, nil)
		first <- err
	}()
	select {
	case <-b.entered:
	case err := <-first:
		t.Fatalf("the first build ended before applying: %v", err)
	}
	_, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "I01", BuiltBy: "b"}, eventlog.AsOf{}, nil)
	if !errors.Is(err, rebuild.ErrBuildBusy) || !strings.Contains(err.Error(), "try again") {
		t.Errorf("a build while another runs: %v, want ErrBuildBusy", err)
	}
	close(b.release)
	if err := <-first; err != nil {
		t.Fatalf("first build: %v", err)
	}
}
