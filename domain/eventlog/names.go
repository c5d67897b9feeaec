package eventlog

// The name checks below are hand-written matchers (every append checks a
// stream name, and an id and a type per event; regular expressions were a
// tenth of an append's CPU). validate_names_test.go checks each against the
// regular expression it replaces.

// isStreamName reports whether s is a lower-case category, a dash, and an id
// of letters, digits, dots, underscores and dashes starting with a letter or
// digit: skp-198609262015051001-2025
// (^[a-z][a-z0-9_]*-[A-Za-z0-9][A-Za-z0-9._-]*$).
func isStreamName(s string) bool {
	if len(s) == 0 || !isLower(s[0]) {
		return false
	}
	i := 1
	for i < len(s) && (isLower(s[i]) || isDigit(s[i]) || s[i] == '_') {
		i++
	}
	if i+1 >= len(s) || s[i] != '-' || !isAlnum(s[i+1]) {
		return false
	}
	for i += 2; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isEventType reports whether t is two or more dotted lower-case words:
// skp.ratings_given (^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$).
func isEventType(t string) bool {
	words := 0
	for i := 0; ; {
		if i >= len(t) || !isLower(t[i]) {
			return false
		}
		i++
		for i < len(t) && (isLower(t[i]) || isDigit(t[i]) || t[i] == '_') {
			i++
		}
		words++
		if i == len(t) {
			return words >= 2
		}
		if t[i] != '.' {
			return false
		}
		i++
	}
}

// isLowerUUID reports whether id is a UUID in lower-case hex, 8-4-4-4-12.
func isLowerUUID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch i {
		case 8, 13, 18, 23:
			if id[i] != '-' {
				return false
			}
		default:
			if c := id[i]; !isDigit(c) && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isDigit(c) || (c >= 'A' && c <= 'Z') }
