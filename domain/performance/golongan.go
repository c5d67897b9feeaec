package performance

import (
	"fmt"
	"slices"
	"strings"
)

// Golongan is a civil-service grade in canonical form: a PNS rank such as
// "III/a" (I/a–I/d, II/a–II/d, III/a–III/d, IV/a–IV/e) or a PPPK golongan
// "I" to "XVII".
type Golongan string

// pnsLadder lists the PNS ranks from lowest to highest.
var pnsLadder = [...]Golongan{
	"I/a", "I/b", "I/c", "I/d",
	"II/a", "II/b", "II/c", "II/d",
	"III/a", "III/b", "III/c", "III/d",
	"IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
}

// pppkLadder lists the PPPK golongan from lowest to highest.
var pppkLadder = [...]Golongan{
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
	"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
}

// ladder returns the ladder that holds g and g's index in it, or nil and -1.
func (g Golongan) ladder() ([]Golongan, int) {
	for _, l := range [][]Golongan{pnsLadder[:], pppkLadder[:]} {
		for i, x := range l {
			if x == g {
				return l, i
			}
		}
	}
	return nil, -1
}

// Valid reports whether g is a canonical PNS rank or PPPK golongan.
func (g Golongan) Valid() bool {
	_, i := g.ladder()
	return i >= 0
}

// IsPPPK reports whether g is a PPPK golongan (I to XVII) rather than a PNS
// rank.
func (g Golongan) IsPPPK() bool {
	return g.Valid() && !strings.Contains(string(g), "/")
}

// Rank orders grades for sorting: the PNS ranks from I/a (1) to IV/e (17),
// then the PPPK golongan from I (101) to XVII (117); 0 for an invalid g.
// (The text does not sort: PPPK IX would come before V.)
func (g Golongan) Rank() int {
	l, i := g.ladder()
	switch {
	case i < 0:
		return 0
	case &l[0] == &pppkLadder[0]:
		return 101 + i
	}
	return 1 + i
}

// Golongans returns every grade in Rank order: the PNS ranks, then the
// PPPK golongan.
func Golongans() []Golongan {
	return append(slices.Clone(pnsLadder[:]), pppkLadder[:]...)
}

// Next returns the grade above g in its own ladder. It returns false for
// the top of a ladder (IV/e, XVII) and for an invalid g.
func (g Golongan) Next() (Golongan, bool) {
	l, i := g.ladder()
	if i < 0 || i+1 >= len(l) {
		return "", false
	}
	return l[i+1], true
}

// ParseGolongan returns the canonical grade named by s. The roman numeral
// may be in any case and the rank letter too ("iii/A" is III/a); spaces
// around the slash and the whole are ignored. Errors wrap
// ErrInvalidGolongan.
func ParseGolongan(s string) (Golongan, error) {
	roman, letter, slash := strings.Cut(strings.TrimSpace(s), "/")
	c := strings.ToUpper(strings.TrimSpace(roman))
	if slash {
		c += "/" + strings.ToLower(strings.TrimSpace(letter))
	}
	if g := Golongan(c); g.Valid() {
		return g, nil
	}
	return "", fmt.Errorf("golongan %q (want a PNS rank I/a-IV/e or a PPPK golongan I-XVII): %w", s, ErrInvalidGolongan)
}
