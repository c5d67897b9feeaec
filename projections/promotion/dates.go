package promotion

import (
	"encoding/json"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
)

// MarshalJSON writes the candidate with its TMT and next promotion date as
// calendar dates (YYYY-MM-DD), which is what they are; the struct keeps
// them as times for the rules that compare them.
func (c Candidate) MarshalJSON() ([]byte, error) {
	type plain Candidate
	out := struct {
		plain
		GolonganTMT civil.Date `json:"golongan_tmt,omitzero"`
		NextDate    civil.Date `json:"next_date"`
	}{plain: plain(c), NextDate: civil.DateOf(c.NextDate)}
	if !c.GolonganTMT.IsZero() {
		out.GolonganTMT = civil.DateOf(c.GolonganTMT)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes: the dates become midnight
// UTC of their day.
func (c *Candidate) UnmarshalJSON(b []byte) error {
	type plain Candidate
	var in struct {
		plain
		GolonganTMT civil.Date `json:"golongan_tmt"`
		NextDate    civil.Date `json:"next_date"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*c = Candidate(in.plain)
	c.GolonganTMT, c.NextDate = time.Time{}, time.Time{}
	if !in.GolonganTMT.IsZero() {
		c.GolonganTMT = in.GolonganTMT.Time(time.UTC)
	}
	if !in.NextDate.IsZero() {
		c.NextDate = in.NextDate.Time(time.UTC)
	}
	return nil
}
