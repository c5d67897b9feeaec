package promotion

import (
	"encoding/json"

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
