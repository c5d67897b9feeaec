package promotion

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/performance"
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
	Text     string   `json:"text"`
	EventIDs []string `json:"event_ids"`
}

// Credit is the angka kredit a functional post earned in a year: each month
// at the jabatan level in force during it (Parts, one per level), with the
// year's annual predikat. Periodic angka kredit per window is not given: the
// read model stores annual predikat only.
type Credit struct {
	Year        int                  `json:"year"`
	Predikat    string               `json:"predikat"`
	AngkaKredit float64              `json:"angka_kredit"`
	Parts       []performance.AKPart `json:"parts"`
	EventID     string               `json:"event_id"`
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
}

// facts is what the read model stores about one employee.
type facts struct {
	c             Candidate
	golonganEvent string
	level         string
	levels        []performance.LevelSpan
	annual        map[int]performance.Predikat
	annualEvent   map[int]string
}

// Candidates returns every employee in service that f selects, ordered by
// NIP, with eligibility decided by policy as of asOf.
func Candidates(ctx context.Context, db Querier, policy performance.Policy, asOf time.Time, f Filter) ([]Candidate, error) {
	all, err := load(ctx, db, f)
	if err != nil {
		return nil, err
	}
	out := []Candidate{}
	for _, fa := range all {
		c := decide(policy, asOf, fa)
		if f.EligibleOnly && !c.Eligible {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// decide applies the policy to one employee's facts.
func decide(policy performance.Policy, asOf time.Time, fa *facts) Candidate {
	c := fa.c
	res := policy.PromotionEligibility(performance.PromotionInput{Golongan: performance.Golongan(c.Golongan),
		RankSince: c.GolonganTMT, AnnualPredikat: fa.annual, AsOf: asOf})
	c.Eligible, c.NextDate = res.Eligible, res.NextDate
	for i, text := range res.Reasons {
		r := Reason{Text: text, EventIDs: []string{}}
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
	for y, pred := range fa.annual {
		split, err := policy.AngkaKreditForYear(fa.jabatanHistory(), pred, y)
		if err == nil {
			c.AngkaKredit = append(c.AngkaKredit, Credit{Year: y, Predikat: string(pred), AngkaKredit: split.AngkaKredit,
				Parts: split.Parts, EventID: fa.annualEvent[y]})
		}
	}
	slices.SortFunc(c.AngkaKredit, func(a, b Credit) int { return a.Year - b.Year })
	return c
}

// load reads the facts of the employees in service that f selects.
func load(ctx context.Context, db Querier, f Filter) ([]*facts, error) {
	rows, err := db.Query(ctx, `SELECT e.nip, e.name, e.instansi, e.unit, e.golongan, e.golongan_tmt, e.golongan_event_id,
			e.jabatan_level, a.year, a.predikat, a.event_id
		FROM promotion_employees e LEFT JOIN promotion_annual a ON a.nip = e.nip
		WHERE NOT e.left_service AND ($1 = '' OR e.instansi = $1) AND ($2 = '' OR e.unit = $2)
		ORDER BY e.nip, a.year`, f.Instansi, f.Unit)
	if err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	defer rows.Close()
	var out []*facts
	for rows.Next() {
		var c Candidate
		var tmt *time.Time
		var gev, level string
		var year *int
		var pred, aev *string
		if err := rows.Scan(&c.NIP, &c.Name, &c.Instansi, &c.Unit, &c.Golongan, &tmt, &gev, &level, &year, &pred, &aev); err != nil {
			return nil, fmt.Errorf("promotion candidates: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].c.NIP != c.NIP {
			if tmt != nil {
				c.GolonganTMT = *tmt
			}
			out = append(out, &facts{c: c, golonganEvent: gev, level: level, annual: map[int]performance.Predikat{}, annualEvent: map[int]string{}})
		}
		if year != nil {
			fa := out[len(out)-1]
			fa.annual[*year], fa.annualEvent[*year] = performance.Predikat(*pred), *aev
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	if err := loadLevels(ctx, db, out); err != nil {
		return nil, fmt.Errorf("promotion candidates: %w", err)
	}
	return out, nil
}

// jabatanHistory returns the levels in force over time; an employee without
// stored history has today's level since always.
func (fa *facts) jabatanHistory() []performance.LevelSpan {
	if len(fa.levels) == 0 {
		return []performance.LevelSpan{{Level: performance.JabatanLevel(fa.level)}}
	}
	return fa.levels
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
