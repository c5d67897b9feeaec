package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
)

// TestDecideReadsOneEmployeeAsCandidatesDecides checks that the decision of
// one employee is the one the list gives, across instansi, and that an
// employee who left service or was never projected has none.
func TestDecideReadsOneEmployeeAsCandidatesDecides(t *testing.T) {
	sc := pgtest.New(t)
	jab := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis"}
	var evs []interface{ EventType() string }
	for n, instansi := range []string{"I", "J", "I"} {
		nip := projectiontest.NIP(n)
		evs = append(evs, employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: instansi, Unit: "U",
			Jabatan: jab, Golongan: "III/a", GolonganTMT: civil.Date{Year: 2021, Month: 4, Day: 1}},
			annual(nip, 2024, performance.RatingSesuai, performance.RatingSesuai),
			annual(nip, 2025, performance.RatingDiAtas, performance.RatingSesuai))
	}
	evs = append(evs, employee.LeftService{NIP: projectiontest.NIP(2), Reason: "pensiun", Effective: civil.Date{Year: 2025, Month: 6, Day: 1}})
	var stored []eventlog.Event
	for i, ev := range evs {
		ne := projectiontest.Encode(ev, projectiontest.HR)
		stored = append(stored, eventlog.Event{ID: ne.ID, Position: uint64(i + 1), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
	}
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	policy, asOf := performance.DefaultPolicy(), time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	all, err := promotion.Candidates(ctx, sc.Pool, promotion.Rules{InForce: policy}, asOf, promotion.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("candidates %+v, %v", all, err)
	}
	for _, want := range all {
		d, found, err := promotion.Decide(ctx, sc.Pool, promotion.Rules{InForce: policy}, asOf, want.NIP)
		if err != nil || !found {
			t.Fatalf("Decide(%s): found %v, %v", want.NIP, found, err)
		}
		if diff := cmp.Diff(want, d.Candidate); diff != "" {
			t.Errorf("Decide(%s) (-Candidates +Decide):\n%s", want.NIP, diff)
		}
	}
	for _, nip := range []string{projectiontest.NIP(2), projectiontest.NIP(9)} {
		if _, found, err := promotion.Decide(ctx, sc.Pool, promotion.Rules{InForce: policy}, asOf, nip); err != nil || found {
			t.Errorf("Decide(%s): found %v, %v; want none", nip, found, err)
		}
	}
}
