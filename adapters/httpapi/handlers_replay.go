package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/standings"
)

// Replays for the inspectorate: read models built as they were at a point
// of the log into scratch schemas, queried like the live ones and compared
// with them. Only the inspektorat and auditors may use them; a replay never
// touches the log or the live read models. Every replay belongs to the
// instansi of the caller who built it: only that instansi's inspectorate
// and auditors see it, and to anyone else it does not exist (404, the same
// answer as for a name that holds no replay).

// whoReplayers may call the replay endpoints.
const whoReplayers = "auditor or inspektorat of the replay's instansi"

// Replays builds, reads, compares and drops replays (rebuild.Replays),
// each within the replays of one instansi. Errors wrap rebuild.ErrNotReplay
// for a schema without a replay of that instansi, ErrUnknownProjection,
// ErrReplayBusy, ErrReplayIncomplete, ErrTooManyReplays and
// ErrReplayTooLong.
type Replays interface {
	// Names returns the projections that may be replayed.
	Names() []string
	// Build replays the projections named (all for none) up to until
	// into a new schema owned by owner, within a time limit and the
	// quotas of replays kept.
	Build(ctx context.Context, owner rebuild.ReplayOwner, until eventlog.AsOf, names []string) (rebuild.ReplayInfo, error)
	List(ctx context.Context, instansi string) ([]rebuild.ReplayInfo, error)
	Info(ctx context.Context, instansi, schema string) (rebuild.ReplayInfo, error)
	Drop(ctx context.Context, instansi, schema string) error
	// Read runs f in a read-only transaction whose unqualified table
	// names are the replay's; f must filter by instansi.
	Read(ctx context.Context, instansi, schema string, f func(tx pgx.Tx) error) error
	// Diff compares the rows of instansi only.
	Diff(ctx context.Context, instansi, schema, projection string, opts rebuild.DiffOptions) (rebuild.DiffReport, error)
}

// asInspector lets the inspektorat or an auditor replay read models.
func asInspector(p Principal) error {
	if p.Has(actor.Inspektorat) || p.Has(actor.Auditor) {
		return nil
	}
	return forbidden("Only the inspektorat or an auditor may replay read models.")
}

// replayRequest is the body of POST /v1/replays.
type replayRequest struct {
	// Until is a global position, an RFC 3339 time, or a date (the end of
	// that day in the instansi's zone).
	Until string `json:"until"`
	// Projections to build; all when empty or null.
	Projections []string `json:"projections" nullable:"true"`
}

// buildReplayHandler builds a replay synchronously and answers 201 with its
// description and Location.
func (s *Server) buildReplayHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		info, err := s.buildReplay(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Location", "/v1/replays/"+info.Schema)
		s.writeJSON(w, r, http.StatusCreated, info)
	}
}

func (s *Server) buildReplay(w http.ResponseWriter, r *http.Request) (rebuild.ReplayInfo, error) {
	c, err := s.begin(w, r)
	if err != nil {
		return rebuild.ReplayInfo{}, err
	}
	if err := noQuery(r); err != nil {
		return rebuild.ReplayInfo{}, err
	}
	if err := asInspector(c.p); err != nil {
		return rebuild.ReplayInfo{}, err
	}
	var req replayRequest
	if err := c.decode(&req); err != nil {
		return rebuild.ReplayInfo{}, err
	}
	// A day ends at midnight in the caller's instansi's zone.
	until, err := eventlog.ParseUntil(req.Until, s.instansiZone(r.Context(), c.p.Instansi))
	var errs []FieldError
	if err != nil {
		errs = append(errs, FieldError{Field: "until", Message: "must be a global position (1, 2, …), an RFC 3339 time, or a date such as 2025-03-31 (the end of that day)"})
	}
	if len(req.Projections) == 1 && req.Projections[0] == "all" {
		req.Projections = nil // as the CLI's --projection all
	}
	for i, n := range req.Projections {
		if !slices.Contains(s.api.Replays.Names(), n) {
			errs = append(errs, FieldError{Field: "projections[" + strconv.Itoa(i) + "]",
				Message: "unknown projection; want one of " + strings.Join(s.api.Replays.Names(), ", ")})
		}
	}
	if len(errs) > 0 {
		return rebuild.ReplayInfo{}, newRequestError(TypeValidation, "The replay request is invalid.", errs...)
	}
	return s.api.Replays.Build(r.Context(), rebuild.ReplayOwner{Instansi: c.p.Instansi, BuiltBy: c.p.NIP}, until, req.Projections)
}

// replaysView lists the replays kept.
type replaysView struct {
	Replays []rebuild.ReplayInfo `json:"replays"`
}

// listReplays lists the replays of the caller's instansi, oldest first.
func (s *Server) listReplays(ctx context.Context, c *call) (listing, error) {
	if err := asInspector(c.p); err != nil {
		return listing{}, err
	}
	if errs := checkParams(c.r.URL.Query()); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The list of replays takes no parameter but format.", errs...)
	}
	list, err := s.api.Replays.List(ctx, c.p.Instansi)
	if err != nil {
		return listing{}, err
	}
	return listing{body: replaysView{Replays: list}, table: func() table { return replaysTable(list) }, filename: "replays"}, nil
}

// getReplay describes one replay.
func (s *Server) getReplay(ctx context.Context, c *call) (listing, error) {
	if errs := checkParams(c.r.URL.Query()); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "A replay is read with no parameter but format.", errs...)
	}
	info, err := s.replayOf(ctx, c)
	if err != nil {
		return listing{}, err
	}
	return listing{body: info, table: func() table { return replaysTable([]rebuild.ReplayInfo{info}) }, filename: info.Schema}, nil
}

// replayOf authorizes the caller and returns the replay of the caller's
// instansi the path names. A name that cannot be a replay schema, holds no
// replay, or holds another instansi's replay is the same 404.
func (s *Server) replayOf(ctx context.Context, c *call) (rebuild.ReplayInfo, error) {
	if err := asInspector(c.p); err != nil {
		return rebuild.ReplayInfo{}, err
	}
	schema := c.vars["schema"]
	if rebuild.ValidateSchemaName(schema) != nil {
		return rebuild.ReplayInfo{}, noReplay(schema)
	}
	info, err := s.api.Replays.Info(ctx, c.p.Instansi, schema)
	return info, notFoundAsNoReplay(err, schema)
}

// noReplay is the one answer for a replay the caller cannot see.
func noReplay(schema string) error {
	return newRequestError(TypeNotFound, "There is no replay "+strconv.Quote(schema)+".")
}

// notFoundAsNoReplay turns rebuild.ErrNotReplay into noReplay, so that its
// text never tells a missing replay from another instansi's.
func notFoundAsNoReplay(err error, schema string) error {
	if errors.Is(err, rebuild.ErrNotReplay) {
		return noReplay(schema)
	}
	return err
}

// dropReplayHandler drops a replay: 204.
func (s *Server) dropReplayHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.begin(w, r)
		if err == nil {
			err = noQuery(r)
		}
		if err == nil {
			_, err = s.replayOf(r.Context(), c)
		}
		if err == nil {
			err = notFoundAsNoReplay(s.api.Replays.Drop(r.Context(), c.p.Instansi, c.vars["schema"]), c.vars["schema"])
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// replayedStandingsPage is one page of standings as replayed.
type replayedStandingsPage struct {
	standings.Page
	Replay rebuild.ReplayInfo `json:"replay"`
}

// replayedStandings queries the standings of a replay with the filters of
// GET /v1/standings, within the caller's instansi.
func (s *Server) replayedStandings(ctx context.Context, c *call) (listing, error) {
	info, err := s.replayOf(ctx, c)
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	if q.Has("min_position") {
		return listing{}, newRequestError(TypeValidation, "A replay does not move: min_position does not apply.",
			FieldError{Field: "min_position", Message: "unknown parameter"})
	}
	f, err := standingsFilterOf(q, c.p)
	if err != nil {
		return listing{}, err
	}
	if f.Instansi != c.p.Instansi {
		return listing{}, forbidden("You read only the standings of your own instansi (" + c.p.Instansi + ").")
	}
	v := replayedStandingsPage{Replay: info}
	err = s.api.Replays.Read(ctx, c.p.Instansi, info.Schema, func(tx pgx.Tx) (err error) {
		v.Page, err = standings.Query(ctx, tx, f)
		return err
	})
	if err = notFoundAsNoReplay(err, info.Schema); err != nil {
		return listing{}, err
	}
	h := http.Header{}
	h.Set("X-Total-Count", strconv.Itoa(v.Total))
	h.Set("X-Replay-Position", strconv.FormatUint(info.Position, 10))
	return listing{body: v, table: func() table { return standingsTable(v.Items) },
		filename: "standings-" + f.Instansi + "-" + info.Schema, header: h}, nil
}

// replayDiff compares a projection's replayed tables with the live ones,
// within the caller's instansi.
func (s *Server) replayDiff(ctx context.Context, c *call) (listing, error) {
	info, err := s.replayOf(ctx, c)
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "projection", "limit")
	projection := q.Get("projection")
	if projection == "" {
		errs = append(errs, FieldError{Field: "projection", Message: "required: one of " + strings.Join(info.Projections, ", ")})
	}
	limit := intParam(q, "limit", 1, 10000, &errs)
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The diff query has invalid parameters.", errs...)
	}
	rep, err := s.api.Replays.Diff(ctx, c.p.Instansi, info.Schema, projection, rebuild.DiffOptions{Limit: limit})
	if err != nil {
		return listing{}, err
	}
	return listing{body: rep, table: func() table { return diffTable(rep) }, filename: "diff-" + projection + "-" + info.Schema}, nil
}

// replaysTable is the CSV form of replays.
func replaysTable(list []rebuild.ReplayInfo) table {
	var rows [][]string
	for _, r := range list {
		finished := ""
		if r.FinishedAt != nil {
			finished = r.FinishedAt.Format(time.RFC3339)
		}
		rows = append(rows, []string{r.Schema, strings.Join(r.Projections, " "), r.Until, u(r.Position), u(r.Events),
			r.StartedAt.Format(time.RFC3339), finished, strconv.FormatBool(r.Complete), r.Instansi, r.BuiltBy})
	}
	return table{cols: replaysColumns, rows: rows}
}

// diffTable is the CSV form of a diff: one row per differing column, or
// per row only on one side.
func diffTable(rep rebuild.DiffReport) table {
	var rows [][]string
	for _, t := range rep.Tables {
		for _, d := range t.Rows {
			key := diffKey(t.Key, d)
			if len(d.Columns) == 0 {
				rows = append(rows, []string{t.Table, d.Kind, key, "", "", ""})
			}
			for _, col := range d.Columns {
				rows = append(rows, []string{t.Table, d.Kind, key, col.Column, string(col.Live), string(col.Replay)})
			}
		}
	}
	return table{cols: diffColumns, rows: rows}
}

// diffKey renders a row's key as col=value pairs in key order.
func diffKey(cols []string, d rebuild.RowDiff) string {
	parts := make([]string, 0, len(cols))
	for _, c := range cols {
		parts = append(parts, c+"="+string(d.Key[c]))
	}
	return strings.Join(parts, " ")
}
