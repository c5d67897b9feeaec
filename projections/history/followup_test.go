package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// TestFollowupSelfAssessmentAndAllowance: given a self-assessment, the
// rating of its window and a follow-up resting on that rating, the history
// shows the self-assessment beside the rating and the follow-up with its
// basis; the allowance basis of the window is the rating in force with its
// policy version, and an unrated colleague has none.
func TestFollowupSelfAssessmentAndAllowance(t *testing.T) {
	sc := pgtest.New(t)
	nip, other := projectiontest.NIP(1), projectiontest.NIP(2)
	hr := projectiontest.HR
	at := time.Date(2025, 4, 2, 9, 0, 0, 0, time.UTC)
	r := ratings(performance.RatingDiBawah, performance.RatingSesuai)
	reg := func(n, name string) employee.Registered {
		return employee.Registered{NIP: n, Name: name, Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a", At: at, By: hr}
	}
	evs := []projectiontest.Event{
		reg(nip, "Citra"), reg(other, "Dewi"),
		skp.Drafted{NIP: nip, Year: 2025, Instansi: "I", At: at},
		skp.SelfAssessed{NIP: nip, Year: 2025, Window: 1, Label: "2025-Q1", Hasil: performance.RatingSesuai,
			Perilaku: []skp.ValueView{{Value: skp.Loyal, Rating: performance.RatingSesuai}}, At: at},
		skp.PeriodicRatingsGiven{NIP: nip, Year: 2025, Window: 1, Label: "2025-Q1", Ratings: r, PolicyVersion: "kinerja-2022.1", At: at},
	}
	events := projectiontest.StoredEvents(evs...)
	events[4].Metadata.PolicyVersion = "kinerja-2022.1"
	rec := followup.Recorded{NIP: nip, Instansi: "I", No: 1, Kind: followup.Pembinaan, Title: "Coaching", Reason: "butuh perbaikan",
		Effective: civil.Date{Year: 2025, Month: 4, Day: 2}, Basis: []followup.Basis{{Year: 2025, EventID: events[4].ID,
			Position: events[4].Position, Window: 1, Predikat: r.Predikat}}, At: at, By: actor.Actor{NIP: hr.NIP, Role: actor.HR}}
	typ, v, data, err := followup.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	fe := events[4]
	fe.ID, fe.Stream, fe.Version, fe.Position, fe.Type, fe.SchemaVersion, fe.Data = "01a22df1-0000-7000-8000-000000000099",
		followup.Stream(nip), 1, fe.Position+1, typ, v, data
	events = append(events, fe)
	projectiontest.Apply(t, sc.Pool, history.New(), events, 2)

	h, ok, err := history.Get(context.Background(), sc.Pool, nip, later)
	if err != nil || !ok {
		t.Fatalf("get: %v %v", ok, err)
	}
	if len(h.Years) != 1 || len(h.Years[0].SelfAssessments) != 1 || h.Years[0].SelfAssessments[0].Hasil != "sesuai_ekspektasi" ||
		h.Years[0].SelfAssessments[0].EventID != events[3].ID || h.Years[0].Periodic[0].Predikat != "butuh_perbaikan" {
		t.Errorf("years: %+v", h.Years)
	}
	if len(h.Followups) != 1 || h.Followups[0].Kind != "pembinaan" || h.Followups[0].Basis[0].EventID != events[4].ID ||
		h.Followups[0].Role != "hr" || h.Followups[0].EventID != fe.ID ||
		h.Followups[0].Effective == nil || h.Followups[0].Effective.String() != "2025-04-02" {
		t.Errorf("followups: %+v", h.Followups)
	}
	bases, err := history.AllowanceBases(context.Background(), sc.Pool, "I", 2025, 1, civil.Date{Year: 2025, Month: 1, Day: 1})
	if err != nil || len(bases) != 2 {
		t.Fatalf("bases %+v, %v", bases, err)
	}
	want := history.AllowanceBasis{NIP: nip, Name: "Citra", Unit: "U1", Predikat: "butuh_perbaikan", EventID: events[4].ID, PolicyVersion: "kinerja-2022.1"}
	if bases[0] != want || bases[1].Predikat != "" || bases[1].NIP != other {
		t.Errorf("bases %+v", bases)
	}
}

// TestDepartureCountsFromItsEffectiveDay: a departure recorded ahead of its
// effective day (a retirement known in January, from 1 March) leaves the
// employee in the allowance of the months before it and in service in the
// history until that day. The employee used to vanish from the allowance
// of every month, past ones too, as soon as the departure was recorded.
func TestDepartureCountsFromItsEffectiveDay(t *testing.T) {
	sc := pgtest.New(t)
	nip, leaver := projectiontest.NIP(1), projectiontest.NIP(2)
	hr := projectiontest.HR
	at := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	reg := func(n, name string) employee.Registered {
		return employee.Registered{NIP: n, Name: name, Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a", At: at, By: hr}
	}
	projectiontest.Apply(t, sc.Pool, history.New(), projectiontest.StoredEvents(reg(nip, "Citra"), reg(leaver, "Dewi"),
		employee.LeftService{NIP: leaver, Effective: civil.Date{Year: 2025, Month: 3, Day: 1}, Reason: "pensiun", At: at, By: hr}), 1)
	for _, c := range []struct {
		month time.Month
		want  int
	}{{1, 2}, {2, 2}, {3, 1}, {4, 1}} {
		bases, err := history.AllowanceBases(context.Background(), sc.Pool, "I", 2025, 1, civil.Date{Year: 2025, Month: c.month, Day: 1})
		if err != nil || len(bases) != c.want || bases[0].NIP != nip {
			t.Errorf("allowance of 2025-%02d: %+v, %v; want %d employees", c.month, bases, err, c.want)
		}
	}
	for _, c := range []struct {
		day  civil.Date
		left bool
	}{{civil.Date{Year: 2025, Month: 2, Day: 28}, false}, {civil.Date{Year: 2025, Month: 3, Day: 1}, true}} {
		h, ok, err := history.Get(context.Background(), sc.Pool, leaver, c.day)
		if err != nil || !ok || h.LeftService != c.left || h.Departure == nil || h.Departure.Effective.Format(time.DateOnly) != "2025-03-01" {
			t.Errorf("history on %s: left %v, departure %+v, %v; want left %v and the departure listed", c.day, h.LeftService, h.Departure, err, c.left)
		}
	}
}

// TestTransferAndRankCountFromTheirDay: a transfer to U2 from 1 March and a
// golongan III/b from 1 April, both recorded on 10 January, count from
// their days. The allowance of January and February listed the employee in
// U2 (the unit's budget pays it), and the record showed U2 and III/b as
// held on 10 January.
func TestTransferAndRankCountFromTheirDay(t *testing.T) {
	sc := pgtest.New(t)
	nip := projectiontest.NIP(1)
	hr := projectiontest.HR
	at := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	d := func(m time.Month, day int) civil.Date { return civil.Date{Year: 2025, Month: m, Day: day} }
	projectiontest.Apply(t, sc.Pool, history.New(), projectiontest.StoredEvents(
		employee.Registered{NIP: nip, Name: "Citra", Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a",
			GolonganTMT: civil.Date{Year: 2021, Month: 4, Day: 1}, At: at, By: hr},
		employee.Transferred{NIP: nip, FromUnit: "U1", ToUnit: "U2", Effective: d(3, 1), At: at, By: hr},
		employee.GolonganChanged{NIP: nip, From: "III/a", FromTMT: civil.Date{Year: 2021, Month: 4, Day: 1}, To: "III/b", TMT: d(4, 1), At: at, By: hr},
	), 1)
	for _, c := range []struct {
		month time.Month
		unit  string
	}{{1, "U1"}, {2, "U1"}, {3, "U2"}, {4, "U2"}} {
		bases, err := history.AllowanceBases(context.Background(), sc.Pool, "I", 2025, 1, d(c.month, 1))
		if err != nil || len(bases) != 1 || bases[0].Unit != c.unit {
			t.Errorf("allowance of 2025-%02d: %+v, %v; want the employee in %s", c.month, bases, err, c.unit)
		}
	}
	for _, c := range []struct {
		day            civil.Date
		unit, golongan string
		tmt            string
	}{
		{d(2, 28), "U1", "III/a", "2021-04-01"},
		{d(3, 1), "U2", "III/a", "2021-04-01"},
		{d(4, 1), "U2", "III/b", "2025-04-01"},
	} {
		h, ok, err := history.Get(context.Background(), sc.Pool, nip, c.day)
		if err != nil || !ok || h.Unit != c.unit || h.Golongan != c.golongan || h.GolonganTMT == nil || h.GolonganTMT.String() != c.tmt {
			t.Errorf("history on %s: unit %q golongan %q TMT %v (%v); want %s, %s from %s", c.day, h.Unit, h.Golongan, h.GolonganTMT, err,
				c.unit, c.golongan, c.tmt)
		}
		if len(h.Transfers) != 1 || len(h.RankChanges) != 1 {
			t.Errorf("history on %s lists %d transfers and %d rank changes, want both changes listed", c.day, len(h.Transfers), len(h.RankChanges))
		}
	}
}

// TestUnitOnADayFollowsEveryTransfer: the unit on a day is the one of the
// latest transfer in force that day, over all of an employee's transfers:
// two transfers in a year (the allowance of February named the first
// transfer's unit, March's before it took effect); two recorded ahead (the
// first one's unit was named before either took effect); and one corrected
// on its own day (the transfer cancelled back to U1 named U2, a unit the
// employee was never in).
func TestUnitOnADayFollowsEveryTransfer(t *testing.T) {
	sc := pgtest.New(t)
	hr := projectiontest.HR
	at := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	d := func(m time.Month, day int) civil.Date { return civil.Date{Year: 2025, Month: m, Day: day} }
	twice, ahead, cancelled := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3)
	var evs []projectiontest.Event
	for _, n := range []string{twice, ahead, cancelled} {
		evs = append(evs, employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a", At: at, By: hr})
	}
	move := func(n, from, to string, eff civil.Date) employee.Transferred {
		return employee.Transferred{NIP: n, FromUnit: from, ToUnit: to, Effective: eff, At: at, By: hr}
	}
	evs = append(evs, move(twice, "U1", "U2", d(2, 1)), move(twice, "U2", "U3", d(4, 1)),
		move(ahead, "U1", "U2", d(5, 1)), move(ahead, "U2", "U3", d(6, 1)),
		move(cancelled, "U1", "U2", d(3, 1)), move(cancelled, "U2", "U1", d(3, 1)))
	projectiontest.Apply(t, sc.Pool, history.New(), projectiontest.StoredEvents(evs...), 2)
	want := map[time.Month][3]string{
		1: {"U1", "U1", "U1"}, 2: {"U2", "U1", "U1"}, 3: {"U2", "U1", "U1"}, 4: {"U3", "U1", "U1"},
		5: {"U3", "U2", "U1"}, 6: {"U3", "U3", "U1"},
	}
	for m := time.Month(1); m <= 6; m++ {
		bases, err := history.AllowanceBases(context.Background(), sc.Pool, "I", 2025, 1, d(m, 1))
		if err != nil || len(bases) != 3 {
			t.Fatalf("allowance of 2025-%02d: %+v, %v", m, bases, err)
		}
		units := map[string]string{}
		for _, b := range bases {
			units[b.NIP] = b.Unit
		}
		if got := [3]string{units[twice], units[ahead], units[cancelled]}; got != want[m] {
			t.Errorf("allowance of 2025-%02d: units %v, want %v", m, got, want[m])
		}
	}
}
