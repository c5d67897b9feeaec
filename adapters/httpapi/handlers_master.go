package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/nip"
	"github.com/kinerja/kinerja/domain/performance"
)

// Handlers of employee master data. Each decodes, authorizes (HR or admin of
// the employee's instansi), calls the Service and returns its result.

type registerEmployeeRequest struct {
	NIP         string               `json:"nip"`
	Name        string               `json:"name"`
	Status      employee.Status      `json:"status"`
	Instansi    string               `json:"instansi"`
	Unit        string               `json:"unit"`
	Jabatan     employee.Jabatan     `json:"jabatan"`
	Golongan    performance.Golongan `json:"golongan"`
	GolonganTMT civil.Date           `json:"golongan_tmt"`
}

func (s *Server) registerEmployee(ctx context.Context, c *call) (command.Result, error) {
	var in registerEmployeeRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	if err := checkBodyNIPs([2]string{"nip", in.NIP}); err != nil {
		return command.Result{}, err
	}
	by, err := asMasterData(c.p, in.Instansi)
	if err != nil {
		return command.Result{}, err
	}
	if err := s.checkUnitRef(ctx, c.p, "unit", in.Unit); err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RegisterEmployee(ctx, c.as(by), employee.Registration(in))
}

// pathNIP returns the {nip} path variable if it is a valid NIP or NI PPPK.
func (c *call) pathNIP() (string, error) {
	n := c.vars["nip"]
	if fe := nipFieldError("nip", n); fe != nil {
		return "", newRequestError(TypeValidation, "The path names an invalid NIP.", *fe)
	}
	return n, nil
}

// nipFieldError returns the field error of field when value is neither a
// valid NIP nor a valid NI PPPK, saying what is wrong with it, or nil.
func nipFieldError(field, value string) *FieldError {
	_, err := nip.Parse(value)
	if err == nil {
		return nil
	}
	if _, err2 := nip.ParsePPPK(value); err2 == nil {
		return nil
	}
	return &FieldError{Field: field, Message: err.Error()}
}

// checkBodyNIPs answers 400 naming each field of the body whose non-empty
// value is not a valid NIP or NI PPPK, before any stream is named by it.
func checkBodyNIPs(fields ...[2]string) error {
	var errs []FieldError
	for _, f := range fields {
		if f[1] == "" {
			continue
		}
		if fe := nipFieldError(f[0], f[1]); fe != nil {
			errs = append(errs, *fe)
		}
	}
	if len(errs) > 0 {
		return newRequestError(TypeValidation, "The body names an invalid NIP.", errs...)
	}
	return nil
}

// employeeAsMasterData authorizes HR or an admin of the instansi of the
// employee named in the path and returns the NIP and the command metadata.
// An employee of another instansi answers as a missing one.
func (s *Server) employeeAsMasterData(ctx context.Context, c *call) (string, command.Meta, error) {
	n, err := c.pathNIP()
	if err != nil {
		return "", command.Meta{}, err
	}
	if _, err := asMasterData(c.p, c.p.Instansi); err != nil {
		return "", command.Meta{}, err // not HR nor admin: deny before loading anything.
	}
	e, err := s.employeeIn(ctx, c.p.Instansi, n)
	if err != nil {
		return "", command.Meta{}, err
	}
	by, err := asMasterData(c.p, e.Instansi())
	return n, c.as(by), err
}

type transferRequest struct {
	ToUnit    string     `json:"to_unit"`
	Effective civil.Date `json:"effective"`
	Reason    string     `json:"reason"`
}

func (s *Server) transferEmployee(ctx context.Context, c *call) (command.Result, error) {
	var in transferRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, m, err := s.employeeAsMasterData(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	if err := s.checkUnitRef(ctx, c.p, "to_unit", in.ToUnit); err != nil {
		return command.Result{}, err
	}
	return s.api.Service.TransferEmployee(ctx, m, n, in.ToUnit, in.Effective, in.Reason)
}

type jabatanRequest struct {
	Jabatan   employee.Jabatan `json:"jabatan"`
	Effective civil.Date       `json:"effective"`
}

func (s *Server) changeJabatan(ctx context.Context, c *call) (command.Result, error) {
	var in jabatanRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, m, err := s.employeeAsMasterData(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ChangeJabatan(ctx, m, n, in.Jabatan, in.Effective)
}

type golonganRequest struct {
	Golongan performance.Golongan `json:"golongan"`
	TMT      civil.Date           `json:"tmt"`
}

func (s *Server) changeGolongan(ctx context.Context, c *call) (command.Result, error) {
	var in golonganRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, m, err := s.employeeAsMasterData(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ChangeGolongan(ctx, m, n, in.Golongan, in.TMT)
}

type reportingLineRequest struct {
	PejabatPenilai       string     `json:"pejabat_penilai"`
	AtasanPejabatPenilai string     `json:"atasan_pejabat_penilai"`
	EffectiveFrom        civil.Date `json:"effective_from"`
	Acting               bool       `json:"acting"`
	Reason               string     `json:"reason"`
	CrossInstansiReason  string     `json:"cross_instansi_reason"`
}

func (s *Server) assignReportingLine(ctx context.Context, c *call) (command.Result, error) {
	var in reportingLineRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	if err := checkBodyNIPs([2]string{"pejabat_penilai", in.PejabatPenilai},
		[2]string{"atasan_pejabat_penilai", in.AtasanPejabatPenilai}); err != nil {
		return command.Result{}, err
	}
	n, m, err := s.employeeAsMasterData(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	// A documented cross-instansi assignment may name officials of another
	// instansi; the command checks that they exist and are in service.
	if in.CrossInstansiReason == "" {
		if err := s.checkOfficials(ctx, c.p.Instansi, in.PejabatPenilai, in.AtasanPejabatPenilai); err != nil {
			return command.Result{}, err
		}
	}
	return s.api.Service.AssignReportingLine(ctx, m, n, employee.LineAssignment(in))
}

type leaveRequest struct {
	Effective civil.Date `json:"effective"`
	Reason    string     `json:"reason"`
}

func (s *Server) leaveService(ctx context.Context, c *call) (command.Result, error) {
	var in leaveRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, m, err := s.employeeAsMasterData(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.LeaveService(ctx, m, n, in.Effective, in.Reason)
}

// getEmployee returns the employee's master data, now or as of ?as_of=, to
// those who may read it now.
func (s *Server) getEmployee(ctx context.Context, c *call) (any, uint64, error) {
	n, err := c.pathNIP()
	if err != nil {
		return nil, 0, err
	}
	at, err := c.asOf()
	if err != nil {
		return nil, 0, err
	}
	e, err := s.readableEmployee(ctx, c.p, n)
	if err != nil {
		return nil, 0, err
	}
	day := s.dayIn(ctx, e.Instansi())
	if !at.IsNow() {
		if e, day, err = s.employeeAsOf(ctx, n, at); err != nil {
			return nil, 0, err
		}
	}
	return employeeViewOf(e, day), e.Version(), nil
}
