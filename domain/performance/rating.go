package performance

import "fmt"

// Rating is the supervisor's rating of hasil kerja (results) or of perilaku
// kerja (behaviour) against the agreed expectation.
type Rating string

// The three ratings.
const (
	RatingDiAtas  Rating = "di_atas_ekspektasi"
	RatingSesuai  Rating = "sesuai_ekspektasi"
	RatingDiBawah Rating = "di_bawah_ekspektasi"
)

// Ratings returns the ratings from best to worst.
func Ratings() []Rating {
	return []Rating{RatingDiAtas, RatingSesuai, RatingDiBawah}
}

// Valid reports whether r is one of the three ratings.
func (r Rating) Valid() bool {
	return r == RatingDiAtas || r == RatingSesuai || r == RatingDiBawah
}

// ParseRating returns the rating named by s. It accepts the canonical value
// in any case, with spaces or dashes for underscores, and the short forms
// di_atas, sesuai and di_bawah. Errors wrap ErrInvalidRating.
func ParseRating(s string) (Rating, error) {
	n := normalize(s)
	switch n {
	case "di_atas":
		return RatingDiAtas, nil
	case "sesuai":
		return RatingSesuai, nil
	case "di_bawah":
		return RatingDiBawah, nil
	}
	if r := Rating(n); r.Valid() {
		return r, nil
	}
	return "", fmt.Errorf("rating %q (want di_atas_ekspektasi, sesuai_ekspektasi or di_bawah_ekspektasi): %w", s, ErrInvalidRating)
}

// Predikat is the employee's performance predikat for a period or a year.
type Predikat string

// The five predikat, best first. Kurang is labelled "Kurang/Misconduct".
const (
	SangatBaik     Predikat = "sangat_baik"
	Baik           Predikat = "baik"
	ButuhPerbaikan Predikat = "butuh_perbaikan"
	Kurang         Predikat = "kurang"
	SangatKurang   Predikat = "sangat_kurang"
)

// Predikats returns the predikat from best to worst.
func Predikats() []Predikat {
	return []Predikat{SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang}
}

// Rank orders predikat: 5 for sangat_baik down to 1 for sangat_kurang, and
// 0 for anything else (no predikat). It is the order of Predikats.
func (p Predikat) Rank() int {
	switch p {
	case SangatBaik:
		return 5
	case Baik:
		return 4
	case ButuhPerbaikan:
		return 3
	case Kurang:
		return 2
	case SangatKurang:
		return 1
	}
	return 0
}

// Label returns the predikat as the regulation writes it ("Sangat Baik",
// "Kurang/Misconduct"), or p itself when it is not a predikat.
func (p Predikat) Label() string {
	switch p {
	case SangatBaik:
		return "Sangat Baik"
	case Baik:
		return "Baik"
	case ButuhPerbaikan:
		return "Butuh Perbaikan"
	case Kurang:
		return "Kurang/Misconduct"
	case SangatKurang:
		return "Sangat Kurang"
	}
	return string(p)
}

// Valid reports whether p is one of the five predikat.
func (p Predikat) Valid() bool { return p.Rank() > 0 }

// AtLeast reports whether p is as good as q or better, in the order
// sangat_baik > baik > butuh_perbaikan > kurang > sangat_kurang. It is false
// when either is not a valid predikat.
func (p Predikat) AtLeast(q Predikat) bool {
	return p.Valid() && q.Valid() && p.Rank() >= q.Rank()
}

// ParsePredikat returns the predikat named by s, accepting any case and
// spaces or dashes for underscores. Errors wrap ErrInvalidPredikat.
func ParsePredikat(s string) (Predikat, error) {
	if p := Predikat(normalize(s)); p.Valid() {
		return p, nil
	}
	return "", fmt.Errorf("predikat %q (want sangat_baik, baik, butuh_perbaikan, kurang or sangat_kurang): %w", s, ErrInvalidPredikat)
}

// PredikatOf returns the predikat that the matrix of PermenPANRB 6/2022
// gives for a hasil kerja rating and a perilaku kerja rating:
//
//	hasil \ perilaku  di_bawah       sesuai           di_atas
//	di_atas           kurang         baik             sangat_baik
//	sesuai            kurang         baik             baik
//	di_bawah          sangat_kurang  butuh_perbaikan  butuh_perbaikan
//
// Errors wrap ErrInvalidRating.
func PredikatOf(hasil, perilaku Rating) (Predikat, error) {
	if !hasil.Valid() {
		return "", fmt.Errorf("hasil kerja %q: %w", hasil, ErrInvalidRating)
	}
	if !perilaku.Valid() {
		return "", fmt.Errorf("perilaku kerja %q: %w", perilaku, ErrInvalidRating)
	}
	switch {
	case hasil == RatingDiBawah && perilaku == RatingDiBawah:
		return SangatKurang, nil
	case hasil == RatingDiBawah:
		return ButuhPerbaikan, nil
	case perilaku == RatingDiBawah:
		return Kurang, nil
	case hasil == RatingDiAtas && perilaku == RatingDiAtas:
		return SangatBaik, nil
	}
	return Baik, nil
}

// OrgPredikat is the performance predikat of an organisation unit, set by
// the pimpinan one level up. It fixes the unit's distribution pattern.
type OrgPredikat string

// The five organisation predikat, best first.
const (
	OrgIstimewa       OrgPredikat = "istimewa"
	OrgBaik           OrgPredikat = "baik"
	OrgButuhPerbaikan OrgPredikat = "butuh_perbaikan"
	OrgKurang         OrgPredikat = "kurang"
	OrgSangatKurang   OrgPredikat = "sangat_kurang"
)

// OrgPredikats returns the organisation predikat from best to worst.
func OrgPredikats() []OrgPredikat {
	return []OrgPredikat{OrgIstimewa, OrgBaik, OrgButuhPerbaikan, OrgKurang, OrgSangatKurang}
}

// Valid reports whether o is one of the five organisation predikat.
func (o OrgPredikat) Valid() bool {
	switch o {
	case OrgIstimewa, OrgBaik, OrgButuhPerbaikan, OrgKurang, OrgSangatKurang:
		return true
	}
	return false
}

// ParseOrgPredikat returns the organisation predikat named by s, accepting
// any case and spaces or dashes for underscores. Errors wrap
// ErrInvalidOrgPredikat.
func ParseOrgPredikat(s string) (OrgPredikat, error) {
	if o := OrgPredikat(normalize(s)); o.Valid() {
		return o, nil
	}
	return "", fmt.Errorf("organisation predikat %q (want istimewa, baik, butuh_perbaikan, kurang or sangat_kurang): %w", s, ErrInvalidOrgPredikat)
}
