package employee_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

const (
	nipPegawai = "198609262015051001"
	nipPenilai = "197001012000031001"
	nipAtasan  = "196801011990031002"
	nipPPPK    = "199709072023211001"
	nipPlt     = "197503032001121003"
)

var (
	wib     = time.FixedZone("WIB", 7*3600)
	at      = time.Date(2025, 1, 6, 9, 0, 0, 0, wib)
	hr      = actor.Actor{NIP: "197101012000032004", Role: actor.HR}
	pegawai = actor.Actor{NIP: nipPegawai, Role: actor.Pegawai}
	analis  = employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Pranata Komputer Ahli Pertama"}
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

var registered = employee.Registered{NIP: nipPegawai, Name: "Budi Santoso", Status: employee.StatusPNS,
	Instansi: "PEMKAB-X", Unit: "DISKOMINFO.01", Jabatan: analis, Golongan: "III/a",
	GolonganTMT: day("2021-04-01"), At: at, By: hr}

var lineJan = employee.ReportingLineAssigned{NIP: nipPegawai, PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
	EffectiveFrom: day("2025-01-01"), Reason: "import SIASN", At: at, By: hr}

var left = employee.LeftService{NIP: nipPegawai, Effective: day("2025-06-01"), Reason: "resigned", At: at, By: hr}

// leftBefore is a departure in force at the time of the commands (at).
var leftBefore = employee.LeftService{NIP: nipPegawai, Effective: day("2025-01-01"), Reason: "resigned", At: at, By: hr}

func given(t *testing.T, events ...employee.Event) *employee.Employee {
	t.Helper()
	stored := make([]eventlog.Event, len(events))
	for i, e := range events {
		typ, v, data, err := employee.Encode(e)
		if err != nil {
			t.Fatalf("encode given event %d: %v", i, err)
		}
		stored[i] = eventlog.Event{Stream: "employee-x", Version: uint64(i + 1), Type: typ, SchemaVersion: v, Data: data}
	}
	e, err := employee.Replay(stored)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if e.Version() != uint64(len(events)) {
		t.Fatalf("Version() = %d, want %d", e.Version(), len(events))
	}
	return e
}

type testCase struct {
	name    string
	given   []employee.Event
	when    func(*employee.Employee) ([]employee.Event, error)
	want    []employee.Event
	wantErr error
}

func run(t *testing.T, cases []testCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.when(given(t, c.given...))
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegister(t *testing.T) {
	reg := employee.Registration{NIP: nipPegawai, Name: " Budi Santoso ", Status: employee.StatusPNS,
		Instansi: "PEMKAB-X", Unit: "DISKOMINFO.01", Jabatan: analis, Golongan: "iii/A", GolonganTMT: day("2021-04-01")}
	with := func(change func(*employee.Registration)) employee.Registration {
		r := reg
		change(&r)
		return r
	}
	pppk := with(func(r *employee.Registration) {
		r.NIP, r.Status, r.Golongan, r.GolonganTMT = nipPPPK, employee.StatusPPPK, "IX", day("2023-04-01")
	})
	wantPPPK := registered
	wantPPPK.NIP, wantPPPK.Status, wantPPPK.Golongan, wantPPPK.GolonganTMT = nipPPPK, employee.StatusPPPK, "IX", day("2023-04-01")
	invalid := map[string]employee.Registration{
		"bad NIP":            with(func(r *employee.Registration) { r.NIP = "198602302015051001" }),
		"PPPK number as PNS": with(func(r *employee.Registration) { r.NIP = nipPPPK }),
		"unknown status":     with(func(r *employee.Registration) { r.Status = "honorer" }),
		"no name":            with(func(r *employee.Registration) { r.Name = "" }),
		"bad unit":           with(func(r *employee.Registration) { r.Unit = "" }),
		"bad jabatan":        with(func(r *employee.Registration) { r.Jabatan.Level = performance.LevelMadya }),
		"no jabatan name":    with(func(r *employee.Registration) { r.Jabatan.Name = " " }),
		"PPPK golongan":      with(func(r *employee.Registration) { r.Golongan = "IX" }),
		"no TMT":             with(func(r *employee.Registration) { r.GolonganTMT = civil.Date{} }),
		// Against the day of registration (2025-01-06): born after it, born
		// more than 75 years before it, appointed more than a year after
		// it, a TMT before the appointment or more than a year after it.
		"born in 2030":            with(func(r *employee.Registration) { r.NIP, r.GolonganTMT = "203001012050011001", day("2050-01-01") }),
		"born in 1940":            with(func(r *employee.Registration) { r.NIP = "194001011970011001" }),
		"appointed in 2026-03":    with(func(r *employee.Registration) { r.NIP, r.GolonganTMT = "199001012026031001", day("2026-03-01") }),
		"TMT before appointment":  with(func(r *employee.Registration) { r.GolonganTMT = day("2015-04-01") }),
		"TMT more than a year on": with(func(r *employee.Registration) { r.GolonganTMT = day("2026-02-01") }),
	}
	cases := []testCase{
		{name: "registers a PNS", when: func(e *employee.Employee) ([]employee.Event, error) { return e.Register(at, hr, reg) },
			want: []employee.Event{registered}},
		{name: "registers a PPPK", when: func(e *employee.Employee) ([]employee.Event, error) { return e.Register(at, hr, pppk) },
			want: []employee.Event{wantPPPK}},
		{name: "twice", given: []employee.Event{registered},
			when:    func(e *employee.Employee) ([]employee.Event, error) { return e.Register(at, hr, reg) },
			wantErr: employee.ErrAlreadyRegistered},
		{name: "by a pegawai", when: func(e *employee.Employee) ([]employee.Event, error) { return e.Register(at, pegawai, reg) },
			wantErr: actor.ErrRoleNotAllowed},
		{name: "no time", when: func(e *employee.Employee) ([]employee.Event, error) { return e.Register(time.Time{}, hr, reg) },
			wantErr: employee.ErrInvalidInput},
	}
	for name, r := range invalid {
		cases = append(cases, testCase{name: name, wantErr: employee.ErrInvalidInput,
			when: func(e *employee.Employee) ([]employee.Event, error) { return e.Register(at, hr, r) }})
	}
	run(t, cases)
}

func TestChanges(t *testing.T) {
	kasubag := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPengawas, Name: "Kasubbag Umum"}
	run(t, []testCase{
		{name: "transfers", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2025-03-01"), "mutasi")
			},
			want: []employee.Event{employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02",
				Effective: day("2025-03-01"), Reason: "mutasi", At: at, By: hr}}},
		{name: "transfer to the same unit", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "DISKOMINFO.01", day("2025-03-01"), "")
			}, wantErr: employee.ErrNoChange},
		{name: "transfer without a date", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", civil.Date{}, "")
			}, wantErr: employee.ErrInvalidInput},
		// A transfer dated before the latest one was recorded "from" the
		// latest unit, leaving the record and the unit by date apart.
		{name: "transfer dated before the latest transfer", given: []employee.Event{registered,
			employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02", Effective: day("2025-11-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "DINKES.03", day("2025-03-31"), "")
			}, wantErr: employee.ErrInvalidInput},
		{name: "transfer of an unknown employee",
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2025-03-01"), "")
			}, wantErr: employee.ErrNotRegistered},
		{name: "transfer after leaving", given: []employee.Event{registered, leftBefore},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2025-07-01"), "")
			}, wantErr: employee.ErrLeftService},
		// A departure recorded ahead of its day (June) leaves the record
		// open until then; it used to close it at once.
		{name: "transfer before a departure recorded ahead", given: []employee.Event{registered, left},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2025-02-01"), "")
			}, want: []employee.Event{employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02",
				Effective: day("2025-02-01"), At: at, By: hr}}},
		// A transfer dated 9999-12-31 was accepted, and then no transfer
		// or departure could ever be dated before it.
		{name: "transfer more than a year on", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("9999-12-31"), "salah ketik")
			}, wantErr: employee.ErrInvalidInput},
		{name: "transfer before the appointment", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("0001-01-01"), "")
			}, wantErr: employee.ErrInvalidInput},
		{name: "transfer after a departure recorded ahead", given: []employee.Event{registered, left},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2025-07-01"), "")
			}, wantErr: employee.ErrInvalidInput},
		{name: "golongan from the day of a departure recorded ahead", given: []employee.Event{registered, left},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "III/b", day("2025-06-01"))
			}, wantErr: employee.ErrInvalidInput},
		// A jabatan change dated before the latest recorded the latest as
		// what it changed from, and dropped it from the record.
		{name: "jabatan dated before the latest jabatan change", given: []employee.Event{registered,
			employee.JabatanChanged{NIP: nipPegawai, From: analis, To: kasubag, Effective: day("2025-10-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, analis, day("2025-06-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "jabatan corrected on the latest change's day", given: []employee.Event{registered,
			employee.JabatanChanged{NIP: nipPegawai, From: analis, To: kasubag, Effective: day("2025-10-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, analis, day("2025-10-01"))
			}, want: []employee.Event{employee.JabatanChanged{NIP: nipPegawai, From: kasubag, To: analis,
				Effective: day("2025-10-01"), At: at, By: hr}}},
		{name: "jabatan more than a year on", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, kasubag, day("2027-01-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "changes jabatan", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, kasubag, day("2025-02-01"))
			},
			want: []employee.Event{employee.JabatanChanged{NIP: nipPegawai, From: analis, To: kasubag,
				Effective: day("2025-02-01"), At: at, By: hr}}},
		{name: "same jabatan", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, analis, day("2025-02-01"))
			}, wantErr: employee.ErrNoChange},
		{name: "invalid jabatan", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeJabatan(at, hr, employee.Jabatan{Kind: "menteri", Name: "x"}, day("2025-02-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "changes golongan", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "III/b", day("2025-04-01"))
			},
			want: []employee.Event{employee.GolonganChanged{NIP: nipPegawai, From: "III/a", FromTMT: day("2021-04-01"),
				To: "III/b", TMT: day("2025-04-01"), At: at, By: hr}}},
		{name: "same golongan and TMT", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "III/a", day("2021-04-01"))
			}, wantErr: employee.ErrNoChange},
		{name: "a new golongan before the current one's TMT", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "III/b", day("2021-01-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "a golongan TMT more than a year on", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "III/b", day("2026-04-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "a wrong golongan corrected on its TMT", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "II/d", day("2021-04-01"))
			},
			want: []employee.Event{employee.GolonganChanged{NIP: nipPegawai, From: "III/a", FromTMT: day("2021-04-01"),
				To: "II/d", TMT: day("2021-04-01"), At: at, By: hr}}},
		{name: "PPPK golongan for a PNS", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, hr, "X", day("2025-04-01"))
			}, wantErr: employee.ErrInvalidInput},
		{name: "leaves the service", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-06-01"), " resigned ")
			}, want: []employee.Event{left}},
		{name: "leaves without a reason", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-06-01"), "")
			}, wantErr: employee.ErrReasonRequired},
		// A departure in force is corrected by recording it again (a
		// mistyped day could not be undone).
		{name: "a departure in force, corrected", given: []employee.Event{registered, leftBefore},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-07-01"), "tanggal dikoreksi")
			}, want: []employee.Event{employee.LeftService{NIP: nipPegawai, Effective: day("2025-07-01"),
				Reason: "tanggal dikoreksi", At: at, By: hr}}},
		{name: "leaves before the latest transfer", given: []employee.Event{registered,
			employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02", Effective: day("2025-03-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-02-01"), "pensiun")
			}, wantErr: employee.ErrInvalidInput},
		// A departure before a jabatan or golongan recorded ahead left the
		// record with both from after it.
		{name: "leaves before a jabatan change recorded ahead", given: []employee.Event{registered,
			employee.JabatanChanged{NIP: nipPegawai, From: analis, To: analis, Effective: day("2025-10-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-09-01"), "pensiun")
			}, wantErr: employee.ErrInvalidInput},
		{name: "leaves before a golongan's TMT recorded ahead", given: []employee.Event{registered,
			employee.GolonganChanged{NIP: nipPegawai, From: "III/a", FromTMT: day("2021-04-01"), To: "III/b", TMT: day("2025-10-01"), At: at, By: hr}},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-09-01"), "pensiun")
			}, wantErr: employee.ErrInvalidInput},
		// The bound is a year, to the day: 366 days let the day after through.
		{name: "transfer a year on to the day", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2026-01-06"), "")
			}, want: []employee.Event{employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02",
				Effective: day("2026-01-06"), At: at, By: hr}}},
		{name: "transfer a year and a day on", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.Transfer(at, hr, "BAPPEDA.02", day("2026-01-07"), "")
			}, wantErr: employee.ErrInvalidInput},
		{name: "leaves before the appointment", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("1900-01-01"), "pensiun")
			}, wantErr: employee.ErrInvalidInput},
		{name: "a departure recorded ahead, corrected before its day", given: []employee.Event{registered, left},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2025-07-01"), "tanggal pensiun dikoreksi")
			}, want: []employee.Event{employee.LeftService{NIP: nipPegawai, Effective: day("2025-07-01"),
				Reason: "tanggal pensiun dikoreksi", At: at, By: hr}}},
		{name: "leaves more than a year on", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.LeaveService(at, hr, day("2026-01-08"), "pensiun")
			}, wantErr: employee.ErrInvalidInput},
		{name: "changed by a pegawai", given: []employee.Event{registered},
			when: func(e *employee.Employee) ([]employee.Event, error) {
				return e.ChangeGolongan(at, pegawai, "IV/e", day("2025-04-01"))
			}, wantErr: actor.ErrRoleNotAllowed},
	})
}

func TestState(t *testing.T) {
	e := given(t, registered, employee.Transferred{NIP: nipPegawai, ToUnit: "BAPPEDA.02"},
		employee.GolonganChanged{NIP: nipPegawai, To: "III/b", TMT: day("2025-04-01")}, lineJan, left)
	g, tmt := e.Golongan()
	isLeft, leftOn := e.Left()
	got := []any{e.Registered(), e.NIP(), e.Name(), e.Status(), e.Instansi(), e.Unit(), e.Jabatan(), g, tmt, isLeft, leftOn, len(e.ReportingLines())}
	want := []any{true, nipPegawai, "Budi Santoso", employee.StatusPNS, "PEMKAB-X", "BAPPEDA.02", analis,
		performance.Golongan("III/b"), day("2025-04-01"), true, day("2025-06-01"), 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("state (-want +got):\n%s", diff)
	}
	if employee.Stream(nipPegawai) != "employee-"+nipPegawai {
		t.Fatal("Stream")
	}
}

// TestMasterDataOnADay: the unit, jabatan and golongan in force on a day,
// with transfers corrected on their day and a golongan's TMT corrected.
func TestMasterDataOnADay(t *testing.T) {
	kasubag := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPengawas, Name: "Kasubbag Umum"}
	e := given(t, registered,
		employee.Transferred{NIP: nipPegawai, FromUnit: "DISKOMINFO.01", ToUnit: "BAPPEDA.02", Effective: day("2025-03-01"), At: at, By: hr},
		employee.Transferred{NIP: nipPegawai, FromUnit: "BAPPEDA.02", ToUnit: "DINKES.03", Effective: day("2025-09-01"), At: at, By: hr},
		employee.Transferred{NIP: nipPegawai, FromUnit: "DINKES.03", ToUnit: "DISDIK.04", Effective: day("2025-09-01"), At: at, By: hr},
		employee.JabatanChanged{NIP: nipPegawai, From: analis, To: kasubag, Effective: day("2025-06-01"), At: at, By: hr},
		employee.GolonganChanged{NIP: nipPegawai, From: "III/a", FromTMT: day("2021-04-01"), To: "III/b", TMT: day("2025-04-01"), At: at, By: hr},
		employee.GolonganChanged{NIP: nipPegawai, From: "III/b", FromTMT: day("2025-04-01"), To: "III/b", TMT: day("2025-10-01"), At: at, By: hr})
	for _, c := range []struct {
		day, unit, jabatan, golongan, tmt string
	}{
		{"2025-02-28", "DISKOMINFO.01", analis.Name, "III/a", "2021-04-01"},
		{"2025-03-01", "BAPPEDA.02", analis.Name, "III/a", "2021-04-01"},
		{"2025-06-01", "BAPPEDA.02", "Kasubbag Umum", "III/a", "2021-04-01"},
		{"2025-09-01", "DISDIK.04", "Kasubbag Umum", "III/a", "2021-04-01"},
		{"2025-10-01", "DISDIK.04", "Kasubbag Umum", "III/b", "2025-10-01"},
	} {
		g, tmt := e.GolonganOn(day(c.day))
		if u, j := e.UnitOn(day(c.day)), e.JabatanOn(day(c.day)).Name; u != c.unit || j != c.jabatan || string(g) != c.golongan || tmt.String() != c.tmt {
			t.Errorf("on %s: %s, %s, %s from %s; want %s, %s, %s from %s", c.day, u, j, g, tmt, c.unit, c.jabatan, c.golongan, c.tmt)
		}
	}
}
