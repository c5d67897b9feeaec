package unitreport_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestStaffCountsATransferFromItsDay: the staff of a unit on a day (the
// cascade's scope) follow the placement in force that day. A transfer to V
// from 1 June, recorded in January, took the employee out of U's staff at
// once and into V's.
func TestStaffCountsATransferFromItsDay(t *testing.T) {
	sc := pgtest.New(t)
	mover, stayer, leaver := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3)
	reg := func(nip string) employee.Registered {
		return employee.Registered{NIP: nip, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Golongan: "III/a",
			At: at, By: projectiontest.HR}
	}
	june := civil.Date{Year: 2025, Month: 6, Day: 1}
	projectiontest.Apply(t, sc.Pool, unitreport.New(), projectiontest.StoredEvents(reg(mover), reg(stayer), reg(leaver),
		employee.Transferred{NIP: mover, FromUnit: "U", ToUnit: "V", Effective: june, At: at, By: projectiontest.HR},
		employee.LeftService{NIP: leaver, Effective: june, Reason: "pensiun", At: at, By: projectiontest.HR}), 2)
	may31 := civil.Date{Year: 2025, Month: 5, Day: 31}
	for _, c := range []struct {
		unit string
		day  civil.Date
		want []string
	}{
		{"U", may31, []string{mover, stayer, leaver}},
		{"V", may31, nil},
		{"U", june, []string{stayer}},
		{"V", june, []string{mover}},
	} {
		got, err := unitreport.Staff(context.Background(), sc.Pool, c.unit, c.day, 10)
		slices.Sort(c.want)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("staff of %s on %s: %v (%v), want %v", c.unit, c.day, got, err, c.want)
		}
	}
}
