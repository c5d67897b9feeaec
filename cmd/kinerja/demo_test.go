package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestDemoServesAndItsCurlCommandsWork runs "kinerja demo" on a database of
// its own, then runs every printed curl command (parsed, sent with net/http)
// and checks the status printed beside it.
func TestDemoServesAndItsCurlCommandsWork(t *testing.T) {
	t.Parallel() // a database of its own, a port of its own
	name, url := pgtest.NewDatabase(t, "demo")
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	addrs := make(chan string, 1)
	// The server requires an issuer, an audience and short tokens: the
	// printed tokens must carry them (they once never did).
	e := &env{getenv: mapEnv(map[string]string{"DATABASE_URL": url, "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "warn",
		"KINERJA_JWT_ISSUER": "https://sso.example.go.id", "KINERJA_JWT_AUDIENCE": "kinerja-api", "KINERJA_JWT_MAX_TTL": "1h"}),
		stdout: out, stderr: errOut, listening: func(a string) { addrs <- a }}
	done := make(chan error, 1)
	go func() { done <- runEnv(ctx, []string{"demo", "-demo-database", name, "-staff-per-bidang", "3"}, e) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo: %v", err)
		}
	})
	select {
	case <-addrs:
	case err := <-done:
		done <- nil // for the cleanup, which waits for the demo to stop
		t.Fatalf("demo stopped: %v\n%s", err, errOut)
	case <-time.After(2 * time.Minute):
		t.Fatalf("demo did not serve within 2 minutes\n%s", errOut)
	}
	vars, examples := parseDemoOutput(t, out.String())
	if len(examples) < 6 || len(vars) < 8 {
		t.Fatalf("demo printed %d examples and %d variables:\n%s", len(examples), len(vars), out)
	}
	for _, x := range examples {
		got, body := x.run(t, vars)
		if got != x.status {
			t.Errorf("%s: status %d, want %d", x.curl, got, x.status)
		}
		if strings.Contains(x.curl, "/score-trail") {
			checkDemoTrail(t, body)
		}
		if strings.Contains(x.curl, "/me/worklist?kind=objection") && !strings.Contains(string(body), `"kind":"objection"`) {
			t.Errorf("the kepala dinas's worklist holds no objection to decide: %s", body)
		}
	}
}

// checkDemoTrail checks that the demo's score trail shows the annual
// rating, its amendment and the objection decision, in that order, each
// with its ratings before (but the first) and after, and its actor.
func checkDemoTrail(t *testing.T, body []byte) {
	t.Helper()
	var v struct {
		Changes []skp.ScoreChange `json:"changes"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("score trail %s: %v", body, err)
	}
	var annual []string
	for _, c := range v.Changes {
		if !c.Annual {
			continue
		}
		annual = append(annual, c.Type)
		if c.ActorID == "" || c.ActorRole == "" || c.After.Predikat == "" || (c.Type != skp.TypeAnnualRatingsGiven && c.Before == nil) {
			t.Errorf("score trail change %+v lacks actor, before or after", c)
		}
	}
	want := []string{skp.TypeAnnualRatingsGiven, skp.TypeRatingsAmended, skp.TypeObjectionDecided}
	if !slices.Equal(annual, want) || len(v.Changes) < 4 {
		t.Errorf("demo score trail: annual changes %v (of %d), want %v after the periodic ratings", annual, len(v.Changes), want)
	}
}

// printedCurl is a curl command the demo printed and the status beside it.
type printedCurl struct {
	curl   string
	status int
}

// parseDemoOutput reads the export lines and the curl commands with the
// status in the comment line above each.
func parseDemoOutput(t *testing.T, out string) (map[string]string, []printedCurl) {
	vars := map[string]string{}
	var xs []printedCurl
	status := 0
	exportRe := regexp.MustCompile(`^export (\w+)=(\S+)`)
	statusRe := regexp.MustCompile(`^# .*\((\d{3})\)$`)
	for _, line := range strings.Split(out, "\n") {
		if m := exportRe.FindStringSubmatch(line); m != nil {
			vars[m[1]] = m[2]
		} else if m := statusRe.FindStringSubmatch(line); m != nil {
			status, _ = strconv.Atoi(m[1])
		} else if strings.HasPrefix(line, "curl ") {
			xs = append(xs, printedCurl{curl: line, status: status})
		}
	}
	return vars, xs
}

// run sends the request a printed curl command describes and returns the
// status and the body.
func (c printedCurl) run(t *testing.T, vars map[string]string) (int, []byte) {
	t.Helper()
	expand := func(s string) string {
		return regexp.MustCompile(`\$(\w+)`).ReplaceAllStringFunc(s, func(v string) string { return vars[v[1:]] })
	}
	method := "GET"
	if m := regexp.MustCompile(` -X (\w+)`).FindStringSubmatch(c.curl); m != nil {
		method = m[1]
	}
	var body io.Reader
	if m := regexp.MustCompile(` -d '([^']*)'`).FindStringSubmatch(c.curl); m != nil {
		body = strings.NewReader(m[1])
	}
	url := regexp.MustCompile(`"(\$BASE[^"]*)"$`).FindStringSubmatch(c.curl)
	if url == nil {
		t.Fatalf("no URL in %s", c.curl)
	}
	req, err := http.NewRequest(method, expand(url[1]), body)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range regexp.MustCompile(` -H (?:"([^"]*)"|'([^']*)')`).FindAllStringSubmatch(c.curl, -1) {
		k, v, _ := strings.Cut(expand(h[1]+h[2]), ": ")
		req.Header.Set(k, v)
	}
	resp, err := checkedClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestDemoNoServeListensOnNothing seeds with --no-serve while another
// process holds KINERJA_ADDR: it once bound the address anyway and failed
// after seeding, printing no tokens.
func TestDemoNoServeListensOnNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	name, url := pgtest.NewDatabase(t, "demo")
	var out, errOut syncBuffer
	env := mapEnv(map[string]string{"DATABASE_URL": url, "KINERJA_ADDR": busy.Addr().String(), "KINERJA_LOG_LEVEL": "warn"})
	if err := run(context.Background(), []string{"demo", "-demo-database", name, "-staff-per-bidang", "2", "-no-serve"}, env, &out, &errOut); err != nil {
		t.Fatalf("demo --no-serve: %v\n%s", err, errOut.String())
	}
	if e := errOut.String(); strings.Contains(e, "\r") || !strings.Contains(e, "seeding a year of SKPs: 36/36 employees\n") {
		t.Errorf("the seeding's progress outside a terminal: %q, want whole lines ending on 36/36", e)
	}
	s := out.String()
	if !strings.Contains(s, "not serving") || strings.Contains(s, "Serving on") || !strings.Contains(s, "export BASE=http://"+busy.Addr().String()) {
		t.Fatalf("demo --no-serve printed:\n%s", s)
	}
	// The printed command serves the demo database with the secret the
	// printed tokens were minted with. It said "with the same settings",
	// but the tokens were signed with a random secret it never printed.
	m := regexp.MustCompile(`DATABASE_URL='([^']+)' KINERJA_JWT_SECRET='([0-9a-f]+)' KINERJA_ADDR=(\S+) kinerja serve`).FindStringSubmatch(s)
	tok := regexp.MustCompile(`export TOKEN_HR=(\S+)`).FindStringSubmatch(s)
	if m == nil || tok == nil || !strings.Contains(m[1], "/"+name) || m[3] != busy.Addr().String() {
		t.Fatalf("demo --no-serve printed no serve command with the demo database, its secret and the address, or no HR token:\n%s", s)
	}
	v, err := auth.NewVerifier(auth.Config{HS256Secret: []byte(m[2])})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Authenticate(context.Background(), "Bearer "+tok[1]); err != nil {
		t.Errorf("the printed HR token does not verify with the printed secret: %v", err)
	}
}

// TestDemoReplacesOnlyTheDatabaseOfTheURL: the demo drops the database it
// is given, so the URL it uses must name that database and keep everything
// else — also when the user is called like the operator's database, which
// a text replacement took for the database (and dropped the operator's).
func TestDemoReplacesOnlyTheDatabaseOfTheURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://kinerja:pw@db.local:5432/kinerja?sslmode=disable", "postgres://kinerja:pw@db.local:5432/kinerja_demo?sslmode=disable"},
		{"postgres://kinerja@127.0.0.1/kinerja", "postgres://kinerja@127.0.0.1/kinerja_demo"},
		{"postgresql://u@h/prod?dbname=prod&pool_max_conns=30", "postgresql://u@h/kinerja_demo?pool_max_conns=30"},
		{"postgres://u@h", "postgres://u@h/kinerja_demo"},
	} {
		cfg := Config{DatabaseURL: c.in, JWTSecret: "s"}
		if err := demoConfig(&cfg, "kinerja_demo", 5); err != nil || cfg.DatabaseURL != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.in, cfg.DatabaseURL, err, c.want)
		}
	}
	cfg := Config{DatabaseURL: "host=127.0.0.1 dbname=kinerja", JWTSecret: "s"}
	if err := demoConfig(&cfg, "kinerja_demo", 5); err == nil {
		t.Errorf("a keyword/value DATABASE_URL was taken: %q", cfg.DatabaseURL)
	}
	// A name that is not a plain identifier was created as given.
	for _, name := range []string{"kinerja_demo; drop", "Kinerja_Demo", "kinerja demo", "kinerja_production"} {
		cfg := Config{DatabaseURL: "postgres://u@h/kinerja", JWTSecret: "s"}
		if err := demoConfig(&cfg, name, 5); err == nil || !strings.Contains(err.Error(), "-demo-database") {
			t.Errorf("demo database %q: %v, want it refused", name, err)
		}
	}
}

// TestDemoOnABusyAddressKeepsTheDatabase: with KINERJA_ADDR taken, the demo
// fails before it drops and reseeds its database. It used to drop and
// reseed it (20 s) and only then find the address in use.
func TestDemoOnABusyAddressKeepsTheDatabase(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	name, url := pgtest.NewDatabase(t, "demo")
	admin, err := pgx.Connect(context.Background(), pgtest.URL())
	if err != nil {
		t.Fatal(err)
	}
	_, err = admin.Exec(context.Background(), `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	admin.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `CREATE TABLE kept (x int)`); err != nil {
		t.Fatal(err)
	}
	var out, errOut syncBuffer
	env := mapEnv(map[string]string{"DATABASE_URL": url, "KINERJA_ADDR": busy.Addr().String(), "KINERJA_LOG_LEVEL": "warn"})
	err = run(context.Background(), []string{"demo", "-demo-database", name, "-staff-per-bidang", "2"}, env, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "KINERJA_ADDR") {
		t.Fatalf("demo on a busy address: %v, want an error naming KINERJA_ADDR", err)
	}
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM kept`).Scan(&n); err != nil {
		t.Errorf("the demo database was dropped before the address was checked: %v", err)
	}
}
