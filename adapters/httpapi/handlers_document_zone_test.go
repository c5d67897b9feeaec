package httpapi

import (
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// witYear sets the fixture's instansi to WIT (+09:00), has the plan
// approved in January 2025, gives the employee from 1 January 2026 another
// atasan pejabat penilai (penilaiB; the pejabat penilai stays), and has the
// year rated at 00:30 WIT on 1 January 2026: 22:30 on 31 December 2025 in
// the server's WIB. The rating's day, in the instansi's zone as the command
// decided it, is 1 January 2026.
func witYear(t *testing.T) (*apiServer, tokens) {
	t.Helper()
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", a.token(t, hrNIP, instansi, actor.Admin),
		map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.clock.Set(day(time.January, 10))
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
	a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve")
	a.clock.Set(day(time.December, 1))
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": penilai,
		"atasan_pejabat_penilai": penilaiB, "effective_from": "2026-01-01", "reason": "struktur 2026"}).must(t, 200, "the 2026 line")
	a.clock.Set(time.Date(2026, time.January, 1, 0, 30, 0, 0, time.FixedZone("WIT", 9*60*60)))
	a.send(t, "POST", skpPath+"/annual-rating", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Tahunan"}).must(t, 201, "rate the year at 00:30 WIT")
	return a, tk
}

// TestDocumentInTheInstansisZone: the evaluation document read every
// instant in the server's zone (WIB), not the instansi's. For a WIT
// instansi rated at 00:30 on 1 January it printed the rating as given on
// 31 December 2025, named as atasan pejabat penilai the official of the
// line in force on that WIB day (the one before, kepala), and stamped its
// footer in WIB, while the API and the command said 1 January 2026 WIT.
func TestDocumentInTheInstansisZone(t *testing.T) {
	a, tk := witYear(t)
	text := pdfText(t, a.send(t, "GET", skpPath+"/document.pdf", tk.hr, nil).must(t, 200, "document").body)
	flat := strings.Join(strings.Fields(text), " ")
	if !strings.Contains(flat, "pada 1 Januari 2026") || strings.Contains(flat, "pada 31 Desember 2025") {
		t.Errorf("the rating's day is not 1 January 2026 as in WIT:\n%s", flat)
	}
	if !strings.Contains(text, penilaiB) || strings.Contains(text, kepala) {
		t.Errorf("the atasan is not %s of the line in force on 1 January 2026 WIT:\n%s", penilaiB, text)
	}
	if !strings.Contains(flat, "WIT") || strings.Contains(flat, "WIB") {
		t.Errorf("the footer is not stamped in WIT:\n%s", flat)
	}
}

// TestEmployeeAsOfReadsTheLineOnTheInstansisDay: GET of an employee
// ?as_of= took the day whose reporting line is in force in the server's
// zone: as of 00:30 WIT on 1 January 2026 it showed the line of
// 31 December 2025 (atasan kepala) where the instansi's day, as the
// commands count it, was already 1 January (atasan penilaiB).
func TestEmployeeAsOfReadsTheLineOnTheInstansisDay(t *testing.T) {
	a, tk := witYear(t)
	// The log records real times, not the test clock's: an as_of past
	// them all reads the whole log on the clock's day, 00:30 WIT on
	// 1 January 2026 (the moment is the earlier of as_of and now).
	var v struct {
		ReportingLine struct {
			Atasan string `json:"atasan_pejabat_penilai"`
		} `json:"reporting_line"`
	}
	a.send(t, "GET", "/v1/employees/"+pegawai+"?as_of=2999-01-01T00:00:00Z", tk.hr, nil).must(t, 200, "employee as of").json(t, &v)
	if v.ReportingLine.Atasan != penilaiB {
		t.Errorf("as of 00:30 WIT on 1 January 2026 the atasan is %q, want %s of the line in force that day", v.ReportingLine.Atasan, penilaiB)
	}
}
