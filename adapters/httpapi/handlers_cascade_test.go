package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// newCascadeServer returns an apiServer under a policy that checks the
// cascade, with read models fed by the unitreport projection.
func newCascadeServer(t *testing.T) *apiServer {
	t.Helper()
	strict := performance.DefaultPolicy()
	strict.CascadeCheck = performance.CascadePenilaiSKP
	base := newAPIServerWith(t, backendPostgres, func(c *command.ServiceConfig) {
		c.Policies = map[string]performance.Policy{strict.Version: strict}
	})
	api := *base.srv.api
	api.ReadModels = &ReadModels{DB: base.sc.Pool, MaxWait: 10 * time.Second}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, err := NewServer(ServerConfig{}, Deps{Logger: logger, Database: base.sc.Pool, Events: base.store, API: &api})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	a := *base
	a.url, a.srv = hs.URL, srv
	rs := &readServer{apiServer: &a}
	rs.runProjections(t, unitreport.New())
	return &a
}

// runProjections runs ps on the read server's database until the test ends.
func (rs *readServer) runProjections(t *testing.T, ps ...readside.Projection) {
	t.Helper()
	cfg := eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: 100, NotifyChannel: "kinerja_events_" + rs.sc.Name, PollInterval: 100 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:  eventbus.RetryConfig{MaxRetries: 1, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
	}
	r, err := eventbus.NewRunner(rs.sc.Pool, rs.store, cfg, ps...)
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

// TestUnitCascade: the cascade tree of bidang-a nests the work plan item,
// the head's RHK supporting it and the employee's RHK supporting that; the
// head's RHK whose item left the work plan is unlinked; an employee without
// an approved SKP is listed; another instansi gets a 404.
func TestUnitCascade(t *testing.T) {
	a := newCascadeServer(t)
	tk := a.seed(t)
	const wp = "/v1/units/bidang-a/work-plans/2025"
	items := func(ids ...string) map[string]any {
		var is []any
		for _, id := range ids {
			is = append(is, map[string]any{"id": id, "text": "Sasaran " + id})
		}
		return map[string]any{"items": is}
	}
	a.send(t, "PUT", wp, tk.hr, items("pk-1", "pk-2")).must(t, 200, "work plan")

	penilaiPath := "/v1/skp/" + penilai + "/2025"
	head := plan(10)
	rhk := head["rhk"].([]any)[0].(map[string]any)
	rhk["id"], rhk["supports"] = "rhk-kepala-1", "pk-1"
	head["rhk"] = append(head["rhk"].([]any), map[string]any{"id": "rhk-kepala-2", "kind": "tambahan", "text": "Sarana belajar",
		"supports": "pk-2", "iki": []any{map[string]any{"id": "iki-2", "text": "Dokumen", "aspek": "kuantitas",
			"target": map[string]any{"kind": "quantitative", "quantity": 1, "unit": "dokumen"}}}})
	a.send(t, "POST", penilaiPath, tk.penilai, map[string]any{"head": true, "plan": head}).must(t, 201, "head's draft")
	a.send(t, "POST", penilaiPath+"/submit", tk.penilai, nil).must(t, 200, "submit head")
	a.send(t, "PUT", penilaiPath+"/expectations", tk.kepala, expectations()).must(t, 200, "head's expectations")
	a.send(t, "POST", penilaiPath+"/approve", tk.kepala, nil).must(t, 200, "approve head")

	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "pegawai's draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit pegawai")
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "pegawai's expectations")
	a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve pegawai")
	a.send(t, "POST", rekanPath, tk.rekan, map[string]any{"plan": plan(10)}).must(t, 201, "rekan's draft, not approved")
	// pk-2 leaves the work plan: the head's RHK that supports it is unlinked.
	last := written(t, a.send(t, "PUT", wp, tk.hr, items("pk-1", "pk-3")).must(t, 200, "new work plan"))

	var v cascadeView
	a.send(t, "GET", "/v1/units/bidang-a/cascade?year=2025&min_position="+u(last.Position), tk.hr, nil).must(t, 200, "cascade").json(t, &v)
	if !v.Projection.Reached || v.Employees != 3 || len(v.WorkPlan) != 2 || v.WorkPlan[0].ID != "pk-1" || v.WorkPlan[1].ID != "pk-3" {
		t.Fatalf("cascade %+v", v)
	}
	under := v.WorkPlan[0].Children
	if len(under) != 1 || under[0].NIP != penilai || under[0].RHK != "rhk-kepala-1" {
		t.Fatalf("under pk-1: %+v", under)
	}
	if ch := under[0].Children; len(ch) != 1 || ch[0].NIP != pegawai || ch[0].RHK != "rhk-1" || ch[0].Supports != "rhk-kepala-1" {
		t.Fatalf("under rhk-kepala-1: %+v", ch)
	}
	if len(v.WorkPlan[1].Children) != 0 {
		t.Fatalf("under pk-3: %+v", v.WorkPlan[1].Children)
	}
	if len(v.Unlinked) != 1 || v.Unlinked[0].RHK != "rhk-kepala-2" || v.Unlinked[0].Supports != "pk-2" {
		t.Fatalf("unlinked %+v", v.Unlinked)
	}
	if len(v.NotApproved) != 1 || v.NotApproved[0] != rekan {
		t.Fatalf("not approved %v", v.NotApproved)
	}

	// A year past is drawn with the unit's staff of its last day: the rekan
	// who moved to bidang-b on 1 January 2026 is still in 2025's cascade
	// (they were left out once the transfer took effect).
	moved := written(t, a.send(t, "POST", "/v1/employees/"+rekan+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2026-01-01", "reason": "mutasi"}).must(t, 200, "rekan moves in 2026"))
	a.clock.Set(time.Date(2026, 2, 2, 3, 0, 0, 0, time.UTC))
	a.send(t, "GET", "/v1/units/bidang-a/cascade?year=2025&min_position="+u(moved.Position), tk.hr, nil).must(t, 200, "2025 in 2026").json(t, &v)
	if v.Employees != 3 || len(v.NotApproved) != 1 || v.NotApproved[0] != rekan {
		t.Errorf("2025's cascade in 2026: %d employees, not approved %v; want 3 with the rekan", v.Employees, v.NotApproved)
	}
	a.send(t, "GET", "/v1/units/bidang-a/cascade?year=2026&min_position="+u(moved.Position), tk.hr, nil).must(t, 200, "2026").json(t, &v)
	if v.Employees != 2 || slices.Contains(v.NotApproved, rekan) {
		t.Errorf("2026's cascade: %d employees, not approved %v; want 2 without the rekan", v.Employees, v.NotApproved)
	}

	a.denied(t, 404, TypeNotFound, "HR of another instansi", "GET", "/v1/units/bidang-a/cascade?year=2025", tk.otherHR, nil)
	a.denied(t, 403, TypeForbidden, "the employee", "GET", "/v1/units/bidang-a/cascade?year=2025", tk.pegawai, nil)
	a.denied(t, 400, TypeValidation, "without a year", "GET", "/v1/units/bidang-a/cascade", tk.hr, nil)
	a.denied(t, 404, TypeNotFound, "an unknown unit", "GET", "/v1/units/tidak-ada/cascade?year=2025", tk.hr, nil)
}

// TestCascadeIsJSONOnly: the cascade (a tree, no table form) asked for as
// CSV or XLSX panicked into a 500. An explicit format is a 400; an Accept
// header it cannot meet is answered with JSON.
func TestCascadeIsJSONOnly(t *testing.T) {
	a := newCascadeServer(t)
	tk := a.seed(t)
	for _, f := range []string{"csv", "xlsx"} {
		p := a.denied(t, 400, TypeValidation, "format="+f, "GET", "/v1/units/bidang-a/cascade?year=2025&format="+f, tk.hr, nil)
		if len(p.Errors) != 1 || p.Errors[0].Field != "format" {
			t.Errorf("format=%s: %+v", f, p)
		}
	}
	r := a.send(t, "GET", "/v1/units/bidang-a/cascade?year=2025", tk.hr, nil, "Accept", "text/csv").must(t, 200, "Accept: text/csv")
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Accept: text/csv answered %s", ct)
	}
}
