package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestBinaryDecodeMatchesScan checks that the binary decoder of scanEvents
// reads every field exactly as pgx's Scan of the same rows in the text
// format does: unusual data and metadata (escapes, unicode, keys the fast
// metadata decoder hands to encoding/json), several streams and versions,
// and events appended in different batches and seconds.
func TestBinaryDecodeMatchesScan(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	events := []eventlog.NewEvent{
		{ID: eventlog.NewID(), Type: "skp.submitted", SchemaVersion: 1, Data: json.RawMessage(`{"a":1}`)},
		{ID: eventlog.NewID(), Type: "skp.feedback_given", SchemaVersion: 3,
			Data: json.RawMessage(`{"note":"Sangat baik — \"tepat waktu\" \\ ✓","n":[1,2,{"x":null}]}`),
			Metadata: eventlog.Metadata{ActorID: "198001012005011002", Reason: "kata \"kunci\"\n baris baru é",
				Instansi: "pemkot-dumai", Client: "web/1.0", PolicyVersion: "2025.1"}},
		{ID: eventlog.NewID(), Type: "skp.ratings_given", SchemaVersion: 2, Data: compareData,
			Metadata: eventlog.Metadata{ActorID: "a", ActorRole: "pejabat_penilai", OnBehalfOf: "b", CorrelationID: "c",
				CausationID: "d", RequestID: "e", IdempotencyKey: "f", Reason: "g", Client: "h", PolicyVersion: "i", Instansi: "j"}},
	}
	for i, e := range events {
		if _, err := s.Append(ctx, "skp-decode-2025", eventlog.Any, e); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	if _, err := s.Append(ctx, "skp-other-2025", eventlog.NoStream, compareEvents(600)...); err != nil {
		t.Fatal(err)
	}

	got, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	text := pgx.QueryResultFormats{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	rows, err := sc.Pool.Query(ctx, `SELECT `+eventColumns+` FROM events ORDER BY position`, text)
	if err != nil {
		t.Fatal(err)
	}
	if binaryEventRows(rows.FieldDescriptions()) {
		t.Fatal("the text-format rows were taken for binary ones")
	}
	binRows, err := sc.Pool.Query(ctx, `SELECT `+eventColumns+` FROM events LIMIT 1`, eventFormats)
	if err != nil {
		t.Fatal(err)
	}
	if !binaryEventRows(binRows.FieldDescriptions()) {
		t.Fatal("the store's reads do not take the binary decoder")
	}
	binRows.Close()
	want, err := scanEvents(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 603 || len(want) != 603 {
		t.Fatalf("read %d events binary, %d as text; want 603", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("event %d:\nbinary %+v\ntext   %+v", i, got[i], want[i])
		}
	}
	if got[1].Metadata.Reason != events[1].Metadata.Reason || got[2].Metadata != events[2].Metadata {
		t.Errorf("metadata read back as %+v and %+v", got[1].Metadata, got[2].Metadata)
	}

	// Appending to a decoded slice must not write into its neighbour.
	data := got[0].Data
	_ = append(data, 'x')
	if string(got[0].RawMetadata) != string(want[0].RawMetadata) {
		t.Errorf("appending to Data changed RawMetadata: %s", got[0].RawMetadata)
	}

	stream, err := s.ReadStream(ctx, "skp-decode-2025", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stream, want[1:3]) {
		t.Errorf("ReadStream after 1 = %+v, want %+v", stream, want[1:3])
	}
}

// TestReadsSurviveAMigrationOfTheEventsTable checks that a store keeps
// reading (and verifying) after another process alters the events table under the plans
// its connections cached (migration 0049 changed the collation of stream):
// PostgreSQL refuses such a plan once per connection, and the read is run
// again rather than failed.
func TestReadsSurviveAMigrationOfTheEventsTable(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	if _, err := s.Append(ctx, "skp-migrated-2025", eventlog.NoStream, compareEvents(3)...); err != nil {
		t.Fatal(err)
	}
	read := func() error {
		if _, err := s.ReadAll(ctx, 0, 0); err != nil {
			return err
		}
		if _, err := s.ReadStream(ctx, "skp-migrated-2025", 0, 0); err != nil {
			return err
		}
		if _, err := s.ReadStreamAsOf(ctx, "skp-migrated-2025", eventlog.AsOf{Position: 2}); err != nil {
			return err
		}
		rep, err := s.Verify(ctx, nil)
		if err == nil && !rep.OK {
			err = fmt.Errorf("verify: %s", rep.Problem)
		}
		return err
	}
	// Readers at once, so that many connections of the pool cache the
	// statements, before the table is altered and after.
	readTogether := func() error {
		var wg sync.WaitGroup
		errs := make(chan error, sc.Pool.Config().MaxConns)
		for range sc.Pool.Config().MaxConns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					if err := read(); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		return <-errs
	}
	if err := readTogether(); err != nil {
		t.Fatal(err)
	}
	if n := sc.Pool.Stat().TotalConns(); n < 2 {
		t.Fatalf("the readers used %d connection(s); the test needs several", n)
	}
	if _, err := sc.Pool.Exec(ctx, `ALTER TABLE events ALTER COLUMN type TYPE text COLLATE "POSIX"`); err != nil {
		t.Fatal(err)
	}
	if err := readTogether(); err != nil {
		t.Fatalf("read after the table was altered: %v", err)
	}
}
