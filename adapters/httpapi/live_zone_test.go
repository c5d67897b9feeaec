package httpapi

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// TestLiveFollowsTheLineOnTheInstansisDay: the live stream chose the
// reporting line in force on the server's day (WIB): in a WIT instansi at
// 00:30 on the day a new pejabat penilai takes over, it was still the day
// before in WIB, so the new penilai, who may already act on the SKP, did
// not receive its events (and the former one did).
func TestLiveFollowsTheLineOnTheInstansisDay(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", a.token(t, hrNIP, instansi, actor.Admin),
		map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.write(t, "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{
		"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": kepala, "effective_from": "2025-02-01", "reason": "mutasi"}, "the February line")
	a.clock.Set(time.Date(2025, time.February, 1, 0, 30, 0, 0, time.FixedZone("WIT", 9*60*60)))
	base := serveReal(t, a.srv)
	before, after := openSSE(t, base, tk.penilai, ""), openSSE(t, base, tk.penilaiB, "")
	w := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft at 00:30 WIT on 1 February")
	got := after.until(t, w, 5*time.Second, "the penilai of 1 February WIT receives the draft")
	if m := got[len(got)-1]; m.id != w || m.event != "skp.drafted" {
		t.Fatalf("the new penilai received %+v", m)
	}
	if rest := before.drain(300 * time.Millisecond); len(rest) != 0 {
		t.Fatalf("the penilai of 31 January received %v", ids(rest))
	}
}
