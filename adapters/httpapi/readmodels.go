package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// The read-model endpoints answer from the tables the projections maintain
// (standings, promotion candidates, projection status). Every one of them
// accepts ?min_position= (the position of a write response) and waits, at
// most ReadModels.MaxWait, until the projection has applied it; the
// response says how far the projection is, in its "projection" member and
// in the X-Projection-Position header. The rows and that position are read
// in one repeatable-read transaction, so the position is exactly the one
// the rows reflect.

// HeaderProjectionPosition names the checkpoint of the projection a
// read-model response was read from.
const HeaderProjectionPosition = "X-Projection-Position"

// DefaultMaxWait bounds the wait for min_position when ReadModels.MaxWait
// is zero.
const DefaultMaxWait = 5 * time.Second

// ReadModelDB is the database of the read models: a pool. Reads run in
// read-only repeatable-read transactions.
type ReadModelDB interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ReadModels is what the read-model endpoints need. DB is required.
type ReadModels struct {
	// DB holds the read-model tables and the projection checkpoints.
	DB ReadModelDB
	// Policy, when set, replaces the instansi's policy at query time
	// (promotion eligibility, the distribution check); left nil, the read
	// side uses the policy in force for the instansi on the day asked about,
	// and the version a decision recorded to explain it (policy_read.go).
	// readModels fills it with performance.DefaultPolicy() for code that
	// needs a policy without an instansi.
	Policy *performance.Policy
	// MaxWait bounds the wait for ?min_position= (default DefaultMaxWait).
	MaxWait time.Duration
}

// readModels returns the read-model configuration with defaults filled in,
// or nil when the API has none.
func (a *API) readModels() *ReadModels {
	if a == nil || a.ReadModels == nil {
		return nil
	}
	rm := *a.ReadModels
	if rm.Policy == nil {
		p := performance.DefaultPolicy()
		rm.Policy = &p
	}
	if rm.MaxWait <= 0 {
		rm.MaxWait = DefaultMaxWait
	}
	return &rm
}

// ProjectionMonitor reports the state of every projection: the one in
// eventbus, read from projection_status and projection_checkpoints.
type ProjectionMonitor interface {
	Status(ctx context.Context) ([]readside.ProjectionStatus, error)
}

// SetProjections makes /readyz and GET /v1/projections report the
// projections m monitors. It may be called at any time.
func (s *Server) SetProjections(m ProjectionMonitor) { s.projections.Store(&m) }

// projectionStatus returns the projections' states, or nil without a
// monitor.
func (s *Server) projectionStatus(ctx context.Context) ([]readside.ProjectionStatus, bool, error) {
	m := s.projections.Load()
	if m == nil || *m == nil {
		return nil, false, nil
	}
	all, err := (*m).Status(ctx)
	return all, true, err
}

// freshness says how far the projection a response was read from is.
type freshness struct {
	Projection string `json:"projection"`
	// Position is the projection's checkpoint: the rows reflect every event
	// up to it and none after.
	Position uint64 `json:"position"`
	// MinPosition echoes ?min_position=.
	MinPosition uint64 `json:"min_position,omitempty"`
	// Reached is false when the projection had not reached MinPosition
	// within the wait; the rows are then older than the caller's write.
	Reached bool `json:"reached"`
}

// minPosition reads ?min_position=; 0 without it.
func minPosition(q url.Values) (uint64, error) {
	vs, ok := q["min_position"]
	if !ok {
		return 0, nil
	}
	n, err := eventlog.ParsePosition(vs[0])
	if len(vs) != 1 || err != nil {
		return 0, newRequestError(TypeValidation, "min_position must be one global position, such as the position of a write response.",
			FieldError{Field: "min_position", Message: "not a global position"})
	}
	return n, nil
}

// readProjection waits for ?min_position= on the projection named name,
// then runs read in a read-only repeatable-read transaction together with
// the read of the projection's checkpoint, and returns how fresh the rows
// are.
func (s *Server) readProjection(ctx context.Context, c *call, name string, read func(tx pgx.Tx) error) (freshness, error) {
	rm := s.api.readModels()
	f := freshness{Projection: name, Reached: true}
	min, err := minPosition(c.r.URL.Query())
	if err != nil {
		return f, err
	}
	f.MinPosition = min
	if min > 0 {
		release, err := s.waits.acquire(c.p.NIP)
		if err != nil {
			return f, err
		}
		defer release()
		if _, _, err := readside.WaitFor(ctx, rm.DB, name, min, rm.MaxWait); err != nil {
			return f, fmt.Errorf("wait for %s to reach %d: %w", name, min, err)
		}
	}
	err = pgx.BeginTxFunc(ctx, rm.DB, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		cp, err := readside.Checkpoint(ctx, tx, name)
		if err != nil {
			return err
		}
		f.Position = cp
		return read(tx)
	})
	f.Reached = f.Position >= min
	return f, err
}

// setFreshness sends the projection's position as a header.
func setFreshness(h http.Header, f freshness) {
	h.Set(HeaderProjectionPosition, strconv.FormatUint(f.Position, 10))
}

// readerRole returns the role under which p reads the read models of
// instansi: HR, admin, pimpinan, auditor or inspektorat of that instansi.
func readerRole(p Principal, instansi string) (actor.Role, error) {
	i := slices.IndexFunc(readRoles(), p.Has)
	if i < 0 {
		return "", forbidden("Only HR, an admin, a pimpinan, an auditor or the inspektorat may read these lists.")
	}
	if instansi != p.Instansi {
		return "", forbidden(fmt.Sprintf("You read only the lists of your own instansi (%s).", p.Instansi))
	}
	return readRoles()[i], nil
}

// checkParams rejects parameters outside known and repeated ones, so that a
// misspelt filter cannot silently widen a list.
func checkParams(q url.Values, known ...string) []FieldError {
	var errs []FieldError
	for k, vs := range q {
		switch {
		case !slices.Contains(known, k):
			errs = append(errs, FieldError{Field: k, Message: "unknown parameter"})
		case len(vs) > 1:
			errs = append(errs, FieldError{Field: k, Message: "give it once"})
		}
	}
	slices.SortFunc(errs, func(a, b FieldError) int { return strings.Compare(a.Field, b.Field) })
	return errs
}

// intParam reads an optional integer parameter within [lo, hi].
func intParam(q url.Values, name string, lo, hi int, errs *[]FieldError) int {
	v := q.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		*errs = append(*errs, FieldError{Field: name, Message: fmt.Sprintf("must be a number from %d to %d", lo, hi)})
	}
	return n
}

// unitParam reads the optional unit filter of a list. A value no unit code
// can have (unit.ValidateCode: 1-64 letters, digits, '.', '_' or '-') is a
// field error, as GET /v1/units/{code} answers it, rather than a list
// filtered down to nothing however long the value.
func unitParam(q url.Values, errs *[]FieldError) string {
	v := q.Get("unit")
	if v != "" && unit.ValidateCode(v) != nil {
		*errs = append(*errs, FieldError{Field: "unit",
			Message: "not a unit code: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"})
	}
	return v
}

// boolParam reads an optional boolean parameter (true, false, 1, 0).
func boolParam(q url.Values, name string, errs *[]FieldError) bool {
	v := q.Get(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		*errs = append(*errs, FieldError{Field: name, Message: "must be true or false"})
	}
	return b
}
