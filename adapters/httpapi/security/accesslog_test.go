package security

import (
	"net/url"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
)

// accessEntry is the part of an access log entry the test reads.
type accessEntry struct {
	Subject      string `json:"subject"`
	Instansi     string `json:"instansi"`
	Method       string `json:"method"`
	Route        string `json:"route"`
	ResourceKind string `json:"resource_kind"`
	ResourceID   string `json:"resource_id"`
	Status       int    `json:"status"`
}

// accessLog returns every entry of the access log that tok's auditor may
// see (one page of up to 500 is enough here).
func accessLog(t *testing.T, s *httpapitest.Server, tok string, q url.Values) []accessEntry {
	t.Helper()
	s.FlushAccess(t)
	q.Set("limit", "500")
	var page struct {
		Entries   []accessEntry `json:"entries"`
		NextAfter *string       `json:"next_after"`
	}
	s.Send(t, "GET", "/v1/audit/access?"+q.Encode(), tok, nil).Must(t, 200, "search the access log").JSON(t, &page)
	if page.NextAfter != nil {
		t.Fatalf("more than one page of access log entries")
	}
	return page.Entries
}

// TestHole7ReadsOfPersonalDataAreInTheAccessLogOfTheSameInstansiOnly reads
// an employee's personal data through every kind of read (master data,
// SKP, score trail, history, standings, promotion candidates, training
// needs, unit report) as readers of the employee's instansi. The auditor of
// that instansi finds each read with its reader and resource; the auditor
// of another instansi finds none of them, and a non-auditor may not search.
func TestHole7ReadsOfPersonalDataAreInTheAccessLogOfTheSameInstansiOnly(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	s.StartProjections(t).WaitHead(t, s, 60*time.Second)
	reads := []struct{ path, token, subject, kind, id string }{
		{"/v1/employees/" + httpapitest.Pegawai, tk.HR, httpapitest.HRNIP, "employee", httpapitest.Pegawai},
		{httpapitest.SKPPath, tk.Penilai, httpapitest.Penilai, "skp", httpapitest.Pegawai},
		{"/v1/employees/" + httpapitest.Pegawai + "/skp/2025/score-trail", tk.Auditor, httpapitest.AuditorID, "score_trail", httpapitest.Pegawai},
		{"/v1/employees/" + httpapitest.Pegawai + "/history", tk.Pegawai, httpapitest.Pegawai, "history", httpapitest.Pegawai},
		{"/v1/standings?year=2025", tk.HR, httpapitest.HRNIP, "standings", ""},
		{"/v1/promotion-candidates", tk.HR, httpapitest.HRNIP, "promotion_candidates", ""},
		{"/v1/training-needs?year=2025", tk.HR, httpapitest.HRNIP, "training_needs", ""},
		{"/v1/units/bidang-a/report?year=2025", tk.HR, httpapitest.HRNIP, "unit_report", "bidang-a"},
	}
	for _, r := range reads {
		s.Send(t, "GET", r.path, r.token, nil).Must(t, 200, "read "+r.path)
	}
	mine := accessLog(t, s, tk.Auditor, url.Values{})
	for _, r := range reads {
		if !found(mine, r.subject, r.kind, r.id) {
			t.Errorf("the auditor of %s does not find %s reading %s %q: %+v", httpapitest.Instansi, r.subject, r.kind, r.id, mine)
		}
	}
	for _, e := range mine {
		if e.Instansi != httpapitest.Instansi {
			t.Errorf("the auditor of %s sees an entry of %s: %+v", httpapitest.Instansi, e.Instansi, e)
		}
	}
	theirs := accessLog(t, s, tk.OtherAuditor, url.Values{})
	for _, e := range theirs {
		if e.Instansi != httpapitest.OtherInstansi || e.ResourceID == httpapitest.Pegawai {
			t.Errorf("the auditor of %s sees %+v", httpapitest.OtherInstansi, e)
		}
	}
	if pegawai := accessLog(t, s, tk.OtherAuditor, url.Values{"resource_id": {httpapitest.Pegawai}}); len(pegawai) != 0 {
		t.Errorf("the auditor of %s finds reads of %s: %+v", httpapitest.OtherInstansi, httpapitest.Pegawai, pegawai)
	}
	for _, tok := range []string{tk.HR, tk.Pegawai, tk.Inspektorat, tk.OtherHR} {
		s.Send(t, "GET", "/v1/audit/access", tok, nil).Must(t, 403, "a non-auditor searches the access log")
	}
}

// found reports whether entries hold a successful GET by subject of the
// resource kind and id.
func found(entries []accessEntry, subject, kind, id string) bool {
	for _, e := range entries {
		if e.Subject == subject && e.ResourceKind == kind && e.ResourceID == id && e.Method == "GET" && e.Status == 200 {
			return true
		}
	}
	return false
}
