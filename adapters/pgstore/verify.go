package pgstore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Verify recomputes the hash chain over the whole global log, in position
// order, and compares it with the stored prev_hash/hash columns and with the
// head row. It detects edited, deleted, inserted and reordered events, and a
// head row that disagrees with the log. progress, if not nil, is called every
// few thousand events with the number verified and the head position.
func (s *Store) Verify(ctx context.Context, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	headPos, headHash, err := s.Head(ctx)
	if err != nil {
		return eventlog.VerifyReport{}, err
	}
	rep := eventlog.VerifyReport{HeadHash: eventlog.GenesisHash}
	rows, err := s.pool.Query(ctx, `SELECT id::text, stream, version, position, type, schema_version, data::text, metadata::text, recorded_at, prev_hash, hash FROM events ORDER BY position`)
	if err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	defer rows.Close()
	var in eventlog.HashInput
	var data, meta string
	var recorded time.Time
	var prev, hash []byte
	for rows.Next() {
		if err := rows.Scan(&in.ID, &in.Stream, &in.Version, &in.Position, &in.Type, &in.SchemaVersion, &data, &meta, &recorded, &prev, &hash); err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		in.Data, in.Metadata, in.RecordedAt = []byte(data), []byte(meta), recorded
		if problem := checkLink(rep, in, prev, hash); problem != "" {
			rep.FirstBadPosition, rep.Problem = rep.HeadPosition+1, problem
			return rep, nil
		}
		rep.Events++
		rep.HeadPosition, rep.HeadHash = in.Position, append([]byte(nil), hash...)
		if progress != nil && rep.Events%5000 == 0 {
			progress(rep.Events, headPos)
		}
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	if progress != nil {
		progress(rep.Events, headPos)
	}
	if rep.HeadPosition != headPos || !bytes.Equal(rep.HeadHash, headHash) {
		rep.FirstBadPosition = rep.HeadPosition + 1
		rep.Problem = fmt.Sprintf("head row says position %d hash %x, but the log ends at position %d hash %x (events missing from the tail?)",
			headPos, headHash, rep.HeadPosition, rep.HeadHash)
		return rep, nil
	}
	rep.OK = true
	return rep, nil
}

// checkLink checks one event against the chain verified so far and returns
// what is wrong, or "".
func checkLink(rep eventlog.VerifyReport, in eventlog.HashInput, prev, hash []byte) string {
	want := rep.HeadPosition + 1
	switch {
	case in.Position != want:
		return fmt.Sprintf("expected position %d, found %d (event missing or inserted)", want, in.Position)
	case !bytes.Equal(prev, rep.HeadHash):
		return fmt.Sprintf("prev_hash %x does not match the hash %x of position %d (events reordered, removed or inserted)", prev, rep.HeadHash, rep.HeadPosition)
	case !bytes.Equal(hash, eventlog.ChainHash(rep.HeadHash, in)):
		// Positions and hashes only: the report is shown to auditors of every
		// instansi, so it names no stream, event id or content.
		return fmt.Sprintf("hash does not match the content of the event at position %d: the event was altered", in.Position)
	}
	return ""
}
