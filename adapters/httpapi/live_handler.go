package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// liveHistoryPage is how many events a resuming stream reads at a time.
const liveHistoryPage = 1000

// liveShutdownComment ends every stream when the server shuts down.
const liveShutdownComment = "server shutting down; reconnect with Last-Event-ID"

// liveRetryMillis is the reconnection delay the stream asks EventSource
// clients to use.
const liveRetryMillis = 2000

// liveEvents serves GET /v1/me/events: authenticate, take a stream slot of
// the caller, replay the log after Last-Event-ID (or ?after=) if given,
// then stream live events until the client leaves, the hub drops the
// stream or the server shuts down. A HEAD is checked as the GET is (token,
// resume point, a free stream slot) and answered with the stream's headers
// at once, without opening a stream.
func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) {
	c, err := s.begin(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, resume, err := liveResumePoint(r)
	if err == nil && resume {
		field := "after"
		if strings.TrimSpace(r.Header.Get("Last-Event-ID")) != "" {
			field = "Last-Event-ID"
		}
		err = s.checkResumePoint(r.Context(), after, field)
	}
	if err == nil && r.Method == http.MethodHead {
		if err = s.live.admits(c.p); err == nil {
			setSSEHeaders(w.Header())
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	client, regPos, err := s.live.register(r.Context(), c.p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer s.live.unregister(client)
	client.foreign = s.noteForeignRead(r, c.p.Instansi)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-s.live.stopping: // a long replay must not hold up the shutdown
			cancel()
		case <-ctx.Done():
		}
	}()
	st := newSSEStream(w, s.api.Live.WriteTimeout)
	if err := st.open(); err != nil {
		return
	}
	cursor := regPos
	if resume {
		if cursor, err = s.replayLive(ctx, st, client, after, regPos); err != nil {
			s.endReplay(r, st, err)
			return
		}
	}
	if st.checkpoint(cursor) != nil {
		return
	}
	s.streamLive(ctx, st, liveCaller{p: c.p, header: r.Header.Get("Authorization")}, client, cursor)
}

// endReplay ends a stream whose replay failed with a comment saying why,
// unless the client left.
func (s *Server) endReplay(r *http.Request, st *sseStream, err error) {
	select {
	case <-s.live.stopping:
		_ = st.comment(liveShutdownComment)
		return
	default:
	}
	if r.Context().Err() == nil {
		s.deps.Logger.WarnContext(r.Context(), "live updates: replay failed", "error", err.Error(), "request_id", RequestID(r.Context()))
		_ = st.comment("replay failed; reconnect with Last-Event-ID")
	}
}

// liveResumePoint reads where a stream resumes: the Last-Event-ID header
// (what an EventSource sends when it reconnects) or else ?after=, the one
// query parameter of a stream.
func liveResumePoint(r *http.Request) (uint64, bool, error) {
	if errs := checkParams(r.URL.Query(), "after"); len(errs) > 0 {
		return 0, false, newRequestError(TypeValidation, "A stream takes one query parameter, after, given once.", errs...)
	}
	field, v := "Last-Event-ID", strings.TrimSpace(r.Header.Get("Last-Event-ID"))
	if v == "" {
		qs, ok := r.URL.Query()["after"]
		if !ok {
			return 0, false, nil
		}
		field, v = "after", qs[0]
	}
	p, err := eventlog.ParsePosition(v)
	if err != nil {
		return 0, false, newRequestError(TypeValidation, "The resume point must be the id (global position) of an event received, or 0 for the whole log.",
			FieldError{Field: field, Message: "not a global position"})
	}
	return p, true, nil
}

// checkResumePoint refuses a resume point past the head of the log: no
// event was ever sent with that id, and the stream would skip every event
// committed until the log reached it.
func (s *Server) checkResumePoint(ctx context.Context, after uint64, field string) error {
	head, _, err := s.api.Live.Log.Head(ctx)
	if err != nil {
		return err
	}
	if after > head {
		return newRequestError(TypeValidation, fmt.Sprintf("The resume point %d is past the last event of the log (%d): resume from the id of an event received, or 0.", after, head),
			FieldError{Field: field, Message: "past the head of the log"})
	}
	return nil
}

// replayLive writes the events after `after` that sc admits, up to at least
// regPos, and returns the position it read up to: live events at or below
// it were replayed (or not admitted) and must be skipped.
func (s *Server) replayLive(ctx context.Context, st *sseStream, client *liveClient, after, regPos uint64) (uint64, error) {
	sc := client.scope
	if sc.instansiOnly() {
		return s.replayInstansi(ctx, st, sc.instansi, after, regPos)
	}
	// An employee who evaluates nobody receives only events of their
	// instansi (their own streams, its periods): those are read by the
	// instansi's index, then decided, instead of the whole log of every
	// instansi (a pegawai's resume from 0 read it all). An official may
	// evaluate an employee of another instansi: the whole log.
	read := func(cursor uint64) ([]eventlog.Event, error) {
		return s.api.Live.Log.ReadAll(ctx, cursor, liveHistoryPage)
	}
	if !sc.evaluator && sc.instansi != "" {
		read = func(cursor uint64) ([]eventlog.Event, error) {
			return s.api.Audit.Search(ctx, eventlog.AuditFilter{Instansi: sc.instansi, After: cursor, Limit: liveHistoryPage})
		}
	}
	cursor := after
	for {
		page, err := read(cursor)
		if err != nil {
			return cursor, err
		}
		for _, e := range page {
			f, err := s.liveFacts.of(ctx, e)
			if err != nil {
				return cursor, err
			}
			switch sc.decide(f) {
			case undecided:
				return cursor, fmt.Errorf("live replay at %d: %w", e.Position, f.linesErr)
			case allow:
				msg, err := renderLive(e)
				if err != nil {
					return cursor, err
				}
				if err := st.buffer(msg.frame); err != nil {
					return cursor, err
				}
				if client.foreign != nil {
					client.foreign(f.instansi)
				}
			}
			cursor = e.Position
		}
		if err := st.flush(); err != nil {
			return cursor, err
		}
		if len(page) < liveHistoryPage {
			// Nothing more up to the head as read, which is at least regPos
			// (by the instansi's index, the last event read may be below it).
			return max(cursor, regPos), nil
		}
		if cursor >= regPos {
			return cursor, nil
		}
	}
}

// replayInstansi is replayLive for a scope of exactly the events of
// instansi: it reads them with the audit search, which finds them by an
// index (and finds those stored before metadata named an instansi too)
// instead of reading the whole log.
func (s *Server) replayInstansi(ctx context.Context, st *sseStream, instansi string, after, regPos uint64) (uint64, error) {
	cursor := after
	for {
		page, err := s.api.Audit.Search(ctx, eventlog.AuditFilter{Instansi: instansi, After: cursor, Limit: liveHistoryPage})
		if err != nil {
			return cursor, err
		}
		for _, e := range page {
			msg, err := renderLive(e)
			if err != nil {
				return cursor, err
			}
			if err := st.buffer(msg.frame); err != nil {
				return cursor, err
			}
			cursor = e.Position
		}
		if err := st.flush(); err != nil {
			return cursor, err
		}
		if len(page) < liveHistoryPage {
			// Nothing of the instansi up to the head as read, which is at
			// least regPos: the live events after regPos follow.
			return max(cursor, regPos), nil
		}
		if cursor >= regPos {
			return cursor, nil
		}
	}
}

// liveCaller is who opened a stream: the principal and the Authorization
// header it was authenticated from, checked again at each heartbeat.
type liveCaller struct {
	p      Principal
	header string
}

// liveTokenComment ends a stream whose token no longer authenticates.
const liveTokenComment = "the token has expired or no longer verifies; reconnect with a current token"

// liveClaimsComment ends a stream whose claims no longer hold.
const liveClaimsComment = "the token's claims no longer hold; reconnect with a current token"

// recheckCaller checks the caller of a stream again, at a heartbeat: the
// token must still authenticate (so a stream ends once its token has
// expired, as a request would be refused) and its claims must still be
// bound to the master data (so a caller who left the service stops
// receiving). It returns the comment that ends the stream, or "" to go on.
// Only a refusal ends the stream: a master-data read that failed (the
// database busy or restarting) says nothing about the claims, and the next
// heartbeat checks again.
func (s *Server) recheckCaller(ctx context.Context, who liveCaller) string {
	if _, err := s.api.Auth.Authenticate(ctx, who.header); err != nil && ctx.Err() == nil {
		return liveTokenComment
	}
	var denied *requestError
	if err := s.bindClaims(ctx, who.p); errors.As(err, &denied) {
		return liveClaimsComment
	}
	return ""
}

// streamLive writes the live events of client above cursor, and a
// heartbeat comment every heartbeat interval. At each heartbeat the caller
// is checked again (see recheckCaller); the stream ends after MaxDuration.
func (s *Server) streamLive(ctx context.Context, st *sseStream, who liveCaller, client *liveClient, cursor uint64) {
	beat := time.NewTicker(s.api.Live.Heartbeat)
	defer beat.Stop()
	lifetime := time.NewTimer(s.api.Live.MaxDuration)
	defer lifetime.Stop()
	for {
		select {
		case msg := <-client.msgs:
			if err := s.writeLive(st, client, msg, &cursor); err != nil {
				return
			}
		case <-beat.C:
			if why := s.recheckCaller(ctx, who); why != "" {
				_ = st.comment(why)
				return
			}
			if st.comment("heartbeat") != nil {
				return
			}
		case <-lifetime.C:
			_ = st.comment("stream lifetime reached; reconnect with a current token and Last-Event-ID")
			return
		case <-client.dropped:
			_ = st.comment("too far behind; reconnect with Last-Event-ID to catch up")
			return
		case <-s.live.stopping:
			_ = st.comment(liveShutdownComment)
			return
		case <-ctx.Done():
			select {
			case <-s.live.stopping: // ctx ends with the shutdown too
				_ = st.comment(liveShutdownComment)
			default:
			}
			return
		}
	}
}

// writeLive writes msg and whatever else is waiting, in one flush,
// skipping events at or below *cursor.
func (s *Server) writeLive(st *sseStream, client *liveClient, msg *liveMessage, cursor *uint64) error {
	for {
		if msg.pos > *cursor {
			if err := st.buffer(msg.frame); err != nil {
				return err
			}
			*cursor = msg.pos
			if client.foreign != nil {
				client.foreign(msg.instansi)
			}
		}
		select {
		case msg = <-client.msgs:
			continue
		default:
		}
		return st.flush()
	}
}
