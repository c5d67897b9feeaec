package esdbstore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Verify walks the ledger and the events read back from $all side by side,
// in position order, and reports the first difference: an event missing
// from EventStoreDB or from the ledger, an event that is not the ledger's,
// a ledger row that does not chain on its predecessor, or an event whose
// recomputed hash differs from the ledger's (its content was altered).
// Events after the ledger's head are not verified yet (the ledger
// projection has not reached them). Like the PostgreSQL backend's Verify,
// the report names positions and hashes only. Its head is the ledger's last
// row, also when the walk breaks before it. progress, if not nil, is called
// every few thousand events.
func (s *Store) Verify(ctx context.Context, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	l := s.cfg.Ledger
	if l == nil {
		return eventlog.VerifyReport{}, ErrNoLedger
	}
	var total uint64
	if err := l.pool.QueryRow(ctx, `SELECT count(*) FROM esdb_ledger`).Scan(&total); err != nil {
		return eventlog.VerifyReport{}, fmt.Errorf("verify: %w", err)
	}
	rows, err := l.pool.Query(ctx, `SELECT position, event_id::text, stream, version, prev_hash, hash FROM esdb_ledger ORDER BY position`)
	if err != nil {
		return eventlog.VerifyReport{}, fmt.Errorf("verify: %w", err)
	}
	defer rows.Close()
	rep := eventlog.VerifyReport{HeadHash: eventlog.GenesisHash, LastGoodHash: eventlog.GenesisHash}
	log := &logReader{s: s}
	for rows.Next() {
		var row ledgerRow
		if err := rows.Scan(&row.position, &row.id, &row.stream, &row.version, &row.prev, &row.hash); err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		rep.HeadPosition, rep.HeadHash = row.position, row.hash
		if rep.Problem != "" {
			continue // past the first break: only the ledger's head is wanted
		}
		e, ok, err := log.next(ctx)
		if err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		if bad, problem := compare(rep, row, e, ok); problem != "" {
			rep.FirstBadPosition, rep.Problem = bad, problem
			continue
		}
		rep.Events++
		rep.LastGoodPosition, rep.LastGoodHash = row.position, row.hash
		if progress != nil && rep.Events%5000 == 0 {
			progress(rep.Events, total)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	if progress != nil {
		progress(rep.Events, total)
	}
	rep.OK = rep.Problem == ""
	return rep, nil
}

// ledgerRow is one row of esdb_ledger.
type ledgerRow struct {
	position, version uint64
	id, stream        string
	prev, hash        []byte
}

// compare checks the next event of the log (ok false: the log ended)
// against the next ledger row, given the chain verified so far (rep's last
// good position and hash), and returns the first bad position and what is
// wrong there, or "".
func compare(rep eventlog.VerifyReport, row ledgerRow, e eventlog.Event, ok bool) (uint64, string) {
	switch {
	case !ok:
		return row.position, fmt.Sprintf("the ledger has an event at position %d, but EventStoreDB's log ends at position %d: events were removed", row.position, rep.LastGoodPosition)
	case e.Position < row.position:
		return e.Position, fmt.Sprintf("EventStoreDB has an event at position %d that the ledger does not have: an event was inserted", e.Position)
	case e.Position > row.position:
		return row.position, fmt.Sprintf("the ledger's event at position %d is missing from EventStoreDB: an event was removed", row.position)
	case e.ID != row.id || e.Stream != row.stream || e.Version != row.version:
		return row.position, fmt.Sprintf("the event at position %d is not the event the ledger recorded there", row.position)
	case !bytes.Equal(row.prev, rep.LastGoodHash):
		return row.position, fmt.Sprintf("the ledger's prev_hash %x at position %d does not match the hash %x of position %d: the ledger was altered", row.prev, row.position, rep.LastGoodHash, rep.LastGoodPosition)
	case !bytes.Equal(row.hash, eventlog.ChainHash(rep.LastGoodHash, hashInput(e))):
		return row.position, fmt.Sprintf("the event at position %d differs from the ledger's hash: its content or the ledger was altered", row.position)
	}
	return 0, ""
}

// logReader reads the global log one event at a time, a page at a time.
type logReader struct {
	s     *Store
	page  []eventlog.Event
	after uint64
	ended bool
}

func (r *logReader) next(ctx context.Context) (eventlog.Event, bool, error) {
	if len(r.page) == 0 && !r.ended {
		page, err := r.s.ReadAll(ctx, r.after, 1000)
		if err != nil {
			return eventlog.Event{}, false, err
		}
		r.page, r.ended = page, len(page) < 1000
		if len(page) > 0 {
			r.after = page[len(page)-1].Position
		}
	}
	if len(r.page) == 0 {
		return eventlog.Event{}, false, nil
	}
	e := r.page[0]
	r.page = r.page[1:]
	return e, true, nil
}

// VerifyAnchored verifies as Verify does and then checks the anchor: the
// ledger must still hold position with the anchored hash (a ledger cut back
// or rewritten below the anchor fails). A ledger that ends before the
// anchored position reports the positions after its head through the
// anchored one as missing from the tail, as the PostgreSQL backend does.
func (s *Store) VerifyAnchored(ctx context.Context, position uint64, hash []byte, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	rep, err := s.Verify(ctx, progress)
	if err != nil || !rep.OK {
		return rep, err
	}
	if position > rep.HeadPosition {
		rep.TailMissing(position)
		rep.Problem = fmt.Sprintf("the ledger ends at position %d, but the anchor vouches for position %d: %s removed from the tail",
			rep.HeadPosition, position, eventlog.Positions(rep.MissingFrom, rep.MissingTo, "were", "was"))
		return rep, nil
	}
	stored, err := s.cfg.Ledger.HashAt(ctx, position)
	if err != nil {
		return rep, fmt.Errorf("verify against anchor: %w", err)
	}
	if !bytes.Equal(stored, hash) {
		rep.OK, rep.FirstBadPosition = false, position
		rep.Problem = fmt.Sprintf("the anchor says position %d had hash %x, the ledger has %x: history at or before position %d was rewritten", position, hash, stored, position)
	}
	return rep, nil
}
