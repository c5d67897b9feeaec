package httpapi

import (
	"context"
	"errors"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Live updates: GET /v1/me/events streams, as Server-Sent Events, the events
// of the global log that the caller may read (see liveScope), each with its
// global position as the SSE id. One hub per server follows the log once
// and fans every event out to the connected streams; a stream that connects
// with Last-Event-ID (or ?after=) first replays the log after it, so that a
// client that reconnects misses nothing and receives nothing twice.

// LiveLog is what live updates read from the event log. The event store
// satisfies it directly.
type LiveLog interface {
	// Head returns the position (and hash) of the last committed event.
	Head(ctx context.Context) (uint64, []byte, error)
	// ReadAll returns events with position > after, in position order, at
	// most limit.
	ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error)
	// Follow calls fn with every event with position > after, in position
	// order, the stored ones first and then live ones as they commit, until
	// ctx ends (ctx's error), fn fails (its error) or reading fails.
	Follow(ctx context.Context, after uint64, fn func(eventlog.Event) error) error
}

// Defaults of LiveUpdates.
const (
	DefaultLiveHeartbeat    = 15 * time.Second
	DefaultLiveMaxPerUser   = 5
	DefaultLiveBuffer       = 1024
	DefaultLiveWriteTimeout = 10 * time.Second
	DefaultLiveMaxDuration  = time.Hour
)

// LiveUpdates configures GET /v1/me/events. Log is required; the zero value
// of every other field takes its default.
type LiveUpdates struct {
	// Log is the event log the hub follows and streams replay from.
	Log LiveLog
	// Heartbeat is the interval of the SSE comments that keep an idle
	// stream open through proxies. Default DefaultLiveHeartbeat.
	Heartbeat time.Duration
	// MaxPerUser bounds the open streams of one token subject; one more is
	// answered 429. Default DefaultLiveMaxPerUser.
	MaxPerUser int
	// Buffer is how many events a stream may have waiting to be written.
	// A stream whose client reads too slowly to keep it from overflowing is
	// ended with a comment asking it to reconnect (with Last-Event-ID, so it
	// loses nothing). Default DefaultLiveBuffer.
	Buffer int
	// WriteTimeout bounds each write to a stream (it replaces the server's
	// WriteTimeout, which would end every stream). Default
	// DefaultLiveWriteTimeout.
	WriteTimeout time.Duration
	// MaxDuration bounds the life of one stream: the token was checked when
	// it opened, so the client must come back with a current token (and
	// Last-Event-ID) at least this often. Default DefaultLiveMaxDuration.
	MaxDuration time.Duration
}

// withDefaults returns a copy of l with its defaults filled in.
func (l LiveUpdates) withDefaults() LiveUpdates {
	if l.Heartbeat == 0 {
		l.Heartbeat = DefaultLiveHeartbeat
	}
	if l.MaxPerUser == 0 {
		l.MaxPerUser = DefaultLiveMaxPerUser
	}
	if l.Buffer == 0 {
		l.Buffer = DefaultLiveBuffer
	}
	if l.WriteTimeout == 0 {
		l.WriteTimeout = DefaultLiveWriteTimeout
	}
	if l.MaxDuration == 0 {
		l.MaxDuration = DefaultLiveMaxDuration
	}
	return l
}

func (l LiveUpdates) validate() error {
	switch {
	case l.Log == nil:
		return errors.New("httpapi: API.Live.Log is nil")
	case l.Heartbeat < 0 || l.MaxPerUser < 0 || l.Buffer < 0 || l.WriteTimeout < 0 || l.MaxDuration < 0:
		return errors.New("httpapi: API.Live settings must not be negative")
	}
	return nil
}
