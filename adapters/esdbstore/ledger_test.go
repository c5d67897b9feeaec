package esdbstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// fixedClock returns the same time on every call, so that two servers fed
// the same appends store byte-identical logs.
func fixedClock() time.Time { return time.Date(2025, 3, 31, 8, 0, 0, 0, time.UTC) }

// ledgerLog appends the same six events to a fresh fake server, with the
// data of the event numbered alter (0: none) changed to a payload of the
// same length, and returns a store on it with ledger attached.
func ledgerLog(t *testing.T, ledger *esdbstore.Ledger, ids []string, alter int) *esdbstore.Store {
	t.Helper()
	srv := esdbtest.StartConfig(t, esdbtest.Config{Now: fixedClock})
	st, err := esdbstore.Open(t.Context(), srv.URL(), esdbstore.Config{Ledger: ledger, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	for i, id := range ids {
		data := fmt.Sprintf(`{"n":%d}`, i)
		if i+1 == alter {
			data = `{"n":9}`
		}
		ev := eventlog.NewEvent{ID: id, Type: "skp.rated", SchemaVersion: 1, Data: []byte(data), Metadata: eventlog.Metadata{ActorID: "a", Instansi: "dumai"}}
		if _, err := st.Append(t.Context(), fmt.Sprintf("skp-%d-2025", i%2), eventlog.Any, ev); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// project runs the ledger over every event of st, as the projection
// runner does, in one transaction.
func project(t *testing.T, st *esdbstore.Store, sc *pgtest.Schema, ledger *esdbstore.Ledger) {
	t.Helper()
	evs, err := st.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sc.Pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.WithoutCancel(t.Context()))
	if err := ledger.Apply(t.Context(), tx, evs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestLedgerVerify(t *testing.T) {
	sc := pgtest.New(t)
	ledger := esdbstore.NewLedger(sc.Pool)
	ids := make([]string, 6)
	for i := range ids {
		ids[i] = eventlog.NewID()
	}
	st := ledgerLog(t, ledger, ids, 0)
	project(t, st, sc, ledger)
	rep, err := st.Verify(t.Context(), nil)
	if err != nil || !rep.OK || rep.Events != 6 {
		t.Fatalf("verify of an intact log = %+v, %v; want OK over 6 events", rep, err)
	}
	pos, hash, err := st.Head(t.Context())
	if err != nil || pos != rep.HeadPosition || string(hash) != string(rep.HeadHash) {
		t.Fatalf("Head = %d %x, %v; want the ledger's head %d %x", pos, hash, err, rep.HeadPosition, rep.HeadHash)
	}
	if rep, err := st.VerifyAnchored(t.Context(), pos, hash, nil); err != nil || !rep.OK {
		t.Fatalf("verify against the head's anchor = %+v, %v", rep, err)
	}
	if rep.LastGoodPosition != pos || string(rep.LastGoodHash) != string(hash) {
		t.Fatalf("last good position %d %x of an intact log, want the head %d %x", rep.LastGoodPosition, rep.LastGoodHash, pos, hash)
	}
	// An anchor past the ledger's head: the positions after the head
	// through the anchor's are missing from the tail.
	if rep, err := st.VerifyAnchored(t.Context(), pos+5, hash, nil); err != nil || rep.OK || rep.FirstBadPosition != pos+1 ||
		rep.MissingFrom != pos+1 || rep.MissingTo != pos+5 || rep.HeadPosition != pos || !strings.Contains(rep.Problem, "removed from the tail") {
		t.Fatalf("verify against an anchor past the head = %+v, %v", rep, err)
	}

	// The same log on another server, but the fourth event's data differs.
	altered := ledgerLog(t, ledger, ids, 4)
	all, err := altered.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = altered.Verify(t.Context(), nil)
	if err != nil || rep.OK || rep.FirstBadPosition != all[3].Position || rep.Events != 3 || !strings.Contains(rep.Problem, "differs") {
		t.Fatalf("verify of a log with altered data = %+v, %v; want a break at %d after 3 events", rep, err, all[3].Position)
	}
	// The head is the ledger's last row, past the break.
	if rep.HeadPosition != all[5].Position || rep.LastGoodPosition != all[2].Position || rep.MissingFrom != 0 {
		t.Fatalf("head %d, last good %d, missing from %d; want the head %d, the last good %d", rep.HeadPosition, rep.LastGoodPosition,
			rep.MissingFrom, all[5].Position, all[2].Position)
	}

	// A ledger row rewritten breaks the chain at the next row.
	if _, err := sc.Pool.Exec(t.Context(), `UPDATE esdb_ledger SET hash = sha256(hash) WHERE position = $1`, int64(all[1].Position)); err != nil {
		t.Fatal(err)
	}
	rep, err = st.Verify(t.Context(), nil)
	if err != nil || rep.OK || rep.FirstBadPosition != all[1].Position {
		t.Fatalf("verify after a ledger row was rewritten = %+v, %v; want a break at %d", rep, err, all[1].Position)
	}
}

func TestVerifyWithoutLedger(t *testing.T) {
	st := openStore(t, esdbtest.Start(t).URL())
	if _, err := st.Verify(t.Context(), nil); err == nil {
		t.Fatal("verify without a ledger succeeded")
	}
}
