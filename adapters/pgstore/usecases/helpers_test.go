package usecases_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

const (
	instansi   = "PEMKAB-X"
	nipPegawai = "198609262015051001"
	nipPenilai = "197001012000031001"
	nipAtasan  = "196801011990031002"
	nipOther   = "197503032001121003"
	nipHR      = "197101012000032004"
)

var (
	wib     = time.FixedZone("WIB", 7*3600)
	pegawai = actor.Actor{NIP: nipPegawai, Role: actor.Pegawai}
	penilai = actor.Actor{NIP: nipPenilai, Role: actor.PejabatPenilai}
	atasan  = actor.Actor{NIP: nipAtasan, Role: actor.AtasanPejabatPenilai}
	other   = actor.Actor{NIP: nipOther, Role: actor.PejabatPenilai}
	hr      = actor.Actor{NIP: nipHR, Role: actor.HR}
	policy  = performance.DefaultPolicy()
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// on returns 10:00 WIB on the day s.
func on(s string) time.Time { return day(s).Time(wib).Add(10 * time.Hour) }

// by returns the metadata of a command by a at 10:00 WIB on the day s.
func by(a actor.Actor, s string) command.Meta {
	return command.Meta{Actor: a, At: on(s), CorrelationID: "corr-" + s, RequestID: "req-" + s, Client: "test"}
}

// fixture is a service over a fresh PostgreSQL schema, and the store behind it.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	store *pgstore.Store
	svc   *command.Service
}

// newFixture returns a fixture whose service uses store, or the PostgreSQL
// store itself when store is nil. The service clock stands at 2025-01-02.
func newFixture(t *testing.T, wrap func(command.EventStore) command.EventStore) *fixture {
	t.Helper()
	schema := pgtest.New(t)
	store, err := pgstore.New(schema.Pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	var es command.EventStore = store
	if wrap != nil {
		es = wrap(store)
	}
	svc, err := command.NewService(command.ServiceConfig{Store: es,
		Now: func() time.Time { return on("2025-01-02") }})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: t.Context(), store: store, svc: svc}
}

// must fails the test when a command fails and returns its result.
func (f *fixture) must(r command.Result, err error) command.Result {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// organisation registers the units, the four employees, the pegawai's
// reporting line from 1 January, and opens 2025 quarterly.
func (f *fixture) organisation() {
	f.t.Helper()
	hrNow := command.Meta{Actor: hr} // the service clock: 2025-01-02
	f.must(f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "SETDA", Name: "Sekretariat Daerah", Instansi: instansi}))
	f.must(f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "DISKOMINFO", Name: "Dinas Kominfo", Parent: "SETDA", Instansi: instansi}))
	f.must(f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "DISKOMINFO.01", Name: "Bidang Aplikasi", Parent: "DISKOMINFO", Instansi: instansi}))
	for _, e := range []struct{ nip, name, unit, gol string }{
		{nipAtasan, "Siti", "DISKOMINFO", "IV/b"},
		{nipPenilai, "Agus", "DISKOMINFO.01", "IV/a"},
		{nipOther, "Dewi", "DISKOMINFO.01", "III/d"},
		{nipPegawai, "Budi", "DISKOMINFO.01", "III/a"},
	} {
		f.must(f.svc.RegisterEmployee(f.ctx, hrNow, employee.Registration{NIP: e.nip, Name: e.name,
			Status: employee.StatusPNS, Instansi: instansi, Unit: e.unit, Golongan: performance.Golongan(e.gol),
			GolonganTMT: day("2021-04-01"), Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian,
				Level: performance.LevelAhliPertama, Name: "Pranata Komputer"}}))
	}
	f.must(f.svc.AssignReportingLine(f.ctx, hrNow, nipPegawai, employee.LineAssignment{PejabatPenilai: nipPenilai,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-01-01"), Reason: "import SIASN"}))
	f.must(f.svc.OpenPeriod(f.ctx, hrNow, period.Opening{Instansi: instansi, Year: 2025,
		Frequency: performance.FrequencyQuarterly, Deadlines: period.DeadlinesAfter(2025, performance.FrequencyQuarterly, 10)}))
}

// approved drafts, submits and approves the pegawai's SKP of 2025.
func (f *fixture) approved() {
	f.t.Helper()
	f.must(f.svc.DraftSKP(f.ctx, by(pegawai, "2025-01-03"), skp.Draft{NIP: nipPegawai, Year: 2025, Plan: samplePlan()}))
	f.must(f.svc.SubmitSKP(f.ctx, by(pegawai, "2025-01-06"), nipPegawai, 2025))
	f.must(f.svc.SetExpectationsSKP(f.ctx, by(penilai, "2025-01-07"), nipPegawai, 2025, allSeven()))
	f.must(f.svc.ApproveSKP(f.ctx, by(penilai, "2025-01-08"), nipPegawai, 2025))
}

// allSeven returns an expectation for each of the seven BerAKHLAK values.
func allSeven() []skp.Expectation {
	var es []skp.Expectation
	for _, v := range skp.Values() {
		es = append(es, skp.Expectation{Value: v, Expectation: "Menunjukkan nilai " + string(v)})
	}
	return es
}

// stream reads a whole stream from the store.
func (f *fixture) stream(name string) []eventlog.Event {
	f.t.Helper()
	events, err := f.store.ReadStream(f.ctx, name, 0, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return events
}

// types returns the types of events, in order.
func types(events []eventlog.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

func samplePlan() skp.Plan {
	return skp.Plan{
		RHK: []skp.RHK{
			{ID: "rhk-1", Kind: skp.RHKUtama, Text: "Tersedianya aplikasi perizinan daring", Supports: "kabid-rhk-2",
				IKI: []skp.IKI{
					{ID: "iki-1", Text: "Jumlah modul yang beroperasi", Aspek: skp.AspekKuantitas,
						Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 4, Unit: "modul"}},
					{ID: "iki-2", Text: "Kepuasan pengguna", Aspek: skp.AspekKualitas,
						Target: skp.Target{Kind: skp.TargetQualitative, Text: "tidak ada keluhan berulang"}},
				}},
		},
		Perilaku: []skp.Expectation{
			{Value: skp.Akuntabel, Expectation: "Melaporkan progres tiap minggu"},
			{Value: skp.Kolaboratif, Expectation: "Terbuka bekerja sama lintas bidang"},
		},
	}
}

func quantity(x float64) *float64 { return &x }
