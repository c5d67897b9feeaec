package pgstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/kinerja/kinerja/domain/eventlog"
	"golang.org/x/sync/errgroup"
)

// verifyChunk is the most positions one verify worker reads at a time.
const verifyChunk = 50000

// Verify recomputes the hash chain over the whole global log and compares it
// with the stored prev_hash/hash columns and with the head row. It detects
// edited, deleted, inserted and reordered events, and a head row that
// disagrees with the log. The log is read in position ranges that never
// span two partitions, in parallel; each range checks its own links, and the
// links between ranges (across partition boundaries too) are checked after,
// in order, so the report is the one a single pass in position order gives.
// The report's head is the last event stored (where the log ends), also
// when the chain breaks before it; LastGoodPosition is where the chain
// stops verifying. A head row past the last event reports the positions in
// between as missing from the tail; a head row before it, or with another
// hash, reports the first event it does not vouch for. progress, if not
// nil, is called every few thousand events with the number verified and the
// head position.
func (s *Store) Verify(ctx context.Context, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	// The head bounds the cuts and the progress; the head row the log is
	// checked against is read with the last range (see verifyRange).
	headPos, _, err := s.Head(ctx)
	if err != nil {
		return eventlog.VerifyReport{}, err
	}
	cuts, err := s.verifyCuts(ctx, headPos)
	if err != nil {
		return eventlog.VerifyReport{}, err
	}
	results := make([]chunkResult, len(cuts)+1)
	var pm sync.Mutex
	var done uint64
	tick := func(n uint64) {
		if progress == nil {
			return
		}
		pm.Lock()
		defer pm.Unlock()
		done += n
		progress(done, headPos)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, min(runtime.GOMAXPROCS(0), 8)))
	for i := range results {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if i > 0 {
			lo = cuts[i-1]
		}
		if i < len(cuts) {
			hi = cuts[i]
		}
		g.Go(func() (err error) {
			// A plan a migration made stale is refused before any row is
			// read; the range is read again (see queryEvents).
			for tries := int(s.pool.Config().MaxConns) + 1; ; tries-- {
				results[i], err = s.verifyRange(gctx, lo, hi, i == len(cuts), tick)
				if tries <= 1 || !isStalePlan(err) {
					return err
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return eventlog.VerifyReport{HeadHash: eventlog.GenesisHash, LastGoodHash: eventlog.GenesisHash}, fmt.Errorf("verify: %w", err)
	}
	rep := stitch(results)
	rep.HeadPosition, rep.HeadHash = logEnd(results)
	if progress != nil {
		progress(rep.Events, headPos)
	}
	if rep.Problem == "" {
		last := results[len(results)-1]
		checkHeadRow(&rep, last.headPos, last.headHash)
	}
	rep.OK = rep.Problem == ""
	return rep, nil
}

// logEnd returns the position and stored hash of the last event the ranges
// read (0 and the genesis hash when there is none).
func logEnd(results []chunkResult) (uint64, []byte) {
	for i := len(results) - 1; i >= 0; i-- {
		if r := results[i]; r.rows > 0 {
			return r.endPos, r.endHash
		}
	}
	return 0, eventlog.GenesisHash
}

// checkHeadRow compares the head row with a chain that verifies up to the
// log's end, rep's head, and reports where they disagree: a head row past
// the end, the positions missing from the tail; a head row before it, the
// first event it does not account for; another hash at the end, that event.
func checkHeadRow(rep *eventlog.VerifyReport, headPos uint64, headHash []byte) {
	switch {
	case headPos > rep.HeadPosition:
		rep.TailMissing(headPos)
		rep.Problem = fmt.Sprintf("the head row says the log ends at position %d hash %x, but its last event is at position %d hash %x: %s missing from the tail (events removed, or the head row altered)",
			headPos, headHash, rep.HeadPosition, rep.HeadHash, eventlog.Positions(rep.MissingFrom, rep.MissingTo, "are", "is"))
	case headPos < rep.HeadPosition:
		rep.FirstBadPosition = headPos + 1
		rep.Problem = fmt.Sprintf("the head row says the log ends at position %d hash %x, but it goes on to position %d: %s not accounted for by the head row (events added behind its back, or the head row rewound)",
			headPos, headHash, rep.HeadPosition, eventlog.Positions(headPos+1, rep.HeadPosition, "are", "is"))
	case !bytes.Equal(headHash, rep.HeadHash):
		rep.FirstBadPosition = headPos
		rep.Problem = fmt.Sprintf("the head row says position %d has hash %x, but the event there has hash %x (the event or the head row was altered)",
			headPos, headHash, rep.HeadHash)
	}
}

// verifyCuts returns the positions at which the log is cut into ranges for
// the verify workers: every partition's lower bound, and every verifyChunk
// positions, up to the head.
func (s *Store) verifyCuts(ctx context.Context, head uint64) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT lower FROM events_partition_bounds() WHERE lower > 1 AND lower <= $1`, int64(head))
	if err != nil {
		return nil, fmt.Errorf("verify: partitions: %w", err)
	}
	set := map[int64]bool{}
	for rows.Next() {
		var lo int64
		if err := rows.Scan(&lo); err != nil {
			return nil, fmt.Errorf("verify: partitions: %w", err)
		}
		set[lo] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verify: partitions: %w", err)
	}
	for c := int64(1 + verifyChunk); c <= int64(head); c += verifyChunk {
		set[c] = true
	}
	cuts := make([]int64, 0, len(set))
	for c := range set {
		cuts = append(cuts, c)
	}
	slices.Sort(cuts)
	return cuts, nil
}

// chunkResult is what one worker found in its range.
type chunkResult struct {
	count               uint64
	firstPos, lastPos   uint64
	firstPrev, lastHash []byte
	// rows is the number of rows read, endPos and endHash the last one's
	// position and stored hash, past a problem too.
	rows    uint64
	endPos  uint64
	endHash []byte
	// problem is the first broken link inside the range (the first row's
	// link to the range before is checked by stitch), at badPos, after
	// goodBefore good events of the range.
	problem    string
	badPos     uint64
	goodBefore uint64
	goodHash   []byte
	// headPos and headHash are the head row as the last range's snapshot
	// holds it.
	headPos  uint64
	headHash []byte
}

// verifyRange checks the events with lo <= position < hi. It reads the
// rows' raw values (no allocation per row) and hashes with one reusable
// Chainer: this loop is most of the verifier's client CPU. With last set
// (the range that runs to the log's end) it also reads the head row, in the
// same snapshot as the events: on a live log, appends go on while the log
// is verified, and the head row read before them was reported as not
// accounting for the events appended since.
func (s *Store) verifyRange(ctx context.Context, lo, hi int64, last bool, tick func(uint64)) (res chunkResult, err error) {
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly}
	if last {
		opts.IsoLevel = pgx.RepeatableRead
	}
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return res, err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	// The range is read along the partition's primary key, already in
	// position order. Without statistics (a log loaded faster than
	// autoanalyze runs) the planner picks a bitmap scan, a sort spilled to
	// disk, parallel workers and JIT: twice the server's time.
	if _, err := tx.Exec(ctx, verifyPlan); err != nil {
		return res, err
	}
	if last {
		var pos int64
		if err := tx.QueryRow(ctx, `SELECT position, hash FROM event_head WHERE id`).Scan(&pos, &res.headHash); err != nil {
			return res, fmt.Errorf("read head: %w", err)
		}
		res.headPos = uint64(pos)
	}
	rows, err := tx.Query(ctx, `SELECT id::text, stream, version, position, type, schema_version, data::text, metadata::text, recorded_at, prev_hash, hash
		FROM events WHERE position >= $1 AND position < $2 ORDER BY position`, lo, hi)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	var local eventlog.VerifyReport
	var in eventlog.HashInput
	var pending uint64
	chainer := eventlog.NewChainer()
	var want []byte
	for rows.Next() {
		res.rows++
		if res.problem != "" {
			// Drain: the first problem of the range is reported, and the
			// last row is where the log ends.
			if err := rawEnd(rows.RawValues(), &res); err != nil {
				return res, err
			}
			continue
		}
		prev, hash, err := rawHashInput(rows.FieldDescriptions(), rows.RawValues(), &in)
		if err != nil {
			return res, err
		}
		if res.count == 0 {
			res.firstPos, res.firstPrev = in.Position, append([]byte(nil), prev...)
			local.LastGoodPosition, local.LastGoodHash = in.Position-1, res.firstPrev
		}
		want = chainer.Hash(want[:0], local.LastGoodHash, in)
		if problem := linkProblem(local, in, prev, hash, want); problem != "" {
			res.problem, res.badPos, res.goodBefore, res.goodHash = problem, local.LastGoodPosition+1, res.count, local.LastGoodHash
			res.endPos, res.endHash = in.Position, append(res.endHash[:0], hash...)
			continue
		}
		res.count++
		local.LastGoodPosition, local.LastGoodHash = in.Position, append(local.LastGoodHash[:0:0], hash...)
		if pending++; pending == 5000 {
			tick(pending)
			pending = 0
		}
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	tick(pending)
	res.lastPos, res.lastHash = local.LastGoodPosition, local.LastGoodHash
	if res.problem == "" {
		res.endPos, res.endHash = res.lastPos, res.lastHash
	}
	return res, nil
}

// rawEnd records a drained row's position and stored hash as res's end.
func rawEnd(v [][]byte, res *chunkResult) error {
	if len(v) != 11 || len(v[3]) != 8 || v[10] == nil {
		return errors.New("verify: unexpected position or hash column")
	}
	res.endPos, res.endHash = binary.BigEndian.Uint64(v[3]), append(res.endHash[:0], v[10]...)
	return nil
}

// verifyPlan makes verifyRange's query an index scan in position order.
const verifyPlan = `SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off; SET LOCAL jit = off;
	SET LOCAL max_parallel_workers_per_gather = 0`

// pgEpochMicros is 2000-01-01 UTC, PostgreSQL's timestamp epoch, in Unix
// microseconds.
const pgEpochMicros = 946684800000000

// rawHashInput decodes one row of verifyRange's query from its raw values
// into in (whose strings point into the row's buffer: valid until the next
// row) and returns the row's prev_hash and hash.
func rawHashInput(fields []pgconn.FieldDescription, v [][]byte, in *eventlog.HashInput) (prev, hash []byte, err error) {
	const txt, bin = pgx.TextFormatCode, pgx.BinaryFormatCode
	want := [...]int16{txt, txt, bin, bin, txt, bin, txt, txt, bin, bin, bin}
	if len(v) != len(want) {
		return nil, nil, fmt.Errorf("verify: %d columns, want %d", len(v), len(want))
	}
	for i, f := range want {
		if fields[i].Format != f || v[i] == nil {
			return nil, nil, fmt.Errorf("verify: column %s: format %d (want %d) or NULL", fields[i].Name, fields[i].Format, f)
		}
	}
	if len(v[2]) != 8 || len(v[3]) != 8 || len(v[5]) != 4 || len(v[8]) != 8 {
		return nil, nil, errors.New("verify: unexpected binary width of version, position, schema_version or recorded_at")
	}
	in.ID, in.Stream, in.Type = unsafe.String(unsafe.SliceData(v[0]), len(v[0])), unsafe.String(unsafe.SliceData(v[1]), len(v[1])), unsafe.String(unsafe.SliceData(v[4]), len(v[4]))
	in.Version, in.Position = binary.BigEndian.Uint64(v[2]), binary.BigEndian.Uint64(v[3])
	in.SchemaVersion = int(int32(binary.BigEndian.Uint32(v[5])))
	in.Data, in.Metadata = v[6], v[7]
	in.RecordedAt = time.UnixMicro(int64(binary.BigEndian.Uint64(v[8])) + pgEpochMicros)
	return v[9], v[10], nil
}

// stitch checks the links between the ranges, in order, and returns the
// report of a single pass: the first problem in position order, and the
// last good position before it. It leaves the head to the caller.
func stitch(results []chunkResult) eventlog.VerifyReport {
	rep := eventlog.VerifyReport{LastGoodHash: eventlog.GenesisHash}
	for _, r := range results {
		if r.count == 0 && r.problem == "" {
			continue
		}
		want := rep.LastGoodPosition + 1
		switch {
		case r.firstPos != want:
			rep.FirstBadPosition, rep.Problem = want, fmt.Sprintf("expected position %d, found %d (event missing or inserted)", want, r.firstPos)
			return rep
		case !bytes.Equal(r.firstPrev, rep.LastGoodHash):
			rep.FirstBadPosition = want
			rep.Problem = fmt.Sprintf("prev_hash %x does not match the hash %x of position %d (events reordered, removed or inserted)", r.firstPrev, rep.LastGoodHash, rep.LastGoodPosition)
			return rep
		case r.problem != "":
			rep.FirstBadPosition, rep.Problem = r.badPos, r.problem
			rep.Events += r.goodBefore
			if r.goodBefore > 0 {
				rep.LastGoodPosition, rep.LastGoodHash = r.badPos-1, r.goodHash
			}
			return rep
		}
		rep.Events += r.count
		rep.LastGoodPosition, rep.LastGoodHash = r.lastPos, r.lastHash
	}
	return rep
}

// linkProblem checks one event against the chain verified so far (rep's
// last good position and hash), given the hash its content should have,
// and returns what is wrong, or "".
func linkProblem(rep eventlog.VerifyReport, in eventlog.HashInput, prev, hash, wantHash []byte) string {
	want := rep.LastGoodPosition + 1
	switch {
	case in.Position != want:
		return fmt.Sprintf("expected position %d, found %d (event missing or inserted)", want, in.Position)
	case !bytes.Equal(prev, rep.LastGoodHash):
		// Positions and hashes only: the report is shown to auditors of every
		// instansi, so it names no stream, event id or content.
		return fmt.Sprintf("prev_hash %x does not match the hash %x of position %d (events reordered, removed or inserted)", prev, rep.LastGoodHash, rep.LastGoodPosition)
	case !bytes.Equal(hash, wantHash):
		return fmt.Sprintf("hash does not match the content of the event at position %d: the event was altered", in.Position)
	}
	return ""
}
