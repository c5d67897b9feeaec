package pgbatch_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// text is a toy context whose payload is the text to insert.
func text(eventType string, schemaVersion int, data []byte) (string, error) {
	if schemaVersion != 1 {
		return "", errors.New("unknown version")
	}
	return string(data), nil
}

// toy is a read model of one table that stores the text of "toy" events.
func toy() *pgbatch.Projector[*pgbatch.Batch] {
	return pgbatch.New("toy", []string{"toy"}, pgbatch.On("toy", text, func(b *pgbatch.Batch, s string) {
		b.Queue(`INSERT INTO toy (position, text) VALUES ($1, $2)`, int64(b.Event().Position), s)
	}))
}

// events returns a stored event per text, of another context when empty.
func events(texts ...string) []eventlog.Event {
	var out []eventlog.Event
	for i, s := range texts {
		typ := "toy.said"
		if s == "" {
			typ = "other.ignored"
		}
		out = append(out, eventlog.Event{ID: "id" + s, Position: uint64(i + 1), Type: typ, SchemaVersion: 1, Data: []byte(s)})
	}
	return out
}

// apply runs Apply in a transaction of a schema with the toy table and
// returns the texts stored and its error.
func apply(t *testing.T, p *pgbatch.Projector[*pgbatch.Batch], evs []eventlog.Event) ([]string, error) {
	t.Helper()
	sc := pgtest.New(t)
	if _, err := sc.Pool.Exec(t.Context(), `CREATE TABLE toy (position bigint PRIMARY KEY, text text NOT NULL CHECK (text <> 'bad'))`); err != nil {
		t.Fatal(err)
	}
	err := pgx.BeginFunc(t.Context(), sc.Pool, func(tx pgx.Tx) error { return p.Apply(t.Context(), tx, evs) })
	rows, qerr := sc.Pool.Query(t.Context(), `SELECT text FROM toy ORDER BY position`)
	if qerr != nil {
		t.Fatal(qerr)
	}
	got, qerr := pgx.CollectRows(rows, pgx.RowTo[string])
	if qerr != nil {
		t.Fatal(qerr)
	}
	return got, err
}

// TestApplyRoutesByContext checks that events go to the handler of their
// context in order, and events of other contexts are ignored.
func TestApplyRoutesByContext(t *testing.T) {
	got, err := apply(t, toy(), events("a", "", "b"))
	if err != nil || strings.Join(got, ",") != "a,b" {
		t.Fatalf("got %v, %v; want a,b", got, err)
	}
}

// TestFailingStatementNamesItsEvent checks that a statement that fails is
// an *ApplyError naming the event that queued it, and nothing is written.
func TestFailingStatementNamesItsEvent(t *testing.T) {
	got, err := apply(t, toy(), events("a", "bad", "c"))
	var ae *pgbatch.ApplyError
	if !errors.As(err, &ae) || ae.FailedPosition() != 2 || ae.EventID != "idbad" || ae.Type != "toy.said" || ae.Projection != "toy" {
		t.Fatalf("error %v, want an ApplyError of toy at position 2", err)
	}
	if len(got) != 0 {
		t.Errorf("rows %v after a failed batch", got)
	}
}

// TestUndecodableEventIsAnApplyError checks that a handler's error names
// the event, before anything is written.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	evs := events("a", "b")
	evs[1].SchemaVersion = 9
	_, err := toy().Prepare(evs)
	var ae *pgbatch.ApplyError
	if !errors.As(err, &ae) || ae.FailedPosition() != 2 || !strings.Contains(err.Error(), "toy: event 2 (toy.said idb)") {
		t.Fatalf("error %v, want an ApplyError at position 2", err)
	}
}

// TestStatementOfSeveralEventsSaysWhat checks the error of a failing
// statement that came from no one event.
func TestStatementOfSeveralEventsSaysWhat(t *testing.T) {
	sc := pgtest.New(t)
	err := pgx.BeginFunc(t.Context(), sc.Pool, func(tx pgx.Tx) error {
		return pgbatch.Send(t.Context(), tx, "toy", []pgbatch.Statement{{SQL: `SELECT 1/0`, What: "2 rows of positions 1 to 2"}})
	})
	var ae *pgbatch.ApplyError
	if errors.As(err, &ae) || err == nil || !strings.Contains(err.Error(), "toy: 2 rows of positions 1 to 2: ") {
		t.Fatalf("error %v", err)
	}
}
