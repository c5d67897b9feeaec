package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// TestNoAllowanceBeforeTheAppointment: an employee registered in February
// 2026 ahead of an appointment in May 2026 (the NIP encodes it) was in the
// allowance export of every month, January 2026 and earlier too
// (registration has no effective day); they are from May on.
func TestNoAllowanceBeforeTheAppointment(t *testing.T) {
	sc := pgtest.New(t)
	const old, may = "198609262015051001", "199001012026051001"
	hr := projectiontest.HR
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	reg := func(n string) employee.Registered {
		return employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a", At: at, By: hr}
	}
	projectiontest.Apply(t, sc.Pool, history.New(), projectiontest.StoredEvents(reg(old), reg(may)), 1)
	for _, c := range []struct {
		year  int
		month time.Month
		want  int
	}{{2025, 12, 1}, {2026, 1, 1}, {2026, 4, 1}, {2026, 5, 2}, {2026, 6, 2}} {
		bases, err := history.AllowanceBases(context.Background(), sc.Pool, "I", c.year, 1, civil.Date{Year: c.year, Month: c.month, Day: 1})
		if err != nil || len(bases) != c.want || bases[0].NIP != old {
			t.Errorf("allowance of %d-%02d: %+v, %v; want %d employees", c.year, c.month, bases, err, c.want)
		}
	}
}
