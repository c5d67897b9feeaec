package nip

import (
	"fmt"
	"time"
)

// parse validates s part by part, in reading order, and stops at the first
// wrong part.
func parse(s string, kind Kind) (ID, error) {
	if len(s) != Length {
		return ID{}, invalid(s, kind, "has %d characters, want %d digits", len(s), Length)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ID{}, invalid(s, kind, "character %d (%q) is not a digit", i+1, s[i])
		}
	}
	id := ID{Kind: kind, Raw: s}
	var err error
	if id.BirthDate, err = birthDate(s, kind); err != nil {
		return ID{}, err
	}
	if err = id.appointment(s); err != nil {
		return ID{}, err
	}
	switch s[14] {
	case '1':
		id.Gender = Male
	case '2':
		id.Gender = Female
	default:
		return ID{}, invalid(s, kind, "gender digit %c is not 1 (male) or 2 (female)", s[14])
	}
	if id.Serial = atoi(s[15:18]); id.Serial == 0 {
		return ID{}, invalid(s, kind, "serial 000 is not in 001-999")
	}
	return id, nil
}

// birthDate checks the first eight digits.
func birthDate(s string, kind Kind) (time.Time, error) {
	y, m, d := atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	if y < MinBirthYear {
		return time.Time{}, invalid(s, kind, "birth year %04d is before %d", y, MinBirthYear)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || int(t.Month()) != m {
		return time.Time{}, invalid(s, kind, "birth date %s-%s-%s is not a real date", s[0:4], s[4:6], s[6:8])
	}
	return t, nil
}

// appointment checks digits 9–14 against the birth date already parsed.
func (id *ID) appointment(s string) error {
	id.AppointYear, id.AppointMonth = atoi(s[8:12]), atoi(s[12:14])
	byear, bmonth := id.BirthDate.Year(), int(id.BirthDate.Month())
	if id.Kind == KindPPPK && id.AppointMonth == PPPKMonthCode {
		id.AppointMonth = 0
		if id.AppointYear < byear+MinAppointmentAge {
			return invalid(s, id.Kind, "appointment year %04d is less than %d years after birth year %04d",
				id.AppointYear, MinAppointmentAge, byear)
		}
		return nil
	}
	if id.AppointMonth < 1 || id.AppointMonth > 12 {
		hint := ""
		if id.Kind == KindPNS && id.AppointMonth == PPPKMonthCode {
			hint = " (21 marks an NI PPPK)"
		}
		return invalid(s, id.Kind, "appointment month %s is not 01-12%s", s[12:14], hint)
	}
	if id.AppointYear*12+id.AppointMonth < (byear+MinAppointmentAge)*12+bmonth {
		return invalid(s, id.Kind, "appointment %s-%s is less than %d years after birth %s",
			s[8:12], s[12:14], MinAppointmentAge, id.BirthDate.Format(time.DateOnly))
	}
	return nil
}

// invalid builds an error that names the number, says what is wrong with
// it and wraps ErrInvalid. Long inputs are shortened in the message.
func invalid(s string, kind Kind, format string, args ...any) error {
	label := "nip"
	if kind == KindPPPK {
		label = "ni pppk"
	}
	if len(s) > 2*Length {
		s = s[:2*Length] + "..."
	}
	return fmt.Errorf("%s %q: %s: %w", label, s, fmt.Sprintf(format, args...), ErrInvalid)
}

// atoi converts a string of ASCII digits, already checked, to an int.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
