package eventbus

import (
	"context"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// applyPrefix applies the events before the one that err names, if err
// names one, so that a projection stopped by it has its checkpoint right
// before it. The failure of the prefix is left to the next attempt.
func applyPrefix(ctx context.Context, db readside.Beginner, p readside.Projection, events []eventlog.Event, err error) {
	pos, ok := readside.FailedPosition(err)
	if !ok {
		return
	}
	var prefix []eventlog.Event
	for _, e := range events {
		if e.Position >= pos {
			break
		}
		prefix = append(prefix, e)
	}
	_, _ = readside.ApplyBatch(ctx, db, p, prefix)
}

// handlerFunc returns the Watermill handler of p: it decodes the batch and
// applies it with ApplyBatch (with the step the subscriber prepared, if any).
func handlerFunc(db readside.Beginner, p readside.Projection) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		events, err := DecodeBatch(msg)
		if err != nil {
			return err
		}
		pg := readside.Page{Events: events}
		if prepared, ok := msg.Context().Value(pageKey{}).(readside.Page); ok && samePage(prepared.Events, events) {
			pg = prepared
		}
		if _, err := readside.ApplyPage(msg.Context(), db, p, pg); err != nil {
			applyPrefix(msg.Context(), db, p, events, err)
			return err
		}
		return nil
	}
}

// samePage reports whether a and b are the same run of events.
func samePage(a, b []eventlog.Event) bool {
	return len(a) == len(b) && len(a) > 0 && a[0].Position == b[0].Position && a[len(a)-1].Position == b[len(b)-1].Position
}
