package employee

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/performance"
)

// The stable type strings of the employee events.
const (
	TypeRegistered            = "employee.registered"
	TypeTransferred           = "employee.transferred"
	TypeJabatanChanged        = "employee.jabatan_changed"
	TypeGolonganChanged       = "employee.golongan_changed"
	TypeReportingLineAssigned = "employee.reporting_line_assigned"
	TypeLeftService           = "employee.left_service"
)

// Event is implemented by every employee event payload.
type Event interface {
	EventType() string
}

// Registered records a new employee, usually imported from SIASN.
type Registered struct {
	NIP         string               `json:"nip"`
	Name        string               `json:"name"`
	Status      Status               `json:"status"`
	Instansi    string               `json:"instansi"`
	Unit        string               `json:"unit"`
	Jabatan     Jabatan              `json:"jabatan"`
	Golongan    performance.Golongan `json:"golongan"`
	GolonganTMT civil.Date           `json:"golongan_tmt"`
	At          time.Time            `json:"at"`
	By          actor.Actor          `json:"by"`
}

// Transferred records a move to another unit from an effective date.
type Transferred struct {
	NIP       string      `json:"nip"`
	FromUnit  string      `json:"from_unit"`
	ToUnit    string      `json:"to_unit"`
	Effective civil.Date  `json:"effective"`
	Reason    string      `json:"reason,omitempty"`
	At        time.Time   `json:"at"`
	By        actor.Actor `json:"by"`
}

// JabatanChanged records a new position from an effective date.
type JabatanChanged struct {
	NIP       string      `json:"nip"`
	From      Jabatan     `json:"from"`
	To        Jabatan     `json:"to"`
	Effective civil.Date  `json:"effective"`
	At        time.Time   `json:"at"`
	By        actor.Actor `json:"by"`
}

// GolonganChanged records a new grade and its TMT (the date it takes effect).
type GolonganChanged struct {
	NIP     string               `json:"nip"`
	From    performance.Golongan `json:"from"`
	FromTMT civil.Date           `json:"from_tmt"`
	To      performance.Golongan `json:"to"`
	TMT     civil.Date           `json:"tmt"`
	At      time.Time            `json:"at"`
	By      actor.Actor          `json:"by"`
}

// ReportingLineAssigned records who evaluates the employee from a date on.
// A later assignment with the same EffectiveFrom corrects an earlier one.
type ReportingLineAssigned struct {
	NIP                  string     `json:"nip"`
	PejabatPenilai       string     `json:"pejabat_penilai"`
	AtasanPejabatPenilai string     `json:"atasan_pejabat_penilai"`
	EffectiveFrom        civil.Date `json:"effective_from"`
	Acting               bool       `json:"acting"`
	Reason               string     `json:"reason"`
	// CrossInstansiReason documents an official of another instansi.
	CrossInstansiReason string      `json:"cross_instansi_reason,omitempty"`
	At                  time.Time   `json:"at"`
	By                  actor.Actor `json:"by"`
}

// LeftService records that the employee left the service (retirement,
// resignation, dismissal, death, end of a PPPK contract).
type LeftService struct {
	NIP       string      `json:"nip"`
	Effective civil.Date  `json:"effective"`
	Reason    string      `json:"reason"`
	At        time.Time   `json:"at"`
	By        actor.Actor `json:"by"`
}

// EventType returns TypeRegistered.
func (Registered) EventType() string { return TypeRegistered }

// EventType returns TypeTransferred.
func (Transferred) EventType() string { return TypeTransferred }

// EventType returns TypeJabatanChanged.
func (JabatanChanged) EventType() string { return TypeJabatanChanged }

// EventType returns TypeGolonganChanged.
func (GolonganChanged) EventType() string { return TypeGolonganChanged }

// EventType returns TypeReportingLineAssigned.
func (ReportingLineAssigned) EventType() string { return TypeReportingLineAssigned }

// EventType returns TypeLeftService.
func (LeftService) EventType() string { return TypeLeftService }

// registry lists every employee event type with its current schema version.
var registry = eventcodec.Registry[Event]{
	TypeRegistered:            {Version: 1, Decode: decodeAs[Registered]},
	TypeTransferred:           {Version: 1, Decode: decodeAs[Transferred]},
	TypeJabatanChanged:        {Version: 1, Decode: decodeAs[JabatanChanged]},
	TypeGolonganChanged:       {Version: 1, Decode: decodeAs[GolonganChanged]},
	TypeReportingLineAssigned: {Version: 1, Decode: decodeAs[ReportingLineAssigned]},
	TypeLeftService:           {Version: 1, Decode: decodeAs[LeftService]},
}

// Decode upgrades and decodes the stored data of an employee event. Errors
// wrap eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of ev.
func Encode(ev Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(ev)
}

// Types returns every employee event type, sorted.
func Types() []string { return registry.Types() }

func decodeAs[T Event](data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[T](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}
