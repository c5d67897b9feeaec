package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/civil"
	usecase "github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// registerCaller records nip as an employee of instansi in the unit
// unitCode (registered first when newUnit), as "kinerja import" would, so
// that a token for nip binds to the master data. The schema must be
// migrated.
func registerCaller(t *testing.T, pool *pgxpool.Pool, nip, instansi, unitCode string, newUnit bool) {
	t.Helper()
	st, err := pgstore.New(pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := usecase.NewService(usecase.ServiceConfig{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := usecase.Meta{Actor: importActor()}
	if newUnit {
		if _, err := svc.RegisterUnit(ctx, m, unit.Registration{Code: unitCode, Name: "Unit " + unitCode, Instansi: instansi}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = svc.RegisterEmployee(ctx, m, employee.Registration{NIP: nip, Name: "Caller", Status: employee.StatusPNS,
		Instansi: instansi, Unit: unitCode, Golongan: "III/c", GolonganTMT: civil.Date{Year: 2020, Month: 10, Day: 1},
		Jabatan: employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Analis SDM"}})
	if err != nil {
		t.Fatal(err)
	}
}
