package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestMinPositionWaitsForTheProjection reads a row right after writing it,
// before the projections run: the read waits until they have caught up.
func TestMinPositionWaitsForTheProjection(t *testing.T) {
	rs := newReadServer(t, 30*time.Second)
	tk := rs.seed(t)
	w := written(t, rs.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft"))
	got := make(chan response, 1)
	go func() {
		got <- rs.send(t, "GET", "/v1/standings/"+pegawai+"/2025?min_position="+u(w.Position), tk.pegawai, nil)
	}()
	select {
	case r := <-got:
		t.Fatalf("answered %d before the projection ran: %s", r.status, r.body)
	case <-time.After(300 * time.Millisecond):
	}
	rs.startProjections(t)
	r := (<-got).must(t, 200, "read after write")
	var v standingView
	r.json(t, &v)
	if v.SKPStatus != "draft" || !v.Projection.Reached || v.Projection.Position < w.Position || projectionPosition(t, r) != v.Projection.Position {
		t.Fatalf("read after write: %+v", v)
	}
}

// TestMinPositionNotReachedSaysSo reads with a min_position the projection
// does not reach within the wait: the answer comes anyway and says how far
// the projection is.
func TestMinPositionNotReachedSaysSo(t *testing.T) {
	rs := newReadServer(t, 200*time.Millisecond)
	tk := rs.seed(t)
	head := rs.head(t)
	var p standingsPage
	r := rs.get(t, "/v1/standings?min_position="+u(head), tk.hr, &p)
	if p.Projection.Reached || p.Projection.Position != 0 || p.Projection.MinPosition != head || projectionPosition(t, r) != 0 || p.Total != 0 {
		t.Fatalf("not reached: %+v", p)
	}
}

// TestStoppedProjectionShowsInReadyzAndStatus appends an SKP event of a
// schema version the projections cannot read: /readyz stays 200 but is
// degraded and names the projection, GET /v1/projections reports it with
// its position (and to an admin, the error), the gauges say stopped, and
// standings answers from where it stopped.
func TestStoppedProjectionShowsInReadyzAndStatus(t *testing.T) {
	rs := newReadServer(t, 200*time.Millisecond)
	rs.startProjections(t)
	tk := rs.seed(t)
	before := rs.head(t)
	bad := projectiontest.Encode(skp.Approved{NIP: pegawai, Year: 2025, At: time.Now()}, projectiontest.HR)
	bad.SchemaVersion = 9
	bad.Metadata.Instansi = instansi // as the use cases record it
	res, err := rs.store.Append(context.Background(), skp.Stream(pegawai, 2025), eventlog.Any, bad)
	if err != nil {
		t.Fatal(err)
	}
	admin := rs.token(t, hrNIP, instansi, actor.HR, actor.Admin)
	st := waitProjectionState(t, rs, admin, standings.Name, "stopped")
	if st.FailedPosition != res.Position || st.FailedEventID != bad.ID || st.FailedType != skp.TypeApproved ||
		st.Checkpoint != before || st.Head != res.Position || st.Lag != 1 || st.Error == "" {
		t.Fatalf("stopped standings: %+v, want failed at %d (%s), checkpoint %d", st, res.Position, bad.ID, before)
	}
	// An admin of another instansi sees that standings stopped, and where,
	// but nothing of the event of this instansi that stopped it: not its
	// id or type, nor the error, which may quote its stream and values.
	if o := waitProjectionState(t, rs, tk.otherHR, standings.Name, "stopped"); o.FailedPosition != res.Position ||
		o.FailedEventID != "" || o.FailedType != "" || o.Error != "" {
		t.Errorf("an admin of another instansi sees the event that stopped standings: %+v", o)
	}

	r := rs.send(t, "GET", "/readyz", "", nil).must(t, 200, "readyz")
	var ready readiness
	r.json(t, &ready)
	if ready.Status != "degraded" || ready.Checks["database"] != "ok" || ready.Checks["projections"] != "degraded" ||
		len(ready.Projections) != 2 || ready.Projections[0] != (projectionHealth{Name: "standings", State: "stopped"}) {
		t.Fatalf("readyz: %s", r.body)
	}
	metrics := string(rs.send(t, "GET", "/metrics", "", nil).must(t, 200, "metrics").body)
	for _, want := range []string{`kinerja_projection_stopped{projection="standings"} 1`, `kinerja_projection_lag_events{projection="standings"} 1`,
		fmt.Sprintf(`kinerja_projection_checkpoint{projection="standings"} %d`, before)} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var p standingsPage
	r = rs.get(t, "/v1/standings?min_position="+u(res.Position), tk.hr, &p)
	if p.Projection.Reached || p.Projection.Position != before || p.Total != 8 { // 6 evaluated, the auditor and the inspektur
		t.Errorf("standings while stopped: %+v", p.Projection)
	}
	csv := parseCSV(t, rs.get(t, "/v1/projections", tk.hr, nil, "Accept", "text/csv").body)
	if len(csv) != 3 || csv[1][0] != "standings" || csv[1][1] != "stopped" || csv[1][6] != u(res.Position) {
		t.Errorf("projections CSV %v", csv)
	}
}

// TestReadyzListsRunningProjections checks the readyz detail of healthy
// projections, and who may read GET /v1/projections.
func TestReadyzListsRunningProjections(t *testing.T) {
	rs := newReadServer(t, time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	head := rs.head(t)
	for _, name := range []string{"standings", "promotion"} {
		deadline := time.Now().Add(30 * time.Second)
		for {
			st := waitProjectionState(t, rs, tk.hr, name, "running")
			if st.Checkpoint >= head {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not catch up: %+v", name, st)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	r := rs.send(t, "GET", "/readyz", "", nil).must(t, 200, "readyz")
	var ready readiness
	r.json(t, &ready)
	if ready.Status != "ready" || ready.Checks["projections"] != "ok" || fmt.Sprint(ready.Projections) != "[{standings running} {promotion running}]" {
		t.Fatalf("readyz: %s", r.body)
	}
	rs.denied(t, 403, TypeForbidden, "pegawai", "GET", "/v1/projections", tk.pegawai, nil)
	rs.denied(t, 400, TypeValidation, "a parameter", "GET", "/v1/projections?name=standings", tk.hr, nil)
}

// waitProjectionState polls GET /v1/projections until projection name is
// in state.
func waitProjectionState(t *testing.T, rs *readServer, token, name, state string) readside.ProjectionStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var v projectionsView
		rs.get(t, "/v1/projections", token, &v)
		for _, st := range v.Projections {
			if st.Name == name && st.State == state {
				return st
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("projection %s not %s within 30s: %+v", name, state, v.Projections)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestReadyzDegradedWhenNoProcessRunsTheProjections: with projections off
// in every server and no worker, the read models go stale; /readyz said
// ready, every projection idle.
func TestReadyzDegradedWhenNoProcessRunsTheProjections(t *testing.T) {
	rs := newReadServer(t, time.Second)
	rs.seed(t)
	r := rs.send(t, "GET", "/readyz", "", nil).must(t, 200, "readyz")
	var ready readiness
	r.json(t, &ready)
	if ready.Status != checkDegraded || ready.Checks["projections"] != checkDegraded || len(ready.Projections) == 0 ||
		ready.Projections[0].State != "idle" {
		t.Fatalf("readyz with nothing running the projections behind the head: %s", r.body)
	}
}
