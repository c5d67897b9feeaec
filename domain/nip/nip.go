// Package nip parses and validates the identification numbers of Indonesian
// civil servants: the NIP of a PNS and the NI PPPK of a contract employee.
//
// Both are 18 ASCII digits laid out as YYYYMMDD YYYYMM G NNN: the date of
// birth, the year and month of appointment, the gender digit (1 male,
// 2 female) and a serial number 001–999. In issued NI PPPK numbers the month
// position holds the fixed code 21 instead of a month; ParsePPPK accepts that
// code as well as a real month.
package nip

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalid is wrapped by every error that Parse and ParsePPPK return.
var ErrInvalid = errors.New("invalid NIP")

// Length is the number of digits in a NIP or NI PPPK.
const Length = 18

// MinBirthYear is the earliest birth year accepted.
const MinBirthYear = 1900

// MinAppointmentAge is the minimum age in years at appointment. A number is
// rejected when the appointment month lies before the month in which the
// holder turns MinAppointmentAge (month precision, since the appointment
// carries no day). Recruitment law sets the floor at 18; 17 leaves a margin
// for data quirks while still rejecting swapped or mistyped dates.
const MinAppointmentAge = 17

// PPPKMonthCode is the code that issued NI PPPK numbers carry in place of
// the appointment month (positions 13–14).
const PPPKMonthCode = 21

// Kind tells which kind of number an ID is.
type Kind string

// The kinds of identification number.
const (
	KindPNS  Kind = "pns"
	KindPPPK Kind = "pppk"
)

// Gender is the gender encoded in the 15th digit.
type Gender string

// The genders a number may encode.
const (
	Male   Gender = "male"
	Female Gender = "female"
)

// ID is a parsed NIP or NI PPPK. BirthDate is midnight UTC of the birth
// date. AppointMonth is 0 for an NI PPPK that carries PPPKMonthCode.
type ID struct {
	Raw          string
	BirthDate    time.Time
	AppointYear  int
	AppointMonth int
	Gender       Gender
	Serial       int
	Kind         Kind
}

// String returns the 18-digit form of the ID, rebuilt from its fields. For
// an ID returned by Parse or ParsePPPK it equals Raw.
func (id ID) String() string {
	month := id.AppointMonth
	if id.Kind == KindPPPK && month == 0 {
		month = PPPKMonthCode
	}
	g := 1
	if id.Gender == Female {
		g = 2
	}
	y, m, d := id.BirthDate.Date()
	return fmt.Sprintf("%04d%02d%02d%04d%02d%d%03d", y, int(m), d, id.AppointYear, month, g, id.Serial)
}

// Parse parses and validates the NIP of a PNS. It checks the length, that
// every character is a digit, that the birth date is a real date in or after
// MinBirthYear, that the appointment month is 01–12 and not earlier than the
// month the holder turned MinAppointmentAge, that the gender digit is 1 or 2
// and that the serial is 001–999. Errors wrap ErrInvalid and say which part
// is wrong.
func Parse(s string) (ID, error) {
	return parse(s, KindPNS)
}

// ParsePPPK parses and validates an NI PPPK. It applies the checks of Parse,
// except that the appointment month may also be PPPKMonthCode (21), in which
// case the returned AppointMonth is 0 and the age rule is checked by year.
func ParsePPPK(s string) (ID, error) {
	return parse(s, KindPPPK)
}
