package history

import (
	"encoding/json"

	"github.com/kinerja/kinerja/domain/civil"
)

// MarshalJSON writes the change with its effective day as a calendar date
// (YYYY-MM-DD), which is what it is (a TMT or an effective_from).
func (c Change) MarshalJSON() ([]byte, error) {
	type plain Change
	out := struct {
		plain
		Effective *civil.Date `json:"effective,omitempty"`
	}{plain: plain(c)}
	if c.Effective != nil {
		d := civil.DateOf(*c.Effective)
		out.Effective = &d
	}
	return json.Marshal(out)
}
