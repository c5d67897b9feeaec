package unit

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/performance"
)

// The stable type strings of the unit events.
const (
	TypeRegistered                   = "unit.registered"
	TypeRenamed                      = "unit.renamed"
	TypeMoved                        = "unit.moved"
	TypeOrganisationPredikatSet      = "unit.organisation_predikat_set"
	TypeDistributionOverrideRecorded = "unit.distribution_override_recorded"
)

// Event is implemented by every unit event payload.
type Event interface {
	EventType() string
}

// Registered records a new unit.
type Registered struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Parent   string      `json:"parent,omitempty"`
	Instansi string      `json:"instansi"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// Renamed records a new name of the unit.
type Renamed struct {
	Code string      `json:"code"`
	From string      `json:"from"`
	To   string      `json:"to"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// Moved records a new parent of the unit; an empty ToParent makes it a top unit.
type Moved struct {
	Code       string      `json:"code"`
	FromParent string      `json:"from_parent,omitempty"`
	ToParent   string      `json:"to_parent,omitempty"`
	At         time.Time   `json:"at"`
	By         actor.Actor `json:"by"`
}

// OrganisationPredikatSet records the organisation predikat of the unit for a
// period, set by the pimpinan one level up. Previous and Reason are filled
// when it replaces an earlier setting for the same period.
type OrganisationPredikatSet struct {
	Code          string                  `json:"code"`
	Year          int                     `json:"year"`
	Period        string                  `json:"period"`
	Predikat      performance.OrgPredikat `json:"predikat"`
	Previous      performance.OrgPredikat `json:"previous,omitempty"`
	Reason        string                  `json:"reason,omitempty"`
	PolicyVersion string                  `json:"policy_version"`
	At            time.Time               `json:"at"`
	By            actor.Actor             `json:"by"`
}

// Violation is one broken rule of the distribution pattern, as reported by
// performance.Policy.CheckDistribution, in the form an event stores it.
type Violation struct {
	Rule      string                 `json:"rule"`
	Predikats []performance.Predikat `json:"predikats,omitempty"`
	Limit     int                    `json:"limit"`
	Actual    int                    `json:"actual"`
	Message   string                 `json:"message"`
}

// DistributionOverrideRecorded records that the distribution pattern of the
// unit for a period is knowingly not met: the violations and why.
type DistributionOverrideRecorded struct {
	Code          string                  `json:"code"`
	Year          int                     `json:"year"`
	Period        string                  `json:"period"`
	Predikat      performance.OrgPredikat `json:"predikat"`
	Violations    []Violation             `json:"violations"`
	Justification string                  `json:"justification"`
	PolicyVersion string                  `json:"policy_version"`
	At            time.Time               `json:"at"`
	By            actor.Actor             `json:"by"`
}

// EventType returns TypeRegistered.
func (Registered) EventType() string { return TypeRegistered }

// EventType returns TypeRenamed.
func (Renamed) EventType() string { return TypeRenamed }

// EventType returns TypeMoved.
func (Moved) EventType() string { return TypeMoved }

// EventType returns TypeOrganisationPredikatSet.
func (OrganisationPredikatSet) EventType() string { return TypeOrganisationPredikatSet }

// EventType returns TypeDistributionOverrideRecorded.
func (DistributionOverrideRecorded) EventType() string { return TypeDistributionOverrideRecorded }

// registry lists every unit event type with its current schema version.
var registry = eventcodec.Registry[Event]{
	TypeRegistered:                   {Version: 1, Decode: decodeAs[Registered]},
	TypeRenamed:                      {Version: 1, Decode: decodeAs[Renamed]},
	TypeMoved:                        {Version: 1, Decode: decodeAs[Moved]},
	TypeOrganisationPredikatSet:      {Version: 1, Decode: decodeAs[OrganisationPredikatSet]},
	TypeDistributionOverrideRecorded: {Version: 1, Decode: decodeAs[DistributionOverrideRecorded]},
	TypeWorkPlanSet:                  {Version: 1, Decode: decodeAs[WorkPlanSet]},
}

// Decode upgrades and decodes the stored data of a unit event. Errors wrap
// eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// Types returns every unit event type, sorted.
func Types() []string { return registry.Types() }

func decodeAs[T Event](data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[T](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}
