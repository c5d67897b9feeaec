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
		rs.send(t, "PUT", path+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
		rs.send(t, "POST", path+"/approve", tk.penilai, nil).must(t, 200, "approve")
		rs.clock.Set(time.Date(2025, 12, 31, 10, 0, 0, 0, wib))
		r := rs.send(t, "POST", path+"/annual-rating", tk.penilai, map[string]any{"hasil": ratings[k][0], "perilaku": ratings[k][1],
			"note": "Tanpa laporan realisasi di aplikasi"})
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
		"violations": []map[string]any{{"rule": "max_share", "predikats": []string{"baik"}, "limit": 7, "actual": 10, "message": "baik 10 > 7"},
			{"rule": "at_least_one", "predikats": []string{"butuh_perbaikan", "kurang"}, "limit": 1, "actual": 0, "message": "none"}},
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

	rs.denied(t, 404, TypeNotFound, "HR of another instansi", "GET", "/v1/units/unit-4/report?year=2025", tk.otherHR, nil)
	rs.denied(t, 403, TypeForbidden, "a pegawai", "GET", "/v1/units/unit-4/report?year=2025", tk.pegawai, nil)
	rs.denied(t, 404, TypeNotFound, "an unknown unit", "GET", "/v1/units/nowhere/report?year=2025", tk.hr, nil)
	rs.denied(t, 404, TypeNotFound, "an unknown period", "GET", "/v1/units/unit-4/report?year=2025&period=2025-Q7", tk.hr, nil)
	rs.denied(t, 404, TypeNotFound, "a period of another year", "GET", "/v1/units/unit-4/report?year=2025&period=2024-Q1", tk.hr, nil)
	// A label no period can have was a 404, as if it were a period not opened.
	for _, bad := range []string{"garbage", "2025-X1", "2025-q1", "2025-Q1%20", "25-Q1", "2025-Q", "2025-1", "2025-Q10", "02025"} {
		p := rs.denied(t, 400, TypeValidation, "a malformed period "+bad, "GET", "/v1/units/unit-4/report?year=2025&period="+bad, tk.hr, nil)
		if len(p.Errors) != 1 || p.Errors[0].Field != "period" {
			t.Errorf("period %s: %+v, want one field error for period", bad, p)
		}
	}
	rs.denied(t, 400, TypeValidation, "a bad year", "GET", "/v1/units/unit-4/report?year=abc", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "an unknown parameter", "GET", "/v1/units/unit-4/report?yaer=2025", tk.hr, nil)
}

// TestTrainingNeedsAndHistoryOverHTTP evaluates the fixture's pegawai
// (feedback on a BerAKHLAK value, annual butuh_perbaikan) and transfers
// them, then reads their training needs and history, each fact with its
// event, as the roles that may and may not.
func TestTrainingNeedsAndHistoryOverHTTP(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startReportProjections(t)
	rs.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.seed(t)
	rs.clock.Set(time.Date(2025, 1, 7, 10, 0, 0, 0, wib))
	rs.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	rs.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	rs.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
	approved := written(t, rs.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve"))
	fb := written(t, rs.send(t, "POST", skpPath+"/feedback", tk.penilai,
		map[string]any{"value": "akuntabel", "text": "Laporan sering terlambat"}).must(t, 201, "feedback"))
	rs.clock.Set(time.Date(2025, 12, 31, 10, 0, 0, 0, wib))
	annual := written(t, rs.send(t, "POST", skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "di_bawah_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"}).must(t, 201, "annual rating"))
	tr := written(t, rs.send(t, "POST", "/v1/employees/"+pegawai+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2025-12-15", "reason": "mutasi"}).must(t, 200, "transfer"))

	var needs needsPage
	r := rs.get(t, "/v1/training-needs?year=2025&min_position="+u(tr.Position), tk.hr, &needs)
	if !needs.Projection.Reached || needs.Projection.Projection != training.Name || r.header.Get("X-Total-Count") != u(uint64(needs.Total)) {
		t.Fatalf("freshness %+v, total %d", needs.Projection, needs.Total)
	}
	who := func(n training.Need) training.Need {
		n.NIP, n.Name, n.Instansi, n.Unit, n.Year = pegawai, "Citra Pegawai", instansi, "bidang-b", 2025
		return n
	}
	want := []training.Need{
		who(training.Need{Kind: "predikat", Period: "2025", Subject: "butuh_perbaikan", Detail: "annual predikat butuh_perbaikan",
			EventIDs: []string{annual.EventIDs[0]}}),
		who(training.Need{Kind: "berakhlak_feedback", Period: "2025", Subject: "akuntabel",
			Detail: "feedback on akuntabel: Laporan sering terlambat", EventIDs: []string{fb.EventIDs[0]}}),
	}
	if diff := cmp.Diff(want, needs.Items, cmpopts.IgnoreUnexported(training.Need{})); diff != "" {
		t.Errorf("needs (-want +got):\n%s", diff)
	}
	var none needsPage
	if rs.get(t, "/v1/training-needs?unit=bidang-a&kind=predikat", tk.auditor, &none); none.Total != 0 {
		t.Errorf("bidang-a: %+v, want none (the pegawai moved to bidang-b)", none.Items)
	}
	csvResp := rs.send(t, "GET", "/v1/training-needs?year=2025", tk.hr, nil, "Accept", "text/csv").must(t, 200, "CSV")
	if rows, err := csv.NewReader(strings.NewReader(string(csvResp.body))).ReadAll(); err != nil || len(rows) != 3 || rows[1][len(rows[1])-1] != annual.EventIDs[0] {
		t.Errorf("CSV %v %v", rows, err)
	}
	rs.denied(t, 403, TypeForbidden, "HR of another instansi", "GET", "/v1/training-needs?instansi="+instansi, tk.otherHR, nil)
	rs.denied(t, 403, TypeForbidden, "a pegawai", "GET", "/v1/training-needs", tk.pegawai, nil)
	rs.denied(t, 403, TypeForbidden, "pejabat penilai names another instansi", "GET", "/v1/training-needs?instansi=pemkab-bogor", tk.penilaiB, nil)
	rs.denied(t, 400, TypeValidation, "a bad kind", "GET", "/v1/training-needs?kind=bogus", tk.hr, nil)
	// Was a 200 with an empty list.
	if p := rs.denied(t, 400, TypeValidation, "a unit no code can be", "GET", "/v1/training-needs?unit=-bidang-a", tk.hr, nil); len(p.Errors) != 1 || p.Errors[0].Field != "unit" {
		t.Errorf("?unit=-bidang-a: %+v, want one field error for unit", p)
	}

	var h historyView
	rs.get(t, "/v1/employees/"+pegawai+"/history?min_position="+u(tr.Position), tk.hr, &h)
	if h.Projection.Projection != history.Name || !h.Projection.Reached || h.Unit != "bidang-b" || h.Registration == nil {
		t.Fatalf("history %+v", h)
	}
	if len(h.Years) != 1 || h.Years[0].SKPStatus != "approved" || h.Years[0].StatusEventID != approved.EventIDs[0] ||
		h.Years[0].AnnualPredikat != "butuh_perbaikan" || h.Years[0].AnnualEventID != annual.EventIDs[0] {
		t.Errorf("years %+v", h.Years)
	}
	if len(h.Transfers) != 1 || h.Transfers[0].From != "bidang-a" || h.Transfers[0].To != "bidang-b" ||
		h.Transfers[0].EventID != tr.EventIDs[0] || h.Transfers[0].Effective.Format(time.DateOnly) != "2025-12-15" {
		t.Errorf("transfers %+v", h.Transfers)
	}
	if len(h.ReportingLines) != 1 || h.ReportingLines[0].To != penilai || h.ReportingLines[0].Detail["atasan_pejabat_penilai"] != kepala {
		t.Errorf("reporting lines %+v", h.ReportingLines)
	}
	var own historyView
	rs.get(t, "/v1/employees/"+pegawai+"/history", tk.pegawai, &own)
	if own.NIP != pegawai || len(own.Years) != 1 {
		t.Errorf("own history %+v", own)
	}
	csvResp = rs.send(t, "GET", "/v1/employees/"+pegawai+"/history", tk.inspektorat, nil, "Accept", "text/csv").must(t, 200, "history CSV")
	if rows, err := csv.NewReader(strings.NewReader(string(csvResp.body))).ReadAll(); err != nil || len(rows) != 5 || rows[1][0] != "registered" || rows[4][0] != "skp_year" {
		t.Errorf("history CSV %v %v", rows, err)
	}
	rs.denied(t, 403, TypeForbidden, "a colleague", "GET", "/v1/employees/"+pegawai+"/history", tk.rekan, nil)
	rs.denied(t, 403, TypeForbidden, "the supervisor", "GET", "/v1/employees/"+pegawai+"/history", tk.penilai, nil)
	rs.denied(t, 404, TypeNotFound, "HR of another instansi", "GET", "/v1/employees/"+pegawai+"/history", tk.otherHR, nil)
	rs.denied(t, 404, TypeNotFound, "an unknown employee", "GET", "/v1/employees/199912312020121999/history", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "an invalid NIP", "GET", "/v1/employees/123/history", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "an unknown parameter", "GET", "/v1/employees/"+pegawai+"/history?year=2025", tk.hr, nil)
}
