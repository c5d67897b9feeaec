package esdbtest

import (
	"sort"

	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Read implements Streams/Read: a plain read of a stream or of $all
// (which sends only events and, for a stream without events, the
// stream_not_found message), or a subscription when the count option is
// "subscription".
func (s *streamsServer) Read(req *api.ReadReq, stream api.Streams_ReadServer) error {
	opts := req.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "esdbtest: read without options")
	}
	if opts.GetSubscription() != nil {
		return s.subscribe(opts, stream)
	}
	if _, ok := opts.GetCountOption().(*api.ReadReq_Options_Count); !ok {
		return status.Error(codes.InvalidArgument, "esdbtest: read without count or subscription")
	}
	asString := opts.GetUuidOption().GetString_() != nil
	if so := opts.GetStream(); so != nil {
		return s.readStream(so, opts, asString, stream)
	}
	if ao := opts.GetAll(); ao != nil {
		return s.readAll(ao, opts, asString, stream)
	}
	return status.Error(codes.InvalidArgument, "esdbtest: read of neither a stream nor $all")
}

func (s *streamsServer) readStream(so *api.ReadReq_Options_StreamOptions, opts *api.ReadReq_Options, asString bool, stream api.Streams_ReadServer) error {
	name := so.GetStreamIdentifier().GetStreamName()
	evs, exists, _ := s.store.streamEvents(string(name))
	if !exists {
		return stream.Send(streamNotFound(name))
	}
	backwards := opts.GetReadDirection() == api.ReadReq_Options_Backwards
	var from int64 // index of the first event to send; Start is revision 0
	switch rev := so.GetRevisionOption().(type) {
	case *api.ReadReq_Options_StreamOptions_Revision:
		from = int64(min(rev.Revision, uint64(len(evs))))
	case *api.ReadReq_Options_StreamOptions_End:
		from = int64(len(evs))
	}
	if backwards && from >= int64(len(evs)) {
		from = int64(len(evs)) - 1
	}
	return sendRange(stream, evs, from, backwards, opts.GetCount(), false, asString)
}

func (s *streamsServer) readAll(ao *api.ReadReq_Options_AllOptions, opts *api.ReadReq_Options, asString bool, stream api.Streams_ReadServer) error {
	evs, _ := s.store.allEvents()
	backwards := opts.GetReadDirection() == api.ReadReq_Options_Backwards
	var from int64
	switch p := ao.GetAllOption().(type) {
	case *api.ReadReq_Options_AllOptions_Position:
		// Forwards from a position includes the event at it; backwards
		// starts with the event before it.
		from = int64(firstAtOrAfter(evs, p.Position.GetCommitPosition()))
		if backwards {
			from--
		}
	case *api.ReadReq_Options_AllOptions_End:
		from = int64(len(evs))
		if backwards {
			from = int64(len(evs)) - 1
		}
	case *api.ReadReq_Options_AllOptions_Start:
		if backwards {
			from = -1
		}
	}
	return sendRange(stream, evs, from, backwards, opts.GetCount(), true, asString)
}

// firstAtOrAfter returns the index of the first event at or after pos.
func firstAtOrAfter(evs []*record, pos uint64) int {
	return sort.Search(len(evs), func(i int) bool { return evs[i].position >= pos })
}

// sendRange sends up to count events of evs from index from on, in the
// given direction.
func sendRange(stream api.Streams_ReadServer, evs []*record, from int64, backwards bool, count uint64, withPosition, asString bool) error {
	step := int64(1)
	if backwards {
		step = -1
	}
	for i := from; count > 0 && i >= 0 && i < int64(len(evs)); i += step {
		if err := stream.Send(readEvent(evs[i], withPosition, asString)); err != nil {
			return err
		}
		count--
	}
	return nil
}
