package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Querier runs queries: a pool, a connection or a transaction.
type Querier = pgbatch.Querier

// History is one employee's history. Registration and LeftService are nil
// when not recorded; the lists are in log order.
type History struct {
	NIP    string `json:"nip"`
	Name   string `json:"name"`
	Status string `json:"status"`
	pgbatch.Placement
	Years          []Year   `json:"years"`
	Registration   *Change  `json:"registration"`
	Transfers      []Change `json:"transfers"`
	RankChanges    []Change `json:"rank_changes"`
	JabatanChanges []Change `json:"jabatan_changes"`
	ReportingLines []Change `json:"reporting_lines"`
	Departure      *Change  `json:"left_service_change,omitempty"`
	// Followups is the follow-up of the results, in log order (see followup.go).
	Followups []Followup `json:"followups"`
}

// Change is one master-data change: From and To are units (transfer),
// jabatan names, golongan (rank change; Effective is the TMT) or, for a
// reporting line, the pejabat penilai (To) with the atasan in Detail.
type Change struct {
	Kind       string            `json:"kind"`
	EventID    string            `json:"event_id"`
	Position   uint64            `json:"position"`
	Effective  *time.Time        `json:"effective,omitempty"`
	From       string            `json:"from,omitempty"`
	To         string            `json:"to,omitempty"`
	Detail     map[string]string `json:"detail,omitempty"`
	Reason     string            `json:"reason,omitempty"`
	RecordedBy string            `json:"recorded_by"`
	RecordedAt time.Time         `json:"recorded_at"`
}

// Year is one year of an SKP: its status and the annual ratings in force,
// the objection, and the periodic ratings in force per window, each with
// the event it rests on.
type Year struct {
	Year             int        `json:"year"`
	Instansi         string     `json:"instansi"`
	SKPStatus        string     `json:"skp_status"`
	StatusEventID    string     `json:"status_event_id,omitempty"`
	StatusAt         *time.Time `json:"status_at,omitempty"`
	AnnualHasil      string     `json:"annual_hasil,omitempty"`
	AnnualPerilaku   string     `json:"annual_perilaku,omitempty"`
	AnnualPredikat   string     `json:"annual_predikat,omitempty"`
	AnnualEventID    string     `json:"annual_event_id,omitempty"`
	AnnualAt         *time.Time `json:"annual_at,omitempty"`
	Objection        string     `json:"objection,omitempty"`
	ObjectionEventID string     `json:"objection_event_id,omitempty"`
	Periodic         []Periodic `json:"periodic"`
	// SelfAssessments are the employee's self-assessments per window, beside
	// the official ratings of Periodic.
	SelfAssessments []SelfAssessment `json:"self_assessments"`
}

// Periodic is the ratings in force of one window.
type Periodic struct {
	Window   int       `json:"window"`
	Label    string    `json:"label"`
	Hasil    string    `json:"hasil"`
	Perilaku string    `json:"perilaku"`
	Predikat string    `json:"predikat"`
	EventID  string    `json:"event_id"`
	RatedAt  time.Time `json:"rated_at"`
}

// Get returns the history of the employee nip as it stands on day today:
// the unit, golongan and jabatan are those in force that day, and
// LeftService is true once a departure is in force (a change recorded ahead
// of its day is listed from when it was recorded, with its effective day);
// false when the read model knows neither the employee nor an SKP of theirs.
func Get(ctx context.Context, db Querier, nip string, today civil.Date) (History, bool, error) {
	h := History{NIP: nip, Years: []Year{}, Transfers: []Change{}, RankChanges: []Change{}, JabatanChanges: []Change{},
		ReportingLines: []Change{}, Followups: []Followup{}}
	err := db.QueryRow(ctx, `SELECT name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan,
			golongan_tmt, NOT `+pgbatch.InServiceOn("history_employees", "$2")+` FROM history_employees WHERE nip = $1`, nip, today.String()).
		Scan(&h.Name, &h.Status, &h.Instansi, &h.Unit, &h.JabatanKind, &h.JabatanLevel, &h.JabatanName, &h.Golongan,
			&h.GolonganTMT, &h.LeftService)
	registered := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return History{}, false, fmt.Errorf("history of %s: %w", nip, err)
	}
	if err := h.loadChanges(ctx, db); err != nil {
		return History{}, false, fmt.Errorf("history of %s: changes: %w", nip, err)
	}
	if registered {
		h.inForceOn(today)
	}
	if err := h.loadYears(ctx, db); err != nil {
		return History{}, false, fmt.Errorf("history of %s: years: %w", nip, err)
	}
	if err := h.loadFollowups(ctx, db); err != nil {
		return History{}, false, fmt.Errorf("history of %s: follow-up: %w", nip, err)
	}
	for i := range h.Years {
		if h.Years[i].SelfAssessments == nil {
			h.Years[i].SelfAssessments = []SelfAssessment{}
		}
	}
	if !registered && len(h.Years) > 0 {
		h.Instansi = h.Years[len(h.Years)-1].Instansi
	}
	return h, registered || len(h.Years) > 0, nil
}

// loadChanges reads the master-data changes into their lists.
func (h *History) loadChanges(ctx context.Context, db Querier) error {
	rows, err := db.Query(ctx, `SELECT kind, event_id, position, effective, from_value, to_value, detail, reason,
			recorded_by, recorded_at FROM history_changes WHERE nip = $1 ORDER BY position`, h.NIP)
	if err != nil {
		return err
	}
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Change, error) {
		var c Change
		err := row.Scan(&c.Kind, &c.EventID, &c.Position, &c.Effective, &c.From, &c.To, &c.Detail, &c.Reason,
			&c.RecordedBy, &c.RecordedAt)
		if len(c.Detail) == 0 {
			c.Detail = nil
		}
		return c, err
	})
	if err != nil {
		return err
	}
	for _, c := range all {
		switch c.Kind {
		case KindRegistered:
			h.Registration = &c
		case KindTransferred:
			h.Transfers = append(h.Transfers, c)
		case KindGolongan:
			h.RankChanges = append(h.RankChanges, c)
		case KindJabatanChanged:
			h.JabatanChanges = append(h.JabatanChanges, c)
		case KindReportingLine:
			h.ReportingLines = append(h.ReportingLines, c)
		case KindLeftService:
			h.Departure = &c
		}
	}
	return nil
}

// loadYears reads the years of an SKP, with their periodic ratings.
func (h *History) loadYears(ctx context.Context, db Querier) error {
	rows, err := db.Query(ctx, `SELECT year, instansi, skp_status, status_event_id, status_at, annual_hasil, annual_perilaku,
			annual_predikat, annual_event_id, annual_at, objection, objection_event_id
		FROM history_years WHERE nip = $1 ORDER BY year`, h.NIP)
	if err != nil {
		return err
	}
	h.Years, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Year, error) {
		y := Year{Periodic: []Periodic{}, SelfAssessments: []SelfAssessment{}}
		return y, row.Scan(&y.Year, &y.Instansi, &y.SKPStatus, &y.StatusEventID, &y.StatusAt, &y.AnnualHasil,
			&y.AnnualPerilaku, &y.AnnualPredikat, &y.AnnualEventID, &y.AnnualAt, &y.Objection, &y.ObjectionEventID)
	})
	if err != nil {
		return err
	}
	rows, err = db.Query(ctx, `SELECT year, window_no, label, hasil, perilaku, predikat, event_id, rated_at
		FROM history_periodic WHERE nip = $1 ORDER BY year, window_no`, h.NIP)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var year int
		var p Periodic
		if err := rows.Scan(&year, &p.Window, &p.Label, &p.Hasil, &p.Perilaku, &p.Predikat, &p.EventID, &p.RatedAt); err != nil {
			return err
		}
		y := h.yearOf(year)
		y.Periodic = append(y.Periodic, p)
	}
	slices.SortFunc(h.Years, func(a, b Year) int { return a.Year - b.Year })
	return rows.Err()
}

// yearOf returns the year's entry, adding one (status none) if missing.
func (h *History) yearOf(year int) *Year {
	for i := range h.Years {
		if h.Years[i].Year == year {
			return &h.Years[i]
		}
	}
	h.Years = append(h.Years, Year{Year: year, SKPStatus: "none", Periodic: []Periodic{}, SelfAssessments: []SelfAssessment{}})
	return &h.Years[len(h.Years)-1]
}

// inForceOn sets the unit, golongan and jabatan of the record, which are
// those of the latest changes, to those in force on day: changes recorded
// ahead of their day (a transfer from next month, a golongan from its TMT
// on 1 April) do not count until then.
func (h *History) inForceOn(day civil.Date) {
	if c, ok := firstPending(h.Transfers, day); ok {
		h.Unit = c.From
	}
	if c, ok := firstPending(h.RankChanges, day); ok {
		h.Golongan = c.From
		h.GolonganTMT = nil
		if t, err := civil.Parse(c.Detail["from_tmt"]); err == nil {
			h.GolonganTMT = &t
		}
	}
	if c, ok := firstPending(h.JabatanChanges, day); ok {
		h.JabatanName, h.JabatanKind, h.JabatanLevel = c.From, c.Detail["from_kind"], c.Detail["from_level"]
	}
}

// firstPending returns the earliest of the changes, in the order recorded,
// that still lie ahead of day after the last one in force: the value before
// it (its From) is the one in force on day. It reports false when the
// latest change is in force.
func firstPending(changes []Change, day civil.Date) (Change, bool) {
	i := len(changes)
	for i > 0 && changes[i-1].Effective != nil && civil.DateOf(*changes[i-1].Effective).After(day) {
		i--
	}
	if i == len(changes) {
		return Change{}, false
	}
	return changes[i], true
}
