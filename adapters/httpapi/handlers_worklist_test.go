package httpapi

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/worklist"
)

// runWorklist runs the worklist projection of a's schema until the test
// ends.
func runWorklist(t *testing.T, a *apiServer) {
	t.Helper()
	runProjections(t, a, worklist.New())
}

// runProjections runs projections over a's schema until the test ends.
func runProjections(t *testing.T, a *apiServer, ps ...readside.Projection) {
	t.Helper()
	cfg := eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: 100, NotifyChannel: "kinerja_events_" + a.sc.Name, PollInterval: 100 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:  eventbus.RetryConfig{MaxRetries: 1, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
	}
	r, err := eventbus.NewRunner(a.sc.Pool, a.store, cfg, ps...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// worklistOf reads the worklist of the token's official once the
// projection has reached the head of the log.
func worklistOf(t *testing.T, a *apiServer, token string, query ...string) worklistView {
	t.Helper()
	path := "/v1/me/worklist?min_position=" + strconv.FormatUint(a.head(t), 10)
	if len(query) > 0 {
		path += "&" + strings.Join(query, "&")
	}
	var v worklistView
	a.send(t, "GET", path, token, nil).must(t, 200, "GET "+path).json(t, &v)
	if !v.Projection.Reached {
		t.Fatalf("worklist projection did not reach %d: %+v", a.head(t), v.Projection)
	}
	return v
}

// taskBrief is what the tests compare of a task.
type taskBrief struct {
	Kind    string
	NIP     string
	Window  int
	AgeDays int
	Acting  bool
}

// briefsOf returns the tasks of a worklist as briefs.
func briefsOf(v worklistView) []taskBrief {
	out := []taskBrief{}
	for _, k := range v.Tasks {
		out = append(out, taskBrief{k.Kind, k.NIP, k.Window, k.AgeDays, k.Acting})
	}
	return out
}

// wantTasks checks the tasks of the token's worklist on the clock's day.
func wantTasks(t *testing.T, a *apiServer, who, token string, want ...taskBrief) worklistView {
	t.Helper()
	v := worklistOf(t, a, token)
	if want == nil {
		want = []taskBrief{}
	}
	if diff := cmp.Diff(want, briefsOf(v)); diff != "" {
		t.Errorf("%s's worklist on %s (-want +got):\n%s", who, v.Day, diff)
	}
	return v
}

// TestWorklistThroughTheYearOverHTTP walks pegawai's year as the employee,
// the pejabat penilai and the atasan would, and checks each one's
// worklist after each step.
func TestWorklistThroughTheYearOverHTTP(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runWorklist(t, a)
	write := func(at time.Time, path, token string, body any, status int) {
		t.Helper()
		a.clock.Set(at)
		a.send(t, writeMethod(path), path, token, body).must(t, status, writeMethod(path)+" "+path)
	}
	write(day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, 201)
	write(day(1, 7), skpPath+"/submit", tk.pegawai, nil, 200)
	a.clock.Set(day(1, 9))
	pv := wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 2, false})
	if got := pv.Tasks[0].ExpectationsMissing; len(got) != 7 || got[0] != "berorientasi_pelayanan" {
		t.Errorf("plan approval task: expectations missing %v, want all seven", got)
	}
	write(day(1, 9), skpPath+"/expectations", tk.penilai, map[string]any{"expectations": expectations()["expectations"].([]any)[:5]}, 200)
	pv = wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 2, false})
	if got := pv.Tasks[0].ExpectationsMissing; !slices.Equal(got, []string{"adaptif", "kolaboratif"}) {
		t.Errorf("plan approval task: expectations missing %v, want adaptif and kolaboratif", got)
	}
	v := wantTasks(t, a, "kepala", tk.kepala)
	if len(v.Evaluatees) != 4 || v.Official != kepala {
		t.Errorf("kepala's evaluatees %+v, want penilai, penilaiB (as penilai) and pegawai, rekan (as atasan)", v.Evaluatees)
	}
	write(day(1, 9), skpPath+"/return", tk.penilai, map[string]any{"note": "Target terlalu rendah"}, 200)
	wantTasks(t, a, "penilai", tk.penilai)
	write(day(1, 10), skpPath+"/submit", tk.pegawai, nil, 200)
	write(day(1, 11), skpPath+"/expectations", tk.penilai, expectations(), 200)
	write(day(1, 11), skpPath+"/approve", tk.penilai, nil, 200)
	wantTasks(t, a, "penilai", tk.penilai)

	write(day(3, 20), skpPath+"/windows/1/realisations", tk.pegawai, map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://q1.pdf"}}, 201)
	write(day(3, 21), skpPath+"/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "Bagus"}, 201)
	write(day(3, 22), skpPath+"/feedback/1/response", tk.pegawai, map[string]any{"text": "Terima kasih"}, 200)
	a.clock.Set(day(4, 2))
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindFeedbackResponse, pegawai, 0, 11, false},
		taskBrief{worklist.KindRating, pegawai, 1, 1, false})
	write(day(4, 3), skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Q1"}, 201)
	wantTasks(t, a, "penilai", tk.penilai)

	a.clock.Set(day(7, 15))
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindOverdueRealisation, pegawai, 2, 4, false})
	write(day(7, 16), skpPath+"/windows/2/realisations", tk.pegawai, map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://q2.pdf"}}, 201)
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindRating, pegawai, 2, 0, false})
	write(day(7, 17), skpPath+"/windows/2/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Q2"}, 201)

	// HR closes the last two windows once they have ended (closed windows
	// carry no tasks), and the annual rating comes after the year's last
	// window.
	write(day(12, 31), "/v1/periods/"+instansi+"/2025/windows/3/close", tk.hr, nil, 200)
	write(nextYear(1, 1), "/v1/periods/"+instansi+"/2025/windows/4/close", tk.hr, nil, 200)
	write(nextYear(1, 2), skpPath+"/annual-rating", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "di_bawah_ekspektasi", "note": "Tahunan"}, 201)
	write(nextYear(1, 5), skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}, 201)
	a.clock.Set(nextYear(1, 7))
	v = wantTasks(t, a, "kepala", tk.kepala, taskBrief{worklist.KindObjection, pegawai, 0, 2, false})
	if d := v.Tasks[0].Deadline; d == nil || d.String() != "2026-01-16" {
		t.Errorf("objection deadline %v, want 2026-01-16 (14 days after the annual rating)", d)
	}
	if v := worklistOf(t, a, tk.kepala, "kind=plan_approval"); len(v.Tasks) != 0 || v.Counts[worklist.KindObjection] != 1 {
		t.Errorf("kind filter: %+v", v)
	}
	wantTasks(t, a, "penilai", tk.penilai)
	write(nextYear(1, 8), skpPath+"/objection/decision", tk.kepala, map[string]any{"outcome": "ratings_upheld", "note": "Sesuai bukti"}, 200)
	wantTasks(t, a, "kepala", tk.kepala)
}

// TestWorklistFollowsReportingLines checks that an acting official gets
// the evaluatee's tasks marked acting from the line's effective day, and
// that the previous pejabat penilai loses them.
func TestWorklistFollowsReportingLines(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runWorklist(t, a)
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": penilaiB,
		"atasan_pejabat_penilai": kepala, "effective_from": "2025-02-01", "acting": true, "reason": "Plt kepala bidang"}).
		must(t, 200, "assign acting line")
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 0, false})
	wantTasks(t, a, "penilaiB", tk.penilaiB)
	a.clock.Set(day(2, 3))
	wantTasks(t, a, "penilai", tk.penilai)
	v := wantTasks(t, a, "penilaiB", tk.penilaiB, taskBrief{worklist.KindPlanApproval, pegawai, 0, 28, true})
	if len(v.Evaluatees) != 1 || !v.Evaluatees[0].Acting || v.Evaluatees[0].OpenTasks != 1 {
		t.Errorf("penilaiB's evaluatees %+v, want pegawai, acting, one task", v.Evaluatees)
	}
	if v := worklistOf(t, a, tk.penilaiB, "unit=bidang-b"); len(v.Evaluatees) != 0 || len(v.Tasks) != 0 {
		t.Errorf("unit filter bidang-b: %+v", v)
	}
}

// TestWorklistScope checks that nobody but the officials of the line sees
// the tasks: the employee, a colleague, HR and the auditor of the
// instansi, HR and an official of another instansi, and another unit's
// pejabat penilai all get an empty worklist; bad parameters are a 400.
func TestWorklistScope(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runWorklist(t, a)
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.send(t, "POST", rekanPath, tk.rekan, map[string]any{"plan": plan(10)}).must(t, 201, "draft rekan")
	a.send(t, "POST", rekanPath+"/submit", tk.rekan, nil).must(t, 200, "submit rekan")
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 0, false},
		taskBrief{worklist.KindPlanApproval, rekan, 0, 0, false})
	officialB := a.token(t, adminB, otherInst, actor.Pegawai, actor.PejabatPenilai, actor.AtasanPejabatPenilai, actor.Admin)
	asPenilai := a.token(t, pegawai, instansi, actor.Pegawai, actor.PejabatPenilai)
	for who, tok := range map[string]string{"pegawai": tk.pegawai, "pegawai claiming pejabat_penilai": asPenilai, "rekan": tk.rekan,
		"hr": tk.hr, "auditor": tk.auditor, "otherHR": tk.otherHR, "official of another instansi": officialB, "penilaiB": tk.penilaiB} {
		v := worklistOf(t, a, tok)
		if len(v.Tasks) != 0 || len(v.Evaluatees) != 0 || v.Total != 0 {
			t.Errorf("%s sees %+v", who, v)
		}
	}
	// A token with the atasan role only: the employees it is pejabat
	// penilai of, and their plan approvals, are not its worklist (it was
	// given them, and could act on none).
	if v := worklistOf(t, a, a.token(t, penilai, instansi, actor.Pegawai, actor.AtasanPejabatPenilai)); len(v.Tasks) != 0 || len(v.Evaluatees) != 0 {
		t.Errorf("the penilai with an atasan-only token sees %+v", v)
	}
	// A unit no code can be (20,000 letters) listed nothing, as a 200.
	for _, q := range []string{"kind=nope", "instansi=" + otherInst, "official=" + penilai, "unit=" + strings.Repeat("a", 20000)} {
		a.send(t, "GET", "/v1/me/worklist?"+q, tk.penilai, nil).must(t, 400, q)
	}
	a.send(t, "GET", "/v1/me/worklist", "", nil).must(t, 401, "no token")
}

// TestPenilaiListsOnlyTheirEvaluatees checks that a pejabat penilai lists
// the standings and training needs of their evaluatees today and of no one
// else, that a supervisor without evaluatees lists nothing, and that an
// employee without the role is still refused.
func TestPenilaiListsOnlyTheirEvaluatees(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runProjections(t, a, worklist.New(), standings.New(), training.New())
	penilaiPath := "/v1/skp/" + penilai + "/2025"
	for _, w := range []struct{ path, token string }{{skpPath, tk.pegawai}, {penilaiPath, tk.penilai}} {
		a.send(t, "POST", w.path, w.token, map[string]any{"plan": plan(10)}).must(t, 201, "draft "+w.path)
		a.send(t, "POST", w.path+"/submit", w.token, nil).must(t, 200, "submit "+w.path)
	}
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
	a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve pegawai")
	a.send(t, "PUT", penilaiPath+"/expectations", tk.kepala, expectations()).must(t, 200, "expectations")
	a.send(t, "POST", penilaiPath+"/approve", tk.kepala, nil).must(t, 200, "approve penilai")
	a.send(t, "POST", skpPath+"/feedback", tk.penilai, map[string]any{"value": "akuntabel", "text": "Lebih teliti"}).must(t, 201, "feedback pegawai")
	a.send(t, "POST", penilaiPath+"/feedback", tk.kepala, map[string]any{"value": "akuntabel", "text": "Lebih teliti"}).must(t, 201, "feedback penilai")
	worklistOf(t, a, tk.penilai) // the worklist has caught up
	nips := func(path, token string) []string {
		t.Helper()
		var v struct {
			Items []struct {
				NIP string `json:"nip"`
			} `json:"items"`
		}
		a.send(t, "GET", path+"?year=2025&min_position="+strconv.FormatUint(a.head(t), 10), token, nil).must(t, 200, "GET "+path).json(t, &v)
		out := []string{}
		for _, it := range v.Items {
			if !slices.Contains(out, it.NIP) {
				out = append(out, it.NIP)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, path := range []string{"/v1/standings", "/v1/training-needs"} {
		if got, want := nips(path, tk.penilai), []string{pegawai, rekan}; path == "/v1/standings" && !slices.Equal(got, want) {
			t.Errorf("penilai's %s: %v, want %v", path, got, want)
		}
		if got := nips(path, tk.penilai); path == "/v1/training-needs" && !slices.Equal(got, []string{pegawai}) {
			t.Errorf("penilai's %s: %v, want only pegawai's need", path, got)
		}
		if got := nips(path, tk.penilaiB); len(got) != 0 {
			t.Errorf("penilaiB (no evaluatees) %s: %v", path, got)
		}
		if got := nips(path, tk.hr); len(got) < 2 || !slices.Contains(got, penilai) {
			t.Errorf("HR's %s: %v, want every employee's rows", path, got)
		}
		a.send(t, "GET", path, tk.pegawai, nil).must(t, 403, "pegawai lists "+path)
		a.send(t, "GET", path, tk.otherHR, nil).must(t, 200, "other HR lists their own instansi")
		if got := nips(path, tk.otherHR); slices.Contains(got, pegawai) || slices.Contains(got, penilai) {
			t.Errorf("other instansi's HR %s: %v", path, got)
		}
	}
}
