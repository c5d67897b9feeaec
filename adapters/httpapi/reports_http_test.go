package httpapi

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// startReportProjections runs the unit report, training and history
// projections until the test ends.
func (rs *readServer) startReportProjections(t *testing.T) {
	t.Helper()
	cfg := eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: 100, NotifyChannel: "kinerja_events_" + rs.sc.Name, PollInterval: 100 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:  eventbus.RetryConfig{MaxRetries: 1, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
	}
	r, err := eventbus.NewRunner(rs.sc.Pool, rs.store, cfg, unitreport.New(), training.New(), history.New())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// tenStaff returns the CSV of ten employees of unit, and their reporting
// lines under penilai; their NIPs are born on 1 January of birthYear.
func tenStaff(unit string, birthYear int) (staff, lines string, nips []string) {
	staff = "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n"
	lines = "nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason\n"
	for k := range 10 {
		n := fmt.Sprintf("%d0101201501%d%03d", birthYear, 1+k%2, k+1)
		nips = append(nips, n)
		staff += fmt.Sprintf("%s,Staf %s %d,pns,%s,%s,administrasi,pelaksana,Pengolah Data,III/a,2020-04-01\n", n, unit, k, instansi, unit)
		lines += n + "," + penilai + "," + kepala + ",2025-01-01,no,struktur 2025\n"
	}
	return staff, lines, nips
}

// ratedUnit imports a unit below dinas with ten employees, takes each one's
// 2025 SKP to approval and gives the annual ratings, the k-th employee's
// from ratings[k]; it returns the last write's position.
func (rs *readServer) ratedUnit(t *testing.T, tk tokens, code string, birthYear int, ratings [10][2]string) uint64 {
	t.Helper()
	staff, lines, nips := tenStaff(code, birthYear)
	units := "code,name,parent,instansi\n" + code + ",Unit " + code + ",dinas," + instansi + "\n"
	for _, f := range []struct{ kind, csv string }{{"units", units}, {"employees", staff}, {"reporting-lines", lines}} {
		rs.send(t, "POST", "/v1/import/"+f.kind, tk.hr, f.csv, "Content-Type", "text/csv").must(t, 200, "import "+f.kind)
	}
	var last writeResponse
	for k, n := range nips {
		rs.clock.Set(time.Date(2025, 1, 7, 10, 0, 0, 0, wib))
		own := rs.token(t, n, instansi, actor.Pegawai)
		path := "/v1/skp/" + n + "/2025"
		rs.send(t, "POST", path, own, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
		rs.send(t, "POST", path+"/submit", own, nil).must(t, 200, "submit")
		rs.send(t, "POST", path+"/approve", tk.penilai, nil).must(t, 200, "approve")
		rs.clock.Set(time.Date(2025, 12, 15, 10, 0, 0, 0, wib))
		r := rs.send(t, "POST", path+"/annual-rating", tk.penilai, map[string]any{"hasil": ratings[k][0], "perilaku": ratings[k][1]})
		last = written(t, r.must(t, 201, "annual rating"))
	}
	return last.Position
}

// TestUnitReportReferenceCasesOverHTTP checks DOMAIN.md cases 4 and 5 as
// GET /v1/units/{code}/report shows them: an istimewa unit of 8
// sangat_baik and 2 baik breaks sangat_baik ≤ 7; a baik unit of 10 baik
// breaks baik ≤ 7 and lacks a butuh_perbaikan or kurang, and the override
// recorded for it is listed with its event. Also the CSV, a window's
// report, and who may read.
func TestUnitReportReferenceCasesOverHTTP(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startReportProjections(t)
	rs.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.seed(t)
	const atas, sesuai = "di_atas_ekspektasi", "sesuai_ekspektasi"
	sb, b := [2]string{atas, atas}, [2]string{sesuai, sesuai}
	rs.ratedUnit(t, tk, "unit-4", 1991, [10][2]string{sb, sb, sb, b, sb, sb, sb, b, sb, sb})
	rs.ratedUnit(t, tk, "unit-5", 1992, [10][2]string{b, b, b, b, b, b, b, b, b, b})
	for _, x := range []struct{ code, org string }{{"unit-4", "istimewa"}, {"unit-5", "baik"}} {
		rs.send(t, "POST", "/v1/units/"+x.code+"/organisation-predikat", tk.kepala,
			map[string]any{"year": 2025, "period": "2025", "predikat": x.org}).must(t, 200, "organisation predikat "+x.code)
	}
	ov := written(t, rs.send(t, "POST", "/v1/units/unit-5/distribution-overrides", tk.kepala, map[string]any{
		"year": 2025, "period": "2025", "justification": "Semua staf melampaui target",
		"violations": []map[string]any{{"rule": "max_share", "predikats": []string{"baik"}, "limit": 7, "actual": 10, "message": "baik 10 > 7"}},
	}).must(t, 200, "override"))

	var r4, r5 unitReportView
	r := rs.get(t, "/v1/units/unit-4/report?year=2025&as_of=2026-01-10&min_position="+u(ov.Position), tk.hr, &r4)
	if !r4.Projection.Reached || r4.Projection.Projection != unitreport.Name || projectionPosition(t, r) != r4.Projection.Position {
		t.Fatalf("freshness %+v", r4.Projection)
	}
	ignore := cmpopts.IgnoreFields(unitreport.Violation{}, "Message")
	want4 := []unitreport.Violation{{Rule: "max_share", Predikats: []string{"sangat_baik"}, Limit: 7, Actual: 8}}
	if diff := cmp.Diff(want4, r4.Distribution.Violations, ignore); diff != "" || r4.Distribution.OK || r4.Members != 10 ||
		r4.Counts[0].Count != 8 || r4.Counts[0].SharePercent != 80 || r4.OrganisationPredikat.Predikat != "istimewa" {
		t.Errorf("case 4: %+v\nviolations (-want +got):\n%s", r4, diff)
	}
	if !strings.Contains(r4.Distribution.Violations[0].Message, "sangat_baik: 8 of 10") {
		t.Errorf("case 4 message %q", r4.Distribution.Violations[0].Message)
	}
	rs.get(t, "/v1/units/unit-5/report?year=2025&period=2025", tk.kepala, &r5)
	want5 := []unitreport.Violation{{Rule: "max_share", Predikats: []string{"baik"}, Limit: 7, Actual: 10},
		{Rule: "at_least_one", Predikats: []string{"butuh_perbaikan", "kurang"}, Limit: 1, Actual: 0}}
	if diff := cmp.Diff(want5, r5.Distribution.Violations, ignore); diff != "" || !r5.Distribution.Overridden {
		t.Errorf("case 5: distribution %+v (-want +got):\n%s", r5.Distribution, diff)
	}
	if len(r5.Overrides) != 1 || r5.Overrides[0].EventID != ov.EventIDs[0] || r5.Overrides[0].Justification != "Semua staf melampaui target" {
		t.Errorf("case 5 overrides %+v, want the event %s", r5.Overrides, ov.EventIDs[0])
	}
	if p := r5.Progress; p.Plans.Approved != 10 || p.Total.Expected != 40 || p.Total.Missing != 30 || p.Total.Pending != 10 || len(p.Windows) != 4 {
		t.Errorf("case 5 progress %+v: 10 approved plans of one IKI, nothing reported; on 15 December Q4 is not due yet", p)
	}
	for _, m := range r5.Employees {
		if m.Predikat != "baik" || m.EventID == "" {
			t.Errorf("member %+v: want baik with its event", m)
		}
	}

	csvResp := rs.send(t, "GET", "/v1/units/unit-4/report?year=2025", tk.auditor, nil, "Accept", "text/csv").must(t, 200, "CSV")
	rows, err := csv.NewReader(strings.NewReader(string(csvResp.body))).ReadAll()
	if err != nil || len(rows) != 11 || rows[0][3] != "predikat" || !strings.HasPrefix(csvResp.header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV %v %v", rows, err)
	}
	var q1 unitReportView
	rs.get(t, "/v1/units/unit-4/report?year=2025&period=2025-Q1&as_of=2025-02-01", tk.inspektorat, &q1)
	if q1.Window != 1 || q1.Rated != 0 || q1.Distribution.Checked || q1.Progress.Total.Pending != 10 {
		t.Errorf("Q1 report: window %d, rated %d, distribution %+v, progress %+v", q1.Window, q1.Rated, q1.Distribution, q1.Progress.Total)
	}

	rs.denied(t, 403, TypeForbidden, "HR of another instansi", "GET", "/v1/units/unit-4/report?year=2025", tk.otherHR, nil)
	rs.denied(t, 403, TypeForbidden, "a pegawai", "GET", "/v1/units/unit-4/report?year=2025", tk.pegawai, nil)
	rs.denied(t, 404, TypeNotFound, "an unknown unit", "GET", "/v1/units/nowhere/report?year=2025", tk.hr, nil)
	rs.denied(t, 404, TypeNotFound, "an unknown period", "GET", "/v1/units/unit-4/report?year=2025&period=2025-Q7", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "a bad year", "GET", "/v1/units/unit-4/report?year=abc", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "an unknown parameter", "GET", "/v1/units/unit-4/report?yaer=2025", tk.hr, nil)
}
