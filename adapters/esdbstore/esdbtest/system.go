package esdbtest

import (
	"github.com/google/uuid"
)

// systemEvents are records a fresh EventStoreDB writes to $all before any
// user event: $-prefixed streams and event types.
var systemEvents = []struct{ stream, eventType, data string }{
	{"$settings", "$settings", `{"$userStreamAcl":{"$r":"$all"}}`},
	{"$users", "$User", `"admin"`},
	{"$user-admin", "$UserCreated", `{"loginName":"admin"}`},
	{"$scavenges", "$scavengeIndexInitialized", `{}`},
}

func (s *Server) seedSystemEvents() {
	for _, e := range systemEvents {
		s.appendSystem(e.stream, e.eventType, e.data)
	}
}

// AppendSystemEvent appends an event with an empty JSON object to stream
// (normally $-prefixed) with the given (normally $-prefixed) type, as the
// server itself does, so tests can check that filters and readers skip
// system events that appear between user events.
func (s *Server) AppendSystemEvent(stream, eventType string) {
	s.appendSystem(stream, eventType, `{}`)
}

func (s *Server) appendSystem(stream, eventType, data string) {
	ev := proposed{id: uuid.New(), eventType: eventType, contentType: "application/json", data: []byte(data), meta: []byte{}}
	s.store.append(stream, expectation{kind: expectAny}, []proposed{ev}, s.now())
}

// EventCount returns the number of events in $all, system events included.
func (s *Server) EventCount() int {
	evs, _ := s.store.allEvents()
	return len(evs)
}
