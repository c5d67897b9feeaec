package training

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// The kinds of need, in the order Needs lists them per employee and year.
const (
	KindPredikat          = "predikat"
	KindPerilaku          = "perilaku"
	KindBerakhlakFeedback = "berakhlak_feedback"
	KindIKIUnderTarget    = "iki_under_target"
)

// Kinds returns the kinds of need in order.
func Kinds() []string {
	return []string{KindPredikat, KindPerilaku, KindBerakhlakFeedback, KindIKIUnderTarget}
}

// ErrInvalidFilter is wrapped by the errors of a filter that cannot be used.
var ErrInvalidFilter = errors.New("invalid training filter")

// Querier runs queries: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Filter selects needs. Zero fields do not filter. Unit is the employee's
// unit on Day (a transfer counts from its effective day; with a zero Day,
// the latest transfer's unit); NIP one employee's; Kind one of Kinds.
type Filter struct {
	Instansi string
	Unit     string
	Year     int
	Kind     string
	NIP      string
	// NIPs, when not nil, keeps only the needs of these employees (the
	// evaluatees of a pejabat penilai); an empty list keeps none.
	NIPs []string
	// Day leaves out the employees out of the service on that day (their
	// departure in force). Zero leaves out every employee whose departure is
	// recorded, whatever its day.
	Day civil.Date
}

// Validate reports a filter that cannot be used; errors wrap ErrInvalidFilter.
func (f Filter) Validate() error {
	if f.Kind != "" && !slices.Contains(Kinds(), f.Kind) {
		return fmt.Errorf("%w: kind %q (want one of %s)", ErrInvalidFilter, f.Kind, strings.Join(Kinds(), ", "))
	}
	return nil
}

// Need is one reason an employee needs development, with the ids of the
// events it rests on. Period is the label of the year ("2025") or of a
// window ("2025-Q1"). Subject is the predikat, the perilaku rating, the
// BerAKHLAK value or the IKI id; Values names the BerAKHLAK values commented
// on in the year of a perilaku need; Measure is set for IKI under target.
type Need struct {
	NIP      string   `json:"nip"`
	Name     string   `json:"name"`
	Instansi string   `json:"instansi"`
	Unit     string   `json:"unit"`
	Year     int      `json:"year"`
	Kind     string   `json:"kind"`
	Period   string   `json:"period"`
	Subject  string   `json:"subject"`
	Detail   string   `json:"detail"`
	Values   []string `json:"values,omitempty"`
	Measure  *Measure `json:"measure,omitempty"`
	EventIDs []string `json:"event_ids"`
	window   int
}

// Measure compares an IKI's realisation with its target: Expected is the
// target pro rata for the ClosedWindows out of Windows; Realised the sum
// reported for the closed windows.
type Measure struct {
	Target        float64 `json:"target"`
	Unit          string  `json:"unit"`
	Windows       int     `json:"windows"`
	ClosedWindows int     `json:"closed_windows"`
	Expected      float64 `json:"expected"`
	Realised      float64 `json:"realised"`
}

// Needs returns the needs f selects, ordered by NIP, year, kind (as Kinds),
// window and subject. Errors wrap ErrInvalidFilter for a bad filter.
func Needs(ctx context.Context, db Querier, f Filter) ([]Need, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	fb, err := feedback(ctx, db, f)
	if err != nil {
		return nil, err
	}
	out := []Need{}
	if f.Kind == "" || f.Kind == KindPredikat || f.Kind == KindPerilaku {
		rs, err := ratingNeeds(ctx, db, f, fb)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	if f.Kind == "" || f.Kind == KindBerakhlakFeedback {
		out = append(out, feedbackNeeds(fb)...)
	}
	if f.Kind == "" || f.Kind == KindIKIUnderTarget {
		is, err := ikiNeeds(ctx, db, f)
		if err != nil {
			return nil, err
		}
		out = append(out, is...)
	}
	out, err = withoutAttended(ctx, db, out)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Need) int {
		return cmp.Or(strings.Compare(a.NIP, b.NIP), cmp.Compare(a.Year, b.Year),
			cmp.Compare(slices.Index(Kinds(), a.Kind), slices.Index(Kinds(), b.Kind)),
			cmp.Compare(a.window, b.window), strings.Compare(a.Subject, b.Subject))
	})
	return out, nil
}

// who selects the employee columns of table alias t (with nip and year)
// and filters by f's $1 instansi, $2 unit, $3 year, $4 NIP, $5 day and $6
// NIPs.
var who = ` COALESCE(e.name, ''), COALESCE(e.instansi, s.instansi, ''), COALESCE(` + unitOnDay + `, '')`

// unitOnDay is the employee's unit on f's day $5 (pgbatch.UnitOn).
var unitOnDay = pgbatch.UnitOn("e", "$5")

// whoFrom joins t with the employee and the SKP and applies the filter
// ($6: f.NIPs). Every key of the needs' tables leads with nip (and year), so
// the rows are read by their key: those of the NIP or NIPs, or of the
// employees of the unit (every unit they were ever placed in holds their
// NIP) or of the instansi (employees and SKPs of the instansi, found by
// index), each a superset of the rows the exact conditions keep; not by a
// scan of every instansi's rows. The key conditions are written only for
// the fields set: a generic plan of a condition "$1 is empty OR …" cannot
// use an index.
func (f Filter) whoFrom(table string) string {
	sql := ` FROM ` + table + ` t LEFT JOIN training_employees e ON e.nip = t.nip
		LEFT JOIN training_skp s ON s.nip = t.nip AND s.year = t.year
		WHERE ` + pgbatch.InServiceOn("e", "$5") + ` AND ($1 = '' OR COALESCE(e.instansi, s.instansi) = $1)
			AND ($2 = '' OR ` + unitOnDay + ` = $2) AND ($3 = 0 OR t.year = $3) AND ($4 = '' OR t.nip = $4)
			AND ($6::text[] IS NULL OR t.nip = ANY($6))`
	inInstansi := ""
	if f.Instansi != "" {
		inInstansi = `instansi = $1 AND `
	}
	switch {
	case f.NIP != "":
		sql += ` AND t.nip = $4`
	case f.NIPs != nil:
		sql += ` AND t.nip = ANY($6)`
	case f.Unit != "":
		sql += ` AND t.nip = ANY(ARRAY(SELECT nip FROM training_employees WHERE ` + inInstansi + `(unit = $2 OR $2 = ANY(units))))`
	case f.Instansi != "":
		sql += ` AND t.nip = ANY(ARRAY(SELECT nip FROM training_employees WHERE instansi = $1
			UNION SELECT nip FROM training_skp WHERE instansi = $1))`
	}
	if f.Year != 0 {
		sql += ` AND t.year = $3`
	}
	return sql
}

// args returns the query arguments of f.
func (f Filter) args() []any {
	var day any // NULL: no departure is after it
	if !f.Day.IsZero() {
		day = f.Day.String()
	}
	return []any{f.Instansi, f.Unit, f.Year, f.NIP, day, f.NIPs}
}

// nipYear identifies an employee's year.
type nipYear struct {
	nip  string
	year int
}

// lowPredikat are the predikat that are a training need.
var lowPredikat = []string{string(performance.ButuhPerbaikan), string(performance.Kurang), string(performance.SangatKurang)}

// ratingNeeds returns the predikat and perilaku needs of the ratings in
// force; fb supplies the BerAKHLAK feedback of a perilaku need's year.
func ratingNeeds(ctx context.Context, db Querier, f Filter, fb []feedbackRow) ([]Need, error) {
	rows, err := db.Query(ctx, `SELECT t.nip, t.year, t.window_no, t.label, t.perilaku, t.predikat, t.event_id,`+who+
		f.whoFrom("training_ratings")+` AND (t.predikat = ANY($7) OR t.perilaku = $8)`,
		append(f.args(), lowPredikat, string(performance.RatingDiBawah))...)
	if err != nil {
		return nil, fmt.Errorf("training needs: ratings: %w", err)
	}
	defer rows.Close()
	// The feedback of each employee's year, in order: a perilaku need rests
	// on it (looked up once per need, not by going through the instansi's).
	fbOf := map[nipYear][]feedbackRow{}
	for _, x := range fb {
		k := nipYear{x.nip, x.year}
		fbOf[k] = append(fbOf[k], x)
	}
	var out []Need
	for rows.Next() {
		var n Need
		var perilaku, predikat, id string
		if err := rows.Scan(&n.NIP, &n.Year, &n.window, &n.Period, &perilaku, &predikat, &id, &n.Name, &n.Instansi, &n.Unit); err != nil {
			return nil, fmt.Errorf("training needs: ratings: %w", err)
		}
		scope := "annual"
		if n.window > 0 {
			scope = "periodic"
		}
		if slices.Contains(lowPredikat, predikat) && (f.Kind == "" || f.Kind == KindPredikat) {
			p := n
			p.Kind, p.Subject, p.EventIDs = KindPredikat, predikat, []string{id}
			p.Detail = fmt.Sprintf("%s predikat %s", scope, predikat)
			out = append(out, p)
		}
		if perilaku == string(performance.RatingDiBawah) && (f.Kind == "" || f.Kind == KindPerilaku) {
			p := n
			p.Kind, p.Subject, p.EventIDs = KindPerilaku, perilaku, []string{id}
			p.Detail = fmt.Sprintf("%s perilaku kerja (BerAKHLAK) rated %s", scope, perilaku)
			for _, x := range fbOf[nipYear{n.NIP, n.Year}] {
				p.EventIDs = append(p.EventIDs, x.eventID)
				if !slices.Contains(p.Values, x.value) {
					p.Values = append(p.Values, x.value)
				}
			}
			out = append(out, p)
		}
	}
	return out, rows.Err()
}
