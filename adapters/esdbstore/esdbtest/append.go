package esdbtest

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// MaxAppendSize is EventStoreDB's default maximum size of one append, in
// bytes of event data and custom metadata.
const MaxAppendSize = 1_048_576

// Append implements Streams/Append: an options message, then the proposed
// messages; the reply is a success with the stream's current revision and
// the position of the last event, or the wrong-expected-version message.
func (s *streamsServer) Append(stream api.Streams_AppendServer) error {
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	opts := first.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "esdbtest: the first append message must be the options")
	}
	name := string(opts.GetStreamIdentifier().GetStreamName())
	exp := expectationFromProto(opts)
	evs, err := receiveProposed(stream)
	if err != nil {
		return err
	}
	res := s.store.append(name, exp, evs, s.now())
	return stream.SendAndClose(appendResponse(res, exp))
}

// receiveProposed reads proposed messages until the client closes its side,
// enforcing MaxAppendSize as the server does.
func receiveProposed(stream api.Streams_AppendServer) ([]proposed, error) {
	var evs []proposed
	size := 0
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return evs, nil
		}
		if err != nil {
			return nil, err
		}
		pm := msg.GetProposedMessage()
		if pm == nil {
			return nil, status.Error(codes.InvalidArgument, "esdbtest: options sent twice in one append")
		}
		size += len(pm.GetData()) + len(pm.GetCustomMetadata())
		if size > MaxAppendSize {
			return nil, maxAppendSizeExceeded(stream)
		}
		id, ok := uuidFromProto(pm.GetId())
		if !ok {
			return nil, status.Error(codes.InvalidArgument, "esdbtest: invalid event id")
		}
		md := pm.GetMetadata()
		evs = append(evs, proposed{
			id: id, eventType: md["type"], contentType: md["content-type"],
			data: pm.GetData(), meta: pm.GetCustomMetadata(),
		})
	}
}

// maxAppendSizeExceeded is the server's error for a too large append:
// InvalidArgument with the exception trailers EventStoreDB sets.
func maxAppendSizeExceeded(stream grpc.ServerStream) error {
	stream.SetTrailer(metadata.Pairs(
		"exception", "maximum-append-size-exceeded",
		"maximum-append-size", strconv.Itoa(MaxAppendSize),
	))
	return status.Error(codes.InvalidArgument, fmt.Sprintf("Maximum Append Size of %d Exceeded.", MaxAppendSize))
}

func expectationFromProto(opts *api.AppendReq_Options) expectation {
	switch v := opts.GetExpectedStreamRevision().(type) {
	case *api.AppendReq_Options_Revision:
		return expectation{kind: expectRevision, revision: v.Revision}
	case *api.AppendReq_Options_NoStream:
		return expectation{kind: expectNoStream}
	case *api.AppendReq_Options_StreamExists:
		return expectation{kind: expectStreamExists}
	default:
		return expectation{kind: expectAny}
	}
}

func appendResponse(res appendResult, exp expectation) *api.AppendResp {
	if res.ok {
		return &api.AppendResp{Result: &api.AppendResp_Success_{Success: appendSuccess(res)}}
	}
	return &api.AppendResp{Result: &api.AppendResp_WrongExpectedVersion_{
		WrongExpectedVersion: wrongExpectedVersion(res, exp),
	}}
}

func appendSuccess(res appendResult) *api.AppendResp_Success {
	ok := &api.AppendResp_Success{}
	if res.current < 0 {
		ok.CurrentRevisionOption = &api.AppendResp_Success_NoStream{NoStream: &shared.Empty{}}
	} else {
		ok.CurrentRevisionOption = &api.AppendResp_Success_CurrentRevision{CurrentRevision: uint64(res.current)}
	}
	if res.position == nil {
		ok.PositionOption = &api.AppendResp_Success_NoPosition{NoPosition: &shared.Empty{}}
	} else {
		ok.PositionOption = &api.AppendResp_Success_Position{Position: &api.AppendResp_Position{
			CommitPosition: *res.position, PreparePosition: *res.position,
		}}
	}
	return ok
}

// wrongExpectedVersion fills both the current fields and the 20.6.0 ones,
// as the server does for older clients.
func wrongExpectedVersion(res appendResult, exp expectation) *api.AppendResp_WrongExpectedVersion {
	w := &api.AppendResp_WrongExpectedVersion{}
	if res.current < 0 {
		w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentNoStream{CurrentNoStream: &shared.Empty{}}
		w.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_NoStream_20_6_0{NoStream_20_6_0: &shared.Empty{}}
	} else {
		w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentRevision{CurrentRevision: uint64(res.current)}
		w.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_CurrentRevision_20_6_0{CurrentRevision_20_6_0: uint64(res.current)}
	}
	switch exp.kind {
	case expectRevision:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedRevision{ExpectedRevision: exp.revision}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: exp.revision}
	case expectNoStream:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedNoStream{ExpectedNoStream: &shared.Empty{}}
	case expectStreamExists:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedStreamExists{ExpectedStreamExists: &shared.Empty{}}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_StreamExists_20_6_0{StreamExists_20_6_0: &shared.Empty{}}
	default:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedAny{ExpectedAny: &shared.Empty{}}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_Any_20_6_0{Any_20_6_0: &shared.Empty{}}
	}
	return w
}
