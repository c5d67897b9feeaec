package httpapi

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/projections/promotion"
)

// TestInstansiZoneShowsTimestampsWithItsOffset sets the other instansi to
// WITA: its callers see every timestamp with +08:00 (JSON and CSV), while
// the fixture's instansi keeps WIB (+07:00); event payloads stay as stored.
func TestInstansiZoneShowsTimestampsWithItsOffset(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	admin := a.token(t, adminB, otherInst, actor.Admin)
	auditor := a.token(t, auditorB, otherInst, actor.Auditor)

	var st struct{ Zone, Offset string }
	a.send(t, "GET", "/v1/instansi/"+otherInst, auditor, nil).must(t, 200, "settings before").json(t, &st)
	if st.Zone != "Asia/Jakarta" || st.Offset != "+07:00" {
		t.Fatalf("default settings %+v", st)
	}
	a.denied(t, 403, TypeForbidden, "HR is not admin", "POST", "/v1/instansi/"+instansi+"/zone", tk.hr, map[string]any{"zone": "WITA"})
	a.denied(t, 404, TypeNotFound, "another instansi", "POST", "/v1/instansi/"+instansi+"/zone", admin, map[string]any{"zone": "WITA"})
	a.denied(t, 400, TypeValidation, "not a zone of Indonesia", "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "Europe/Berlin"})
	a.send(t, "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "WITA"}).must(t, 200, "set WITA")
	a.send(t, "GET", "/v1/instansi/"+otherInst, auditor, nil).must(t, 200, "settings after").json(t, &st)
	if st.Zone != "Asia/Makassar" || st.Offset != "+08:00" {
		t.Fatalf("settings after %+v", st)
	}
	before := a.head(t)
	a.send(t, "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "Asia/Makassar"}).must(t, 200, "again")
	if a.head(t) != before {
		t.Fatal("setting the same zone again appended")
	}

	offsets := func(token, what string) (stamps []string, data string) {
		t.Helper()
		var page struct {
			Events []struct {
				RecordedAt string          `json:"recorded_at"`
				Data       json.RawMessage `json:"data"`
			} `json:"events"`
		}
		a.send(t, "GET", "/v1/audit/events?limit=500", token, nil).must(t, 200, what).json(t, &page)
		if len(page.Events) == 0 {
			t.Fatalf("%s: no events", what)
		}
		for _, e := range page.Events {
			stamps = append(stamps, e.RecordedAt)
			data += string(e.Data)
		}
		return stamps, data
	}
	wita, data := offsets(auditor, "WITA auditor")
	for _, ts := range wita {
		if !strings.HasSuffix(ts, "+08:00") {
			t.Fatalf("WITA caller sees %s", ts)
		}
		if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
			t.Fatal(err)
		}
	}
	if !regexp.MustCompile(`"at":"[^"]*\+07:00"`).MatchString(data) {
		t.Errorf("event payloads (stored in WIB) were rewritten: %.300s", data)
	}
	wib, _ := offsets(a.token(t, auditorID, instansi, actor.Auditor), "WIB auditor")
	for _, ts := range wib {
		if !strings.HasSuffix(ts, "+07:00") {
			t.Fatalf("WIB caller sees %s", ts)
		}
	}
	csv := a.send(t, "GET", "/v1/audit/events?limit=500", auditor, nil, "Accept", "text/csv").must(t, 200, "CSV")
	if !strings.Contains(string(csv.body), "+08:00,") || regexp.MustCompile(`,[0-9-]{10}T[0-9:.]+Z,`).Match(csv.body) {
		t.Fatalf("CSV timestamps not in WITA: %.600s", csv.body)
	}
}

// TestInstansiZoneShowsXLSXTimestampsInIt sets the other instansi to WITA:
// its audit log downloaded as XLSX names WITA in the header and shows each
// instant at the wall clock of the JSON timestamp (+08:00), while the
// fixture's instansi keeps WIB.
func TestInstansiZoneShowsXLSXTimestampsInIt(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	admin := a.token(t, adminB, otherInst, actor.Admin)
	a.send(t, "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "WITA"}).must(t, 200, "set WITA")

	check := func(token, zone, offset string) {
		t.Helper()
		var page struct {
			Events []struct {
				RecordedAt string `json:"recorded_at"`
			} `json:"events"`
		}
		a.send(t, "GET", "/v1/audit/events?limit=500", token, nil).must(t, 200, zone+" JSON").json(t, &page)
		f := openXLSX(t, a.send(t, "GET", "/v1/audit/events?limit=500&format=xlsx", token, nil).must(t, 200, zone+" XLSX").body)
		rows, err := f.GetRows(xlsxSheet)
		if err != nil || len(rows) != len(page.Events)+1 || len(page.Events) == 0 {
			t.Fatalf("%s: %d XLSX rows for %d events (%v)", zone, len(rows), len(page.Events), err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == "Dicatat Pada ("+zone+")" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("%s: no column \"Dicatat Pada (%s)\" in %q", zone, zone, rows[0])
		}
		for i, e := range page.Events {
			if !strings.HasSuffix(e.RecordedAt, offset) {
				t.Fatalf("%s: JSON shows %s", zone, e.RecordedAt)
			}
			at, err := time.Parse(time.RFC3339Nano, e.RecordedAt)
			if err != nil {
				t.Fatal(err)
			}
			if want := at.Format(time.DateTime); rows[i+1][col] != want {
				t.Fatalf("%s: row %d shows %q, JSON %s", zone, i+1, rows[i+1][col], e.RecordedAt)
			}
		}
	}
	check(a.token(t, auditorB, otherInst, actor.Auditor), "WITA", "+08:00")
	check(a.token(t, auditorID, instansi, actor.Auditor), "WIB", "+07:00")
}

// TestLinesAreInForceOnTheInstansisDay: in a WIT instansi, at 00:30 WIT on
// the day a new reporting line starts (still 22:30 the day before in WIB,
// the server's zone), the new pejabat penilai's worklist listed the
// employee while reading the employee answered 404: the reads were
// authorized on the server's day, the worklist on the instansi's.
func TestLinesAreInForceOnTheInstansisDay(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", admin, map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": penilaiB,
		"atasan_pejabat_penilai": kepala, "effective_from": "2025-02-01", "reason": "Mutasi jabatan"}).must(t, 200, "new line")
	a.clock.Set(time.Date(2025, 1, 31, 15, 30, 0, 0, time.UTC)) // 22:30 WIB on 31 January, 00:30 WIT on 1 February
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.penilaiB, nil).must(t, 200, "the new penilai reads the employee")
	a.denied(t, 404, TypeNotFound, "the former penilai reads the employee", "GET", "/v1/employees/"+pegawai, tk.penilai, nil)
}

// TestOwnRecordWithoutThePegawaiRoleIs403: a head of unit whose token held
// only pejabat_penilai and who rated their own SKP was told "No employee
// with NIP … exists" — their own NIP.
func TestOwnRecordWithoutThePegawaiRoleIs403(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	a.seed(t)
	onlyPenilai := a.token(t, penilai, instansi, actor.PejabatPenilai)
	p := a.denied(t, 403, TypeForbidden, "rating their own SKP", "POST", "/v1/skp/"+penilai+"/2025/annual-rating", onlyPenilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "x"})
	if !strings.Contains(p.Detail, "pegawai role") {
		t.Errorf("problem %+v", p)
	}
	a.denied(t, 404, TypeNotFound, "another employee not evaluated by them", "GET", "/v1/employees/"+kepala, onlyPenilai, nil)
}

// TestDefaultDayIsTheInstansis: the promotion candidates' and explanations'
// default as_of was today in WIB whatever the instansi's zone: at 01:00
// WIT on 1 April a WIT instansi got the candidates as of 31 March.
func TestDefaultDayIsTheInstansis(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runProjections(t, a, promotion.New())
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", admin, map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.clock.Set(time.Date(2025, 3, 31, 16, 0, 0, 0, time.UTC)) // 23:00 WIB on 31 March, 01:00 WIT on 1 April
	var page candidatesPage
	a.send(t, "GET", "/v1/promotion-candidates", tk.hr, nil).must(t, 200, "candidates").json(t, &page)
	if page.AsOf != "2025-04-01" {
		t.Errorf("candidates as of %s, want 2025-04-01 (the day in WIT)", page.AsOf)
	}
}

// TestReplayUntilADayEndsInTheInstansisZone: a replay "until 2025-03-31"
// asked by a WITA instansi's auditor ends at that day's end in WITA; it
// ended at its end in Jakarta, an hour later. A day before the log's epoch
// is a 400 (0001-01-01 was taken, with the local mean time's offset).
func TestReplayUntilADayEndsInTheInstansisZone(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	admin := a.token(t, adminB, otherInst, actor.Admin)
	auditor := a.token(t, auditorB, otherInst, actor.Auditor)
	a.send(t, "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "WITA"}).must(t, 200, "set WITA")
	var info struct{ Until string }
	a.send(t, "POST", "/v1/replays", auditor, map[string]any{"until": "2025-03-31", "projections": []string{"standings"}}).
		must(t, 201, "replay until a day").json(t, &info)
	if info.Until != "2025-03-31T23:59:59.999999+08:00" {
		t.Errorf("until 2025-03-31 in WITA: %s, want 2025-03-31T23:59:59.999999+08:00", info.Until)
	}
	p := a.denied(t, 400, TypeValidation, "a day before the epoch", "POST", "/v1/replays", auditor, map[string]any{"until": "0001-01-01"})
	if len(p.Errors) != 1 || p.Errors[0].Field != "until" {
		t.Errorf("until 0001-01-01: %+v", p)
	}
}

// TestSettingTheSameZoneChecksTheCorrelationID sets an instansi's zone to
// the one it keeps, with a correlation id over its limit: a 400 naming the
// field, as on every other write, though nothing would be appended. The
// no-op once answered 200.
func TestSettingTheSameZoneChecksTheCorrelationID(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	admin := a.token(t, adminB, otherInst, actor.Admin)
	long := strings.Repeat("c", 201)
	for _, zone := range []string{"Asia/Jakarta", "WIB"} {
		p := a.denied(t, 400, TypeValidation, "the zone it keeps, with a long correlation id", "POST", "/v1/instansi/"+otherInst+"/zone",
			admin, map[string]any{"zone": zone}, "X-Correlation-Id", long)
		if len(p.Errors) != 1 || p.Errors[0].Field != "correlation_id" {
			t.Errorf("%s: field errors %+v, want one for correlation_id", zone, p.Errors)
		}
	}
	a.denied(t, 400, TypeValidation, "another zone, with a long correlation id", "POST", "/v1/instansi/"+otherInst+"/zone",
		admin, map[string]any{"zone": "WITA"}, "X-Correlation-Id", long)
	a.send(t, "POST", "/v1/instansi/"+otherInst+"/zone", admin, map[string]any{"zone": "WIB"}, "X-Correlation-Id", "ok-1").
		must(t, 200, "the zone it keeps, with a good correlation id")
}
