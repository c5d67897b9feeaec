package esdbstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// DefaultReadLimit is the page size of reads that ask for no limit.
const DefaultReadLimit = 10000

// ReadStream returns stream's events with version > after, in order, at most
// limit (all when limit <= 0). A missing stream reads as empty.
func (s *Store) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	if err := eventlog.ValidateStream(stream); err != nil {
		return nil, err
	}
	var out []eventlog.Event
	for {
		n := limit - len(out)
		if limit <= 0 || n > DefaultReadLimit {
			n = DefaultReadLimit
		}
		var page []recorded
		err := s.conn.do(ctx, func(d driver) (err error) {
			page, err = d.readStream(ctx, stream, after, uint64(n), false)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
		evs, err := decodeAll(page)
		if err != nil {
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
		out = append(out, evs...)
		if len(page) < n || (limit > 0 && len(out) >= limit) {
			return out, nil
		}
		after = page[len(page)-1].Revision + 1
	}
}

// version returns the version of stream's last event, 0 for a missing
// stream.
func (s *Store) version(ctx context.Context, stream string) (uint64, error) {
	var last []recorded
	err := s.conn.do(ctx, func(d driver) (err error) {
		last, err = d.readStream(ctx, stream, 0, 1, true)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read version of %s: %w", stream, err)
	}
	if len(last) == 0 {
		return 0, nil
	}
	return last[0].Revision + 1, nil
}

// ReadAll returns events of the global log ($all without EventStoreDB's
// system events) with position > after, in position order, at most limit
// (DefaultReadLimit when limit <= 0). Positions are commit positions: they
// increase in commit order but are not consecutive. A page shorter than
// limit means the log ended.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error) {
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	var out []eventlog.Event
	// floor is the position up to which every event was handled: a read
	// from a position includes the event there, so each read asks for one
	// more than it needs and leaves out what is at or below floor.
	from, floor := after, after
	for {
		want := uint64(limit-len(out)) + 1
		var page []recorded
		err := s.conn.do(ctx, func(d driver) (err error) {
			page, err = d.readAll(ctx, from, want, false)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read all after %d: %w", after, err)
		}
		for _, r := range page {
			if (floor > 0 && r.Position <= floor) || isSystem(r) {
				continue
			}
			e, err := decode(r)
			if err != nil {
				return nil, fmt.Errorf("read all after %d: %w", after, err)
			}
			out = append(out, e)
			if len(out) == limit {
				return out, nil
			}
		}
		if uint64(len(page)) < want || page[len(page)-1].Position <= floor {
			return out, nil
		}
		from, floor = page[len(page)-1].Position, page[len(page)-1].Position
	}
}

// Head returns the position of the last event of the global log (0 for an
// empty log) and the ledger's hash at that position when a ledger is
// attached and has reached it (nil otherwise).
func (s *Store) Head(ctx context.Context) (uint64, []byte, error) {
	pos, err := s.lastPosition(ctx)
	if err != nil {
		return 0, nil, err
	}
	if pos == 0 {
		return 0, eventlog.GenesisHash, nil
	}
	if s.cfg.Ledger == nil {
		return pos, nil, nil
	}
	hash, err := s.cfg.Ledger.HashAt(ctx, pos)
	if errors.Is(err, ErrNoEvent) {
		return pos, nil, nil
	}
	return pos, hash, err
}

// lastPosition returns the position of the last non-system event of $all,
// reading backwards from the end a page at a time.
func (s *Store) lastPosition(ctx context.Context) (uint64, error) {
	const page = 64
	var from uint64 // 0: from the end
	for {
		var rs []recorded
		err := s.conn.do(ctx, func(d driver) (err error) {
			rs, err = d.readAll(ctx, from, page, true)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("read head: %w", err)
		}
		for _, r := range rs {
			if !isSystem(r) && (from == 0 || r.Position < from) {
				return r.Position, nil
			}
		}
		if len(rs) < page || rs[len(rs)-1].Position == 0 || (from != 0 && rs[len(rs)-1].Position >= from) {
			return 0, nil
		}
		from = rs[len(rs)-1].Position
	}
}
