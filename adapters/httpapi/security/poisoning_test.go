package security

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// newEmployee is a valid registration of a new employee of the fixture's
// instansi named name.
func newEmployee(name string) map[string]any {
	return map[string]any{
		"nip": "199202022020121001", "name": name, "status": "pns", "instansi": httpapitest.Instansi, "unit": "dinas",
		"jabatan":  map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "Analis"},
		"golongan": "III/a", "golongan_tmt": "2021-01-01"}
}

// incompressible returns n random letters: PostgreSQL compresses a repeated
// text to a few bytes, which would fit any index.
func incompressible(n int) string {
	rng := rand.New(rand.NewPCG(10, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}

// TestHole1OverlongTextIsRefusedWithFieldAndLimit: a 6,000-character name
// and a 1,000,000-character feedback text are 400 problems naming the field
// and its limit, and append nothing.
func TestHole1OverlongTextIsRefusedWithFieldAndLimit(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	cases := []struct {
		what, path, token string
		body              map[string]any
		field, limit      string
	}{
		{"a 6,000-character employee name", "/v1/employees", tk.HR, newEmployee(incompressible(6000)), "name", "200"},
		{"a 1,000,000-character feedback text", httpapitest.SKPPath + "/feedback", tk.Penilai,
			map[string]any{"rhk": "rhk-1", "text": incompressible(1_000_000)}, "text", "4000"},
	}
	for _, c := range cases {
		p := s.Denied(t, 400, c.what, "POST", c.path, c.token, c.body)
		if p.Type != httpapi.TypeValidation {
			t.Errorf("%s: problem type %s, want %s", c.what, p.Type, httpapi.TypeValidation)
		}
		if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Message, c.limit) {
			t.Errorf("%s: field errors %+v, want one for %s naming the limit %s", c.what, p.Errors, c.field, c.limit)
		}
	}
}

// TestHole1OverlongTextIsNamedAsTheClientSentIt: the 400 for every
// free-text field of the SKP's evaluation names the field of the request
// body, with its limit.
func TestHole1OverlongTextIsNamedAsTheClientSentIt(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	s.Clock.Set(httpapitest.Day(time.April, 3))
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"} // a reason: no realisation reported
	s.Send(t, "POST", httpapitest.SKPPath+"/windows/1/ratings", tk.Penilai, rating).Must(t, 201, "rate Q1")
	over := strings.Repeat("é", 2001)
	cases := []struct {
		what, path, token string
		body              map[string]any
		field             string
	}{
		{"a rating note", httpapitest.RekanSKPPath + "/windows/1/ratings", tk.Penilai,
			map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": over}, "note"},
		{"an amendment reason", httpapitest.SKPPath + "/amendments", tk.Penilai,
			map[string]any{"window": 1, "hasil": "di_atas_ekspektasi", "perilaku": "sesuai_ekspektasi", "reason": over}, "reason"},
	}
	for _, c := range cases {
		p := s.Denied(t, 400, c.what, "POST", c.path, c.token, c.body)
		if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Message, "2000") {
			t.Errorf("%s: field errors %+v, want one for %s naming the limit 2000", c.what, p.Errors, c.field)
		}
	}
}

// TestHole1LongTextInTheLogStopsNoProjection writes, straight to the store
// and so past the domain's limits, an employee whose name and jabatan name
// are 6,000 characters and a unit renamed to 6,000 characters, in the
// middle of ordinary traffic over HTTP. Every projection reaches the head,
// and the server keeps answering reads of that employee.
func TestHole1LongTextInTheLogStopsNoProjection(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	running := s.StartProjections(t)
	long := incompressible(6000)
	reg := employee.Registered{NIP: "199303032021011001", Name: long, Status: employee.StatusPNS,
		Instansi: httpapitest.Instansi, Unit: "bidang-a", Golongan: performance.Golongan("III/a"),
		Jabatan:     employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: long},
		GolonganTMT: civil.DateOf(httpapitest.Day(time.April, 1).AddDate(-4, 0, 0)),
		At:          httpapitest.Day(time.January, 6), By: projectiontest.HR}
	appendDirect(t, s, employee.Stream(reg.NIP), projectiontest.Encode(reg, projectiontest.HR))
	appendDirect(t, s, "unit-bidang-a", projectiontest.Encode(
		unit.Renamed{Code: "bidang-a", To: long, At: reg.At.Add(time.Second), By: projectiontest.HR}, projectiontest.HR))
	s.Clock.Set(httpapitest.Day(time.March, 20))
	s.Send(t, "POST", httpapitest.SKPPath+"/feedback", tk.Penilai, map[string]any{"rhk": "rhk-1", "text": "Bagus"}).
		Must(t, 201, "feedback after the long events")
	running.WaitHead(t, s, 60*time.Second)
	s.Send(t, "GET", "/v1/standings?year=2025", tk.HR, nil).Must(t, 200, "standings after the long events")
	s.Send(t, "GET", "/v1/employees/"+reg.NIP+"/history", tk.HR, nil).Must(t, 200, "history of the long-named employee")
}

// appendDirect appends ev to stream through the store, bypassing the
// command use cases and so the domain's text limits.
func appendDirect(t *testing.T, s *httpapitest.Server, stream string, ev eventlog.NewEvent) {
	t.Helper()
	if _, err := s.Store.Append(t.Context(), stream, eventlog.Any, ev); err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
}
