package security

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/actor"
)

// TestHole4ClaimsAreBoundToTheMasterData: a token for an employee of A
// (the pegawai, and A's HR) that claims instansi B and the roles hr and
// admin reads nothing of B and writes nothing there, by any route kind
// (master data, units, periods, imports); each refusal appends nothing.
// The same subjects with their true instansi are served.
//
// Before the fix the token's roles and instansi were trusted as signed, so
// such a token read and wrote B's data as B's HR.
func TestHole4ClaimsAreBoundToTheMasterData(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.Seed(t)
	s.ImportCSV(t, tk.OtherHR, "units", unitsB)
	s.ImportCSV(t, tk.OtherHR, "employees", employeesB)
	s.OpenPeriod(t, tk.OtherHR, httpapitest.OtherInstansi, 2025)
	for _, nip := range []string{httpapitest.Pegawai, httpapitest.HRNIP} {
		forged := s.Token(t, nip, httpapitest.OtherInstansi, actor.HR, actor.Admin)
		for _, c := range []struct {
			method, path string
			body         any
			extra        []string
		}{
			{"GET", "/v1/employees/" + pegawaiB, nil, nil},
			{"GET", "/v1/units/kab-dinas", nil, nil},
			{"GET", "/v1/periods/" + httpapitest.OtherInstansi + "/2025", nil, nil},
			{"GET", "/v1/standings?year=2025", nil, nil},
			{"POST", "/v1/employees/" + pegawaiB + "/golongan", map[string]any{"golongan": "III/c", "tmt": "2025-01-01"}, nil},
			{"POST", "/v1/units", map[string]any{"code": "kab-baru", "name": "Bidang Baru", "parent": "kab-dinas",
				"instansi": httpapitest.OtherInstansi}, nil},
			{"POST", "/v1/units/kab-sarana/rename", map[string]any{"name": "Bidang Diambil"}, nil},
			{"POST", "/v1/import/reporting-lines", linesB, []string{"Content-Type", "text/csv"}},
		} {
			what := nip + " of A as HR of B: " + c.method + " " + c.path
			r := s.Send(t, c.method, c.path, forged, c.body, c.extra...)
			if r.Status != 403 && r.Status != 401 {
				t.Errorf("%s: status %d, want 403 or 401: %.300s", what, r.Status, r.Body)
				continue
			}
			s.Denied(t, r.Status, what, c.method, c.path, forged, c.body, c.extra...)
		}
	}
	s.Send(t, "GET", "/v1/employees/"+pegawaiB, tk.OtherHR, nil).Must(t, 200, "B's HR reads B")
	s.Send(t, "GET", "/v1/employees/"+httpapitest.Pegawai, tk.HR, nil).Must(t, 200, "A's HR reads A")
}

// TestHole4HRDoesNotChangeOwnRecord: HR, and an admin, keep every record
// of their instansi but their own: their own golongan, jabatan and
// reporting line are refused (403) and append nothing; a colleague's
// golongan is changed.
//
// Before the fix HR could promote themselves.
func TestHole4HRDoesNotChangeOwnRecord(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.Seed(t)
	own := "/v1/employees/" + httpapitest.HRNIP
	admin := s.Token(t, httpapitest.HRNIP, httpapitest.Instansi, actor.Admin)
	for _, tok := range []string{tk.HR, admin} {
		s.Denied(t, 403, "own golongan", "POST", own+"/golongan", tok, map[string]any{"golongan": "IV/a", "tmt": "2025-01-01"})
		s.Denied(t, 403, "own jabatan", "POST", own+"/jabatan", tok, map[string]any{"effective": "2025-01-01",
			"jabatan": map[string]any{"kind": "administrasi", "level": "pengawas", "name": "Kepala Subbagian Kepegawaian"}})
		s.Denied(t, 403, "own reporting line", "POST", own+"/reporting-lines", tok, map[string]any{
			"pejabat_penilai": httpapitest.Kepala, "atasan_pejabat_penilai": httpapitest.PenilaiB,
			"effective_from": "2025-01-01", "reason": "struktur"})
	}
	s.Send(t, "POST", "/v1/employees/"+httpapitest.Rekan+"/golongan", tk.HR,
		map[string]any{"golongan": "III/b", "tmt": "2025-01-01"}).Must(t, 200, "HR changes a colleague's golongan")
}

// TestHole4TokenHygiene: with an audience configured, a token without aud
// or for another audience is 401; a token whose lifetime is longer than
// the verifier's maximum is 401; a token issued in the future is 401. None
// appends anything, and a proper token of the same subject is served.
//
// Before the fix the verifier had no audience setting and no maximum
// lifetime, and did not refuse an iat in the future.
func TestHole4TokenHygiene(t *testing.T) {
	t.Parallel()
	const aud = "kinerja-test"
	s := httpapitest.New(t, httpapitest.Options{Audience: aud})
	tk := s.Seed(t)
	now := s.Clock.Now()
	hr := auth.Principal{NIP: httpapitest.HRNIP, Instansi: httpapitest.Instansi, Roles: []actor.Role{actor.HR}}
	mint := func(aud string, iat time.Time, ttl time.Duration) string {
		tok, err := auth.MintHS256For(httpapitest.Secret(), hr, auth.Issuance{Audience: aud}, iat, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	bad := map[string]string{
		"no aud":                      mint("", now, time.Hour),
		"another audience":            mint("another-service", now, time.Hour),
		"a lifetime over the maximum": mint(aud, now, httpapitest.TokenTTL+time.Hour),
		"iat an hour in the future":   mint(aud, now.Add(time.Hour), 2*time.Hour),
	}
	body := unitBody("hygiene")
	for what, tok := range bad {
		for _, c := range []struct {
			method, path string
			body         any
		}{{"GET", "/v1/employees/" + httpapitest.Pegawai, nil}, {"POST", "/v1/units", body}} {
			p := s.Denied(t, 401, what+": "+c.method+" "+c.path, c.method, c.path, tok, c.body)
			if p.Type != httpapi.TypeUnauthorized {
				t.Errorf("%s: problem type %s", what, p.Type)
			}
		}
	}
	s.Send(t, "GET", "/v1/employees/"+httpapitest.Pegawai, mint(aud, now, time.Hour), nil).Must(t, 200, "a proper token reads")
	s.Send(t, "POST", "/v1/units", tk.HR, body).Must(t, 201, "a proper token writes")
}
