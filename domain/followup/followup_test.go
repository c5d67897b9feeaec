package followup_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/performance"
)

const (
	nip     = "198609262015051001"
	penilai = "197505052001012002"
	atasan  = "197001012000011001"
)

var at = time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)

func registered(t *testing.T) *employee.Employee {
	t.Helper()
	typ, v, data, err := employee.Encode(employee.Registered{NIP: nip, Name: "Citra", Status: employee.StatusPNS,
		Instansi: "I", Unit: "U", Golongan: "III/a", At: at, By: actor.Actor{NIP: "x", Role: actor.HR}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := employee.Replay([]eventlog.Event{{Type: typ, SchemaVersion: v, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestRecord: given an employee and the ratings found for the references,
// when a follow-up is recorded, then the rules of who and on what hold.
func TestRecord(t *testing.T) {
	emp := registered(t)
	line := employee.ReportingLine{Employee: nip, PejabatPenilai: penilai, AtasanPejabatPenilai: atasan, EffectiveFrom: civil.Date{Year: 2025, Month: 1, Day: 1}}
	poor := []followup.Basis{{Year: 2025, EventID: "e1", Position: 7, Predikat: performance.Kurang}}
	good := []followup.Basis{{Year: 2025, EventID: "e2", Position: 9, Predikat: performance.SangatBaik}}
	hr := actor.Actor{NIP: "198202022006042005", Role: actor.HR}
	by := func(n string, r actor.Role) actor.Actor { return actor.Actor{NIP: n, Role: r} }
	in := func(k followup.Kind) followup.Input {
		return followup.Input{Kind: k, Title: " Pelatihan pelayanan publik ", Reason: "Predikat kurang triwulan I"}
	}
	for _, c := range []struct {
		name  string
		by    actor.Actor
		in    followup.Input
		basis []followup.Basis
		err   error
	}{
		{"sanksi by HR on kurang", hr, in(followup.Sanksi), poor, nil},
		{"sanksi by the pimpinan", by(atasan, actor.Pimpinan), in(followup.Sanksi), poor, nil},
		{"sanksi by the penilai", by(penilai, actor.PejabatPenilai), in(followup.Sanksi), poor, followup.ErrSanctionByHR},
		{"sanksi on sangat baik", hr, in(followup.Sanksi), good, followup.ErrBasisPredikat},
		{"penghargaan on kurang", hr, in(followup.Penghargaan), poor, followup.ErrBasisPredikat},
		{"penghargaan by the penilai", by(penilai, actor.PejabatPenilai), in(followup.Penghargaan), good, nil},
		{"pembinaan by the atasan", by(atasan, actor.AtasanPejabatPenilai), in(followup.Pembinaan), poor, nil},
		{"pembinaan by another supervisor", by(atasan, actor.PejabatPenilai), in(followup.Pembinaan), poor, followup.ErrNotAuthorised},
		{"pelatihan without basis", hr, in(followup.Pelatihan), nil, followup.ErrNoBasis},
		{"by a colleague", by("199001012015052003", actor.Pegawai), in(followup.Pembinaan), poor, actor.ErrRoleNotAllowed},
		{"on oneself", by(nip, actor.HR), in(followup.Pembinaan), poor, followup.ErrSelf},
		{"unknown kind", hr, in("mutasi"), poor, followup.ErrInvalidInput},
		{"no reason", hr, followup.Input{Kind: followup.Pembinaan, Title: "x"}, poor, followup.ErrInvalidInput},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := followup.Replay(nil)
			got, err := f.Record(at, c.by, emp, line, c.in, c.basis)
			if !errors.Is(err, c.err) {
				t.Fatalf("error %v, want %v", err, c.err)
			}
			if err != nil {
				return
			}
			want := []followup.Event{followup.Recorded{NIP: nip, Instansi: "I", No: 1, Kind: c.in.Kind, Title: "Pelatihan pelayanan publik",
				Reason: c.in.Reason, Effective: civil.DateOf(at), Basis: c.basis, At: at, By: c.by}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			typ, v, data, err := followup.Encode(got[0])
			if err != nil {
				t.Fatal(err)
			}
			back, err := followup.Decode(typ, v, data)
			if err != nil || !cmp.Equal(back, got[0]) {
				t.Errorf("round trip: %v %v", back, err)
			}
			g, err := followup.Replay([]eventlog.Event{{Type: typ, SchemaVersion: v, Data: data}})
			if err != nil || g.Version() != 1 {
				t.Errorf("replay: %v", err)
			}
		})
	}
}
