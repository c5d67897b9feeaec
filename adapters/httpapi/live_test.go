package httpapi

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/skp"
)

// write sends a write that must succeed and returns its position.
func (a *apiServer) write(t testing.TB, path, token string, body any, what string) uint64 {
	t.Helper()
	r := a.send(t, writeMethod(path), path, token, body)
	if r.status != 200 && r.status != 201 {
		t.Fatalf("%s: status %d: %s", what, r.status, r.body)
	}
	var w writeResponse
	r.json(t, &w)
	return w.Position
}

// drain collects the events of c that arrive before it stays quiet for d.
func (c *sseClient) drain(d time.Duration) []sseMsg {
	var got []sseMsg
	for {
		m, ok := c.next(d)
		if !ok {
			return got
		}
		got = append(got, m)
	}
}

// bogorPeriod opens 2025 for the other instansi as its HR.
func (a *apiServer) bogorPeriod(t testing.TB, tk tokens) uint64 {
	t.Helper()
	return a.write(t, "/v1/periods", tk.otherHR, map[string]any{"instansi": otherInst, "year": 2025, "frequency": "quarterly"}, "open the other period")
}

// TestLiveEachCallerReceivesWhatTheyMayRead opens a stream for each of the
// fixture's people and checks, after writes of two employees, a unit and
// the other instansi, that each received exactly their events: the
// employee their own, the penilai their evaluatees' (within a second of the
// write), the readers of the instansi everything of it, and the other
// instansi's HR only its own.
func TestLiveEachCallerReceivesWhatTheyMayRead(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	streams := map[string]*sseClient{}
	for name, tok := range map[string]string{"pegawai": tk.pegawai, "rekan": tk.rekan, "penilai": tk.penilai, "penilaiB": tk.penilaiB,
		"kepala": tk.kepala, "hr": tk.hr, "auditor": tk.auditor, "otherHR": tk.otherHR} {
		streams[name] = openSSE(t, base, tok, "")
		if streams[name].status != 200 {
			t.Fatalf("%s: status %d: %s", name, streams[name].status, streams[name].body)
		}
	}
	w1 := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "pegawai drafts")
	acked := time.Now()
	got := streams["penilai"].until(t, w1, time.Second, "the penilai receives the draft")
	if m := got[len(got)-1]; m.event != skp.TypeDrafted || m.data.Stream != skp.Stream(pegawai, 2025) || m.data.Actor.ID != pegawai {
		t.Fatalf("the penilai received %+v", m)
	}
	t.Logf("delivered %s after the write's response", time.Since(acked))
	w2 := a.write(t, rekanPath, tk.rekan, map[string]any{"plan": plan(5)}, "rekan drafts")
	w3 := a.write(t, skpPath+"/submit", tk.pegawai, nil, "pegawai submits")
	w4 := a.bogorPeriod(t, tk)
	w5 := a.write(t, "/v1/units/bidang-b/rename", tk.hr, map[string]any{"name": "Bidang Sarana Prasarana"}, "HR renames")
	w6 := a.write(t, "/v1/skp/"+penilaiB+"/2025", tk.penilaiB, map[string]any{"plan": plan(3)}, "penilaiB drafts")
	received := map[string][]uint64{"penilai": ids(got), "hr": ids(streams["hr"].until(t, w6, 5*time.Second, "HR receives the last write"))}
	want := map[string][]uint64{
		"pegawai": {w1, w3}, "rekan": {w2}, "penilai": {w1, w2, w3}, "penilaiB": {w6},
		"kepala": {w1, w2, w3, w5, w6}, "hr": {w1, w2, w3, w5, w6}, "auditor": {w1, w2, w3, w5, w6}, "otherHR": {w4},
	}
	for name, c := range streams {
		have := append(received[name], ids(c.drain(300*time.Millisecond))...)
		if !slices.Equal(have, want[name]) {
			t.Errorf("%s received %v, want %v", name, have, want[name])
		}
	}
}
