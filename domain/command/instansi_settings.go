package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/instansi"
)

// InstansiSettings returns the settings of instansi id; an instansi whose
// settings were never set has the defaults (zone WIB), not an error.
func (s *Service) InstansiSettings(ctx context.Context, id string) (*instansi.Settings, error) {
	return loadRef(ctx, s, instansi.Stream(id), false, func(stored []eventlog.Event) (*instansi.Settings, error) {
		return instansi.Replay(id, stored)
	})
}

// InstansiZone returns the time zone of instansi id (see InstansiSettings).
func (s *Service) InstansiZone(ctx context.Context, id string) (*time.Location, error) {
	st, err := s.InstansiSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	return st.Location(), nil
}

// SetInstansiZone records the time zone of instansi id: Asia/Jakarta (WIB),
// Asia/Makassar (WITA) or Asia/Jayapura (WIT), by name or abbreviation;
// anything else is an error wrapping instansi.ErrInvalidZone. Setting the
// zone it already keeps appends nothing, but its metadata is checked as
// every command's is (ErrInvalidMetadata).
func (s *Service) SetInstansiZone(ctx context.Context, m Meta, id, zone string) (Result, error) {
	if err := checkMeta(m); err != nil {
		return Result{}, fmt.Errorf("set zone of instansi %s: %w", id, err)
	}
	if name, err := instansi.ParseZone(zone); err == nil {
		st, err := s.InstansiSettings(ctx, id)
		if err != nil {
			return Result{}, fmt.Errorf("set zone of instansi %s: %w", id, err)
		}
		if st.Zone() == name && (m.IfMatch == nil || *m.IfMatch == st.Version()) {
			return Result{Stream: instansi.Stream(id), Version: st.Version(), EventIDs: []string{}}, nil
		}
	}
	return s.run(ctx, m, command{
		op: fmt.Sprintf("set zone of instansi %s", id), stream: instansi.Stream(id), create: true,
		decide: func(_ context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			st, err := instansi.Replay(id, stored)
			if err != nil {
				return nil, err
			}
			events, err := st.SetZone(at, m.Actor, zone)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, instansi.Encode, func(instansi.Event) (string, string) { return "", "" })
		},
	})
}
