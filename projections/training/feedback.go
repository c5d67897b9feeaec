package training

import (
	"context"
	"fmt"
)

// feedbackRow is one feedback on a BerAKHLAK value with its employee.
type feedbackRow struct {
	nip, name, instansi, unit string
	year                      int
	value, text, eventID      string
}

// feedback reads the feedback on BerAKHLAK values f selects, by NIP, year
// and number.
func feedback(ctx context.Context, db Querier, f Filter) ([]feedbackRow, error) {
	rows, err := db.Query(ctx, `SELECT t.nip, t.year, t.value, t.text, t.event_id,`+who+f.whoFrom("training_feedback")+
		` ORDER BY t.nip, t.year, t.no`, f.args()...)
	if err != nil {
		return nil, fmt.Errorf("training needs: feedback: %w", err)
	}
	defer rows.Close()
	var out []feedbackRow
	for rows.Next() {
		var x feedbackRow
		if err := rows.Scan(&x.nip, &x.year, &x.value, &x.text, &x.eventID, &x.name, &x.instansi, &x.unit); err != nil {
			return nil, fmt.Errorf("training needs: feedback: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// feedbackNeeds returns one need per employee, year and BerAKHLAK value
// commented on, resting on every feedback event on that value, with the
// texts in order.
func feedbackNeeds(fb []feedbackRow) []Need {
	var out []Need
	at := map[string]int{}
	for _, x := range fb {
		k := fmt.Sprintf("%s/%d/%s", x.nip, x.year, x.value)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Need{NIP: x.nip, Name: x.name, Instansi: x.instansi, Unit: x.unit, Year: x.year,
				Kind: KindBerakhlakFeedback, Period: fmt.Sprint(x.year), Subject: x.value, EventIDs: []string{}})
		}
		n := &out[i]
		n.EventIDs = append(n.EventIDs, x.eventID)
		if n.Detail == "" {
			n.Detail = "feedback on " + x.value + ": " + x.text
		} else {
			n.Detail += " | " + x.text
		}
	}
	return out
}
