package pgbatch

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Target is what a projector's handlers fill: a batch that is told the
// event whose effect comes next, and gives the step that writes it all.
type Target interface {
	Begin(e *eventlog.Event)
	Step() Step
}

// Handler adds the effect of one stored event to the batch b.
type Handler[B any] func(b B, e *eventlog.Event) error

// Route sends the events of one context to a handler.
type Route[B any] struct {
	context string
	handle  routed[B]
}

// routed handles event i of a page whose decoded events memo may keep
// (nil when not shared).
type routed[B any] func(b B, e *eventlog.Event, memo *eventlog.Memo, i int) error

// On routes the events of context (such as "skp") to handle, decoded by
// decode (the context's domain Decode, which upcasts older schema
// versions and reports events it does not know).
func On[B, E any](context string, decode func(eventType string, schemaVersion int, data []byte) (E, error),
	handle func(b B, ev E)) Route[B] {
	return Route[B]{context: context, handle: func(b B, e *eventlog.Event, memo *eventlog.Memo, i int) error {
		v, err := memo.Decode(i, func() (any, error) { return decode(e.Type, e.SchemaVersion, e.Data) })
		if err != nil {
			return err
		}
		ev, ok := v.(E)
		if !ok { // another read model decoded the context differently
			if ev, err = decode(e.Type, e.SchemaVersion, e.Data); err != nil {
				return err
			}
		}
		handle(b, ev)
		return nil
	}}
}

// OnStored routes the events of context to handle as stored, for a read
// model that decodes them itself (reading a few fields straight from the
// JSON, say).
func OnStored[B any](context string, handle Handler[B]) Route[B] {
	return Route[B]{context: context, handle: func(b B, e *eventlog.Event, _ *eventlog.Memo, _ int) error { return handle(b, e) }}
}

// Projector is a read model's projector (eventbus.Projection and
// eventbus.Preparer): its name, its tables, and the handlers of the
// contexts it reads, which fill a batch of type B. Events of other
// contexts are ignored.
type Projector[B Target] struct {
	name     string
	tables   []string
	newBatch func() B
	routes   map[string]routed[B]
}

// New returns the projector name over tables whose handlers queue
// statements on a *Batch.
func New(name string, tables []string, routes ...Route[*Batch]) *Projector[*Batch] {
	return NewOf(name, tables, func() *Batch { return NewBatch(name) }, routes...)
}

// NewOf returns the projector name over tables whose handlers fill a batch
// of type B, a new one from newBatch for every batch of events.
func NewOf[B Target](name string, tables []string, newBatch func() B, routes ...Route[B]) *Projector[B] {
	p := &Projector[B]{name: name, tables: tables, newBatch: newBatch, routes: map[string]routed[B]{}}
	for _, r := range routes {
		p.routes[r.context] = r.handle
	}
	return p
}

// Name returns the projection's permanent identity (handler name,
// checkpoint key).
func (p *Projector[B]) Name() string { return p.name }

// Tables returns the tables of the read model.
func (p *Projector[B]) Tables() []string { return p.tables }

// Apply writes the effect of events, in order, within tx: Prepare, then
// its step.
func (p *Projector[B]) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	step, err := p.Prepare(events)
	if err != nil {
		return err
	}
	return step(ctx, tx)
}

// Prepare passes each event to the handler of its context and returns the
// step that writes their effect within a transaction; the runtime prepares
// a batch while the one before it is being written. The step may be run
// more than once. An event whose handler fails (one that cannot be
// decoded, say) is an *ApplyError.
func (p *Projector[B]) Prepare(events []eventlog.Event) (Step, error) {
	return p.PrepareShared(events, nil)
}

// PrepareShared is Prepare for a page that other read models read too:
// memo (one slot per event of events) keeps each event as decoded by the
// first of them, so that the page is decoded once. A read model's handlers
// only read the decoded events.
func (p *Projector[B]) PrepareShared(events []eventlog.Event, memo *eventlog.Memo) (Step, error) {
	b := p.newBatch()
	for i := range events {
		e := &events[i]
		c, _, _ := strings.Cut(e.Type, ".")
		h := p.routes[c]
		if h == nil {
			continue
		}
		b.Begin(e)
		if err := h(b, e, memo, i); err != nil {
			return nil, Failed(p.name, e, err)
		}
	}
	return b.Step(), nil
}
