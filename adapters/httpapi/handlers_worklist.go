package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/projections/worklist"
)

// Who may call the worklist, and the lists a pejabat penilai may read for
// their evaluatees (see routes.go).
const (
	whoOfficial       = "the caller, as pejabat penilai or atasan (their own worklist)"
	whoReadersPenilai = whoReaders + "; a pejabat penilai, their evaluatees' rows"
)

// worklistView is the body of GET /v1/me/worklist.
type worklistView struct {
	worklist.Worklist
	Projection freshness `json:"projection"`
}

// worklistQueryOf reads the query of GET /v1/me/worklist for the caller on
// the server's day.
func (s *Server) worklistQueryOf(c *call) (worklist.Query, error) {
	q := c.r.URL.Query()
	errs := checkParams(q, "kind", "unit", "min_position")
	now := s.todayIn(c.r.Context(), c.p.Instansi) // the day and zone of the caller's instansi
	wq := worklist.Query{Official: c.p.NIP, Day: civil.DateOf(now), Location: now.Location(), Kind: q.Get("kind"), Unit: unitParam(q, &errs)}
	if wq.Kind != "" && wq.Validate() != nil {
		errs = append(errs, FieldError{Field: "kind", Message: "must be one of " + strings.Join(worklist.Kinds(), ", ")})
	}
	if len(errs) > 0 {
		return wq, newRequestError(TypeValidation, "The worklist query has invalid parameters.", errs...)
	}
	return wq, nil
}

// myWorklist returns the worklist of the official the token names, on the
// server's day: their evaluatees by the reporting lines in force and the
// open tasks on their SKPs, oldest first. A caller without the
// pejabat_penilai or atasan_pejabat_penilai role, or who evaluates nobody,
// gets an empty worklist: nobody else's.
func (s *Server) myWorklist(ctx context.Context, c *call) (listing, error) {
	wq, err := s.worklistQueryOf(c)
	if err != nil {
		return listing{}, err
	}
	var v worklistView
	official := c.p.Has(actor.PejabatPenilai) || c.p.Has(actor.AtasanPejabatPenilai)
	// Only the capacities the token can act in (as asPenilai and asAtasan
	// decide): pejabat_penilai grants both, atasan_pejabat_penilai the
	// atasan's only; the rest of the worklist could not be acted on.
	wq.Capacities = []string{}
	if c.p.Has(actor.PejabatPenilai) {
		wq.Capacities = append(wq.Capacities, worklist.AsPenilai)
	}
	if official {
		wq.Capacities = append(wq.Capacities, worklist.AsAtasan)
	}
	v.Projection, err = s.readProjection(ctx, c, worklist.Name, func(tx pgx.Tx) (err error) {
		if !official {
			wq.Official = ""
			v.Worklist = emptyWorklist(wq)
			return nil
		}
		v.Worklist, err = worklist.Load(ctx, tx, wq)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	v.Official = c.p.NIP
	for _, e := range v.Evaluatees {
		noteResourceInstansi(ctx, e.Instansi)
	}
	h := http.Header{}
	setFreshness(h, v.Projection)
	h.Set("X-Total-Count", strconv.Itoa(len(v.Tasks)))
	return listing{body: v, table: func() table { return worklistTable(v.Tasks) },
		filename: "worklist-" + c.p.NIP, header: h}, nil
}

// emptyWorklist is the worklist of a caller who is no official.
func emptyWorklist(q worklist.Query) worklist.Worklist {
	w := worklist.Worklist{Day: q.Day, Evaluatees: []worklist.Evaluatee{}, Tasks: []worklist.Task{}, Counts: map[string]int{}}
	for _, k := range worklist.Kinds() {
		w.Counts[k] = 0
	}
	return w
}

// worklistTable is the CSV form of the worklist's tasks.
func worklistTable(tasks []worklist.Task) table {
	var rows [][]string
	for _, t := range tasks {
		var deadline string
		if t.Deadline != nil {
			deadline = t.Deadline.String()
		}
		rows = append(rows, []string{t.Kind, t.NIP, t.Name, t.Unit, strconv.Itoa(t.Year), strconv.Itoa(t.Window), t.Label,
			strconv.Itoa(t.FeedbackNo), t.Since.String(), strconv.Itoa(t.AgeDays), deadline, strconv.FormatBool(t.Acting)})
	}
	return table{cols: worklistColumns, rows: rows}
}

// penilaiScope decides who reads a list of an instansi (standings,
// training needs): a reading role of the instansi reads it all (false); a
// caller without one who is a pejabat penilai reads the rows of their
// evaluatees today (true), in their own instansi only; anyone else is
// refused as readerRole refuses (a pejabat penilai naming another instansi
// too, rather than answered an empty list).
func penilaiScope(p Principal, instansi string) (bool, error) {
	_, err := readerRole(p, instansi)
	switch {
	case err == nil:
		return false, nil
	case p.Has(actor.PejabatPenilai) && instansi == p.Instansi:
		return true, nil
	}
	return false, err
}

// evaluateesOf returns, sorted, the NIPs of the employees whose reporting
// line in force today names p as pejabat penilai, read from the worklist
// read model within tx.
func (s *Server) evaluateesOf(ctx context.Context, tx pgx.Tx, p Principal) ([]string, error) {
	return worklist.EvaluateesOf(ctx, tx, p.NIP, s.dayIn(ctx, p.Instansi))
}
