package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// otherInstansi is the instansi of the other inspectorate in these tests.
const otherInstansi = "pemkab-bogor"

// missingReplay is a replay schema name that holds nothing.
const missingReplay = "replay_20990101t000000_0badcafe"

// withReplayQuotas returns a server over the schema of a whose replays are
// capped as cfg says.
func withReplayQuotas(t *testing.T, a *apiServer, cfg rebuild.ReplaysConfig) *apiServer {
	t.Helper()
	cfg.Projections = []readside.Projection{standings.New(), promotion.New()}
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := rebuild.NewReplays(a.sc.Pool, a.store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	api := *a.srv.api
	api.Replays = r
	srv, err := NewServer(ServerConfig{}, Deps{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Database: a.sc.Pool, Events: a.store, API: &api})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	out := *a
	out.url, out.srv = hs.URL, srv
	return &out
}

// buildReplay builds a standings replay up to position 1 as token.
func buildReplay(t *testing.T, a *apiServer, token string) rebuild.ReplayInfo {
	t.Helper()
	var info rebuild.ReplayInfo
	a.send(t, "POST", "/v1/replays", token, map[string]any{"until": "1", "projections": []string{"standings"}}).
		must(t, 201, "build a replay").json(t, &info)
	return info
}

// replaySchemas lists the schemas of the replays token sees.
func replaySchemas(t *testing.T, a *apiServer, token string) []string {
	t.Helper()
	var list replaysView
	a.send(t, "GET", "/v1/replays", token, nil).must(t, 200, "list replays").json(t, &list)
	var out []string
	for _, r := range list.Replays {
		out = append(out, r.Schema)
	}
	return out
}

// sameNotFound checks that method path answers token exactly as it
// answers for a replay schema that does not exist: 404 with the same
// problem, but for the schema's name and the request id.
func sameNotFound(t *testing.T, a *apiServer, token, method, path, schema string) {
	t.Helper()
	got := a.send(t, method, strings.Replace(path, "{schema}", schema, 1), token, nil)
	want := a.send(t, method, strings.Replace(path, "{schema}", missingReplay, 1), token, nil)
	norm := func(r response) Problem {
		if r.status != 404 || r.header.Get("Content-Type") != want.header.Get("Content-Type") {
			t.Errorf("%s %s: %d %s %s, want 404", method, path, r.status, r.header.Get("Content-Type"), r.body)
		}
		p := r.problem(t)
		p.RequestID = ""
		p.Detail = strings.ReplaceAll(p.Detail, schema, missingReplay)
		p.Instance = strings.ReplaceAll(p.Instance, schema, missingReplay)
		return p
	}
	if g, w := norm(got), norm(want); !problemsEqual(g, w) {
		t.Errorf("%s %s of another instansi's replay: %+v\nwant as for a missing one: %+v", method, path, g, w)
	}
}

// problemsEqual compares the members of two problems that name no request.
func problemsEqual(a, b Problem) bool {
	return a.Type == b.Type && a.Title == b.Title && a.Status == b.Status && a.Detail == b.Detail &&
		a.Instance == b.Instance && a.Code == b.Code && len(a.Errors) == 0 && len(b.Errors) == 0
}

// TestReplaysStayWithinTheirInstansi checks that a replay belongs to the
// instansi it was built for: the inspectorate and auditors of another
// instansi neither list it nor read, compare or drop it, and get the 404 of
// a replay that does not exist.
func TestReplaysStayWithinTheirInstansi(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	inspB := a.token(t, itdaB, otherInstansi, actor.Inspektorat)
	auditB := a.token(t, auditorB, otherInstansi, actor.Auditor)

	mine := buildReplay(t, a, tk.inspektorat)
	if mine.Instansi != instansi || mine.BuiltBy != "198404042008011007" {
		t.Errorf("replay of %s recorded as %+v", instansi, mine.ReplayOwner)
	}
	theirs := buildReplay(t, a, inspB)
	if theirs.Instansi != otherInstansi {
		t.Errorf("replay of %s recorded as %+v", otherInstansi, theirs.ReplayOwner)
	}
	if got := replaySchemas(t, a, tk.auditor); !slices.Equal(got, []string{mine.Schema}) {
		t.Errorf("%s lists %v, want only its own %s", instansi, got, mine.Schema)
	}
	if got := replaySchemas(t, a, auditB); !slices.Equal(got, []string{theirs.Schema}) {
		t.Errorf("%s lists %v, want only its own %s", otherInstansi, got, theirs.Schema)
	}
	for _, token := range []string{inspB, auditB} {
		for _, p := range []struct{ method, path string }{{"GET", "/v1/replays/{schema}"}, {"GET", "/v1/replays/{schema}/standings"},
			{"GET", "/v1/replays/{schema}/standings?instansi=" + otherInstansi}, {"GET", "/v1/replays/{schema}/diff?projection=standings"},
			{"DELETE", "/v1/replays/{schema}"}} {
			sameNotFound(t, a, token, p.method, p.path, mine.Schema)
		}
	}
	var info rebuild.ReplayInfo
	a.send(t, "GET", "/v1/replays/"+mine.Schema, tk.inspektorat, nil).must(t, 200, "the replay survives").json(t, &info)
	if info.Schema != mine.Schema || info.Instansi != instansi {
		t.Errorf("own replay after the other instansi tried: %+v", info)
	}
	a.send(t, "GET", "/v1/replays/"+mine.Schema+"/diff?projection=standings", tk.inspektorat, nil).must(t, 200, "own diff")
	a.send(t, "DELETE", "/v1/replays/"+theirs.Schema, auditB, nil).must(t, 204, "drop own replay")
	a.send(t, "DELETE", "/v1/replays/"+mine.Schema, tk.inspektorat, nil).must(t, 204, "drop own replay")
}

// TestReplayQuotaPerInstansi checks that each instansi has its own quota,
// which neither the replays built with the command line nor another
// instansi's replays fill: with two replays of the command line and a
// (now meaningless) MaxReplays of 3, each instansi keeps two, its third is
// refused with a message naming only its own count, and each replay says
// when it expires.
func TestReplayQuotaPerInstansi(t *testing.T) {
	a := withReplayQuotas(t, newAPIServer(t), rebuild.ReplaysConfig{MaxReplays: 3, MaxPerInstansi: 2})
	tk := a.seed(t)
	inspB := a.token(t, itdaB, otherInstansi, actor.Inspektorat)
	for _, schema := range []string{"rp_cli1_" + a.sc.Name, "rp_cli2_" + a.sc.Name} {
		if _, err := rebuild.Replay(context.Background(), a.sc.Pool, a.store, []readside.Projection{standings.New()},
			rebuild.ReplayConfig{Schema: schema, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
			t.Fatal(err)
		}
	}
	for _, token := range []string{tk.inspektorat, tk.auditor, inspB, inspB} {
		if info := buildReplay(t, a, token); info.ExpiresAt == nil || !info.ExpiresAt.After(info.StartedAt) {
			t.Errorf("replay %s expires at %v", info.Schema, info.ExpiresAt)
		}
	}
	for _, token := range []string{tk.auditor, inspB} {
		p := a.denied(t, 422, TypeRuleViolated, "a third replay", "POST", "/v1/replays", token, map[string]any{"until": "1"})
		if p.Code != "replay.too_many" || !strings.Contains(p.Detail, "your instansi keeps 2, at most 2") ||
			strings.Contains(p.Detail, "all instansi") {
			t.Errorf("third replay: %+v", p)
		}
	}
	if n, m := len(replaySchemas(t, a, tk.inspektorat)), len(replaySchemas(t, a, inspB)); n != 2 || m != 2 {
		t.Errorf("kept %d and %d replays, want 2 and 2", n, m)
	}
}
