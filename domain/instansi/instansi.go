// Package instansi holds the settings of an instansi that are not master
// data of a unit or an employee: today its time zone (WIB, WITA or WIT), in
// which its calendar days begin and its timestamps are shown. The settings
// live in one stream per instansi; an instansi without one keeps the
// defaults (WIB, civil.DefaultZoneName).
package instansi

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// ErrInvalidZone is wrapped when a zone is not one of Indonesia's three.
var ErrInvalidZone = errors.New("invalid time zone")

// Zones are the time zones an instansi may keep, by IANA name: WIB, WITA
// and WIT.
func Zones() []string { return []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} }

// zoneAbbrev gives the Indonesian abbreviation and UTC offset (hours) of
// each zone, for a fixed zone when the time zone database is missing.
var zoneAbbrev = map[string]struct {
	abbrev string
	hours  int
}{"Asia/Jakarta": {"WIB", 7}, "Asia/Makassar": {"WITA", 8}, "Asia/Jayapura": {"WIT", 9}}

// ParseZone returns the IANA name of a zone given by that name or by its
// abbreviation (WIB, WITA, WIT), or an error wrapping ErrInvalidZone.
func ParseZone(s string) (string, error) {
	if slices.Contains(Zones(), s) {
		return s, nil
	}
	for name, z := range zoneAbbrev {
		if z.abbrev == s {
			return name, nil
		}
	}
	return "", fmt.Errorf("%w: %q (want one of Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT))", ErrInvalidZone, s)
}

// Location returns the location of a zone ParseZone accepts, or the
// default zone (WIB) for anything else. Without a time zone database it is
// a fixed zone with the zone's abbreviation and offset (none of the three
// has kept daylight saving time since 1964).
func Location(name string) *time.Location {
	z, ok := zoneAbbrev[name]
	if !ok {
		return civil.DefaultZone()
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(z.abbrev, z.hours*60*60)
}

// Stream returns the name of the settings stream of instansi id.
func Stream(id string) string { return "instansi-" + id }

// TypeZoneSet is the stable type of ZoneSet.
const TypeZoneSet = "instansi.zone_set"

// Event is implemented by every instansi event payload.
type Event interface {
	EventType() string
}

// ZoneSet records the time zone of an instansi.
type ZoneSet struct {
	Instansi string      `json:"instansi"`
	Zone     string      `json:"zone"`
	From     string      `json:"from"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// EventType returns TypeZoneSet.
func (ZoneSet) EventType() string { return TypeZoneSet }

var registry = eventcodec.Registry[Event]{
	TypeZoneSet: {Version: 1, Decode: func(data []byte) (Event, error) {
		v, err := eventcodec.Unmarshal[ZoneSet](data)
		if err != nil {
			return nil, err
		}
		return v, nil
	}},
}

// Decode upgrades and decodes the stored data of an instansi event.
// Errors wrap eventcodec.ErrUnknownType, ErrUnsupportedVersion or
// ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// Types returns every instansi event type, sorted.
func Types() []string { return registry.Types() }

// Settings are the settings of one instansi, rebuilt from its stream.
type Settings struct {
	id      string
	zone    string
	version uint64
}

// Replay rebuilds the settings of instansi id from its stream.
func Replay(id string, stored []eventlog.Event) (*Settings, error) {
	s := &Settings{id: id, zone: civil.DefaultZoneName}
	for _, e := range stored {
		ev, err := Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return nil, fmt.Errorf("instansi %s at version %d: %w", id, e.Version, err)
		}
		if z, ok := ev.(ZoneSet); ok {
			if name, err := ParseZone(z.Zone); err == nil {
				s.zone = name
			}
		}
		s.version = e.Version
	}
	return s, nil
}

// Zone returns the IANA name of the instansi's zone (default Asia/Jakarta).
func (s *Settings) Zone() string { return s.zone }

// Location returns the instansi's time zone.
func (s *Settings) Location() *time.Location { return Location(s.zone) }

// Version returns the version of the settings stream (0 without one).
func (s *Settings) Version() uint64 { return s.version }

// SetZone decides the zone of the instansi: nothing when it already keeps
// it, an error wrapping ErrInvalidZone for a zone ParseZone refuses.
func (s *Settings) SetZone(at time.Time, by actor.Actor, zone string) ([]Event, error) {
	name, err := ParseZone(zone)
	if err != nil {
		return nil, err
	}
	if name == s.zone {
		return nil, nil
	}
	return []Event{ZoneSet{Instansi: s.id, Zone: name, From: s.zone, At: at, By: by}}, nil
}
