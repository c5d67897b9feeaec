package rebuild_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// applyLive runs the live projection p over the whole log.
func (e *env) applyLive(t testing.TB, p readside.Projection) {
	t.Helper()
	ctx := testCtx(t, time.Minute)
	for after := uint64(0); ; {
		events, err := e.store.ReadAll(ctx, after, 300)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) == 0 {
			return
		}
		if after, err = readside.ApplyBatch(ctx, e.sc.Pool, p, events); err != nil {
			t.Fatal(err)
		}
	}
}

// liveState is everything a replay must leave alone: the live tables'
// rows, the checkpoints and the list of relations of the live schema.
func (e *env) liveState(t testing.TB, tables []string) string {
	t.Helper()
	return projectiontest.DumpTables(t, e.sc.Pool, append(tables, "projection_checkpoints")) + e.relations(t, e.sc.Name)
}

// relations lists the relations of schema.
func (e *env) relations(t testing.TB, schema string) string {
	t.Helper()
	rows, err := e.sc.Pool.Query(context.Background(), `SELECT c.relname || ' ' || c.relkind::text FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1`, schema)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, "\n")
}

// replay builds p into the test's scratch schema up to until.
func (e *env) replay(t testing.TB, until eventlog.AsOf, ps ...readside.Projection) rebuild.ReplayInfo {
	t.Helper()
	var reports []rebuild.ReplayProgress
	info, err := rebuild.Replay(testCtx(t, time.Minute), e.sc.Pool, e.store, ps, rebuild.ReplayConfig{
		Schema: e.scratch(), Until: until, BatchSize: 97, Logger: testLogger(),
		Progress: func(p rebuild.ReplayProgress) { reports = append(reports, p) }})
	if err != nil {
		t.Fatal(err)
	}
	last := reports[len(reports)-1]
	if !info.Complete || !last.Done || last.Position != info.Position || last.Events != int(info.Position) {
		t.Errorf("replay %+v, last progress %+v: want complete up to its position", info, last)
	}
	return info
}

// scratch is the test's replay schema; it is dropped when the test ends.
func (e *env) scratch() string { return "rp_" + e.sc.Name }

func newReplayEnv(t *testing.T) *env {
	e := newEnv(t)
	t.Cleanup(func() { _ = rebuild.DropReplay(context.Background(), e.sc.Pool, e.scratch()) })
	return e
}

// TestReplayDiff seeds a random world, runs the live projection, replays it
// into a scratch schema (the diff is empty and the live tables untouched),
// corrupts the live read model (the diff reports exactly that), and replays
// up to earlier points (the rows equal the SKPs' states replayed by the
// domain from the same events).
func TestReplayDiff(t *testing.T) {
	e := newReplayEnv(t)
	ctx := testCtx(t, time.Minute)
	p := standings.New()
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 11, Employees: 60, Instansi: 2}))
	e.applyLive(t, p)
	before := e.liveState(t, p.Tables())

	info := e.replay(t, eventlog.AsOf{}, p)
	if info.Position != e.head(t) || info.LiveSchema != e.sc.Name || info.Until != "now" {
		t.Errorf("replay info %+v, want up to the head %d from %s", info, e.head(t), e.sc.Name)
	}
	if after := e.liveState(t, p.Tables()); after != before {
		t.Fatalf("the replay changed the live schema:\n%s", cmp.Diff(before, after))
	}
	rep, err := rebuild.Diff(ctx, e.sc.Pool, e.scratch(), p, rebuild.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Equal || len(rep.Tables) != len(p.Tables()) || rep.LivePosition != info.Position {
		t.Fatalf("diff of a replay up to now: %+v, want equal", rep)
	}

	corruptAndDiff(t, e, p)
	replayEarlier(t, e, p)
}

// corruptAndDiff changes one column of one live standings row, deletes a
// unit and adds a period: the diff names exactly those.
func corruptAndDiff(t *testing.T, e *env, p readside.Projection) {
	ctx := testCtx(t, time.Minute)
	var nip string
	var year int
	var was string
	err := e.sc.Pool.QueryRow(ctx, `UPDATE standings s SET annual_predikat = 'sangat_kurang' FROM (
		SELECT nip, year, annual_predikat FROM standings WHERE annual_predikat NOT IN ('', 'sangat_kurang') ORDER BY nip LIMIT 1) o
		WHERE s.nip = o.nip AND s.year = o.year RETURNING s.nip, s.year, o.annual_predikat`).Scan(&nip, &year, &was)
	if err != nil {
		t.Fatal(err)
	}
	var unitCode string
	if err := e.sc.Pool.QueryRow(ctx, `DELETE FROM standings_units WHERE code = (SELECT min(code) FROM standings_units) RETURNING code`).Scan(&unitCode); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sc.Pool.Exec(ctx, `INSERT INTO standings_periods (instansi, year, windows) VALUES ('ghost', 1999, 4)`); err != nil {
		t.Fatal(err)
	}
	rep, err := rebuild.Diff(ctx, e.sc.Pool, e.scratch(), p, rebuild.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, td := range rep.Tables {
		for _, r := range td.Rows {
			got[td.Table] = append(got[td.Table], describe(t, r))
		}
		if len(td.Rows) != td.OnlyLive+td.OnlyReplay+td.Differing || td.Truncated {
			t.Errorf("table %s: %d rows listed, counts %+v", td.Table, len(td.Rows), td)
		}
	}
	want := map[string][]string{
		"standings":         {`differs {"nip":"` + nip + `","year":` + itoa(year) + `} annual_predikat: live "sangat_kurang", replay "` + was + `"`},
		"standings_units":   {`only_replay {"code":"` + unitCode + `"}`},
		"standings_periods": {`only_live {"instansi":"ghost","year":1999}`},
	}
	if rep.Equal || !cmp.Equal(got, want) {
		t.Errorf("diff after corruption (-want +got):\n%s", cmp.Diff(want, got))
	}
	if rep.Tables[0].Key[0] != "nip" || rep.Tables[0].Key[1] != "year" {
		t.Errorf("standings key %v, want nip, year", rep.Tables[0].Key)
	}

	scoped, err := rebuild.Diff(ctx, e.sc.Pool, e.scratch(), withCheckpoints{standings.New()}, rebuild.DiffOptions{ScopeColumn: "instansi", ScopeValue: "ghost"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string][3]int{}
	for _, td := range scoped.Tables {
		counts[td.Table] = [3]int{td.OnlyLive, td.OnlyReplay, td.Differing}
		if td.Unscoped != (td.Table == "projection_checkpoints") {
			t.Errorf("table %s: unscoped %v", td.Table, td.Unscoped)
		}
	}
	wantCounts := map[string][3]int{"standings": {}, "standings_employees": {}, "standings_units": {}, "standings_periods": {1, 0, 0},
		"standings_changes": {}, "projection_checkpoints": {}}
	if !cmp.Equal(counts, wantCounts) {
		t.Errorf("diff scoped to instansi ghost (-want +got):\n%s", cmp.Diff(wantCounts, counts))
	}
	if scoped.Equal || !cmp.Equal(scoped.NotCompared, []string{"projection_checkpoints"}) {
		t.Errorf("diff scoped with a table it cannot scope: equal %t, not compared %v", scoped.Equal, scoped.NotCompared)
	}
}

// withCheckpoints is standings with the checkpoint table, which has no
// instansi column, among its tables.
type withCheckpoints struct{ *standings.Projection }

func (w withCheckpoints) Tables() []string {
	return append(w.Projection.Tables(), "projection_checkpoints")
}

// describe renders a row difference on one line.
func describe(t *testing.T, r rebuild.RowDiff) string {
	t.Helper()
	key, err := json.Marshal(r.Key)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Kind + " " + string(key)
	for i, c := range r.Columns {
		sep := " "
		if i > 0 {
			sep = "; "
		}
		s += sep + c.Column + ": live " + string(c.Live) + ", replay " + string(c.Replay)
	}
	return s
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// replayEarlier replays up to the event before an annual rating, up to it,
// and up to the time of an event in the middle of the log: every SKP row
// has the status and annual predikat that the domain replays from the same
// events, and the rated SKP was not rated yet one event earlier.
func replayEarlier(t *testing.T, e *env, p readside.Projection) {
	ctx := testCtx(t, time.Minute)
	all, err := e.store.ReadAll(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var rated eventlog.Event
	for _, ev := range all {
		if ev.Type == skp.TypeAnnualRatingsGiven {
			rated = ev
			break
		}
	}
	if rated.Position == 0 {
		t.Fatal("the world has no annual rating")
	}
	mid := all[len(all)/2]
	for _, until := range []eventlog.AsOf{{Position: rated.Position - 1}, {Position: rated.Position}, {Time: mid.RecordedAt}} {
		before := e.liveState(t, p.Tables())
		info := e.replay(t, until, p)
		if after := e.liveState(t, p.Tables()); after != before {
			t.Fatalf("replay until %s changed the live schema", until)
		}
		if until.Position != 0 && info.Position != until.Position || !until.Time.IsZero() && all[info.Position-1].RecordedAt.After(until.Time) {
			t.Errorf("replay until %s resolved to %d", until, info.Position)
		}
		want := byHand(t, all[:info.Position])
		if len(want) == 0 {
			t.Fatalf("no SKP by position %d", info.Position)
		}
		got := replayedSKPs(t, e)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("replay until %s (position %d) (-by hand +replayed):\n%s", until, info.Position, diff)
		}
		k := strings.TrimPrefix(rated.Stream, "skp-")
		if wantRated := info.Position >= rated.Position; (got[k].Annual != "") != wantRated {
			t.Errorf("replay up to %d: %s annual predikat %q; rated at %d", info.Position, k, got[k].Annual, rated.Position)
		}
	}
}

// skpRow is what a standings row says of its SKP.
type skpRow struct{ Status, Annual string }

// byHand replays every SKP stream in events with the domain.
func byHand(t *testing.T, events []eventlog.Event) map[string]skpRow {
	t.Helper()
	streams := map[string][]eventlog.Event{}
	for _, ev := range events {
		if strings.HasPrefix(ev.Stream, "skp-") {
			streams[ev.Stream] = append(streams[ev.Stream], ev)
		}
	}
	out := map[string]skpRow{}
	for stream, evs := range streams {
		s, err := skp.Replay(evs)
		if err != nil {
			t.Fatal(err)
		}
		r := skpRow{Status: string(s.Status())}
		if a, ok := s.AnnualRatings(); ok {
			r.Annual = string(a.Predikat)
		}
		out[strings.TrimPrefix(stream, "skp-")] = r
	}
	return out
}

// replayedSKPs reads the SKP rows of the replayed standings.
func replayedSKPs(t *testing.T, e *env) map[string]skpRow {
	t.Helper()
	out := map[string]skpRow{}
	err := rebuild.ReadReplay(context.Background(), e.sc.Pool, e.scratch(), func(tx pgx.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT nip || '-' || year, skp_status, annual_predikat FROM standings WHERE skp_status <> 'none'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var r skpRow
			if err := rows.Scan(&k, &r.Status, &r.Annual); err != nil {
				return err
			}
			out[k] = r
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// forgetful is standings that does not list one of the tables it writes.
type forgetful struct{ *standings.Projection }

func (forgetful) Tables() []string {
	return []string{"standings", "standings_employees", "standings_periods"}
}

// TestReplayNeverWritesLiveTables checks the guards: names that are not
// identifiers, the live schema, an existing schema that is not a replay,
// and a projection that writes a table it does not list (its writes fail
// instead of reaching the live table).
func TestReplayNeverWritesLiveTables(t *testing.T) {
	e := newReplayEnv(t)
	ctx := testCtx(t, time.Minute)
	p := standings.New()
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 5, Employees: 10}))
	other := "other_" + e.sc.Name
	if _, err := e.sc.Pool.Exec(ctx, `CREATE SCHEMA `+other+`; CREATE TABLE `+other+`.keep (x int)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = e.sc.Pool.Exec(context.Background(), `DROP SCHEMA `+other+` CASCADE`) })
	before := e.liveState(t, p.Tables())
	for _, schema := range []string{e.sc.Name, "Bad", "x;drop", "pg_x", "public", "", other, strings.Repeat("a", 64)} {
		_, err := rebuild.Replay(ctx, e.sc.Pool, e.store, []readside.Projection{p}, rebuild.ReplayConfig{Schema: schema, Logger: testLogger()})
		if !errors.Is(err, rebuild.ErrUnsafeSchema) {
			t.Errorf("replay into %q: %v, want ErrUnsafeSchema", schema, err)
		}
	}
	if err := rebuild.DropReplay(ctx, e.sc.Pool, other); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("drop %s: %v, want ErrNotReplay", other, err)
	}
	if err := rebuild.DropReplay(ctx, e.sc.Pool, e.sc.Name); !errors.Is(err, rebuild.ErrUnsafeSchema) {
		t.Errorf("drop the live schema: %v, want ErrUnsafeSchema", err)
	}
	if e.relations(t, other) != "keep r" {
		t.Errorf("schema %s was changed: %q", other, e.relations(t, other))
	}

	info, err := rebuild.Replay(ctx, e.sc.Pool, e.store, []readside.Projection{forgetful{p}}, rebuild.ReplayConfig{Schema: e.scratch(), Logger: testLogger()})
	if err == nil || !strings.Contains(err.Error(), "standings_units") {
		t.Errorf("replay of a projection writing an unlisted table: %v, want a failure naming standings_units", err)
	}
	if info.Complete {
		t.Errorf("failed replay marked complete: %+v", info)
	}
	if err := rebuild.ReadReplay(ctx, e.sc.Pool, e.scratch(), func(pgx.Tx) error { return nil }); !errors.Is(err, rebuild.ErrReplayIncomplete) {
		t.Errorf("read a failed replay: %v, want ErrReplayIncomplete", err)
	}
	if after := e.liveState(t, p.Tables()); after != before {
		t.Fatalf("the refused and failed replays changed the live schema:\n%s", cmp.Diff(before, after))
	}
	e.replay(t, eventlog.AsOf{Position: 3}, p) // replaces the failed replay
}

// TestReplayLifecycle lists, locks and drops replays.
func TestReplayLifecycle(t *testing.T) {
	e := newReplayEnv(t)
	ctx := testCtx(t, time.Minute)
	p := standings.New()
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 6, Employees: 5}))
	info := e.replay(t, eventlog.AsOf{Position: 10}, p)
	list, err := rebuild.ListReplays(ctx, e.sc.Pool)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Schema != e.scratch() || list[0].Position != 10 || list[0].Until != "10" {
		t.Errorf("list %+v, want the one replay %+v", list, info)
	}
	if _, err := rebuild.Diff(ctx, e.sc.Pool, e.scratch(), forgetfulNamed{p}, rebuild.DiffOptions{}); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("diff of a projection the replay lacks: %v, want ErrNotReplay", err)
	} else if want := fmt.Sprintf("diff: the replay in %s holds no %s (it holds %s)", e.scratch(), forgetfulNamed{p}.Name(), p.Name()); err.Error() != want {
		// The CLI prints it and the API answers it as the 404's detail:
		// it read "diff: no replay in that schema of X in S (it holds Y)".
		t.Errorf("diff of a projection the replay lacks: %q, want %q", err, want)
	}

	hold, err := e.sc.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Release()
	if _, err := hold.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended('kinerja.replay.' || $1, 0))`, e.scratch()); err != nil {
		t.Fatal(err)
	}
	if err := rebuild.DropReplay(ctx, e.sc.Pool, e.scratch()); !errors.Is(err, rebuild.ErrReplayBusy) {
		t.Errorf("drop while a replay runs: %v, want ErrReplayBusy", err)
	}
	if _, err := hold.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended('kinerja.replay.' || $1, 0))`, e.scratch()); err != nil {
		t.Fatal(err)
	}
	if err := rebuild.DropReplay(ctx, e.sc.Pool, e.scratch()); err != nil {
		t.Fatal(err)
	}
	if _, err := rebuild.ReplayInfoOf(ctx, e.sc.Pool, e.scratch()); !errors.Is(err, rebuild.ErrNotReplay) {
		t.Errorf("info after drop: %v, want ErrNotReplay", err)
	}
}

// forgetfulNamed is a projection of another name.
type forgetfulNamed struct{ *standings.Projection }

func (forgetfulNamed) Name() string { return "other" }

// TestReplaysBoundsABuild checks that a build over its time limit fails
// with ErrReplayTooLong and leaves no schema, and that unknown projections
// are refused before anything is built.
func TestReplaysBoundsABuild(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 8, Employees: 30}))
	r, err := rebuild.NewReplays(e.sc.Pool, e.store, rebuild.ReplaysConfig{Projections: []readside.Projection{standings.New()},
		Timeout: time.Millisecond, BatchSize: 1, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "a"}, eventlog.AsOf{}, nil); !errors.Is(err, rebuild.ErrReplayTooLong) {
		t.Errorf("build over its limit: %v, want ErrReplayTooLong", err)
	}
	if _, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "a"}, eventlog.AsOf{}, []string{"standings", "nope"}); !errors.Is(err, rebuild.ErrUnknownProjection) {
		t.Errorf("build of an unknown projection: %v, want ErrUnknownProjection", err)
	}
	if list, err := rebuild.ListReplays(ctx, e.sc.Pool); err != nil || len(list) != 0 {
		t.Errorf("replays left: %+v, %v", list, err)
	}
	if _, err := rebuild.NewReplays(e.sc.Pool, e.store, rebuild.ReplaysConfig{}); err == nil {
		t.Error("NewReplays without projections accepted")
	}
}
