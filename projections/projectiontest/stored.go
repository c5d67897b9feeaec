package projectiontest

import (
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Event is any domain event.
type Event = interface{ EventType() string }

// Stored turns generated appends into stored events with positions from 1,
// recorded a second apart from the start of 2025, as a projector reads
// them from the log.
func Stored(appends []Append) []eventlog.Event {
	var out []eventlog.Event
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range appends {
		for _, ne := range a.Events {
			n := uint64(len(out) + 1)
			out = append(out, eventlog.Event{ID: ne.ID, Stream: a.Stream, Position: n, Type: ne.Type,
				SchemaVersion: ne.SchemaVersion, Data: ne.Data, Metadata: ne.Metadata, RecordedAt: at.Add(time.Duration(n) * time.Second)})
		}
	}
	return out
}

// StoredEvents encodes domain events, by HR, as stored events of one stream
// with positions from 1 (see Stored).
func StoredEvents(evs ...Event) []eventlog.Event {
	var appends []Append
	for _, ev := range evs {
		appends = append(appends, Append{Stream: "s", Events: []eventlog.NewEvent{Encode(ev, HR)}})
	}
	return Stored(appends)
}
