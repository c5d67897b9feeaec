package esdbstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// The audit reads answer what httpapi.AuditLog and the replays ask of the
// PostgreSQL backend. EventStoreDB has no secondary index over metadata, so
// a search that names no stream scans $all from its cursor; see the README.

// ReadStreamAsOf returns the events of stream that the log held at asOf, in
// version order: those with position <= asOf.Position and recorded at or
// before asOf.Time (each bound only when set).
func (s *Store) ReadStreamAsOf(ctx context.Context, stream string, asOf eventlog.AsOf) ([]eventlog.Event, error) {
	evs, err := s.ReadStream(ctx, stream, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("read stream %s as of %s: %w", stream, asOf, err)
	}
	return slices.DeleteFunc(evs, func(e eventlog.Event) bool { return !heldAt(e, asOf) }), nil
}

// heldAt reports whether the log held e at asOf.
func heldAt(e eventlog.Event, asOf eventlog.AsOf) bool {
	return (asOf.Position == 0 || e.Position <= asOf.Position) && (asOf.Time.IsZero() || !e.RecordedAt.After(asOf.Time))
}

// PositionAt returns the position of the last event recorded at or before
// t, or 0 when none was. It reads $all backwards from the end to the first
// such event: recording times come from the appending processes' clocks,
// which this assumes to move forward with positions.
func (s *Store) PositionAt(ctx context.Context, t time.Time) (uint64, error) {
	const page = 1000
	var from uint64
	for {
		var rs []recorded
		err := s.conn.do(ctx, func(d driver) (err error) {
			rs, err = d.readAll(ctx, from, page, true)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("position at %s: %w", t.Format(time.RFC3339Nano), err)
		}
		for _, r := range rs {
			if isSystem(r) || (from > 0 && r.Position >= from) {
				continue
			}
			e, err := decode(r)
			if err != nil {
				return 0, fmt.Errorf("position at %s: %w", t.Format(time.RFC3339Nano), err)
			}
			if !e.RecordedAt.After(t) {
				return e.Position, nil
			}
		}
		if len(rs) < page || rs[len(rs)-1].Position == 0 {
			return 0, nil
		}
		from = rs[len(rs)-1].Position
	}
}

// Search returns the events that match f in global position order, one page
// at a time: a page shorter than the limit is the last. Errors wrap
// eventlog.ErrBadFilter for an impossible filter. With f.Stream it reads
// that stream; otherwise it scans $all after f.After.
func (s *Store) Search(ctx context.Context, f eventlog.AuditFilter) ([]eventlog.Event, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	m := &matcher{s: s, f: f, instansi: map[string]string{}}
	if f.Stream != "" {
		evs, err := s.ReadStream(ctx, f.Stream, 0, 0)
		if err != nil {
			return nil, fmt.Errorf("audit search: %w", err)
		}
		return m.keep(ctx, evs)
	}
	var out []eventlog.Event
	after := f.After
	for len(out) < f.FetchSize() {
		page, err := s.ReadAll(ctx, after, DefaultReadLimit)
		if err != nil {
			return nil, fmt.Errorf("audit search: %w", err)
		}
		kept, err := m.keep(ctx, page)
		if err != nil {
			return nil, fmt.Errorf("audit search: %w", err)
		}
		out = append(out, kept...)
		if len(page) < DefaultReadLimit {
			break
		}
		after = page[len(page)-1].Position
	}
	return out[:min(len(out), f.FetchSize())], nil
}

// matcher applies an audit filter to events.
type matcher struct {
	s *Store
	f eventlog.AuditFilter
	// instansi caches the instansi derived from each stream's first event.
	instansi map[string]string
}

// keep returns the events of evs that match, at most a page.
func (m *matcher) keep(ctx context.Context, evs []eventlog.Event) ([]eventlog.Event, error) {
	var out []eventlog.Event
	for _, e := range evs {
		ok, err := m.match(ctx, e)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
		if len(out) == m.f.FetchSize() {
			break
		}
	}
	return out, nil
}

func (m *matcher) match(ctx context.Context, e eventlog.Event) (bool, error) {
	f := m.f
	switch {
	case e.Position <= f.After,
		f.ActorID != "" && e.Metadata.ActorID != f.ActorID,
		f.Stream != "" && e.Stream != f.Stream,
		f.StreamPrefix != "" && !strings.HasPrefix(e.Stream, f.StreamPrefix),
		len(f.Types) > 0 && !slices.Contains(f.Types, e.Type),
		!f.From.IsZero() && e.RecordedAt.Before(f.From),
		!f.To.IsZero() && !e.RecordedAt.Before(f.To):
		return false, nil
	case f.Instansi == "" || e.Metadata.Instansi == f.Instansi:
		return true, nil
	case e.Metadata.Instansi != "":
		return false, nil
	}
	derived, err := m.derived(ctx, e.Stream)
	return derived == f.Instansi, err
}

// derived returns the instansi named by the payload of stream's first
// event, for events stored without one in their metadata.
func (m *matcher) derived(ctx context.Context, stream string) (string, error) {
	if v, ok := m.instansi[stream]; ok {
		return v, nil
	}
	first, err := m.s.ReadStream(ctx, stream, 0, 1)
	if err != nil {
		return "", err
	}
	var v string
	if len(first) == 1 {
		v = instansiOf(first[0].Data)
	}
	m.instansi[stream] = v
	return v, nil
}
