package promotion

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Querier runs queries: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Filter selects the employees considered. Zero fields do not filter.
type Filter struct {
	Instansi     string
	Unit         string
	EligibleOnly bool
}

// Reason is one condition checked, as the policy words it, with the ids of
// the events it rests on (the grade's event, or the year's annual ratings).
type Reason struct {
	Text string `json:"text"`
	// TextID is Text in Indonesian, as the console shows it.
	TextID   string   `json:"text_id"`
	EventIDs []string `json:"event_ids"`
}

// Credit is the angka kredit a functional post earned in a year: each month
// at the jabatan level in force during it (Parts, one per level), with the
// year's annual predikat, under the angka kredit table of the policy
// version the annual rating recorded (PolicyVersion).
type Credit struct {
	Year          int                  `json:"year"`
	Predikat      string               `json:"predikat"`
	AngkaKredit   float64              `json:"angka_kredit"`
	Parts         []performance.AKPart `json:"parts"`
	PolicyVersion string               `json:"policy_version"`
	EventID       string               `json:"event_id"`
}

// PeriodicCredit is the periodic angka kredit of one window: months/12 of
// the percentage of the window's predikat times the coefficient of the
// jabatan level in force in each month, under the policy version the
// window's rating recorded.
type PeriodicCredit struct {
	Year          int                  `json:"year"`
	Window        int                  `json:"window"`
	Label         string               `json:"label"`
	Months        int                  `json:"months"`
	Predikat      string               `json:"predikat"`
	AngkaKredit   float64              `json:"angka_kredit"`
	Parts         []performance.AKPart `json:"parts"`
	PolicyVersion string               `json:"policy_version"`
	EventID       string               `json:"event_id"`
}

// Rules are the policies a promotion answer applies: InForce, the policy in
// force on the day asked about, decides eligibility; Recorded finds the
// policy of a version a rating recorded, whose angka kredit table the
// rating's angka kredit uses (InForce when Recorded is nil or does not
// know the version).
type Rules struct {
	InForce  performance.Policy
	Recorded func(version string) (performance.Policy, bool)
}

// of returns the policy of version v, or InForce.
func (r Rules) of(v string) performance.Policy {
	if v != "" && v != r.InForce.Version && r.Recorded != nil {
		if p, ok := r.Recorded(v); ok {
			return p
		}
	}
	return r.InForce
}

// Candidate is one employee's kenaikan pangkat reguler eligibility on the
// next promotion date, with the reasons, and the angka kredit per year for
// functional posts.
type Candidate struct {
	NIP         string    `json:"nip"`
	Name        string    `json:"name"`
	Instansi    string    `json:"instansi"`
	Unit        string    `json:"unit"`
	Golongan    string    `json:"golongan"`
	GolonganTMT time.Time `json:"golongan_tmt,omitzero"`
	Eligible    bool      `json:"eligible"`
	NextDate    time.Time `json:"next_date"`
	Reasons     []Reason  `json:"reasons"`
	AngkaKredit []Credit  `json:"angka_kredit,omitempty"`
	// PeriodicAngkaKredit is the angka kredit per rated window.
	PeriodicAngkaKredit []PeriodicCredit `json:"periodic_angka_kredit,omitempty"`
}

// facts is what the read model stores about one employee.
type facts struct {
	c             Candidate
	golonganEvent string
	level         string
	levels        []performance.LevelSpan
	annual        map[int]performance.Predikat
	annualEvent   map[int]string
	annualPolicy  map[int]string
	periodic      []periodicFact
	// leftOn is the first day out of the service of a departure recorded
	// ahead, if any.
	leftOn *time.Time
	// ranks are the golongan held in TMT order (migration 0039), when they
	// ever changed; c's golongan is the latest.
	ranks []rank
}

// rank is one golongan held from its TMT (zero: unknown), by its event.
type rank struct {
	golongan string
	tmt      time.Time
	event    string
}

// rankOn sets the candidate's golongan, its TMT and event to those in force
// on day: the latest with a TMT not after it, or the first when all lie
// after it. A golongan recorded ahead (its TMT next year) does not count
// before its TMT.
func (fa *facts) rankOn(day civil.Date) {
	if len(fa.ranks) == 0 {
		return
	}
	in := fa.ranks[0]
	for _, r := range fa.ranks[1:] {
		if !r.tmt.IsZero() && civil.DateOf(r.tmt).After(day) {
			break
		}
		in = r
	}
	fa.c.Golongan, fa.c.GolonganTMT, fa.golonganEvent = in.golongan, in.tmt, in.event
}

// periodicFact is the predikat in force for one rated window.
type periodicFact struct {
	year, window       int
	label              string
	first, last        time.Month
	predikat           performance.Predikat
	policyVersion, evt string
}

// Candidates returns every employee in service on asOf (appointed by then,
// not departed) that f selects, ordered by
// NIP, with eligibility decided by rules as of asOf.
func Candidates(ctx context.Context, db Querier, rules Rules, asOf time.Time, f Filter) ([]Candidate, error) {
	all, err := load(ctx, db, f, civil.DateOf(asOf))
	if err != nil {
		return nil, err
	}
	out := []Candidate{}
	for _, fa := range all {
		c := decide(rules, asOf, fa)
		if f.EligibleOnly && !c.Eligible {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// decide applies the rules to one employee's facts.
func decide(rules Rules, asOf time.Time, fa *facts) Candidate {
	fa.rankOn(civil.DateOf(asOf))
	c := fa.c
	res := rules.InForce.PromotionEligibility(performance.PromotionInput{Golongan: performance.Golongan(c.Golongan),
		RankSince: c.GolonganTMT, AnnualPredikat: fa.annual, AsOf: asOf})
	c.Eligible, c.NextDate = res.Eligible, res.NextDate
	for i, text := range res.Reasons {
		r := Reason{Text: text, TextID: res.ReasonsID[i], EventIDs: []string{}}
		switch {
		case i < 2:
			r.EventIDs = append(r.EventIDs, fa.golonganEvent)
		case i-2 < len(res.YearsConsidered):
			if id := fa.annualEvent[res.YearsConsidered[i-2]]; id != "" {
				r.EventIDs = append(r.EventIDs, id)
			}
		}
		c.Reasons = append(c.Reasons, r)
	}
	// A departure recorded ahead, on or before the promotion date: the
	// employee is no longer in service to be promoted (they were listed
	// eligible for a date after their departure).
	if fa.leftOn != nil && !civil.DateOf(*fa.leftOn).After(civil.DateOf(c.NextDate)) {
		left, next := civil.DateOf(*fa.leftOn), civil.DateOf(c.NextDate)
		c.Eligible = false
		c.Reasons = append(c.Reasons, Reason{
			Text:     fmt.Sprintf("leaves the service on %s, not after the promotion date %s", left, next),
			TextID:   fmt.Sprintf("berhenti dari dinas pada %s, tidak setelah tanggal kenaikan pangkat %s", left, next),
			EventIDs: []string{}})
	}
	for y, pred := range fa.annual {
		policy := rules.of(fa.annualPolicy[y])
		split, err := policy.AngkaKreditForYear(fa.jabatanHistory(), pred, y)
		if err == nil {
			c.AngkaKredit = append(c.AngkaKredit, Credit{Year: y, Predikat: string(pred), AngkaKredit: split.AngkaKredit,
				Parts: split.Parts, PolicyVersion: policy.Version, EventID: fa.annualEvent[y]})
		}
	}
	slices.SortFunc(c.AngkaKredit, func(a, b Credit) int { return a.Year - b.Year })
	for _, p := range fa.periodic {
		policy := rules.of(p.policyVersion)
		split, err := policy.AngkaKreditForMonths(fa.jabatanHistory(), p.predikat, p.year, p.first, p.last)
		if err == nil {
			c.PeriodicAngkaKredit = append(c.PeriodicAngkaKredit, PeriodicCredit{Year: p.year, Window: p.window, Label: p.label,
				Months: int(p.last-p.first) + 1, Predikat: string(p.predikat), AngkaKredit: split.AngkaKredit, Parts: split.Parts,
				PolicyVersion: policy.Version, EventID: p.evt})
		}
	}
	return c
}

// load reads the facts of the employees in service on day that f selects:
// appointed by then (the NIP's appointment, pgbatch.AppointedBy) and not
// yet departed.
func load(ctx context.Context, db Querier, f Filter, day civil.Date) ([]*facts, error) {
	rows, err := db.Query(ctx, loadSQL(f), f.Instansi, f.Unit, day.String())
	if err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	out, err := scanFacts(rows)
	if err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	if err := loadLevels(ctx, db, out); err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	if err := loadPeriodic(ctx, db, out); err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	return out, nil
}

// loadSQL is the query of load, with f's instansi in $1, unit in $2 and
// the day in $3. The instansi's condition is written as a plain equality
// when it is given: a generic plan of "$1 is empty OR e.instansi = $1"
// (which the driver's cached statement gets after five executions) cannot
// use the index on instansi and reads every instansi's employees.
func loadSQL(f Filter) string {
	sql := `SELECT ` + factsColumns("$3") + `
		FROM promotion_employees e LEFT JOIN promotion_annual a ON a.nip = e.nip
		WHERE ` + pgbatch.InServiceOn("e", "$3") + ` AND ` + pgbatch.AppointedBy("e", "$3") + ` AND ($1 = '' OR e.instansi = $1) AND ($2 = '' OR ` + pgbatch.UnitOn("e", "$3") + ` = $2)`
	if f.Instansi != "" {
		sql += ` AND e.instansi = $1`
	}
	return sql + ` ORDER BY e.nip, a.year`
}

// factsColumns returns the columns scanFacts reads, of promotion_employees
// e LEFT JOIN promotion_annual a, ordered by e.nip, a.year, with the unit on
// the day in parameter day (pgbatch.UnitOn).
func factsColumns(day string) string {
	return `e.nip, e.name, e.instansi, ` + pgbatch.UnitOn("e", day) + `, e.golongan, e.golongan_tmt, e.golongan_event_id,
	e.jabatan_level, e.left_on, e.golongans, e.golongan_tmts, e.golongan_event_ids,
	a.year, a.predikat, a.event_id, a.policy_version`
}

// scanFacts reads rows of factsColumns into one facts per employee.
func scanFacts(rows pgx.Rows) ([]*facts, error) {
	defer rows.Close()
	var out []*facts
	for rows.Next() {
		var c Candidate
		var tmt, leftOn *time.Time
		var gev, level string
		var year *int
		var pred, aev, apv *string
		var golongans, golonganEvents []string
		var golonganTMTs []pgtype.Date
		if err := rows.Scan(&c.NIP, &c.Name, &c.Instansi, &c.Unit, &c.Golongan, &tmt, &gev, &level, &leftOn,
			&golongans, &golonganTMTs, &golonganEvents, &year, &pred, &aev, &apv); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].c.NIP != c.NIP {
			if tmt != nil {
				c.GolonganTMT = *tmt
			}
			fa := &facts{c: c, golonganEvent: gev, level: level, leftOn: leftOn, annual: map[int]performance.Predikat{},
				annualEvent: map[int]string{}, annualPolicy: map[int]string{}}
			for i := range min(len(golongans), len(golonganTMTs), len(golonganEvents)) {
				r := rank{golongan: golongans[i], event: golonganEvents[i]}
				if d := golonganTMTs[i]; d.Valid && d.InfinityModifier == pgtype.Finite {
					r.tmt = d.Time
				}
				fa.ranks = append(fa.ranks, r)
			}
			out = append(out, fa)
		}
		if year != nil {
			fa := out[len(out)-1]
			fa.annual[*year], fa.annualEvent[*year], fa.annualPolicy[*year] = performance.Predikat(*pred), *aev, *apv
		}
	}
	return out, rows.Err()
}

// jabatanHistory returns the levels in force over time; an employee without
// stored history has today's level since the registration. The jabatan of
// the registration (stored from always) is held from the appointment the
// NIP encodes: no angka kredit is earned in the months before it.
func (fa *facts) jabatanHistory() []performance.LevelSpan {
	spans := []performance.LevelSpan{{Level: performance.JabatanLevel(fa.level)}}
	if len(fa.levels) > 0 {
		spans = slices.Clone(fa.levels)
	}
	if ap, ok := employee.AppointmentOf(fa.c.NIP); ok {
		for i := range spans {
			if spans[i].From.IsZero() {
				spans[i].From = ap.Time(time.UTC)
			}
		}
	}
	return spans
}

// loadLevels reads the jabatan history of the employees in all.
func loadLevels(ctx context.Context, db Querier, all []*facts) error {
	if len(all) == 0 {
		return nil
	}
	byNIP := make(map[string]*facts, len(all))
	nips := make([]string, 0, len(all))
	for _, fa := range all {
		byNIP[fa.c.NIP] = fa
		nips = append(nips, fa.c.NIP)
	}
	rows, err := db.Query(ctx, `SELECT nip, effective, jabatan_level FROM promotion_jabatan
		WHERE nip = ANY($1) ORDER BY nip, effective`, nips)
	if err != nil {
		return fmt.Errorf("jabatan history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var nip, level string
		var from time.Time
		if err := rows.Scan(&nip, &from, &level); err != nil {
			return fmt.Errorf("jabatan history: %w", err)
		}
		if fa := byNIP[nip]; fa != nil {
			fa.levels = append(fa.levels, performance.LevelSpan{Level: performance.JabatanLevel(level), From: from})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("jabatan history: %w", err)
	}
	return nil
}

// loadPeriodic reads the periodic predikat in force of the employees in all.
func loadPeriodic(ctx context.Context, db Querier, all []*facts) error {
	if len(all) == 0 {
		return nil
	}
	byNIP := make(map[string]*facts, len(all))
	nips := make([]string, 0, len(all))
	for _, fa := range all {
		byNIP[fa.c.NIP] = fa
		nips = append(nips, fa.c.NIP)
	}
	rows, err := db.Query(ctx, `SELECT nip, year, window_no, label, first_month, last_month, predikat, policy_version, event_id
		FROM promotion_periodic WHERE nip = ANY($1) ORDER BY nip, year, window_no`, nips)
	if err != nil {
		return fmt.Errorf("periodic ratings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var nip, pred string
		var p periodicFact
		var first, last int16
		if err := rows.Scan(&nip, &p.year, &p.window, &p.label, &first, &last, &pred, &p.policyVersion, &p.evt); err != nil {
			return fmt.Errorf("periodic ratings: %w", err)
		}
		p.first, p.last, p.predikat = time.Month(first), time.Month(last), performance.Predikat(pred)
		if fa := byNIP[nip]; fa != nil {
			fa.periodic = append(fa.periodic, p)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("periodic ratings: %w", err)
	}
	return nil
}
