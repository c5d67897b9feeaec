package period

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/performance"
)

// The stable type strings of the period events.
const (
	TypeOpened       = "period.opened"
	TypeWindowClosed = "period.window_closed"
	TypeYearClosed   = "period.year_closed"
)

// Event is implemented by every period event payload.
type Event interface {
	EventType() string
}

// Opened records the opening of an instansi's evaluation year, with its
// windows and their deadlines as computed when it was opened.
type Opened struct {
	Instansi      string                      `json:"instansi"`
	Year          int                         `json:"year"`
	Frequency     performance.PeriodFrequency `json:"frequency"`
	Windows       []Window                    `json:"windows"`
	PolicyVersion string                      `json:"policy_version"`
	At            time.Time                   `json:"at"`
	By            actor.Actor                 `json:"by"`
}

// WindowClosed records that no more realisation or periodic ratings are
// accepted for a window.
type WindowClosed struct {
	Instansi string      `json:"instansi"`
	Year     int         `json:"year"`
	Window   int         `json:"window"`
	Label    string      `json:"label"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// YearClosed records that the year is closed: every window is closed and no
// more annual ratings are given; amendments and objections remain possible.
type YearClosed struct {
	Instansi string      `json:"instansi"`
	Year     int         `json:"year"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// EventType returns TypeOpened.
func (Opened) EventType() string { return TypeOpened }

// EventType returns TypeWindowClosed.
func (WindowClosed) EventType() string { return TypeWindowClosed }

// EventType returns TypeYearClosed.
func (YearClosed) EventType() string { return TypeYearClosed }

// registry lists every period event type with its current schema version.
var registry = eventcodec.Registry[Event]{
	TypeOpened:       {Version: 1, Decode: decodeAs[Opened]},
	TypeWindowClosed: {Version: 1, Decode: decodeAs[WindowClosed]},
	TypeYearClosed:   {Version: 1, Decode: decodeAs[YearClosed]},
}

// Decode upgrades and decodes the stored data of a period event. Errors wrap
// eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// Types returns every period event type, sorted.
func Types() []string { return registry.Types() }

func decodeAs[T Event](data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[T](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}
