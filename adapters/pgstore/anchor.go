package pgstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// ErrNoEvent is returned by HashAt for a position that holds no event.
var ErrNoEvent = errors.New("no event at that position")

// HashAt returns the stored hash of the event at global position; the error
// wraps ErrNoEvent when there is none.
func (s *Store) HashAt(ctx context.Context, position uint64) ([]byte, error) {
	var hash []byte
	err := s.pool.QueryRow(ctx, `SELECT hash FROM events WHERE position = $1`, position).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("hash at position %d: %w", position, ErrNoEvent)
	}
	if err != nil {
		return nil, fmt.Errorf("hash at position %d: %w", position, err)
	}
	return hash, nil
}

// VerifyAnchored verifies the whole chain as Verify does and then checks it
// against an anchor: the event at position must still exist with the
// anchored hash. Because the chain verifies, the anchored event vouches for
// every event before it; events after it must chain on from it. A log that
// was cut back below the anchor (even with the head row rewound to match) or
// whose history up to the anchor was rewritten (even with every hash
// recomputed) fails. A log that ends before the anchored position reports
// the positions after its head through the anchored one as missing from
// the tail (MissingFrom, MissingTo; FirstBadPosition is MissingFrom, which
// the log does not have); a rewritten history reports the anchored position
// itself as FirstBadPosition. An anchor at position 0 checks the genesis
// only.
func (s *Store) VerifyAnchored(ctx context.Context, position uint64, hash []byte, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	rep, err := s.Verify(ctx, progress)
	if err != nil || !rep.OK {
		return rep, err
	}
	if position > rep.HeadPosition {
		rep.TailMissing(position)
		rep.Problem = fmt.Sprintf("the log ends at position %d, but the anchor vouches for position %d: %s removed from the tail",
			rep.HeadPosition, position, eventlog.Positions(rep.MissingFrom, rep.MissingTo, "were", "was"))
		return rep, nil
	}
	stored, err := s.storedHashAt(ctx, position)
	if err != nil {
		return rep, fmt.Errorf("verify against anchor: %w", err)
	}
	if !bytes.Equal(stored, hash) {
		rep.OK, rep.FirstBadPosition = false, position
		rep.Problem = fmt.Sprintf("the anchor says position %d had hash %x, the log has %x: history at or before position %d was rewritten", position, hash, stored, position)
	}
	return rep, nil
}

// storedHashAt is HashAt that also answers the genesis hash for position 0.
func (s *Store) storedHashAt(ctx context.Context, position uint64) ([]byte, error) {
	if position == 0 {
		return eventlog.GenesisHash, nil
	}
	return s.HashAt(ctx, position)
}
