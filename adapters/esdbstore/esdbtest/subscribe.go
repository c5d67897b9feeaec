package esdbtest

import (
	"regexp"
	"sort"
	"strings"

	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// defaultSearchWindow is the window used for checkpoints when the client
// asks for no maximum search window.
const defaultSearchWindow = 32

// subscription is one catch-up subscription's state.
type subscription struct {
	stream   api.Streams_ReadServer
	server   *Server
	filter   *filter
	asString bool
	all      bool
	drop     <-chan struct{}
}

// subscribe serves a catch-up subscription: the confirmation first, then
// the history after the start point, caught_up, then live events, until
// the client goes away or the server drops it. Subscriptions to $all
// apply the server-side filter and send a checkpoint every
// window × multiplier events read.
func (s *streamsServer) subscribe(opts *api.ReadReq_Options, stream api.Streams_ReadServer) error {
	f, err := filterFromProto(opts.GetFilter())
	if err != nil {
		return status.Error(codes.InvalidArgument, "esdbtest: "+err.Error())
	}
	sub := &subscription{
		stream:   stream,
		server:   s.server,
		filter:   f,
		asString: opts.GetUuidOption().GetString_() != nil,
		all:      opts.GetAll() != nil,
		drop:     s.server.dropChannel(),
	}
	confirm := &api.ReadResp{Content: &api.ReadResp_Confirmation{
		Confirmation: &api.ReadResp_SubscriptionConfirmation{SubscriptionId: uuid.NewString()},
	}}
	if err := stream.Send(confirm); err != nil {
		return err
	}
	if sub.all {
		return sub.follow(func() ([]*record, <-chan struct{}) { return s.store.allEvents() }, allStart(opts.GetAll(), s.store))
	}
	name := string(opts.GetStream().GetStreamIdentifier().GetStreamName())
	read := func() ([]*record, <-chan struct{}) {
		evs, _, changed := s.store.streamEvents(name)
		return evs, changed
	}
	return sub.follow(read, streamStart(opts.GetStream(), s.store, name))
}

// allStart returns the index in $all of the first event to send: after
// the given position (exclusive, unlike reads), from the start, or only
// events written from now on.
func allStart(o *api.ReadReq_Options_AllOptions, st *store) int {
	evs, _ := st.allEvents()
	switch p := o.GetAllOption().(type) {
	case *api.ReadReq_Options_AllOptions_Position:
		pos := p.Position.GetCommitPosition()
		return sort.Search(len(evs), func(i int) bool { return evs[i].position > pos })
	case *api.ReadReq_Options_AllOptions_Start:
		return 0
	default:
		return len(evs)
	}
}

// streamStart returns the revision of the first event to send: after the
// given revision, from 0, or only events written from now on.
func streamStart(o *api.ReadReq_Options_StreamOptions, st *store, name string) int {
	switch r := o.GetRevisionOption().(type) {
	case *api.ReadReq_Options_StreamOptions_Revision:
		return int(r.Revision) + 1
	case *api.ReadReq_Options_StreamOptions_Start:
		return 0
	default:
		evs, _, _ := st.streamEvents(name)
		return len(evs)
	}
}

// follow sends events from index next on, as read returns them, then
// waits for more.
func (sub *subscription) follow(read func() ([]*record, <-chan struct{}), next int) error {
	ctx := sub.stream.Context()
	caughtUp := false
	scanned := 0
	for {
		evs, changed := read()
		for ; next < len(evs); next++ {
			if err := sub.sendIfMatching(evs[next], &scanned); err != nil {
				return err
			}
		}
		if !caughtUp {
			caughtUp = true
			if err := sub.stream.Send(&api.ReadResp{Content: &api.ReadResp_CaughtUp_{CaughtUp: &api.ReadResp_CaughtUp{}}}); err != nil {
				return err
			}
		}
		select {
		case <-changed:
		case <-sub.drop:
			return errDropped()
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		}
	}
}

// sendIfMatching sends r when it passes the filter, and a checkpoint when
// the filter's interval of scanned events is reached.
func (sub *subscription) sendIfMatching(r *record, scanned *int) error {
	select {
	case <-sub.drop:
		return errDropped()
	default:
	}
	if sub.filter.match(r) {
		if err := sub.stream.Send(readEvent(r, sub.all, sub.asString)); err != nil {
			return err
		}
		sub.server.delivered()
	}
	if sub.filter == nil {
		return nil
	}
	*scanned++
	if *scanned < sub.filter.interval {
		return nil
	}
	*scanned = 0
	return sub.stream.Send(&api.ReadResp{Content: &api.ReadResp_Checkpoint_{Checkpoint: &api.ReadResp_Checkpoint{
		CommitPosition: r.position, PreparePosition: r.position,
	}}})
}

// errDropped is the error a dropped subscription ends with.
func errDropped() error {
	return status.Error(codes.Unavailable, "esdbtest: subscription dropped by the server")
}

// filter is a server-side filter of a subscription to $all.
type filter struct {
	byStream bool
	prefixes []string
	re       *regexp.Regexp
	interval int // checkpoint every interval scanned events
}

func filterFromProto(fo *api.ReadReq_Options_FilterOptions) (*filter, error) {
	if fo == nil {
		return nil, nil
	}
	f := &filter{}
	expr := fo.GetEventType()
	if se := fo.GetStreamIdentifier(); se != nil {
		f.byStream, expr = true, se
	}
	f.prefixes = expr.GetPrefix()
	if rx := expr.GetRegex(); rx != "" {
		re, err := regexp.Compile(rx)
		if err != nil {
			return nil, err
		}
		f.re = re
	}
	window := int(fo.GetMax())
	if window == 0 {
		window = defaultSearchWindow
	}
	f.interval = window * max(int(fo.GetCheckpointIntervalMultiplier()), 1)
	return f, nil
}

// match reports whether r passes the filter (a nil filter passes all).
func (f *filter) match(r *record) bool {
	if f == nil {
		return true
	}
	subject := r.eventType
	if f.byStream {
		subject = r.stream
	}
	if f.re != nil {
		return f.re.MatchString(subject)
	}
	for _, p := range f.prefixes {
		if strings.HasPrefix(subject, p) {
			return true
		}
	}
	return false
}
