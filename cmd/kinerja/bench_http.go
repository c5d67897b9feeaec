package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	usecase "github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// The shape of the HTTP phase of the bench.
const (
	// benchClients is the number of concurrent HTTP clients of the commands.
	benchClients = 64
	// benchQueryClients is the number of concurrent clients of each query kind.
	benchQueryClients = 8
	// benchQueriesPerClient is the most requests each query client sends.
	benchQueriesPerClient = 200
	// benchQueriesAlone is the most requests of each query kind sent from
	// one client alone.
	benchQueriesAlone = 100
	// benchMaxStaff caps the staff of the cohort the HTTP clients walk.
	benchMaxStaff = 2000
	// benchStaffPerPenilai is the staff each pejabat penilai of the cohort evaluates.
	benchStaffPerPenilai = 10
	// benchInstansi is the instansi of the cohort, apart from the world's.
	benchInstansi = "BENCH"
	// benchWorldInstansi is the world's instansi the read-model queries read
	// (the largest: the generator deals employees round-robin from I00).
	benchWorldInstansi = "I00"
	// benchTokenTTL is the lifetime of the bench's tokens (capped by
	// KINERJA_JWT_MAX_TTL).
	benchTokenTTL = time.Hour
)

// benchHTTPOptions is what the HTTP phase takes from runBench's flags and
// configuration.
type benchHTTPOptions struct {
	cfg        Config
	cpuProfile string
}

// benchStaff is one staff member of the cohort: their NIP and pejabat penilai.
type benchStaff struct{ nip, penilai string }

// benchCohort is the cohort the HTTP clients walk through the year.
type benchCohort struct {
	year    int
	window  int  // the window realisation is reported for (and rated in)
	rate    bool // whether window has ended, so it may be rated
	kepala  string
	penilai []string
	staff   []benchStaff
}

// benchHTTP measures the API over HTTP after the world is loaded: it sets
// up a cohort in its own instansi through the use cases (untimed), serves
// the API in-process as serve does, walks every staff member of the cohort
// through the year from benchClients clients (command throughput and
// latency), waits for the read models to catch up, and measures the latency
// of the main read-model queries.
func benchHTTP(ctx context.Context, e *env, db *database, rep *benchReport) error {
	cfg := rep.http.cfg
	if cfg.JWTSecret == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		cfg.JWTSecret, cfg.JWKSURL = hex.EncodeToString(b), ""
	}
	cfg.Projections, cfg.Addr = true, "127.0.0.1:0"
	// The server's own log: warnings only, so the progress lines stay readable.
	logger := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: max(cfg.LogLevel, slog.LevelWarn)}))
	svc, err := newService(db, time.Now)
	if err != nil {
		return err
	}
	cohort, err := benchSetup(ctx, e.stderr, svc, min(rep.Employees, benchMaxStaff))
	if err != nil {
		return fmt.Errorf("bench: kohort %s: %w", benchInstansi, err)
	}
	hr, err := benchWorldHR(ctx, svc, rep.Employees)
	if err != nil {
		return err
	}
	srv, err := benchServe(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	defer srv.stop()
	tokens, err := newBenchTokens(cfg)
	if err != nil {
		return err
	}
	c := newBenchClient(srv.url)
	stopProfile, err := benchStartProfile(rep.http.cpuProfile)
	if err != nil {
		return err
	}
	before := db.pool.Stat()
	err = benchCommands(ctx, e.stderr, c, tokens, cohort, rep)
	stopProfile()
	if err != nil {
		return err
	}
	after := db.pool.Stat()
	if n := after.AcquireCount() - before.AcquireCount(); n > 0 {
		wait := after.AcquireDuration() - before.AcquireDuration()
		fmt.Fprintf(e.stderr, "bench: pool PostgreSQL (maks %d koneksi): %d pengambilan, %d harus menunggu\n",
			after.MaxConns(), n, after.EmptyAcquireCount()-before.EmptyAcquireCount())
		rep.add("pool acquire wait during HTTP commands (mean)", float64(wait)/float64(n)/float64(time.Millisecond), "ms")
	}
	start := time.Now()
	if err := benchWaitProjections(ctx, e.stderr, db, srv.mon); err != nil {
		return err
	}
	rep.add("read models caught up after HTTP commands", time.Since(start).Seconds(), "s")
	return benchQueries(ctx, e.stderr, c, tokens, cohort, hr, rep)
}

// benchStartProfile starts a CPU profile into path (of the HTTP commands,
// the part of the bench a profile is most often wanted for), unless path is
// empty; stop ends it.
func benchStartProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: --cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: --cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchSetup registers the cohort through the use cases, as HR would: a
// root unit with the kepala, a unit per pejabat penilai with their staff,
// the staff's reporting lines, and the current year opened (quarterly).
func benchSetup(ctx context.Context, w io.Writer, svc *usecase.Service, staff int) (benchCohort, error) {
	now := time.Now().In(wib())
	c := benchCohort{year: now.Year(), window: 1}
	today := civil.DateOf(now)
	for _, win := range period.Layout(c.year, performance.FrequencyQuarterly) {
		if win.End.AddDays(1).Before(today) { // ended a full day ago in every zone
			c.window, c.rate = win.Number, true
		}
	}
	fmt.Fprintf(w, "bench: menyiapkan kohort %s: %d staf, %d pejabat penilai, tahun %d (jendela %d)…\n",
		benchInstansi, staff, (staff+benchStaffPerPenilai-1)/benchStaffPerPenilai, c.year, c.window)
	names := &demoNames{rng: mrand.New(mrand.NewPCG(2026, 16)), seen: map[string]bool{}}
	m := usecase.Meta{Actor: actor.Actor{NIP: "kinerja-bench", Role: actor.System}, Client: "kinerja bench"}
	reg := func(nip, unitCode string, j employee.Jabatan, g performance.Golongan) employee.Registration {
		return employee.Registration{NIP: nip, Name: names.name(), Status: employee.StatusPNS, Instansi: benchInstansi,
			Unit: unitCode, Jabatan: j, Golongan: g, GolonganTMT: civil.Date{Year: 2021, Month: time.April, Day: 1}}
	}
	root := "bench-setda"
	units := []unit.Registration{{Code: root, Name: "Sekretariat Bench", Instansi: benchInstansi}}
	c.kepala = names.nip(1968, 6)
	people := []employee.Registration{reg(c.kepala, root, employee.Jabatan{Kind: performance.JabatanJPT,
		Level: performance.LevelPratama, Name: "Kepala Badan"}, "IV/c")}
	for i := range staff {
		if i%benchStaffPerPenilai == 0 {
			code := fmt.Sprintf("bench-bidang-%04d", len(c.penilai))
			units = append(units, unit.Registration{Code: code, Name: "Bidang " + code, Parent: root, Instansi: benchInstansi})
			p := names.nip(1972, 10)
			c.penilai = append(c.penilai, p)
			people = append(people, reg(p, code, employee.Jabatan{Kind: performance.JabatanAdministrasi,
				Level: performance.LevelAdministrator, Name: "Kepala Bidang"}, "IV/a"))
		}
		nip := names.nip(1980, 16)
		c.staff = append(c.staff, benchStaff{nip: nip, penilai: c.penilai[len(c.penilai)-1]})
		people = append(people, reg(nip, units[len(units)-1].Code, employee.Jabatan{Kind: performance.JabatanAdministrasi,
			Level: performance.LevelPelaksana, Name: "Pengelola Data"}, "III/a"))
	}
	for _, u := range units { // parents first
		if _, err := svc.RegisterUnit(ctx, m, u); err != nil {
			return c, err
		}
	}
	if err := benchEach(ctx, w, "registrasi pegawai", len(people), func(i int) error {
		_, err := svc.RegisterEmployee(ctx, m, people[i])
		return err
	}); err != nil {
		return c, err
	}
	from := civil.Date{Year: c.year, Month: time.January, Day: 1}
	if err := benchEach(ctx, w, "garis pelaporan", len(c.staff), func(i int) error {
		_, err := svc.AssignReportingLine(ctx, m, c.staff[i].nip, employee.LineAssignment{PejabatPenilai: c.staff[i].penilai,
			AtasanPejabatPenilai: c.kepala, EffectiveFrom: from, Reason: "Struktur organisasi bench"})
		return err
	}); err != nil {
		return c, err
	}
	_, err := svc.OpenPeriod(ctx, m, period.Opening{Instansi: benchInstansi, Year: c.year,
		Frequency: performance.FrequencyQuarterly, Deadlines: period.DeadlinesAfter(c.year, performance.FrequencyQuarterly, 10)})
	return c, err
}

// benchEach runs f for 0..n-1 from 16 goroutines, with progress on w, and
// returns the first error.
func benchEach(ctx context.Context, w io.Writer, what string, n int, f func(i int) error) error {
	_, _, err := benchParallel(ctx, w, what, 16, n, uint64(n), func(_ context.Context, i int, done *atomic.Uint64, _ *[]time.Duration) error {
		if err := f(i); err != nil {
			return err
		}
		done.Add(1)
		return nil
	})
	return err
}

// benchWorldHR returns a generated employee in service of the world's
// instansi benchWorldInstansi, who acts as its HR in the queries (a token
// binds only to a registered employee of the instansi it names).
func benchWorldHR(ctx context.Context, svc *usecase.Service, employees int) (*employee.Employee, error) {
	for n := range employees {
		emp, err := svc.Employee(ctx, projectiontest.NIP(n))
		if errors.Is(err, usecase.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		if left, _ := emp.Left(); emp.Instansi() == benchWorldInstansi && !left {
			return emp, nil
		}
	}
	return nil, fmt.Errorf("bench: dunia tidak punya pegawai aktif di instansi %s untuk kueri sebagai HR", benchWorldInstansi)
}

// benchServer is the API served in-process for the bench.
type benchServer struct {
	url  string
	mon  *eventbus.Monitor
	stop func()
}

// benchServe serves the API on a loopback port exactly as runServe builds
// it (access log, idempotency purge, console, the projections run in the
// process), until stop.
func benchServe(ctx context.Context, cfg Config, db *database, logger *slog.Logger) (_ *benchServer, err error) {
	if err := db.openReads(ctx, cfg); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	stops := []func(){cancel}
	stop := func() {
		for _, f := range slices.Backward(stops) {
			f()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	waitPurge := startIdempotencyPurge(ctx, cfg, db, logger)
	stops = append(stops, waitPurge, cancel) // cancel, then wait
	access, stopAccess, err := startAccessLog(ctx, cfg, db, logger)
	if err != nil {
		return nil, err
	}
	stops = append(stops, stopAccess)
	api, err := newAPI(cfg, db, logger, access)
	if err != nil {
		return nil, err
	}
	deps, err := withConsole(httpapi.Deps{Logger: logger, Database: db.pool, Events: db.store, API: api}, logger)
	if err != nil {
		return nil, err
	}
	srv, err := httpapi.NewServer(httpapi.ServerConfig{Addr: cfg.Addr, ProblemBaseURL: cfg.ProblemBaseURL}, deps)
	if err != nil {
		return nil, fmt.Errorf("http server: %w", err)
	}
	if err := registerAll(srv.Registry(), access.Collectors()); err != nil {
		return nil, err
	}
	// As serveProjections, keeping the monitor to wait on the checkpoints.
	p, err := startProjections(ctx, db, logger, srv.Registry(), projectionsConfig{run: true})
	if err != nil {
		return nil, err
	}
	srv.SetProjections(p.mon)
	stops = append(stops, p.stop)
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("bench: listen on %s: %w", cfg.Addr, err)
	}
	served := make(chan struct{})
	go func() { defer close(served); _ = srv.Serve(ln) }()
	stops = append(stops, func() {
		sctx, done := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer done()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
	})
	return &benchServer{url: "http://" + ln.Addr().String(), mon: p.mon, stop: stop}, nil
}

// benchTokens mints the bench's bearer tokens, once per principal.
type benchTokens struct {
	cfg   Config
	ttl   time.Duration
	mu    sync.Mutex
	cache map[string]string
}

func newBenchTokens(cfg Config) (*benchTokens, error) {
	ttl := benchTokenTTL
	if cfg.JWTMaxTTL > 0 {
		ttl = min(ttl, cfg.JWTMaxTTL)
	}
	return &benchTokens{cfg: cfg, ttl: ttl, cache: map[string]string{}}, nil
}

// get returns the token of nip of instansi with roles.
func (t *benchTokens) get(nip, instansi string, roles ...actor.Role) (string, error) {
	key := fmt.Sprint(nip, instansi, roles)
	t.mu.Lock()
	defer t.mu.Unlock()
	if tok, ok := t.cache[key]; ok {
		return tok, nil
	}
	tok, err := auth.MintHS256For([]byte(t.cfg.JWTSecret), auth.Principal{NIP: nip, Roles: roles, Instansi: instansi},
		t.cfg.issuance(), time.Now(), t.ttl)
	if err != nil {
		return "", fmt.Errorf("bench: token: %w", err)
	}
	t.cache[key] = tok
	return tok, nil
}

// benchClient sends the bench's requests over one shared http.Client.
type benchClient struct {
	base   string
	client *http.Client
}

func newBenchClient(base string) *benchClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 4*benchClients, 4*benchClients
	return &benchClient{base: base, client: &http.Client{Transport: tr, Timeout: time.Minute}}
}

// benchCall is one request: any status but 2xx fails the bench.
type benchCall struct {
	method, path, token string
	body                any
}

// record sends call, appends its latency to out and counts it in done.
func (c *benchClient) record(ctx context.Context, call benchCall, done *atomic.Uint64, out *[]time.Duration) error {
	d, err := c.do(ctx, call)
	if err != nil {
		return err
	}
	*out = append(*out, d)
	done.Add(1)
	return nil
}

// do sends call and returns its latency, the response body read in full.
func (c *benchClient) do(ctx context.Context, call benchCall) (time.Duration, error) {
	var rd io.Reader
	if call.body != nil {
		b, err := json.Marshal(call.body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, call.method, c.base+call.path, rd)
	if err != nil {
		return 0, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+call.token)
	start := time.Now()
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("bench: %s %s: %w", call.method, call.path, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("bench: %s %s: %w", call.method, call.path, err)
	}
	if resp.StatusCode/100 != 2 {
		return 0, fmt.Errorf("bench: %s %s: status %d: %.2000s", call.method, call.path, resp.StatusCode, body)
	}
	return took, nil
}

// benchWalk returns the commands that walk staff member i through the
// year: the employee drafts and submits the SKP, the pejabat penilai sets
// the expectations and approves it, the employee reports realisation of
// both IKI for the cohort's window, the pejabat penilai gives feedback,
// the employee responds, and (when the window has ended) the pejabat
// penilai rates the window.
func benchWalk(t *benchTokens, c benchCohort, i int) ([]benchCall, error) {
	s := c.staff[i]
	own, err := t.get(s.nip, benchInstansi, actor.Pegawai)
	if err != nil {
		return nil, err
	}
	pen, err := t.get(s.penilai, benchInstansi, actor.Pegawai, actor.PejabatPenilai)
	if err != nil {
		return nil, err
	}
	path := fmt.Sprintf("/v1/skp/%s/%d", s.nip, c.year)
	win := fmt.Sprintf("%s/windows/%d", path, c.window)
	q := float64(2 + i%3)
	ev := []string{fmt.Sprintf("dms://%s/%d/w%d/laporan.pdf", s.nip, c.year, c.window)}
	a := demoRatings(i)
	calls := []benchCall{
		{http.MethodPost, path, own, map[string]any{"plan": demoPlan(i)}},
		{http.MethodPost, path + "/submit", own, nil},
		{http.MethodPut, path + "/expectations", pen, map[string]any{"expectations": demoExpectations()}},
		{http.MethodPost, path + "/approve", pen, nil},
		{http.MethodPost, win + "/realisations", own, map[string]any{"iki": "iki-1", "quantity": q, "evidence": ev}},
		{http.MethodPost, win + "/realisations", own, map[string]any{"iki": "iki-2", "text": "Laporan diterima", "evidence": ev}},
		{http.MethodPost, path + "/feedback", pen, map[string]any{"rhk": "rhk-1",
			"text": "Pertahankan ketepatan waktu laporan; perbaiki kelengkapan lampiran."}},
		{http.MethodPost, path + "/feedback/1/response", own, map[string]any{"text": "Siap, akan diperbaiki."}},
	}
	if c.rate {
		calls = append(calls, benchCall{http.MethodPost, win + "/ratings", pen,
			map[string]any{"hasil": a.Hasil, "perilaku": a.Perilaku, "note": a.Note}})
	}
	return calls, nil
}

// benchCommands walks every staff member of the cohort through the year
// from benchClients clients and adds the throughput and latency figures.
func benchCommands(ctx context.Context, w io.Writer, c *benchClient, t *benchTokens, cohort benchCohort, rep *benchReport) error {
	walks := make([][]benchCall, len(cohort.staff))
	total := 0
	for i := range cohort.staff {
		calls, err := benchWalk(t, cohort, i)
		if err != nil {
			return err
		}
		walks[i] = calls
		total += len(calls)
	}
	fmt.Fprintf(w, "bench: %d perintah HTTP dari %d klien…\n", total, benchClients)
	lat, elapsed, err := benchParallel(ctx, w, "perintah HTTP", benchClients, len(walks), uint64(total), func(ctx context.Context, i int, done *atomic.Uint64, out *[]time.Duration) error {
		for _, call := range walks[i] {
			if err := c.record(ctx, call, done, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	rep.add(fmt.Sprintf("HTTP commands (%d clients)", benchClients), float64(len(lat))/elapsed.Seconds(), "commands/s")
	rep.add("HTTP command p50", benchPercentile(lat, 50), "ms")
	rep.add("HTTP command p99", benchPercentile(lat, 99), "ms")
	return nil
}

// benchParallel runs job for 0..jobs-1 from clients goroutines, drawing
// progress (done of total) on w every second, and returns every latency
// the jobs recorded and the time taken. The first error cancels the rest.
func benchParallel(ctx context.Context, w io.Writer, what string, clients, jobs int, total uint64,
	job func(ctx context.Context, i int, done *atomic.Uint64, out *[]time.Duration) error) ([]time.Duration, time.Duration, error) {
	var done atomic.Uint64
	line := newBenchProgress(w)
	stop := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				line.set("bench: %s %d/%d", what, done.Load(), total)
			case <-stop:
				return
			}
		}
	}()
	lats := make([][]time.Duration, clients)
	next := make(chan int)
	g, gctx := errgroup.WithContext(ctx)
	start := time.Now()
	for k := range clients {
		g.Go(func() error {
			for i := range next {
				if err := job(gctx, i, &done, &lats[k]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(next)
		for i := range jobs {
			select {
			case next <- i:
			case <-gctx.Done():
				return nil
			}
		}
		return nil
	})
	err := g.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-ticked
	line.set("bench: %s %d/%d", what, done.Load(), total)
	line.done()
	if err != nil {
		return nil, 0, err
	}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	return all, elapsed, nil
}

// benchPercentile returns the p-th percentile of lat in milliseconds
// (nearest rank).
func benchPercentile(lat []time.Duration, p int) float64 {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	i := max(0, (len(s)*p+99)/100-1)
	return float64(s[i]) / float64(time.Millisecond)
}

// benchWaitProjections waits until every projection has applied the log up
// to its head after the commands; a stopped projection fails the bench.
func benchWaitProjections(ctx context.Context, w io.Writer, db *database, mon *eventbus.Monitor) error {
	head, _, err := db.store.Head(ctx)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	deadline := time.Now().Add(10 * time.Minute)
	line := newBenchProgress(w)
	defer line.done()
	for {
		all, err := mon.Status(ctx)
		if err != nil {
			return fmt.Errorf("bench: status proyeksi: %w", err)
		}
		lowest, behind := head, ""
		for _, st := range all {
			if st.State == "stopped" {
				return fmt.Errorf("bench: proyeksi %s berhenti di posisi %d (%s): %s", st.Name, st.FailedPosition, st.FailedType, st.Error)
			}
			if st.Checkpoint < lowest {
				lowest, behind = st.Checkpoint, st.Name
			}
		}
		line.set("bench: proyeksi mengejar %d/%d", lowest, head)
		if behind == "" && len(all) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: proyeksi %s belum mencapai posisi %d dalam 10 menit (di %d)", behind, head, lowest)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// benchQuery is one kind of read-model query.
type benchQuery struct {
	name, label string                         // the figure's name; the progress line's (Indonesian)
	call        func(k int) (benchCall, error) // the k-th request
}

// benchQueries measures the latency of the main read-model queries, one
// kind after the other, each from benchQueryClients clients and then from
// one client alone: the standings and the promotion candidates of the
// world's largest instansi and the report of a unit of it, as its HR, and
// the worklist of the cohort's pejabat penilai. First pages of the default
// size.
func benchQueries(ctx context.Context, w io.Writer, c *benchClient, t *benchTokens, cohort benchCohort, hr *employee.Employee, rep *benchReport) error {
	hrTok, err := t.get(hr.NIP(), hr.Instansi(), actor.HR)
	if err != nil {
		return err
	}
	const worldYear = 2025 // projectiontest's default year
	get := func(path string) func(int) (benchCall, error) {
		return func(int) (benchCall, error) { return benchCall{http.MethodGet, path, hrTok, nil}, nil }
	}
	queries := []benchQuery{
		{"standings", "peringkat", get(fmt.Sprintf("/v1/standings?instansi=%s&year=%d", hr.Instansi(), worldYear))},
		{"unit report", "laporan unit", get(fmt.Sprintf("/v1/units/%s/report?year=%d", hr.Unit(), worldYear))},
		{"promotion candidates", "kandidat kenaikan pangkat", get("/v1/promotion-candidates?instansi=" + hr.Instansi())},
		{"worklist", "daftar tugas", func(k int) (benchCall, error) {
			tok, err := t.get(cohort.penilai[k%len(cohort.penilai)], benchInstansi, actor.Pegawai, actor.PejabatPenilai)
			return benchCall{http.MethodGet, "/v1/me/worklist", tok, nil}, err
		}},
	}
	for _, p := range cohort.penilai { // minted before the clock runs
		if _, err := t.get(p, benchInstansi, actor.Pegawai, actor.PejabatPenilai); err != nil {
			return err
		}
	}
	per := min(benchQueriesPerClient, max(20, rep.Employees))
	for _, q := range queries {
		// Under load first, then alone: the latency one request takes
		// when it waits on no other.
		for _, run := range []struct {
			clients, total int
			suffix, label  string
		}{{benchQueryClients, benchQueryClients * per, fmt.Sprintf(" (%d clients)", benchQueryClients), fmt.Sprintf(" (%d klien)", benchQueryClients)},
			{1, min(benchQueriesAlone, per), " (1 client)", " (1 klien)"}} {
			lat, _, err := benchParallel(ctx, w, "kueri "+q.label+run.label, run.clients, run.total, uint64(run.total),
				func(ctx context.Context, k int, done *atomic.Uint64, out *[]time.Duration) error {
					call, err := q.call(k)
					if err != nil {
						return err
					}
					return c.record(ctx, call, done, out)
				})
			if err != nil {
				return err
			}
			rep.add(q.name+" query p50"+run.suffix, benchPercentile(lat, 50), "ms")
			rep.add(q.name+" query p99"+run.suffix, benchPercentile(lat, 99), "ms")
		}
	}
	return nil
}
