// Package performance holds the pure rules of ASN performance management
// (PermenPANRB 6/2022): ratings and the predikat matrix, the organisation
// predikat and its distribution pattern, golongan and jabatan reference data,
// and the decisions that use results: regular rank promotion, angka kredit
// of functional posts and the objection deadline.
//
// Rules that the sources do not confirm are not constants but fields of a
// versioned Policy, so that the events which used a rule can record which
// version of it applied. The package imports the standard library only.
package performance

import (
	"errors"
	"strings"
)

// Errors returned by this package. Each is wrapped with the detail of what
// was wrong; test for them with errors.Is.
var (
	ErrInvalidRating      = errors.New("invalid rating")
	ErrInvalidPredikat    = errors.New("invalid predikat")
	ErrInvalidOrgPredikat = errors.New("invalid organisation predikat")
	ErrInvalidGolongan    = errors.New("invalid golongan")
	ErrInvalidJabatan     = errors.New("invalid jabatan")
	ErrNotFunctional      = errors.New("not a functional jabatan")
	ErrInvalidMonths      = errors.New("invalid number of months")
	ErrInvalidFrequency   = errors.New("invalid period frequency")
	ErrInvalidPolicy      = errors.New("invalid policy")
)

// normalize lower-cases s, trims it and turns inner spaces and dashes into
// underscores, so that "Sangat Baik" and "sangat-baik" read as sangat_baik.
func normalize(s string) string {
	b := []byte(strings.ToLower(strings.TrimSpace(s)))
	for i, c := range b {
		if c == ' ' || c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}
