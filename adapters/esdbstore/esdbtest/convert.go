package esdbtest

import (
	"encoding/binary"
	"strconv"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
)

// uuidFromProto returns the 16 bytes of a structured or string UUID.
func uuidFromProto(id *shared.UUID) ([16]byte, bool) {
	var out [16]byte
	if st := id.GetStructured(); st != nil {
		binary.BigEndian.PutUint64(out[:8], uint64(st.MostSignificantBits))
		binary.BigEndian.PutUint64(out[8:], uint64(st.LeastSignificantBits))
		return out, true
	}
	u, err := uuid.Parse(id.GetString_())
	if err != nil {
		return out, false
	}
	return u, true
}

// uuidToProto encodes id the way the reader asked for: structured (the
// Go client's choice) or as a string.
func uuidToProto(id [16]byte, asString bool) *shared.UUID {
	if asString {
		return &shared.UUID{Value: &shared.UUID_String_{String_: uuid.UUID(id).String()}}
	}
	return &shared.UUID{Value: &shared.UUID_Structured_{Structured: &shared.UUID_Structured{
		MostSignificantBits:  int64(binary.BigEndian.Uint64(id[:8])),
		LeastSignificantBits: int64(binary.BigEndian.Uint64(id[8:])),
	}}}
}

// readEvent is the wire form of r. withPosition sets the commit position
// of the resolved event, as EventStoreDB does for $all; stream reads carry
// no_position (the recorded event still has its positions).
func readEvent(r *record, withPosition, uuidAsString bool) *api.ReadResp {
	ev := &api.ReadResp_ReadEvent{
		Event: &api.ReadResp_ReadEvent_RecordedEvent{
			Id:               uuidToProto(r.id, uuidAsString),
			StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(r.stream)},
			StreamRevision:   r.revision,
			PreparePosition:  r.position,
			CommitPosition:   r.position,
			Metadata: map[string]string{
				"type":         r.eventType,
				"content-type": r.contentType,
				"created":      strconv.FormatInt(r.created, 10),
			},
			CustomMetadata: r.meta,
			Data:           r.data,
		},
	}
	if withPosition {
		ev.Position = &api.ReadResp_ReadEvent_CommitPosition{CommitPosition: r.position}
	} else {
		ev.Position = &api.ReadResp_ReadEvent_NoPosition{NoPosition: &shared.Empty{}}
	}
	return &api.ReadResp{Content: &api.ReadResp_Event{Event: ev}}
}

// streamNotFound is the read response for a stream without events.
func streamNotFound(stream []byte) *api.ReadResp {
	return &api.ReadResp{Content: &api.ReadResp_StreamNotFound_{
		StreamNotFound: &api.ReadResp_StreamNotFound{
			StreamIdentifier: &shared.StreamIdentifier{StreamName: stream},
		},
	}}
}
