package httpapi

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// otherStaff are the registered people of the other instansi.
var otherStaff = []string{otherHR, auditorB, itdaB, adminB}

// eventsByPosition reads the whole log.
func (a *apiServer) eventsByPosition(t testing.TB) map[uint64]eventlog.Event {
	t.Helper()
	evs, err := a.store.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[uint64]eventlog.Event{}
	for _, e := range evs {
		out[e.Position] = e
	}
	return out
}

// yearOfWrites walks pegawai's year and changes master data of the
// instansi, so that the log holds an event of every kind the API writes.
func (a *apiServer) yearOfWrites(t testing.TB, tk tokens) {
	t.Helper()
	rating := func(h, p, note string) map[string]any { return map[string]any{"hasil": h, "perilaku": p, "note": note} }
	steps := []struct {
		at          time.Time
		path, token string
		body        any
	}{
		{day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}},
		{day(1, 7), skpPath + "/submit", tk.pegawai, nil},
		{day(1, 8), skpPath + "/return", tk.penilai, map[string]any{"note": "Target terlalu rendah"}},
		{day(1, 9), skpPath + "/plan", tk.pegawai, map[string]any{"plan": plan(12)}},
		{day(1, 9), skpPath + "/submit", tk.pegawai, nil},
		{day(1, 10), skpPath + "/expectations", tk.penilai, expectations()},
		{day(1, 10), skpPath + "/approve", tk.penilai, nil},
		{day(3, 20), skpPath + "/windows/1/realisations", tk.pegawai, map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://q1.pdf"}}},
		{day(3, 21), skpPath + "/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "Bagus, pertahankan"}},
		{day(3, 22), skpPath + "/feedback/1/response", tk.pegawai, map[string]any{"text": "Terima kasih"}},
		{day(4, 3), skpPath + "/windows/1/ratings", tk.penilai, rating("sesuai_ekspektasi", "sesuai_ekspektasi", "Q1")},
		{day(4, 4), "/v1/periods/" + instansi + "/2025/windows/1/close", tk.hr, nil},
		{day(4, 5), "/v1/units/bidang-a/rename", tk.hr, map[string]any{"name": "Bidang Kurikulum Daerah"}},
		{day(4, 6), "/v1/employees/" + pegawai + "/transfers", tk.hr, map[string]any{"to_unit": "bidang-b", "effective": "2026-01-01", "reason": "mutasi"}},
		{day(12, 31), skpPath + "/annual-rating", tk.penilai, rating("sesuai_ekspektasi", "di_bawah_ekspektasi", "Tahunan")},
		{nextYear(1, 2), skpPath + "/amendments", tk.penilai, map[string]any{"window": 0, "hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "reason": "Salah input"}},
		{nextYear(1, 5), skpPath + "/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}},
		{nextYear(1, 10), skpPath + "/objection/decision", tk.kepala, map[string]any{"outcome": "ratings_changed", "hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "note": "Bukti mendukung"}},
	}
	for _, s := range steps {
		a.clock.Set(s.at)
		a.write(t, s.path, s.token, s.body, s.path)
	}
}

// TestLiveNothingLeavesItsScope opens streams for every role of the other
// instansi and for two colleagues of the employee who are not their
// evaluators, some replaying the whole log and some live only, walks the
// employee's year (every event kind), and checks that no stream received an
// event outside its scope, and that each received its sentinel (so that it
// saw the whole log).
func TestLiveNothingLeavesItsScope(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.MaxPerUser = 10 })
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	type watcher struct {
		name    string
		c       *sseClient
		allowed func(e eventlog.Event) bool
	}
	ofOther := func(e eventlog.Event) bool { return e.Metadata.Instansi == otherInst }
	own := func(nip string) func(e eventlog.Event) bool {
		return func(e eventlog.Event) bool {
			return e.Stream == "employee-"+nip || strings.HasPrefix(e.Stream, "skp-"+nip+"-") || e.Stream == "period-"+instansi+"-2025"
		}
	}
	var ws []watcher
	grantable := slices.DeleteFunc(actor.Roles(), func(r actor.Role) bool { return r == actor.System })
	for i, role := range append(grantable, actor.Role("")) {
		nip := otherStaff[i%len(otherStaff)]
		roles := []actor.Role{role}
		if role == "" {
			roles = grantable // every role at once
		}
		for _, q := range []string{"after=0", ""} {
			c := openSSE(t, base, a.token(t, nip, otherInst, roles...), q)
			if c.status != 200 {
				t.Fatalf("%s of %s: status %d: %s", role, otherInst, c.status, c.body)
			}
			ws = append(ws, watcher{string(role) + " of " + otherInst + " " + q, c, ofOther})
		}
	}
	for _, q := range []string{"after=0", ""} {
		ws = append(ws, watcher{"rekan " + q, openSSE(t, base, tk.rekan, q), own(rekan)},
			watcher{"penilaiB " + q, openSSE(t, base, tk.penilaiB, q), own(penilaiB)})
	}
	a.yearOfWrites(t, tk)
	a.clock.Set(nextYear(1, 11))
	sentinels := map[string]uint64{
		otherInst: a.bogorPeriod(t, tk),
		rekan:     a.write(t, rekanPath, tk.rekan, map[string]any{"plan": plan(5)}, "rekan drafts"),
		penilaiB:  a.write(t, "/v1/skp/"+penilaiB+"/2025", tk.penilaiB, map[string]any{"plan": plan(3)}, "penilaiB drafts"),
	}
	log := a.eventsByPosition(t)
	for _, w := range ws {
		sentinel := sentinels[otherInst]
		if strings.HasPrefix(w.name, "rekan") {
			sentinel = sentinels[rekan]
		} else if strings.HasPrefix(w.name, "penilaiB") {
			sentinel = sentinels[penilaiB]
		}
		got := w.c.until(t, sentinel, 10*time.Second, w.name)
		got = append(got, w.c.drain(200*time.Millisecond)...)
		for _, m := range got {
			if e := log[m.id]; !w.allowed(e) {
				t.Errorf("%s received %s %s at %d (instansi %s)", w.name, e.Stream, e.Type, e.Position, e.Metadata.Instansi)
			}
		}
	}
}

// TestLiveFollowsReportingLineChanges moves the employee to another
// penilai and checks that the former one stops receiving their events and
// the new one starts.
func TestLiveFollowsReportingLineChanges(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	before, after := openSSE(t, base, tk.penilai, ""), openSSE(t, base, tk.penilaiB, "")
	w1 := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft")
	before.until(t, w1, 5*time.Second, "the penilai receives the draft")
	a.write(t, "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{
		"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": kepala, "effective_from": "2025-01-01", "reason": "koreksi"}, "move")
	w3 := a.write(t, skpPath+"/submit", tk.pegawai, nil, "submit")
	got := after.until(t, w3, 5*time.Second, "the new penilai receives the submission")
	if m := got[len(got)-1]; m.id != w3 || m.event != "skp.submitted" {
		t.Fatalf("the new penilai received %+v", m)
	}
	if rest := before.drain(300 * time.Millisecond); len(rest) != 0 {
		t.Fatalf("the former penilai received %v after the move", ids(rest))
	}
}
