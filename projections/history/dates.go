package history

import (
	"encoding/json"
	"time"

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

// UnmarshalJSON reads what MarshalJSON writes: the effective day becomes
// midnight UTC.
func (c *Change) UnmarshalJSON(b []byte) error {
	type plain Change
	var in struct {
		plain
		Effective *civil.Date `json:"effective"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*c = Change(in.plain)
	c.Effective = nil
	if in.Effective != nil {
		t := in.Effective.Time(time.UTC)
		c.Effective = &t
	}
	return nil
}
