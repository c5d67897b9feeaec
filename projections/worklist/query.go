package worklist

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Querier runs the queries of Load in one pipelined batch: a pool, a
// connection or a transaction.
type Querier interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Load returns the worklist q names. An official who evaluates nobody on
// the day has an empty worklist, not an error. Errors wrap ErrBadQuery for
// an invalid query.
func Load(ctx context.Context, db Querier, q Query) (Worklist, error) {
	if err := q.Validate(); err != nil {
		return Worklist{}, err
	}
	if q.Location == nil {
		q.Location = time.UTC
	}
	w := Worklist{Official: q.Official, Day: q.Day, Evaluatees: []Evaluatee{}, Tasks: []Task{}, Counts: map[string]int{}}
	for _, k := range Kinds() {
		w.Counts[k] = 0
	}
	evs, tasks, err := load(ctx, db, q)
	if err != nil {
		return Worklist{}, fmt.Errorf("worklist of %s: %w", q.Official, err)
	}
	w.fill(q, evs, tasks)
	return w, nil
}

// load reads, in one round trip, the lines of every employee whose lines
// ever named the official and the candidate tasks on their SKPs, and
// returns the evaluatees on q.Day with their open tasks.
func load(ctx context.Context, db Querier, q Query) (map[string]*Evaluatee, []Task, error) {
	var b pgx.Batch
	b.Queue(linesSQL, q.Official, q.Day.String())
	b.Queue(tasksSQL, q.Official)
	br := db.SendBatch(ctx, &b)
	evs, err := evaluatees(br, q)
	if err != nil {
		_ = br.Close()
		return nil, nil, err
	}
	tasks, err := openTasks(br, q, evs)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = cerr
	}
	// An employee out of the service stays only while their objection
	// waits for the atasan's decision.
	objecting := map[string]bool{}
	for _, t := range tasks {
		objecting[t.NIP] = true
	}
	for nip, e := range evs {
		if e.left && !objecting[nip] {
			delete(evs, nip)
		}
	}
	return evs, tasks, err
}

// fill counts the tasks per kind and evaluatee, keeps those of q.Kind and
// sorts them oldest first.
func (w *Worklist) fill(q Query, evs map[string]*Evaluatee, tasks []Task) {
	for _, t := range tasks {
		e := evs[t.NIP]
		t.Name, t.Unit = e.Name, e.Unit
		t.AgeDays = daysBetween(t.Since, q.Day)
		w.Counts[t.Kind]++
		w.Total++
		e.OpenTasks++
		if q.Kind == "" || q.Kind == t.Kind {
			w.Tasks = append(w.Tasks, t)
		}
	}
	for _, e := range evs {
		w.Evaluatees = append(w.Evaluatees, *e)
	}
	slices.SortFunc(w.Evaluatees, func(a, b Evaluatee) int { return cmp.Compare(a.NIP, b.NIP) })
	slices.SortFunc(w.Tasks, func(a, b Task) int {
		return cmp.Or(cmp.Compare(b.AgeDays, a.AgeDays), cmp.Compare(a.NIP, b.NIP), cmp.Compare(a.Year, b.Year),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Window, b.Window), cmp.Compare(a.FeedbackNo, b.FeedbackNo))
	})
}

// daysBetween returns the days from a to b (negative when b is before a).
func daysBetween(a, b civil.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// linesSQL reads every line of the employees whose lines ever named the
// official $1, in the order recorded, with the employee's master data
// (the unit on the day $2).
// (The candidates are an array so that the planner reads the lines of a
// few employees by their key instead of scanning them all.)
var linesSQL = `SELECT l.nip, l.penilai, l.atasan, l.effective_from, l.acting,
		COALESCE(e.name, ''), COALESCE(e.instansi, ''), COALESCE(` + pgbatch.UnitOn("e", "$2") + `, ''),
		COALESCE(e.left_service, false), e.left_on
	FROM worklist_lines l LEFT JOIN worklist_employees e ON e.nip = l.nip
	WHERE l.nip = ANY(ARRAY(SELECT nip FROM worklist_lines WHERE penilai = $1 UNION SELECT nip FROM worklist_lines WHERE atasan = $1))
	ORDER BY l.nip, l.position`

// evaluatees reads the result of linesSQL from br and returns the
// employees the official evaluates on q.Day, by NIP, in q.Unit when set:
// those whose line in force that day (employee.LineInForce over every
// line recorded) names the official. Employees out of the service on q.Day
// (their departure in force) are marked left: load keeps them only with an
// objection to decide, EvaluateesOf never.
func evaluatees(br pgx.BatchResults, q Query) (map[string]*Evaluatee, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("reporting lines: %w", err)
	}
	defer rows.Close()
	lines := map[string][]employee.ReportingLine{}
	info := map[string]*Evaluatee{}
	for rows.Next() {
		var l employee.ReportingLine
		var from time.Time
		var e Evaluatee
		var left bool
		var leftOn *time.Time
		if err := rows.Scan(&l.Employee, &l.PejabatPenilai, &l.AtasanPejabatPenilai, &from, &l.Acting,
			&e.Name, &e.Instansi, &e.Unit, &left, &leftOn); err != nil {
			return nil, fmt.Errorf("reporting lines: %w", err)
		}
		// A departure is in force from its effective day; one without its
		// day (see migration 0036) is in force.
		left = left && (leftOn == nil || !civil.DateOf(*leftOn).After(q.Day))
		l.EffectiveFrom = civil.DateOf(from)
		lines[l.Employee] = append(lines[l.Employee], l)
		if q.Unit == "" || q.Unit == e.Unit {
			e.NIP, e.left = l.Employee, left
			info[e.NIP] = &e
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reporting lines: %w", err)
	}
	out := map[string]*Evaluatee{}
	for nip, e := range info {
		l, ok := employee.LineInForce(lines[nip], q.Day)
		if !ok {
			continue
		}
		if l.PejabatPenilai == q.Official && q.serves(AsPenilai) {
			e.As = append(e.As, AsPenilai)
		}
		if l.AtasanPejabatPenilai == q.Official && q.serves(AsAtasan) {
			e.As = append(e.As, AsAtasan)
		}
		if len(e.As) > 0 {
			e.Acting = l.Acting
			out[nip] = e
		}
	}
	return out, nil
}

// EvaluateesOf returns the NIPs of the employees whose reporting line in
// force on day names official as pejabat penilai, sorted; employees out of
// the service on day are left out. It is the scope in which a pejabat
// penilai reads the lists of other read models (standings, training
// needs).
func EvaluateesOf(ctx context.Context, db Querier, official string, day civil.Date) ([]string, error) {
	var b pgx.Batch
	b.Queue(linesSQL, official, day.String())
	br := db.SendBatch(ctx, &b)
	evs, err := evaluatees(br, Query{Official: official, Day: day})
	if cerr := br.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("evaluatees of %s: %w", official, err)
	}
	out := []string{}
	for nip, e := range evs {
		if !e.left && slices.Contains(e.As, AsPenilai) {
			out = append(out, nip)
		}
	}
	slices.Sort(out)
	return out, nil
}

// serves reports whether q keeps the evaluatees of capacity.
func (q Query) serves(capacity string) bool {
	return q.Capacities == nil || slices.Contains(q.Capacities, capacity)
}
