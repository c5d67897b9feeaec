package httpapi

import (
	"context"
	"encoding/json"
	"slices"
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

// poisonStandings appends an SKP event of a schema version the projections
// cannot read and waits until an admin sees standings stopped; it returns
// that state.
func poisonStandings(t *testing.T, rs *readServer, admin string) readside.ProjectionStatus {
	t.Helper()
	bad := projectiontest.Encode(skp.Approved{NIP: pegawai, Year: 2025, At: time.Now()}, projectiontest.HR)
	bad.SchemaVersion = 9
	bad.Metadata.Instansi = instansi // as the use cases record it: its callers see the details
	if _, err := rs.store.Append(context.Background(), skp.Stream(pegawai, 2025), eventlog.Any, bad); err != nil {
		t.Fatal(err)
	}
	st := waitProjectionState(t, rs, admin, standings.Name, "stopped")
	if st.Error == "" || st.Owner == "" || st.FailedEventID != bad.ID {
		t.Fatalf("an admin sees no detail of the stop: %+v", st)
	}
	return st
}

// TestReadyzNamesAStoppedProjectionOnly checks that the unauthenticated
// /readyz says degraded and which projection stopped, and nothing of why:
// no error text, owner (host and pid), event or position.
func TestReadyzNamesAStoppedProjectionOnly(t *testing.T) {
	rs := newReadServer(t, 200*time.Millisecond)
	rs.startProjections(t)
	rs.seed(t)
	st := poisonStandings(t, rs, rs.token(t, hrNIP, instansi, actor.HR, actor.Admin))

	r := rs.send(t, "GET", "/readyz", "", nil).must(t, 200, "readyz")
	for _, secret := range []string{st.Error, st.Owner, st.FailedEventID, skp.TypeApproved, "position", "error", "owner"} {
		if strings.Contains(string(r.body), secret) {
			t.Errorf("/readyz reveals %q: %s", secret, r.body)
		}
	}
	var body struct {
		Status      string                       `json:"status"`
		Checks      map[string]string            `json:"checks"`
		Projections []map[string]json.RawMessage `json:"projections"`
	}
	r.json(t, &body)
	stopped := slices.IndexFunc(body.Projections, func(p map[string]json.RawMessage) bool {
		return string(p["name"]) == `"standings"` && string(p["state"]) == `"stopped"`
	})
	if body.Status != "degraded" || body.Checks["projections"] != "degraded" || stopped < 0 {
		t.Fatalf("readyz with standings stopped: %s", r.body)
	}
	for _, p := range body.Projections {
		if len(p) != 2 {
			t.Errorf("/readyz says more than the name and state of a projection: %v", p)
		}
	}
}

// TestProjectionErrorsAreForAdmins checks that GET /v1/projections shows
// the error text and owner of a stopped projection to admins only; other
// readers see its state, position and event without them.
func TestProjectionErrorsAreForAdmins(t *testing.T) {
	rs := newReadServer(t, 200*time.Millisecond)
	rs.startProjections(t)
	tk := rs.seed(t)
	st := poisonStandings(t, rs, rs.token(t, hrNIP, instansi, actor.Admin))

	for name, token := range map[string]string{"hr": tk.hr, "auditor": tk.auditor, "inspektorat": tk.inspektorat, "pimpinan": tk.kepala} {
		r := rs.send(t, "GET", "/v1/projections", token, nil).must(t, 200, name+" reads the projections")
		for _, secret := range []string{st.Error, st.Owner} {
			if strings.Contains(string(r.body), secret) {
				t.Errorf("%s sees %q: %s", name, secret, r.body)
			}
		}
		got := waitProjectionState(t, rs, token, standings.Name, "stopped")
		if got.FailedPosition != st.FailedPosition || got.FailedEventID != st.FailedEventID || got.Error != "" || got.Owner != "" {
			t.Errorf("%s sees %+v", name, got)
		}
		csv := string(rs.get(t, "/v1/projections", token, nil, "Accept", "text/csv").body)
		if strings.Contains(csv, st.Error) || strings.Contains(csv, st.Owner) {
			t.Errorf("%s sees the details in CSV: %s", name, csv)
		}
	}
}
