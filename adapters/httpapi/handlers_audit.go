package httpapi

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// The audit endpoints: an SKP's score trail, search over the whole log, and
// verification of the hash chain. Only auditors and the inspektorat may
// call them; they read and never write.

// scoreTrailView is the score trail of one SKP as of a point in the log.
type scoreTrailView struct {
	NIP    string `json:"nip"`
	Year   int    `json:"year"`
	Stream string `json:"stream"`
	// AsOf is the as_of the trail was read at, or "now".
	AsOf string `json:"as_of"`
	// Version is the stream's version at that point.
	Version uint64            `json:"version"`
	Changes []skp.ScoreChange `json:"changes"`
}

// scoreTrail returns every rating event of an SKP (periodic, annual,
// amendment, objection decision) with the ratings before and after, to the
// employee whose SKP it is, and to an auditor or the inspektorat of the
// SKP's instansi.
func (s *Server) scoreTrail(ctx context.Context, c *call) (listing, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return listing{}, err
	}
	// A misspelt as_of would list today's trail as if it were the one asked for.
	if errs := checkParams(c.r.URL.Query(), "as_of"); len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	if err := s.ownOr(ctx, c.p, n, func() error { return asAuditor(c.p) }); err != nil {
		return listing{}, err
	}
	at, err := c.asOf()
	if err != nil {
		return listing{}, err
	}
	if !isOwn(c.p, n) {
		// The employee's instansi is checked before the SKP is read, so an
		// SKP of another instansi answers as a missing one even when it
		// cannot be read.
		if _, err := s.employeeIn(ctx, c.p.Instansi, n); err != nil {
			return listing{}, err
		}
	}
	current, err := s.skpAsOf(ctx, n, year, eventlog.AsOf{})
	if err != nil {
		return listing{}, err
	}
	if !isOwn(c.p, n) && current.Instansi() != c.p.Instansi {
		return listing{}, skpNotFound() // an SKP of another instansi answers as a missing one.
	}
	stream := skp.Stream(n, year)
	evs, err := s.api.Audit.ReadStreamAsOf(ctx, stream, at)
	if err != nil {
		return listing{}, err
	}
	if len(evs) == 0 {
		// As the SKP read as of the moment answers: there was no trail.
		return listing{}, skpNotFoundAsOf(at)
	}
	trail, err := skp.ScoreTrail(evs)
	if err != nil {
		return listing{}, err
	}
	v := scoreTrailView{NIP: n, Year: year, Stream: stream, AsOf: at.String(), Changes: trail}
	if v.Changes == nil {
		v.Changes = []skp.ScoreChange{}
	}
	if len(evs) > 0 {
		v.Version = evs[len(evs)-1].Version
	}
	return listing{body: v, table: func() table { return scoreTrailTable(trail) },
		filename: "score-trail-" + n + "-" + c.vars["year"], etag: etag(v.Version)}, nil
}

// searchView is one page of an audit search.
type searchView struct {
	Events []eventView `json:"events"`
	// NextAfter is the after of the next page, or null on the last page.
	NextAfter *uint64 `json:"next_after"`
}

// searchEvents searches the whole log by actor, stream, type and time, one
// page at a time, for an auditor or the inspektorat.
func (s *Server) searchEvents(ctx context.Context, c *call) (listing, error) {
	if err := asAuditor(c.p); err != nil {
		return listing{}, err
	}
	f, err := auditFilterOf(c.r.URL.Query())
	if err != nil {
		return listing{}, err
	}
	// Every caller reads only the events of their own instansi.
	f.Instansi = c.p.Instansi
	// One event more than the page tells whether another page follows,
	// so that the last page says so even when it is exactly full.
	f.Peek = true
	evs, err := s.api.Audit.Search(ctx, f)
	if err != nil {
		return listing{}, err
	}
	more := len(evs) > f.PageSize()
	evs = evs[:min(len(evs), f.PageSize())]
	v := searchView{Events: make([]eventView, 0, len(evs))}
	for _, e := range evs {
		v.Events = append(v.Events, eventViewOf(e))
	}
	if more {
		next := evs[len(evs)-1].Position
		v.NextAfter = &next
	}
	return listing{body: v, table: func() table { return eventTable(v.Events) },
		filename: "audit-events", nextAfter: v.NextAfter}, nil
}

// verifyView is the outcome of verifying the hash chain.
type verifyView struct {
	// Status is "ok" or "broken".
	Status         string `json:"status"`
	EventsVerified uint64 `json:"events_verified"`
	// HeadPosition and HeadHash are the log's head as stored (its last
	// event), past a break too.
	HeadPosition uint64 `json:"head_position"`
	HeadHash     string `json:"head_hash"`
	// LastGoodPosition and LastGoodHash are the last event the chain
	// verifies through: the head when ok.
	LastGoodPosition uint64 `json:"last_good_position"`
	LastGoodHash     string `json:"last_good_hash"`
	// FirstBadPosition is where the chain breaks; null when ok.
	FirstBadPosition *uint64 `json:"first_bad_position"`
	// MissingFrom and MissingTo are the positions missing from the tail
	// (the log ends before the head row or the anchor says); null when
	// none is. FirstBadPosition is then MissingFrom, which the log does
	// not have.
	MissingFrom *uint64   `json:"missing_from"`
	MissingTo   *uint64   `json:"missing_to"`
	Problem     string    `json:"problem,omitempty"`
	VerifiedAt  time.Time `json:"verified_at"`
	// Anchor is the outcome of checking the anchor asked for, if any.
	Anchor *anchorView `json:"anchor,omitempty"`
}

// anchorView is the anchor a verification checked: Held when the chain is
// intact and the event at Position still has the anchored hash.
type anchorView struct {
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	Held     bool   `json:"held"`
}

// anchorParams reads ?anchor_position= and ?anchor_hash= (both or neither).
func anchorParams(q url.Values) (*anchorView, []byte, error) {
	// A misspelt anchor parameter would verify without the anchor and say ok.
	if errs := checkParams(q, "anchor_position", "anchor_hash"); len(errs) > 0 {
		return nil, nil, newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	ps, hs := q.Get("anchor_position"), strings.ToLower(strings.TrimSpace(q.Get("anchor_hash")))
	if ps == "" && hs == "" {
		return nil, nil, nil
	}
	var errs []FieldError
	pos, err := eventlog.ParsePosition(ps)
	if err != nil {
		errs = append(errs, FieldError{Field: "anchor_position", Message: "must be a global position (0 for the genesis)"})
	}
	hash, err := hex.DecodeString(hs)
	if err != nil || len(hash) != 32 {
		errs = append(errs, FieldError{Field: "anchor_hash", Message: "must be 64 hexadecimal digits (a SHA-256 hash)"})
	}
	if len(errs) > 0 {
		return nil, nil, newRequestError(TypeValidation, "An anchor is a position and its hash, both given.", errs...)
	}
	return &anchorView{Position: pos, Hash: hs}, hash, nil
}

// verifyHandler recomputes the hash chain over the whole log for an auditor
// or the inspektorat. Both outcomes are 200: the verification ran; a 500
// means it could not. Verifications run one at a time, since each reads the
// whole log; a second caller waits for the first.
func (s *Server) verifyHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.verify(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusOK, v)
	}
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) (verifyView, error) {
	c, err := s.begin(w, r)
	if err != nil {
		return verifyView{}, err
	}
	if err := asAuditor(c.p); err != nil {
		return verifyView{}, err
	}
	anchor, anchorHash, err := anchorParams(r.URL.Query())
	if err != nil {
		return verifyView{}, err
	}
	ctx := r.Context()
	select {
	case s.verifying <- struct{}{}:
		defer func() { <-s.verifying }()
	case <-ctx.Done():
		return verifyView{}, fmt.Errorf("wait for another verification: %w", ctx.Err())
	}
	var rep eventlog.VerifyReport
	if anchor != nil {
		rep, err = s.api.Audit.VerifyAnchored(ctx, anchor.Position, anchorHash, nil)
	} else {
		rep, err = s.api.Audit.Verify(ctx, nil)
	}
	if err != nil {
		return verifyView{}, fmt.Errorf("verify the hash chain: %w", err)
	}
	v := verifyView{Status: "ok", EventsVerified: rep.Events, HeadPosition: rep.HeadPosition, HeadHash: rep.HeadHashHex(),
		LastGoodPosition: rep.LastGoodPosition, LastGoodHash: rep.LastGoodHashHex(), VerifiedAt: s.now().UTC(), Anchor: anchor}
	if anchor != nil {
		anchor.Held = rep.OK
	}
	if !rep.OK {
		bad := rep.FirstBadPosition
		v.Status, v.FirstBadPosition, v.Problem = "broken", &bad, rep.Problem
		if rep.MissingFrom != 0 {
			from, to := rep.MissingFrom, rep.MissingTo
			v.MissingFrom, v.MissingTo = &from, &to
		}
		s.deps.Logger.WarnContext(ctx, "hash chain broken", "first_bad_position", bad, "missing_from", rep.MissingFrom,
			"missing_to", rep.MissingTo, "head_position", rep.HeadPosition, "problem", rep.Problem,
			"request_id", RequestID(ctx), "auditor", c.p.NIP)
	}
	return v, nil
}
