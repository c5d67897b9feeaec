package httpapi

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// TestDepartureRecordedAheadCountsFromItsDay: on 6 January HR records that
// the pegawai leaves the service on 1 March (a retirement known ahead).
// Until then the pegawai is still their penilai's evaluatee with a plan to
// approve, a promotion candidate and a member of the unit's first quarter
// report while it runs; from 1 March on none of these. The departure used to
// count from the moment it was recorded: the penilai lost the evaluatee at
// once and the candidate vanished for every as_of.
func TestDepartureRecordedAheadCountsFromItsDay(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runProjections(t, a, worklist.New(), promotion.New(), unitreport.New())
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/leave-service", tk.hr,
		map[string]any{"effective": "2025-03-01", "reason": "pensiun"}).must(t, 200, "leave recorded ahead")
	// Before its day the record stays open: a golongan may still be recorded.
	a.send(t, "POST", "/v1/employees/"+pegawai+"/golongan", tk.hr, map[string]any{"golongan": "III/c", "tmt": "2025-02-01"}).
		must(t, 200, "golongan before the departure")

	wantTasks(t, a, "penilai before the departure", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 0, false})
	candidate := func(asOf string) bool {
		t.Helper()
		var page candidatesPage
		a.send(t, "GET", "/v1/promotion-candidates?limit=1000&as_of="+asOf+"&min_position="+strconv.FormatUint(a.head(t), 10),
			tk.hr, nil).must(t, 200, "candidates as of "+asOf).json(t, &page)
		return slices.ContainsFunc(page.Items, func(c promotion.Candidate) bool { return c.NIP == pegawai })
	}
	if !candidate("2025-02-28") || candidate("2025-03-01") {
		t.Errorf("candidate as of 2025-02-28: %v, as of 2025-03-01: %v; want in service until 1 March", candidate("2025-02-28"), candidate("2025-03-01"))
	}
	// Listed on 28 February, but not eligible for the next promotion date
	// (1 April), after the departure: it was listed eligible for it.
	var page candidatesPage
	a.send(t, "GET", "/v1/promotion-candidates?limit=1000&as_of=2025-02-28", tk.hr, nil).must(t, 200, "candidates").json(t, &page)
	for _, c := range page.Items {
		if c.NIP == pegawai && (c.Eligible || !slices.ContainsFunc(c.Reasons, func(r promotion.Reason) bool {
			return strings.Contains(r.Text, "leaves the service on 2025-03-01") && strings.Contains(r.TextID, "berhenti dari dinas")
		})) {
			t.Errorf("candidate as of 2025-02-28: eligible %v, reasons %+v; want not eligible, leaving before the promotion date", c.Eligible, c.Reasons)
		}
	}
	member := func(period string) bool {
		t.Helper()
		var r unitreport.Report
		a.send(t, "GET", "/v1/units/bidang-a/report?year=2025&period="+period+"&min_position="+strconv.FormatUint(a.head(t), 10),
			tk.hr, nil).must(t, 200, "report "+period).json(t, &r)
		return slices.ContainsFunc(r.Employees, func(m unitreport.Member) bool { return m.NIP == pegawai })
	}
	// The first quarter ends on 31 March, after the departure: the pegawai
	// is not among its members (nor the year's).
	if member("2025-Q1") || member("2025") {
		t.Errorf("member of the Q1 report: %v, of the year's: %v; want neither (left on 1 March)", member("2025-Q1"), member("2025"))
	}

	a.clock.Set(day(3, 1))
	wantTasks(t, a, "penilai on the day of the departure", tk.penilai)
}

// TestRatedYearLeavesNoWindowTasks: once the year is rated (here amended,
// objected to and decided too), its windows are nobody's task. The pejabat
// penilai kept overdue-realisation tasks for the three windows never
// reported, a year after.
func TestRatedYearLeavesNoWindowTasks(t *testing.T) {
	a, tk, _ := ratedYear(t)
	runWorklist(t, a)
	wantTasks(t, a, "penilai after the year was rated", tk.penilai)
}

// TestDepartureInForceIsCorrected: a departure already in force is
// corrected by recording it again (a mistyped day, 1900-01-01 once, could
// not be undone: every later change was "employee has left the service");
// a day before the appointment the NIP encodes is refused.
func TestDepartureInForceIsCorrected(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	path := "/v1/employees/" + rekan + "/leave-service"
	if p := a.denied(t, 400, TypeValidation, "before the appointment", "POST", path, tk.hr,
		map[string]any{"effective": "1900-01-01", "reason": "salah ketik"}); len(p.Errors) != 1 || p.Errors[0].Field != "effective" {
		t.Errorf("errors %+v, want effective", p.Errors)
	}
	a.send(t, "POST", path, tk.hr, map[string]any{"effective": "2025-01-02", "reason": "pensiun"}).must(t, 200, "a departure in force")
	a.send(t, "POST", path, tk.hr, map[string]any{"effective": "2025-06-01", "reason": "tanggal pensiun dikoreksi"}).
		must(t, 200, "the departure corrected")
	a.send(t, "GET", "/v1/employees/"+rekan, tk.rekan, nil).must(t, 200, "in service again until 1 June")
}

// TestTransferRecordedAheadShowsItsDay: a transfer to bidang-b from
// 1 March, recorded on 6 January, shows in the employee record as the
// latest unit with its day (unit_from), while the history's master data,
// the penilai's worklist and the unit's staff keep bidang-a until that day.
func TestTransferRecordedAheadShowsItsDay(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runProjections(t, a, worklist.New(), history.New())
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2025-03-01", "reason": "mutasi"}).must(t, 200, "transfer recorded ahead")
	var rec struct {
		Unit     string `json:"unit"`
		UnitFrom string `json:"unit_from"`
	}
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "record").json(t, &rec)
	if rec.Unit != "bidang-b" || rec.UnitFrom != "2025-03-01" {
		t.Errorf("record: unit %q from %q, want bidang-b from 2025-03-01", rec.Unit, rec.UnitFrom)
	}
	unitOn := func(who string) string {
		t.Helper()
		var h struct {
			Unit      string `json:"unit"`
			Transfers []any  `json:"transfers"`
		}
		a.send(t, "GET", "/v1/employees/"+pegawai+"/history?min_position="+strconv.FormatUint(a.head(t), 10), tk.hr, nil).
			must(t, 200, "history "+who).json(t, &h)
		if len(h.Transfers) != 1 {
			t.Errorf("history %s lists %d transfers, want the one recorded", who, len(h.Transfers))
		}
		return h.Unit
	}
	evaluateeUnit := func(unit string) bool {
		t.Helper()
		var w worklist.Worklist
		a.send(t, "GET", "/v1/me/worklist?unit="+unit+"&min_position="+strconv.FormatUint(a.head(t), 10), tk.penilai, nil).
			must(t, 200, "worklist in "+unit).json(t, &w)
		return slices.ContainsFunc(w.Evaluatees, func(e worklist.Evaluatee) bool { return e.NIP == pegawai && e.Unit == unit })
	}
	if u := unitOn("before"); u != "bidang-a" {
		t.Errorf("history before 1 March: unit %q, want bidang-a", u)
	}
	if !evaluateeUnit("bidang-a") || evaluateeUnit("bidang-b") {
		t.Errorf("worklist before 1 March: in bidang-a %v, in bidang-b %v; want the pegawai in bidang-a",
			evaluateeUnit("bidang-a"), evaluateeUnit("bidang-b"))
	}
	a.clock.Set(day(3, 1))
	if u := unitOn("on the day"); u != "bidang-b" {
		t.Errorf("history on 1 March: unit %q, want bidang-b", u)
	}
	if evaluateeUnit("bidang-a") || !evaluateeUnit("bidang-b") {
		t.Errorf("worklist on 1 March: in bidang-a %v, in bidang-b %v; want the pegawai in bidang-b",
			evaluateeUnit("bidang-a"), evaluateeUnit("bidang-b"))
	}
}
