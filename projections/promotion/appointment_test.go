package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
)

// TestNotACandidateBeforeTheAppointment checks that an employee is a
// candidate only from the appointment their NIP encodes: a PPPK employee
// born in 1997 and appointed in 2023 (NI PPPK month code 21: from
// 1 January 2023) was listed for as_of 1990-01-01 (found by an HR tester);
// a PNS appointed in May 2015 counts from 1 May 2015. The explanation of
// one employee follows the same rule.
func TestNotACandidateBeforeTheAppointment(t *testing.T) {
	sc := pgtest.New(t)
	const pppk, pns = "199709072023211001", "198609262015051001"
	jab := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Pengadministrasi"}
	evs := []interface{ EventType() string }{
		employee.Registered{NIP: pppk, Name: "Putri", Status: employee.StatusPPPK, Instansi: "I", Unit: "U", Jabatan: jab,
			Golongan: "IX", GolonganTMT: civil.Date{Year: 2023, Month: 1, Day: 1}},
		employee.Registered{NIP: pns, Name: "Budi", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Jabatan: jab,
			Golongan: "III/a", GolonganTMT: civil.Date{Year: 2015, Month: 5, Day: 1}},
	}
	var stored []eventlog.Event
	for i, ev := range evs {
		ne := projectiontest.Encode(ev, projectiontest.HR)
		stored = append(stored, eventlog.Event{ID: ne.ID, Position: uint64(i + 1), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
	}
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	rules := promotion.Rules{InForce: performance.DefaultPolicy()}
	for _, tc := range []struct {
		asOf string
		want []string
	}{
		{"1990-01-01", nil},
		{"2015-04-30", nil},
		{"2015-05-01", []string{pns}},
		{"2022-12-31", []string{pns}},
		{"2023-01-01", []string{pns, pppk}},
	} {
		asOf, _ := time.Parse(time.DateOnly, tc.asOf)
		cs, err := promotion.Candidates(ctx, sc.Pool, rules, asOf, promotion.Filter{Instansi: "I"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.NIP)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && (got[0] != tc.want[0] || got[len(got)-1] != tc.want[len(tc.want)-1])) {
			t.Errorf("as_of %s: candidates %v, want %v", tc.asOf, got, tc.want)
		}
		for _, nip := range []string{pppk, pns} {
			_, found, err := promotion.Decide(ctx, sc.Pool, rules, asOf, nip)
			if err != nil {
				t.Fatal(err)
			}
			if want := (nip == pns && tc.asOf >= "2015-05-01") || tc.asOf >= "2023-01-01"; found != want {
				t.Errorf("as_of %s: decision of %s found %v, want %v", tc.asOf, nip, found, want)
			}
		}
	}
}
