package followup

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Explained is one follow-up as an explanation lists it: what was decided,
// why, on which rating events, by whom and when, and its own event.
type Explained struct {
	EventID       string    `json:"event_id"`
	Position      uint64    `json:"position"`
	No            int       `json:"no"`
	Kind          Kind      `json:"kind"`
	Title         string    `json:"title"`
	Reason        string    `json:"reason"`
	Effective     string    `json:"effective"`
	BasisEventIDs []string  `json:"basis_event_ids"`
	Basis         []Basis   `json:"basis"`
	RecordedBy    string    `json:"recorded_by"`
	Role          string    `json:"role"`
	RecordedAt    time.Time `json:"recorded_at"`
}

// Explain lists the follow-ups recorded in events, the employee's
// follow-up stream (read as of the position an explanation explains), in
// stream order. Errors say which event could not be decoded.
func Explain(events []eventlog.Event) ([]Explained, error) {
	out := []Explained{}
	for _, st := range events {
		ev, err := Decode(st.Type, st.SchemaVersion, st.Data)
		if err != nil {
			return nil, fmt.Errorf("explain follow-ups: %s version %d: %w", st.Stream, st.Version, err)
		}
		r, ok := ev.(Recorded)
		if !ok {
			continue
		}
		x := Explained{EventID: st.ID, Position: st.Position, No: r.No, Kind: r.Kind, Title: r.Title, Reason: r.Reason,
			Effective: r.Effective.String(), BasisEventIDs: []string{}, Basis: []Basis{}, RecordedBy: r.By.NIP,
			Role: string(r.By.Role), RecordedAt: r.At.UTC()}
		for _, b := range r.Basis {
			x.BasisEventIDs = append(x.BasisEventIDs, b.EventID)
			x.Basis = append(x.Basis, b)
		}
		out = append(out, x)
	}
	return out, nil
}
