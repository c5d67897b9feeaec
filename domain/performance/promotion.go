package performance

import (
	"fmt"
	"slices"
	"time"
)

// PromotionInput is what PromotionEligibility needs to know about one PNS.
// RankSince is the date from which the current rank is held (TMT);
// AnnualPredikat maps a year to the annual predikat decided for it; AsOf is
// the day of the question.
type PromotionInput struct {
	Golongan       Golongan
	RankSince      time.Time
	AnnualPredikat map[int]Predikat
	AsOf           time.Time
}

// PromotionResult is the answer of PromotionEligibility. Reasons holds one
// English sentence per condition checked, met or not, in the order rank,
// years in rank, then each year considered; ReasonsID the same sentences in
// Indonesian, for the people who read them in the console. YearsConsidered
// lists the years whose annual predikat was checked, oldest first.
type PromotionResult struct {
	Eligible        bool
	NextDate        time.Time
	Reasons         []string
	ReasonsID       []string
	YearsConsidered []int
}

// PromotionEligibility decides whether a PNS is eligible for kenaikan
// pangkat reguler on the next promotion date, NextDate: the first of the
// policy's PromotionDates on or after AsOf's calendar day, at midnight in
// AsOf's location. The conditions are: the rank is a PNS rank below IV/e
// (PPPK golongan have no regular promotion); at least MinYearsInRank full
// years between RankSince and NextDate, counted by calendar date; and an
// annual predikat of at least MinPredikat in each of the RequiredYears
// years before NextDate's year. A missing year fails its condition.
func (p Policy) PromotionEligibility(in PromotionInput) PromotionResult {
	res := PromotionResult{NextDate: p.NextPromotionDate(in.AsOf), Eligible: true}
	check := func(met bool, reason, alasan string) {
		res.Reasons = append(res.Reasons, reason)
		res.ReasonsID = append(res.ReasonsID, alasan)
		res.Eligible = res.Eligible && met
	}
	check(rankCondition(in.Golongan))
	if res.NextDate.IsZero() {
		check(false, fmt.Sprintf("policy %s has no promotion dates", p.Version),
			fmt.Sprintf("kebijakan %s tidak menetapkan periode kenaikan pangkat", p.Version))
		return res
	}
	check(p.yearsInRankCondition(in, res.NextDate))
	for y := res.NextDate.Year() - p.RequiredYears; y < res.NextDate.Year(); y++ {
		res.YearsConsidered = append(res.YearsConsidered, y)
		check(p.annualCondition(y, in.AnnualPredikat))
	}
	return res
}

// NextPromotionDate returns the first of the policy's promotion dates on or
// after asOf's calendar day, at midnight in asOf's location, or the zero
// time when the policy has no promotion dates.
func (p Policy) NextPromotionDate(asOf time.Time) time.Time {
	dates := slices.Clone(p.PromotionDates)
	slices.SortFunc(dates, func(a, b MonthDay) int {
		return (int(a.Month)*100 + a.Day) - (int(b.Month)*100 + b.Day)
	})
	y, m, d := asOf.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, asOf.Location())
	for year := y; year <= y+1; year++ {
		for _, md := range dates {
			if t := time.Date(year, md.Month, md.Day, 0, 0, 0, 0, asOf.Location()); !t.Before(today) {
				return t
			}
		}
	}
	return time.Time{}
}

func rankCondition(g Golongan) (bool, string, string) {
	switch next, ok := g.Next(); {
	case !g.Valid():
		return false, fmt.Sprintf("golongan %q is not a known rank", g), fmt.Sprintf("golongan %q tidak dikenal", g)
	case g.IsPPPK():
		return false, fmt.Sprintf("golongan %s is a PPPK golongan; kenaikan pangkat reguler applies to PNS ranks only", g),
			fmt.Sprintf("golongan %s adalah golongan PPPK; kenaikan pangkat reguler hanya bagi PNS", g)
	case !ok:
		return false, fmt.Sprintf("rank %s is the highest rank; there is no rank to be promoted to", g),
			fmt.Sprintf("pangkat %s adalah pangkat tertinggi; tidak ada kenaikan pangkat berikutnya", g)
	default:
		return true, fmt.Sprintf("rank %s can be promoted to %s", g, next), fmt.Sprintf("pangkat %s dapat naik ke %s", g, next)
	}
}

func (p Policy) yearsInRankCondition(in PromotionInput, next time.Time) (bool, string, string) {
	if in.RankSince.IsZero() {
		return false, fmt.Sprintf("the date since which rank %s is held is unknown (required %d years in rank)",
				in.Golongan, p.MinYearsInRank),
			fmt.Sprintf("TMT pangkat %s tidak diketahui (syarat %d tahun dalam pangkat)", in.Golongan, p.MinYearsInRank)
	}
	years, months := fullYearsMonths(in.RankSince, next)
	since, on := in.RankSince.Format(time.DateOnly), next.Format(time.DateOnly)
	sinceID, onID := in.RankSince.Format("02-01-2006"), next.Format("02-01-2006")
	if years < 0 {
		return false, fmt.Sprintf("rank %s is held only from %s, after the promotion date %s", in.Golongan, since, on),
			fmt.Sprintf("pangkat %s baru berlaku sejak %s, setelah periode kenaikan pangkat %s", in.Golongan, sinceID, onID)
	}
	return years >= p.MinYearsInRank, fmt.Sprintf("%s %s in rank %s since %s on %s (required %s)",
			plural(years, "year"), plural(months, "month"), in.Golongan, since, on, plural(p.MinYearsInRank, "year")),
		fmt.Sprintf("masa kerja dalam pangkat %s: %d tahun %d bulan sejak %s per %s (syarat %d tahun)",
			in.Golongan, years, months, sinceID, onID, p.MinYearsInRank)
}

func (p Policy) annualCondition(year int, annual map[int]Predikat) (bool, string, string) {
	pr, ok := annual[year]
	min := p.MinPredikat.Label()
	switch {
	case !ok:
		return false, fmt.Sprintf("annual predikat %d: missing (required at least %s)", year, p.MinPredikat),
			fmt.Sprintf("predikat tahunan %d: belum ada (syarat paling rendah %s)", year, min)
	case !pr.Valid():
		return false, fmt.Sprintf("annual predikat %d: %q is not a predikat (required at least %s)", year, pr, p.MinPredikat),
			fmt.Sprintf("predikat tahunan %d: %q bukan predikat (syarat paling rendah %s)", year, pr, min)
	}
	return pr.AtLeast(p.MinPredikat), fmt.Sprintf("annual predikat %d: %s (required at least %s)", year, pr, p.MinPredikat),
		fmt.Sprintf("predikat tahunan %d: %s (syarat paling rendah %s)", year, pr.Label(), min)
}

// fullYearsMonths returns the whole years and remaining whole months from
// from's calendar date to to's, each date read in its own location. It is
// negative when from is after to.
func fullYearsMonths(from, to time.Time) (years, months int) {
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	total := (ty-fy)*12 + int(tm-fm)
	if td < fd {
		total--
	}
	if total < 0 {
		return -1, 0
	}
	return total / 12, total % 12
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
