package unitreport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/performance"
)

// A distribution hint tells the pejabat penilai, when they rate, how the
// unit's predikat are distributed against the pattern of its organisation
// predikat now and with the rating: a hint, never a block.

// HintQuery names the rating a hint is about: employee NIP gets Predikat
// for Period of Year (the year's label or a window's). EventIDs are the
// rating's events: when the read model already holds them, the unit "now"
// is taken without them. Unit is the unit to report on when the read model
// does not know which unit NIP belonged to on the period's last day yet
// (the employee's current unit).
type HintQuery struct {
	NIP      string
	Year     int
	Period   string
	Predikat performance.Predikat
	EventIDs []string
	Unit     string
}

// Hint is a unit's distribution for one period now and with one rating,
// each checked against the pattern of the organisation predikat in force
// (Checked is false when none is set: the pattern is unknown).
// LeavesPattern is true when the unit is within the pattern now and would
// not be with the rating. Overridden is true when the latest override of
// the period accepted the violations of now (see Distribution).
type Hint struct {
	Unit                 string  `json:"unit"`
	Year                 int     `json:"year"`
	Period               string  `json:"period"`
	OrganisationPredikat *string `json:"organisation_predikat"`
	PolicyVersion        string  `json:"policy_version"`
	Checked              bool    `json:"checked"`
	NIP                  string  `json:"nip"`
	Predikat             string  `json:"predikat"`
	Now                  Spread  `json:"now"`
	WithRating           Spread  `json:"with_rating"`
	LeavesPattern        bool    `json:"leaves_pattern"`
	Overridden           bool    `json:"overridden"`
}

// Spread is the distribution of a unit's rated members at one
// moment: how many are rated, the count and share of each predikat (best
// first), and whether that is within the pattern, with the broken rules.
type Spread struct {
	Rated         int         `json:"rated"`
	Counts        []Count     `json:"counts"`
	WithinPattern bool        `json:"within_pattern"`
	Violations    []Violation `json:"violations"`
}

// LoadHint returns the hint of q. It reads the unit NIP belonged to on the
// period's last day, the unit whose distribution the rating counts in
// (else q.Unit), and its report (see Load); errors wrap ErrUnitNotFound or
// ErrPeriodNotFound when the read model does not know the unit or the
// period.
func LoadHint(ctx context.Context, db Querier, policy performance.Policy, q HintQuery) (Hint, error) {
	r, err := LoadHintReport(ctx, db, policy, q)
	if err != nil {
		return Hint{}, err
	}
	return r.Hint(policy, q), nil
}

// LoadHintReport returns the report LoadHint makes q's hint from: that of
// the unit NIP belonged to on the period's last day (else q.Unit), for
// q's period. A caller that checks the pattern under the version the
// organisation predikat recorded, as the unit report is checked, makes the
// hint with Report.Hint under that policy.
func LoadHintReport(ctx context.Context, db Querier, policy performance.Policy, q HintQuery) (Report, error) {
	code := q.Unit
	err := db.QueryRow(ctx, `SELECT p.unit FROM unitreport_members m JOIN unitreport_placements p ON p.nip = m.nip
		WHERE m.nip = $1 AND m.year = $2 AND p.effective <= COALESCE(
			(SELECT w.ends FROM unitreport_windows w WHERE w.instansi = m.instansi AND w.year = m.year AND w.label = $3),
			make_date($2, 12, 31))
		ORDER BY p.effective DESC LIMIT 1`, q.NIP, q.Year, q.Period).Scan(&code)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return Report{}, fmt.Errorf("distribution hint for %s: %w", q.NIP, err)
	}
	return Load(ctx, db, policy, Query{Unit: code, Year: q.Year, Period: q.Period, AsOf: time.Time{}})
}

// Hint returns the hint of q from the report r of q's unit and period.
func (r Report) Hint(policy performance.Policy, q HintQuery) Hint {
	h := Hint{Unit: r.Unit, Year: r.Year, Period: r.Period, PolicyVersion: policy.Version, NIP: q.NIP,
		Predikat: string(q.Predikat)}
	var org performance.OrgPredikat
	if o := r.OrganisationPredikat; o != nil {
		h.OrganisationPredikat, h.Checked, org = &o.Predikat, true, performance.OrgPredikat(o.Predikat)
	}
	now, own := map[performance.Predikat]int{}, performance.Predikat("")
	for _, m := range r.Employees {
		switch {
		case m.Predikat == "" || (m.NIP == q.NIP && slices.Contains(q.EventIDs, m.EventID)):
		case m.NIP == q.NIP:
			own = performance.Predikat(m.Predikat)
			now[own]++
		default:
			now[performance.Predikat(m.Predikat)]++
		}
	}
	with := map[performance.Predikat]int{}
	for p, n := range now {
		with[p] = n
	}
	if own != "" {
		with[own]--
	}
	with[q.Predikat]++
	h.Now, h.WithRating = distributionOf(policy, org, h.Checked, now), distributionOf(policy, org, h.Checked, with)
	h.LeavesPattern = h.Checked && h.Now.WithinPattern && !h.WithRating.WithinPattern
	h.Overridden = h.Checked && covers(r.latestOverride(), r.OrganisationPredikat, h.Now.Violations)
	return h
}

// distributionOf counts and, when checked, checks counts against org's pattern.
func distributionOf(policy performance.Policy, org performance.OrgPredikat, checked bool, counts map[performance.Predikat]int) Spread {
	d := Spread{Counts: make([]Count, 0, 5), WithinPattern: true, Violations: []Violation{}}
	for _, n := range counts {
		d.Rated += n
	}
	for _, p := range performance.Predikats() {
		c := Count{Predikat: string(p), Count: counts[p]}
		if d.Rated > 0 {
			c.SharePercent = math.Round(float64(c.Count)*1000/float64(d.Rated)) / 10
		}
		d.Counts = append(d.Counts, c)
	}
	if checked {
		for _, v := range policy.CheckDistribution(org, counts) {
			d.Violations = append(d.Violations, violationOf(v))
		}
		d.WithinPattern = len(d.Violations) == 0
	}
	return d
}
