package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// seedTen appends ten events and returns the head (position 10) hash.
func seedTen(t *testing.T, s *Store) []byte {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := s.Append(ctx, "skp-a-2025", eventlog.Any, eventstoretest.Events(2)...); err != nil {
			t.Fatal(err)
		}
	}
	pos, hash, err := s.Head(ctx)
	if err != nil || pos != 10 {
		t.Fatalf("head %d, %v", pos, err)
	}
	return hash
}

func TestVerifyAnchoredGoodLog(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	anchored := seedTen(t, s)
	if _, err := s.Append(ctx, "skp-b-2025", eventlog.Any, eventstoretest.Events(3)...); err != nil {
		t.Fatal(err)
	}
	for _, pos := range []uint64{0, 10} {
		hash := anchored
		if pos == 0 {
			hash = eventlog.GenesisHash
		}
		rep, err := s.VerifyAnchored(ctx, pos, hash, nil)
		if err != nil || !rep.OK || rep.Events != 13 {
			t.Fatalf("anchor at %d on a good log grown past it: %+v %v", pos, rep, err)
		}
		checkBadPosition(t, rep)
	}
	if _, err := s.HashAt(ctx, 14); !errors.Is(err, ErrNoEvent) {
		t.Fatalf("HashAt past the head = %v, want ErrNoEvent", err)
	}
}

// TestVerifyAnchoredDetectsTruncatedTail deletes the last events and rewinds
// the head row to match: plain Verify passes, the anchor does not.
func TestVerifyAnchoredDetectsTruncatedTail(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	anchored := seedTen(t, s)
	tamper(t, sc.Pool, []string{
		`DELETE FROM events WHERE position >= 9`,
		`UPDATE event_head SET position = 8, hash = (SELECT hash FROM events WHERE position = 8)`,
	})
	plain, err := s.Verify(ctx, nil)
	if err != nil || !plain.OK || plain.Events != 8 {
		t.Fatalf("plain verify should pass on a cleanly truncated log: %+v %v", plain, err)
	}
	rep, err := s.VerifyAnchored(ctx, 10, anchored, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.FirstBadPosition != 9 {
		t.Fatalf("truncated tail not detected: %+v", rep)
	}
	t.Logf("reported: position %d: %s", rep.FirstBadPosition, rep.Problem)
	// Position 9 is not in the log: the report says that 9 and 10 are
	// missing from the tail, and that the log ends at 8.
	if rep.MissingFrom != 9 || rep.MissingTo != 10 || rep.HeadPosition != 8 || rep.LastGoodPosition != 8 ||
		!strings.Contains(rep.Problem, "positions 9 to 10 were removed from the tail") {
		t.Fatalf("truncated tail: %+v, want positions 9 to 10 missing after the head 8", rep)
	}
	checkBadPosition(t, rep)
	// An anchor one past the head: one position missing.
	rep, err = s.VerifyAnchored(ctx, 9, anchored, nil)
	if err != nil || rep.OK || rep.FirstBadPosition != 9 || rep.MissingFrom != 9 || rep.MissingTo != 9 ||
		!strings.Contains(rep.Problem, "position 9 was removed from the tail") {
		t.Fatalf("anchor one past the head: %+v %v", rep, err)
	}
}

// TestVerifyAnchoredDetectsRewrittenHistory edits an event and recomputes
// every hash after it, head included: plain Verify passes, the anchor does not.
func TestVerifyAnchoredDetectsRewrittenHistory(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	anchored := seedTen(t, s)
	tamper(t, sc.Pool, []string{`UPDATE events SET data = '{"n":99}' WHERE position = 4`})
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	prev := eventlog.GenesisHash
	for _, e := range all {
		in := eventlog.HashInput{ID: e.ID, Stream: e.Stream, Version: e.Version, Position: e.Position, Type: e.Type,
			SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Data: e.Data, Metadata: e.RawMetadata}
		h := eventlog.ChainHash(prev, in)
		stmts = append(stmts, fmt.Sprintf(`UPDATE events SET prev_hash = '\x%x', hash = '\x%x' WHERE position = %d`, prev, h, e.Position))
		prev = h
	}
	stmts = append(stmts, fmt.Sprintf(`UPDATE event_head SET hash = '\x%x'`, prev))
	tamper(t, sc.Pool, stmts)
	if plain, err := s.Verify(ctx, nil); err != nil || !plain.OK {
		t.Fatalf("plain verify should pass on a consistently rewritten log: %+v %v", plain, err)
	}
	rep, err := s.VerifyAnchored(ctx, 10, anchored, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || rep.FirstBadPosition != 10 {
		t.Fatalf("rewritten history not detected: %+v", rep)
	}
	checkBadPosition(t, rep)
}
