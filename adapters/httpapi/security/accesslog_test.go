package security

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/actor"
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
	// ResourceInstansi is set on a read of another instansi's data.
	ResourceInstansi []string `json:"resource_instansi"`
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

// TestReadsByAnOfficialOfAnotherInstansiAreInBothAccessLogs: A's Kepala is
// the atasan pejabat penilai of B's Citra Pegawai by a cross-instansi
// assignment, and reads her master data, her SKP and his worklist. B's auditor finds those
// reads and the reads of a worklist that lists her (their resource's
// instansi is B's), as A's auditor does (the reader is A's); neither finds
// the other instansi's own reads.
func TestReadsByAnOfficialOfAnotherInstansiAreInBothAccessLogs(t *testing.T) {
	t.Parallel()
	s, tk := withInstansiB(t)
	s.Send(t, "GET", "/v1/employees/"+pegawaiB, tk.Kepala, nil).Must(t, 200, "A's Kepala reads B's employee")
	s.OpenPeriod(t, tk.OtherHR, httpapitest.OtherInstansi, 2025)
	pathB := "/v1/skp/" + pegawaiB + "/2025"
	tb := tokensOfB(t, s, tk)
	s.Send(t, "POST", pathB, tb[string(actor.Pegawai)], map[string]any{"plan": httpapitest.Plan(10)}).
		Must(t, 201, "B drafts")
	s.Send(t, "GET", pathB, tk.Kepala, nil).Must(t, 200, "A's Kepala reads her SKP")
	s.StartProjections(t).WaitHead(t, s, 60*time.Second)
	var wl struct {
		Evaluatees []struct {
			NIP string `json:"nip"`
		} `json:"evaluatees"`
	}
	s.Send(t, "GET", "/v1/me/worklist", tk.Kepala, nil).Must(t, 200, "A's Kepala reads the worklist").JSON(t, &wl)
	if !slices.ContainsFunc(wl.Evaluatees, func(e struct {
		NIP string `json:"nip"`
	}) bool {
		return e.NIP == pegawaiB
	}) {
		t.Fatalf("A's Kepala's worklist does not list %s: %s", pegawaiB, s.Send(t, "GET", "/v1/me/worklist", tk.Kepala, nil).Body)
	}
	readStreamUntil(t, s, tk.Kepala, "?after=0", pegawaiB, nil) // replayed
	readStreamUntil(t, s, tk.Kepala, "", pegawaiB, func() {     // live
		s.Send(t, "POST", pathB+"/submit", tb[string(actor.Pegawai)], nil).Must(t, 200, "B submits")
	})
	s.Send(t, "GET", "/v1/employees/"+httpapitest.Pegawai, tk.HR, nil).Must(t, 200, "A's HR reads A's employee")
	s.Send(t, "GET", "/v1/employees/"+pegawaiB, tk.OtherHR, nil).Must(t, 200, "B's HR reads B's employee")

	theirs := accessLog(t, s, tk.OtherAuditor, url.Values{"subject": {httpapitest.Kepala}})
	for _, kind := range []string{"employee", "skp", "worklist", "live_events"} {
		id := pegawaiB
		if kind == "worklist" || kind == "live_events" {
			id = ""
		}
		if !found(theirs, httpapitest.Kepala, kind, id) {
			t.Errorf("B's auditor does not find A's Kepala reading %s of %s: %+v", kind, pegawaiB, theirs)
		}
	}
	streams := 0
	for _, e := range theirs {
		if e.ResourceKind == "live_events" {
			streams++
		}
		if e.Instansi != httpapitest.Instansi || !slices.Equal(e.ResourceInstansi, []string{httpapitest.OtherInstansi}) {
			t.Errorf("a cross-instansi read seen by B's auditor: instansi %q resource_instansi %q, want %q and %q",
				e.Instansi, e.ResourceInstansi, httpapitest.Instansi, httpapitest.OtherInstansi)
		}
	}
	if streams != 2 {
		t.Errorf("B's auditor finds %d reads of B's events on A's Kepala's live streams, want 2 (replayed, live): %+v", streams, theirs)
	}
	for _, e := range accessLog(t, s, tk.OtherAuditor, url.Values{}) {
		if e.Instansi != httpapitest.OtherInstansi && !slices.Contains(e.ResourceInstansi, httpapitest.OtherInstansi) {
			t.Errorf("B's auditor sees a read neither by nor of B: %+v", e)
		}
	}
	mine := accessLog(t, s, tk.Auditor, url.Values{"resource_id": {pegawaiB}})
	if !found(mine, httpapitest.Kepala, "employee", pegawaiB) {
		t.Errorf("A's auditor does not find A's Kepala reading %s: %+v", pegawaiB, mine)
	}
	for _, e := range mine {
		if e.Subject != httpapitest.Kepala {
			t.Errorf("A's auditor sees B's own read of B's employee: %+v", e)
		}
	}
}

// readStreamUntil opens the live event stream of tok with query q and
// reads it until an event names want, then closes it. With trigger set, it
// calls trigger once the stream is live (its first id).
func readStreamUntil(t *testing.T, s *httpapitest.Server, tok, q, want string, trigger func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", s.URL+"/v1/me/events"+q, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the live stream answered %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if trigger != nil && strings.HasPrefix(sc.Text(), "id:") {
			trigger()
			trigger = nil
			continue
		}
		if trigger == nil && strings.HasPrefix(sc.Text(), "data:") && strings.Contains(sc.Text(), want) {
			return
		}
	}
	t.Fatalf("the live stream ended without an event naming %s: %v", want, sc.Err())
}

// TestAnAccessLogEntryNamesNoThirdInstansi: A's Kepala is the atasan
// pejabat penilai of an employee of B and of one of C, by cross-instansi
// assignments, and reads his worklist, which lists both. The entry names
// both instansi as the instansi of what was read; B's auditor finds it,
// and so does C's, but each sees only their own instansi in it: the other
// is none of their business (before the fix B's auditor read that A's
// Kepala also evaluates someone of C, and C's auditor the same of B).
// A's auditor sees both.
func TestAnAccessLogEntryNamesNoThirdInstansi(t *testing.T) {
	t.Parallel()
	s, tk := withInstansiB(t)
	const instansiC, hrC, pegawaiC, auditorC = "pemkot-cimahi", "198404042009041003", "199303032015032001", "198505052010051002"
	s.Bootstrap(t, "units", "code,name,parent,instansi\ncmh-dinas,Dinas Kesehatan,,"+instansiC+"\n")
	s.Bootstrap(t, "employees", "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n"+
		hrC+",Dedi Sdm,pns,"+instansiC+",cmh-dinas,administrasi,administrator,Kepala Bagian Kepegawaian,IV/a,2018-10-01\n"+
		pegawaiC+",Eka Pegawai,pns,"+instansiC+",cmh-dinas,administrasi,pelaksana,Pengelola Data,III/a,2021-04-01\n"+
		auditorC+",Fajar Auditor,pns,"+instansiC+",cmh-dinas,administrasi,pelaksana,Auditor,III/b,2021-04-01\n")
	s.Send(t, "POST", "/v1/employees/"+pegawaiC+"/reporting-lines", s.Token(t, hrC, instansiC, actor.HR), map[string]any{
		"pejabat_penilai": hrC, "atasan_pejabat_penilai": httpapitest.Kepala, "effective_from": "2025-01-01",
		"reason": "struktur 2025", "cross_instansi_reason": "Penugasan lintas instansi, SK 800/13/2025"}).
		Must(t, 200, "C's line with A's Kepala as atasan")
	s.StartProjections(t).WaitHead(t, s, 60*time.Second)
	var wl struct {
		Evaluatees []struct {
			NIP string `json:"nip"`
		} `json:"evaluatees"`
	}
	s.Send(t, "GET", "/v1/me/worklist", tk.Kepala, nil).Must(t, 200, "A's Kepala reads the worklist").JSON(t, &wl)
	listed := map[string]bool{}
	for _, e := range wl.Evaluatees {
		listed[e.NIP] = true
	}
	if !listed[pegawaiB] || !listed[pegawaiC] {
		t.Fatalf("A's Kepala's worklist does not list %s and %s: %+v", pegawaiB, pegawaiC, wl)
	}
	for _, c := range []struct{ who, tok, want string }{
		{"B's auditor", tk.OtherAuditor, httpapitest.OtherInstansi},
		{"C's auditor", s.Token(t, auditorC, instansiC, actor.Auditor), instansiC},
	} {
		n := 0
		for _, e := range accessLog(t, s, c.tok, url.Values{"subject": {httpapitest.Kepala}, "kind": {"worklist"}}) {
			n++
			if !slices.Equal(e.ResourceInstansi, []string{c.want}) {
				t.Errorf("%s reads the worklist entry with resource_instansi %q, want only %q", c.who, e.ResourceInstansi, c.want)
			}
		}
		if n == 0 {
			t.Errorf("%s does not find A's Kepala reading the worklist", c.who)
		}
	}
	for _, e := range accessLog(t, s, tk.Auditor, url.Values{"subject": {httpapitest.Kepala}, "kind": {"worklist"}}) {
		if got := slices.Sorted(slices.Values(e.ResourceInstansi)); !slices.Equal(got, []string{httpapitest.OtherInstansi, instansiC}) {
			t.Errorf("A's auditor reads the worklist entry with resource_instansi %q, want B's and C's", e.ResourceInstansi)
		}
	}
}
