package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// testReplays returns the replays of the test's schema; they are dropped
// when the test ends.
func testReplays(t testing.TB, pool *pgxpool.Pool, st rebuild.ReplayLog) *rebuild.Replays {
	t.Helper()
	r, err := rebuild.NewReplays(pool, st, rebuild.ReplaysConfig{
		Projections: []readside.Projection{standings.New(), promotion.New()}, MaxReplays: 3,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		list, _ := rebuild.ListReplays(ctx, pool)
		for _, info := range list {
			_ = rebuild.DropReplay(ctx, pool, info.Schema)
		}
	})
	return r
}

// liveReadModels rebuilds the live standings and promotion tables up to the
// head, as the running projections would have them.
func liveReadModels(t *testing.T, a *apiServer) {
	t.Helper()
	for _, p := range []readside.Projection{standings.New(), promotion.New()} {
		if _, err := rebuild.Rebuild(context.Background(), a.sc.Pool, a.store, p, rebuild.Config{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
			t.Fatal(err)
		}
	}
}

// liveStandings returns every live standings row as text.
func liveStandings(t *testing.T, a *apiServer) string {
	t.Helper()
	var s string
	err := a.sc.Pool.QueryRow(context.Background(), `SELECT COALESCE(string_agg(t::text, E'\n' ORDER BY t::text), '') FROM standings t`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// replayedRow finds pegawai's 2025 row in a page of replayed standings.
func replayedRow(t *testing.T, p replayedStandingsPage) standings.Standing {
	t.Helper()
	for _, s := range p.Items {
		if s.NIP == pegawai && s.Year == 2025 {
			return s
		}
	}
	t.Fatalf("no row of %s in %+v", pegawai, p.Items)
	return standings.Standing{}
}

// TestReplaysOverHTTP replays the standings as they were after the Q1
// rating (rated for Q1, no annual predikat yet: as computed by hand) and
// as they are now, queries them, diffs them against live (the old replay
// differs in the annual ratings, the new one not at all, then exactly in a
// corrupted column), lists, caps and drops them; live tables stay as they
// were.
func TestReplaysOverHTTP(t *testing.T) {
	a, tk, pos := ratedYear(t)
	liveReadModels(t, a)
	before := liveStandings(t, a)

	var old rebuild.ReplayInfo
	r := a.send(t, "POST", "/v1/replays", tk.inspektorat, map[string]any{"until": u(pos["rate Q1"]), "projections": []string{"standings"}}).
		must(t, 201, "replay up to the Q1 rating")
	r.json(t, &old)
	if !old.Complete || old.Position != pos["rate Q1"] || r.header.Get("Location") != "/v1/replays/"+old.Schema || old.Projections[0] != "standings" {
		t.Fatalf("replay %+v, Location %s", old, r.header.Get("Location"))
	}
	if after := liveStandings(t, a); after != before {
		t.Fatal("the replay changed the live standings")
	}
	var page replayedStandingsPage
	r = a.send(t, "GET", "/v1/replays/"+old.Schema+"/standings?year=2025", tk.inspektorat, nil).must(t, 200, "replayed standings")
	r.json(t, &page)
	row := replayedRow(t, page)
	if row.SKPStatus != "approved" || row.PeriodicPredikat != "baik" || row.AnnualPredikat != "" || row.Objection != "" ||
		row.LastPosition != pos["rate Q1"] || page.Replay.Schema != old.Schema || r.header.Get("X-Replay-Position") != u(pos["rate Q1"]) {
		t.Errorf("replayed row after Q1: %+v (replay %+v)", row, page.Replay)
	}

	var rep rebuild.DiffReport
	a.send(t, "GET", "/v1/replays/"+old.Schema+"/diff?projection=standings", tk.inspektorat, nil).must(t, 200, "diff").json(t, &rep)
	if rep.Equal || rep.Tables[0].Differing != 1 || rep.Tables[0].Rows[0].Kind != rebuild.Differs {
		t.Fatalf("diff of the Q1 replay: %+v", rep)
	}
	cols := map[string]string{}
	for _, c := range rep.Tables[0].Rows[0].Columns {
		cols[c.Column] = string(c.Live) + " / " + string(c.Replay)
	}
	if cols["annual_predikat"] != `"sangat_baik" / ""` || cols["objection"] != `"ratings_changed" / ""` || cols["skp_status"] != "" {
		t.Errorf("differing columns of pegawai's row: %v", cols)
	}

	now := replayNow(t, a, tk.inspektorat)
	a.send(t, "GET", "/v1/replays/"+now.Schema+"/diff?projection=standings", tk.inspektorat, nil).must(t, 200, "diff").json(t, &rep)
	if !rep.Equal {
		t.Fatalf("diff of a replay up to now: %+v", rep)
	}
	if _, err := a.sc.Pool.Exec(context.Background(), `UPDATE standings SET annual_predikat = 'kurang' WHERE nip = $1`, pegawai); err != nil {
		t.Fatal(err)
	}
	a.send(t, "GET", "/v1/replays/"+now.Schema+"/diff?projection=standings", tk.auditor, nil).must(t, 200, "diff").json(t, &rep)
	got := rep.Tables[0]
	if rep.Equal || got.Differing+got.OnlyLive+got.OnlyReplay != 1 || len(got.Rows[0].Columns) != 1 ||
		fmt.Sprint(got.Rows[0].Columns[0]) != fmt.Sprint(rebuild.ColumnDiff{Column: "annual_predikat", Live: json.RawMessage(`"kurang"`), Replay: json.RawMessage(`"sangat_baik"`)}) ||
		string(got.Rows[0].Key["nip"]) != `"`+pegawai+`"` {
		t.Fatalf("diff after corrupting the live row: %+v", got)
	}
	csv := parseCSV(t, a.send(t, "GET", "/v1/replays/"+now.Schema+"/diff?projection=standings", tk.auditor, nil, "Accept", "text/csv").must(t, 200, "CSV").body)
	if len(csv) != 2 || csv[1][0] != "standings" || csv[1][2] != `nip="`+pegawai+`" year=2025` || csv[1][3] != "annual_predikat" {
		t.Errorf("diff as CSV: %q", csv)
	}

	replayNow(t, a, tk.inspektorat)
	p := a.denied(t, 422, TypeRuleViolated, "a fourth replay", "POST", "/v1/replays", tk.inspektorat, map[string]any{"until": "1"})
	if p.Code != "replay.too_many" {
		t.Errorf("fourth replay: %+v", p)
	}
	var list replaysView
	a.send(t, "GET", "/v1/replays", tk.inspektorat, nil).must(t, 200, "list").json(t, &list)
	if len(list.Replays) != 3 || list.Replays[0].Schema != old.Schema {
		t.Errorf("list %+v", list)
	}
	a.send(t, "DELETE", "/v1/replays/"+old.Schema, tk.inspektorat, nil).must(t, 204, "drop")
	a.denied(t, 404, TypeNotFound, "dropped", "GET", "/v1/replays/"+old.Schema, tk.inspektorat, nil)
	a.denied(t, 404, TypeNotFound, "dropped", "GET", "/v1/replays/"+old.Schema+"/standings", tk.inspektorat, nil)
}

// replayNow replays every projection up to now, naming them "all" as the
// CLI does (that was a 400 over HTTP).
func replayNow(t *testing.T, a *apiServer, token string) rebuild.ReplayInfo {
	t.Helper()
	var info rebuild.ReplayInfo
	until := time.Now().Add(time.Hour).Format(time.RFC3339)
	a.send(t, "POST", "/v1/replays", token, map[string]any{"until": until, "projections": []string{"all"}}).
		must(t, 201, "replay up to now").json(t, &info)
	if info.Position != a.head(t) || len(info.Projections) != 2 {
		t.Fatalf("replay up to %s: %+v, head %d", until, info, a.head(t))
	}
	return info
}

// TestReplaysAreForTheInspectorate refuses every other role, another
// instansi's standings, and bad requests, creating no replay.
func TestReplaysAreForTheInspectorate(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	var info rebuild.ReplayInfo
	a.send(t, "POST", "/v1/replays", tk.auditor, map[string]any{"until": "2025-03-31"}).must(t, 201, "auditor replays").json(t, &info)
	paths := []struct{ method, path string }{{"POST", "/v1/replays"}, {"GET", "/v1/replays"}, {"GET", "/v1/replays/" + info.Schema},
		{"DELETE", "/v1/replays/" + info.Schema}, {"GET", "/v1/replays/" + info.Schema + "/standings"},
		{"GET", "/v1/replays/" + info.Schema + "/diff?projection=standings"}}
	for name, token := range map[string]string{"hr": tk.hr, "pimpinan": tk.kepala, "penilai": tk.penilai, "pegawai": tk.pegawai, "other HR": tk.otherHR} {
		for _, p := range paths {
			a.denied(t, 403, TypeForbidden, name+" "+p.method+" "+p.path, p.method, p.path, token, map[string]any{"until": "1"})
		}
	}
	a.denied(t, 401, TypeUnauthorized, "no token", "GET", "/v1/replays", "", nil)
	a.denied(t, 403, TypeForbidden, "other instansi", "GET", "/v1/replays/"+info.Schema+"/standings?instansi=pemkab-bogor", tk.inspektorat, nil)
	for body, field := range map[string]string{`{"until": "yesterday"}`: "until", `{"until": "5", "projections": ["nope"]}`: "projections[0]"} {
		p := a.denied(t, 400, TypeValidation, body, "POST", "/v1/replays", tk.inspektorat, body)
		if len(p.Errors) != 1 || p.Errors[0].Field != field {
			t.Errorf("%s: %+v, want a field error on %s", body, p, field)
		}
	}
	a.denied(t, 400, TypeValidation, "no projection", "GET", "/v1/replays/"+info.Schema+"/diff", tk.inspektorat, nil)
	a.denied(t, 400, TypeValidation, "unknown projection", "GET", "/v1/replays/"+info.Schema+"/diff?projection=nope", tk.inspektorat, nil)
	a.denied(t, 400, TypeValidation, "min_position", "GET", "/v1/replays/"+info.Schema+"/standings?min_position=1", tk.inspektorat, nil)
	for _, schema := range []string{"Bad", "pg_catalog", a.sc.Name, "replay_none"} {
		a.denied(t, 404, TypeNotFound, schema, "GET", "/v1/replays/"+schema+"/standings", tk.inspektorat, nil)
		a.denied(t, 404, TypeNotFound, schema, "DELETE", "/v1/replays/"+schema, tk.inspektorat, nil)
	}
	var list replaysView
	a.send(t, "GET", "/v1/replays", tk.auditor, nil).must(t, 200, "list").json(t, &list)
	if len(list.Replays) != 1 {
		t.Errorf("replays after refusals: %+v", list)
	}
}
