package employee

import (
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/nip"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// ValidateNIP checks that s is a valid NIP (status PNS) or NI PPPK (status
// PPPK). Errors wrap ErrInvalidInput and nip.ErrInvalid.
func ValidateNIP(s string, status Status) error {
	var err error
	switch status {
	case StatusPNS:
		_, err = nip.Parse(s)
	case StatusPPPK:
		_, err = nip.ParsePPPK(s)
	default:
		return field.Invalid(ErrInvalidInput, "status", "%q is not a status (want pns or pppk)", status)
	}
	if err != nil {
		return field.Wrap(ErrInvalidInput, "nip", err)
	}
	return nil
}

// validSupervisorID reports whether s is a valid NIP or NI PPPK.
func validSupervisorID(s string) bool {
	if _, err := nip.Parse(s); err == nil {
		return true
	}
	_, err := nip.ParsePPPK(s)
	return err == nil
}

// validateRegistration checks r and puts its name, jabatan and golongan in
// canonical form.
func validateRegistration(r *Registration) error {
	if err := ValidateNIP(r.NIP, r.Status); err != nil {
		return err
	}
	name, err := line("name", r.Name, text.MaxName)
	if err != nil {
		return err
	}
	if r.Name = name; r.Name == "" {
		return field.Invalid(ErrInvalidInput, "name", "required")
	}
	if err := unit.ValidateInstansi(r.Instansi); err != nil {
		return field.Wrap(ErrInvalidInput, "instansi", err)
	}
	if err := unit.ValidateCode(r.Unit); err != nil {
		return field.Wrap(ErrInvalidInput, "unit", err)
	}
	if err := validateJabatan(&r.Jabatan); err != nil {
		return err
	}
	g, err := validateGolongan(r.Status, r.Golongan)
	if err != nil {
		return err
	}
	r.Golongan = g
	return requireDate("golongan_tmt", r.GolonganTMT)
}

// validateJabatan checks kind, level and name, trimming the name.
func validateJabatan(j *Jabatan) error {
	if err := performance.ValidateJabatan(j.Kind, j.Level); err != nil {
		return field.Wrap(ErrInvalidInput, "jabatan", err)
	}
	name, err := line("jabatan.name", j.Name, text.MaxName)
	if err != nil {
		return err
	}
	if j.Name = name; j.Name == "" {
		return field.Invalid(ErrInvalidInput, "jabatan.name", "required")
	}
	return nil
}

// validateGolongan returns g in canonical form if it is a grade of status.
func validateGolongan(status Status, g performance.Golongan) (performance.Golongan, error) {
	c, err := performance.ParseGolongan(string(g))
	if err != nil {
		return "", field.Wrap(ErrInvalidInput, "golongan", err)
	}
	if c.IsPPPK() != (status == StatusPPPK) {
		return "", field.Invalid(ErrInvalidInput, "golongan", "%s is not a golongan of a %s", c, status)
	}
	return c, nil
}
