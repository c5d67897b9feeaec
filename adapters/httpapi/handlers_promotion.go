package httpapi

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/promotion"
)

// Paging of promotion candidates.
const (
	defaultCandidatesLimit = 100
	maxCandidatesLimit     = 1000
)

// candidatesPage is one page of promotion candidates, decided as of a day
// under a policy, and how fresh the facts are.
type candidatesPage struct {
	Items  []promotion.Candidate `json:"items"`
	Total  int                   `json:"total"`
	Limit  int                   `json:"limit"`
	Offset int                   `json:"offset"`
	// AsOf is the day of the question; NextDate of each item is the first
	// promotion date on or after it.
	AsOf          string    `json:"as_of"`
	PolicyVersion string    `json:"policy_version"`
	Projection    freshness `json:"projection"`
}

// candidateSorts order candidates; ties are broken by NIP.
var candidateSorts = map[string]func(a, b promotion.Candidate) int{
	"nip":  func(a, b promotion.Candidate) int { return 0 },
	"name": func(a, b promotion.Candidate) int { return strings.Compare(a.Name, b.Name) },
	"unit": func(a, b promotion.Candidate) int { return strings.Compare(a.Unit, b.Unit) },
	"golongan": func(a, b promotion.Candidate) int {
		return cmp.Compare(performance.Golongan(a.Golongan).Rank(), performance.Golongan(b.Golongan).Rank())
	},
	"tmt":       func(a, b promotion.Candidate) int { return a.GolonganTMT.Compare(b.GolonganTMT) },
	"eligible":  func(a, b promotion.Candidate) int { return cmp.Compare(boolRank(a.Eligible), boolRank(b.Eligible)) },
	"next_date": func(a, b promotion.Candidate) int { return a.NextDate.Compare(b.NextDate) },
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// candidatesQuery is the query of GET /v1/promotion-candidates.
type candidatesQuery struct {
	filter        promotion.Filter
	asOf          time.Time
	sort          string
	desc          bool
	limit, offset int
}

// candidatesQueryOf reads the query; the instansi defaults to the caller's
// and as_of (a date, or an RFC 3339 time whose date counts) to today in
// the instansi's zone.
func (s *Server) candidatesQueryOf(ctx context.Context, q url.Values, p Principal) (candidatesQuery, error) {
	errs := checkParams(q, "instansi", "unit", "eligible_only", "as_of", "sort", "limit", "offset", "min_position")
	cq := candidatesQuery{filter: promotion.Filter{Instansi: q.Get("instansi"), Unit: unitParam(q, &errs)}}
	if cq.filter.Instansi == "" {
		cq.filter.Instansi = p.Instansi
	}
	cq.filter.EligibleOnly = boolParam(q, "eligible_only", &errs)
	cq.limit = intParam(q, "limit", 1, maxCandidatesLimit, &errs)
	if cq.limit == 0 {
		cq.limit = defaultCandidatesLimit
	}
	cq.offset = intParam(q, "offset", 0, 1<<30, &errs)
	cq.sort, cq.desc = strings.TrimPrefix(q.Get("sort"), "-"), strings.HasPrefix(q.Get("sort"), "-")
	if cq.sort == "" {
		cq.sort = "nip"
	}
	if candidateSorts[cq.sort] == nil {
		errs = append(errs, FieldError{Field: "sort", Message: "must be nip, name, unit, golongan, tmt, eligible or next_date, optionally with a leading -"})
	}
	cq.asOf = s.dayParam(s.instansiZone(ctx, cq.filter.Instansi), q.Get("as_of"), &errs)
	if len(errs) > 0 {
		return cq, newRequestError(TypeValidation, "The promotion query has invalid parameters.", errs...)
	}
	return cq, nil
}

// The years a date parameter may name.
const minDayParamYear, maxDayParamYear = 1970, 2999

// dayParam reads a day (2026-03-15, or an RFC 3339 time) as midnight in
// loc, the instansi's zone (instansiZone); empty is today there.
func (s *Server) dayParam(loc *time.Location, v string, errs *[]FieldError) time.Time {
	if v == "" {
		y, m, d := s.now().In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		t, err = time.Parse(time.RFC3339, v)
	}
	if err != nil {
		*errs = append(*errs, FieldError{Field: "as_of", Message: "not a date such as 2026-03-15 (or an RFC 3339 time)"})
		return time.Time{}
	}
	y, m, d := t.In(loc).Date()
	// Dates computed from it (the next promotion date, years on) must stay
	// within what a date can be written as.
	if y < minDayParamYear || y > maxDayParamYear {
		*errs = append(*errs, FieldError{Field: "as_of", Message: fmt.Sprintf("must be a date from %d-01-01 to %d-12-31", minDayParamYear, maxDayParamYear)})
		return time.Time{}
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// promotionCandidates returns the kenaikan pangkat reguler eligibility of
// the employees in service of an instansi on the next promotion date after
// as_of, with each reason linked to the events it rests on and the angka
// kredit per year of functional posts, for the instansi's HR, admins,
// pimpinan (the PPK), auditors and inspektorat.
func (s *Server) promotionCandidates(ctx context.Context, c *call) (listing, error) {
	cq, err := s.candidatesQueryOf(ctx, c.r.URL.Query(), c.p)
	if err != nil {
		return listing{}, err
	}
	if _, err := readerRole(c.p, cq.filter.Instansi); err != nil {
		return listing{}, err
	}
	rules, err := s.promotionRules(ctx, cq.filter.Instansi, cq.asOf)
	if err != nil {
		return listing{}, err
	}
	var all []promotion.Candidate
	fr, err := s.readProjection(ctx, c, promotion.Name, func(tx pgx.Tx) (err error) {
		all, err = promotion.Candidates(ctx, tx, rules, cq.asOf, cq.filter)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	by := candidateSorts[cq.sort]
	slices.SortStableFunc(all, func(a, b promotion.Candidate) int {
		r := by(a, b)
		if cq.desc {
			r = -r
		}
		return cmp.Or(r, strings.Compare(a.NIP, b.NIP))
	})
	v := candidatesPage{Items: page(all, cq.offset, cq.limit), Total: len(all), Limit: cq.limit, Offset: cq.offset,
		AsOf: cq.asOf.Format(time.DateOnly), PolicyVersion: rules.InForce.Version, Projection: fr}
	h := http.Header{}
	setFreshness(h, fr)
	h.Set("X-Total-Count", strconv.Itoa(v.Total))
	return listing{body: v, table: func() table { return candidatesTable(v.Items) },
		filename: "promotion-candidates-" + cq.filter.Instansi + "-" + v.AsOf, header: h, total: v.Total, pageMax: maxCandidatesLimit}, nil
}

// page returns items[offset:offset+limit], never nil.
func page[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	return items[offset:min(len(items), offset+limit)]
}

// candidatesTable is the CSV form of candidates: one row per employee, the
// reasons and their event ids joined by " | ", the angka kredit as
// year:predikat:value joined by " | ", and the reasons in Indonesian.
func candidatesTable(items []promotion.Candidate) table {
	var rows [][]string
	for _, c := range items {
		var reasons, reasonsID, ids, ak, akIDs []string
		for _, r := range c.Reasons {
			reasons, ids = append(reasons, r.Text), append(ids, strings.Join(r.EventIDs, " "))
			reasonsID = append(reasonsID, r.TextID)
		}
		for _, k := range c.AngkaKredit {
			ak = append(ak, strconv.Itoa(k.Year)+":"+k.Predikat+":"+strconv.FormatFloat(k.AngkaKredit, 'f', -1, 64))
			akIDs = append(akIDs, k.EventID)
		}
		tmt := ""
		if !c.GolonganTMT.IsZero() {
			tmt = c.GolonganTMT.Format(time.DateOnly)
		}
		rows = append(rows, []string{c.NIP, c.Name, c.Instansi, c.Unit, c.Golongan, tmt, strconv.FormatBool(c.Eligible),
			c.NextDate.Format(time.DateOnly), strings.Join(reasons, " | "), strings.Join(ids, " | "),
			strings.Join(ak, " | "), strings.Join(akIDs, " | "), strings.Join(reasonsID, " | ")})
	}
	return table{cols: candidatesColumns, rows: rows}
}
