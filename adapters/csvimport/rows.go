package csvimport

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// The columns of each import kind. A header row names them, in any order.
func unitColumns() []string { return []string{"code", "name", "parent", "instansi"} }

func employeeColumns() []string {
	return []string{"nip", "name", "status", "instansi", "unit", "jabatan_kind", "jabatan_level", "jabatan_name",
		"golongan", "golongan_tmt"}
}

func lineColumns() []string {
	return []string{"nip", "pejabat_penilai", "atasan_pejabat_penilai", "effective_from", "acting", "reason"}
}

// inScope checks that a row belongs to the instansi the import is limited to.
func inScope(scope, instansi string) error {
	if scope != "" && instansi != scope {
		return rowProblem("instansi", "instansi %q is not yours (%s)", instansi, scope)
	}
	return nil
}

// unitRow registers a unit. A parent must be registered already, in the
// same instansi: list parents before their children.
func (im *Importer) unitRow(ctx context.Context, m command.Meta, scope string, row map[string]string) (command.Result, error) {
	if err := inScope(scope, row["instansi"]); err != nil {
		return command.Result{}, err
	}
	if p := row["parent"]; p != "" {
		if err := unit.ValidateCode(p); err != nil {
			return command.Result{}, rowProblem("parent", "parent: %v", err)
		}
		// A parent of another instansi answers as a missing one (see tenancy.go).
		parent, err := im.svc.Unit(ctx, p)
		if im.systemFault(err) {
			return command.Result{}, err
		}
		if err != nil || parent.Instansi() != row["instansi"] {
			return command.Result{}, rowProblem("parent", "parent unit %q is not registered (list parents before their children)", p)
		}
	}
	return im.svc.RegisterUnit(ctx, m, unit.Registration{Code: row["code"], Name: row["name"], Parent: row["parent"],
		Instansi: row["instansi"]})
}

// employeeRow registers an employee: a valid NIP for the status, a real TMT
// date, and a registered unit of the same instansi.
func (im *Importer) employeeRow(ctx context.Context, m command.Meta, scope string, row map[string]string) (command.Result, error) {
	if err := inScope(scope, row["instansi"]); err != nil {
		return command.Result{}, err
	}
	status := employee.Status(code(row["status"]))
	if status != employee.StatusPNS && status != employee.StatusPPPK {
		return command.Result{}, rowProblem("status", "status %q: use pns or pppk", row["status"])
	}
	if err := employee.ValidateNIP(row["nip"], status); err != nil {
		return command.Result{}, rowProblem("nip", "nip: %v%s", err, numberHint(row["nip"]))
	}
	tmt, err := dateCell("golongan_tmt", row["golongan_tmt"])
	if err != nil {
		return command.Result{}, err
	}
	if err := unit.ValidateCode(row["unit"]); err != nil {
		return command.Result{}, rowProblem("unit", "unit: %v", err)
	}
	u, err := im.svc.Unit(ctx, row["unit"])
	if im.systemFault(err) {
		return command.Result{}, err
	}
	if err != nil || u.Instansi() != row["instansi"] { // another instansi's unit answers as a missing one.
		return command.Result{}, rowProblem("unit", "unit %q is not registered", row["unit"])
	}
	return im.svc.RegisterEmployee(ctx, m, employee.Registration{NIP: row["nip"], Name: row["name"], Status: status,
		Instansi: row["instansi"], Unit: row["unit"], Golongan: performance.Golongan(strings.ToUpper(strings.TrimSpace(row["golongan"]))),
		GolonganTMT: tmt, Jabatan: employee.Jabatan{Kind: performance.JabatanKind(code(row["jabatan_kind"])),
			Level: performance.JabatanLevel(code(row["jabatan_level"])), Name: row["jabatan_name"]}})
}

// code reads a cell holding one of the template's codes (status, jabatan
// kind and level) as a person may type it: "Fungsional Keahlian" is
// fungsional_keahlian, as "PNS" is pns ("Administrasi" was refused while
// "PNS" was taken).
func code(cell string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(cell)), " ", "_")
}

// lineRow assigns a reporting line: the employee and both officials must be
// registered, and the date real.
func (im *Importer) lineRow(ctx context.Context, m command.Meta, scope string, row map[string]string) (command.Result, error) {
	// An employee or official of another instansi answers as a missing one
	// (see tenancy.go); a cross-instansi reporting line, which needs a
	// documented reason, is assigned through the API, not imported.
	e, err := im.svc.Employee(ctx, row["nip"])
	if im.systemFault(err) {
		return command.Result{}, err
	}
	if err != nil || inScope(scope, e.Instansi()) != nil {
		return command.Result{}, rowProblem("nip", "employee %q is not registered", row["nip"])
	}
	for _, col := range []string{"pejabat_penilai", "atasan_pejabat_penilai"} {
		if row[col] == "" {
			return command.Result{}, rowProblem(col, "%s is required (the NIP of a registered employee)", col)
		}
		o, err := im.svc.Employee(ctx, row[col])
		if im.systemFault(err) {
			return command.Result{}, err
		}
		if err != nil || o.Instansi() != e.Instansi() {
			return command.Result{}, rowProblem(col, "%s %q is not a registered employee", col, row[col])
		}
	}
	from, err := dateCell("effective_from", row["effective_from"])
	if err != nil {
		return command.Result{}, err
	}
	acting, err := parseBool(row["acting"])
	if err != nil {
		return command.Result{}, err
	}
	return im.svc.AssignReportingLine(ctx, m, row["nip"], employee.LineAssignment{PejabatPenilai: row["pejabat_penilai"],
		AtasanPejabatPenilai: row["atasan_pejabat_penilai"], EffectiveFrom: from, Acting: acting, Reason: row["reason"]})
}

// parseBool reads a yes/no cell; empty is no.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "false", "no", "tidak", "0", "n":
		return false, nil
	case "true", "yes", "ya", "1", "y":
		return true, nil
	}
	return false, rowProblem("acting", "acting: %q is not yes or no", s)
}

// systemFault reports whether err, from reading a row's reference (its
// unit, parent or officials), is a failure of the system (the database
// unreachable) rather than a reference that does not exist: the row then
// fails as not imported, to be retried, instead of being told its
// reference is not registered.
func (im *Importer) systemFault(err error) bool {
	return err != nil && !errors.Is(err, command.ErrNotFound) && !im.rowFault(err)
}

// dayMonthYear is a date as a spreadsheet in an Indonesian locale writes
// it: 15/01/2020 or 15-01-2020.
var dayMonthYear = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)

// dateCell reads the date of a cell, YYYY-MM-DD; one written day first, as
// an Indonesian spreadsheet does, is refused with the date it would be
// (the order of day and month cannot be told from the cell alone).
func dateCell(field, v string) (civil.Date, error) {
	d, err := civil.Parse(v)
	if err == nil {
		return d, nil
	}
	if m := dayMonthYear.FindStringSubmatch(v); m != nil {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		return civil.Date{}, rowProblem(field, "%s: %q is not YYYY-MM-DD; if it is day %d of month %d, write %s-%02d-%02d "+
			"(or format the column as text YYYY-MM-DD)", field, v, day, month, m[3], month, day)
	}
	return civil.Date{}, rowProblem(field, "%s: %v", field, err)
}

// numberHint explains a NIP that a spreadsheet kept as a number: 18 digits
// are more than a number holds, so the last ones became zeros, or it was
// written as 1,98609E+17.
func numberHint(v string) string {
	if strings.ContainsAny(v, "Ee") || (len(v) == 18 && strings.HasSuffix(v, "000")) {
		return " (a NIP kept as a number in a spreadsheet loses its last digits: format the column as Text and type the NIPs again)"
	}
	return ""
}
