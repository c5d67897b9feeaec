package employee_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/text"
)

// TestEveryTextFieldIsBounded: given an employee (or none), when a command
// carries a text field over its limit or with a NUL or control character,
// then it fails with a *text.Error naming the field and the limit, wrapped
// in ErrInvalidInput, and records nothing.
func TestEveryTextFieldIsBounded(t *testing.T) {
	reg := employee.Registration{NIP: nipPegawai, Name: "Budi Santoso", Status: employee.StatusPNS,
		Instansi: "PEMKAB-X", Unit: "DISKOMINFO.01", Jabatan: analis, Golongan: "III/a", GolonganTMT: day("2021-04-01")}
	long := func(n int) string { return strings.Repeat("ü", n+1) }
	named := func(name string) employee.Registration { r := reg; r.Name = name; return r }
	jabatan := func(name string) employee.Jabatan { j := analis; j.Name = name; return j }
	assignment := employee.LineAssignment{PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-02-01"), Reason: long(text.MaxNote)}
	cases := []struct {
		name  string
		given []employee.Event
		when  func(*employee.Employee) ([]employee.Event, error)
		field string
		limit int
	}{
		{"a 6,000-character name", nil, func(e *employee.Employee) ([]employee.Event, error) {
			return e.Register(at, hr, named(strings.Repeat("n", 6000)))
		}, "name", text.MaxName},
		{"a name one over the limit", nil, func(e *employee.Employee) ([]employee.Event, error) {
			return e.Register(at, hr, named(long(text.MaxName)))
		}, "name", text.MaxName},
		{"a NUL in a name", nil, func(e *employee.Employee) ([]employee.Event, error) {
			return e.Register(at, hr, named("Budi\x00"))
		}, "name", text.MaxName},
		{"a newline in a name", nil, func(e *employee.Employee) ([]employee.Event, error) {
			return e.Register(at, hr, named("Budi\nSantoso"))
		}, "name", text.MaxName},
		{"a long jabatan name", nil, func(e *employee.Employee) ([]employee.Event, error) {
			r := reg
			r.Jabatan = jabatan(long(text.MaxName))
			return e.Register(at, hr, r)
		}, "jabatan.name", text.MaxName},
		{"a long new jabatan name", []employee.Event{registered}, func(e *employee.Employee) ([]employee.Event, error) {
			return e.ChangeJabatan(at, hr, jabatan(long(text.MaxName)), day("2025-02-01"))
		}, "jabatan.name", text.MaxName},
		{"a long transfer reason", []employee.Event{registered}, func(e *employee.Employee) ([]employee.Event, error) {
			return e.Transfer(at, hr, "DISKOMINFO.02", day("2025-02-01"), long(text.MaxNote))
		}, "reason", text.MaxNote},
		{"a long reporting-line reason", []employee.Event{registered}, func(e *employee.Employee) ([]employee.Event, error) {
			return e.AssignReportingLine(at, hr, assignment)
		}, "reason", text.MaxNote},
		{"a control character in a reason to leave", []employee.Event{registered}, func(e *employee.Employee) ([]employee.Event, error) {
			return e.LeaveService(at, hr, day("2025-06-01"), "pensiun\x07")
		}, "reason", text.MaxNote},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.when(given(t, c.given...))
			var te *text.Error
			if !errors.As(err, &te) || !errors.Is(err, employee.ErrInvalidInput) {
				t.Fatalf("error = %v, want a text error wrapped in ErrInvalidInput", err)
			}
			if te.Field != c.field || te.Limit != c.limit {
				t.Fatalf("error on %s (limit %d), want %s (limit %d)", te.Field, te.Limit, c.field, c.limit)
			}
			if got != nil {
				t.Fatalf("events %v, want none", got)
			}
		})
	}
}
