package standings

import (
	"context"
	"slices"
	"strconv"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
)

// EventLog reads a stream of the global log as of a position.
type EventLog interface {
	ReadStreamAsOf(ctx context.Context, stream string, at eventlog.AsOf) ([]eventlog.Event, error)
}

// Check compares one value of a standings row with the value the events
// give.
type Check struct {
	Field     string `json:"field"`
	ReadModel string `json:"read_model"`
	Events    string `json:"events"`
	Agrees    bool   `json:"agrees"`
}

func check(field, row, events string) Check {
	return Check{Field: field, ReadModel: row, Events: events, Agrees: row == events}
}

// Explanation is a standings row with the events its SKP status, ratings
// and predikat rest on, and checks that say whether the row agrees with them.
type Explanation struct {
	// Row is nil when the read model holds no row (yet).
	Row    *Standing
	Events skp.Explanation
	Checks []Check
	// Followups are the employee's follow-ups (tindak lanjut) recorded up
	// to the position, in stream order.
	Followups []followup.Explained
	// Consistent is true when the row exists and every check agrees.
	Consistent bool
	// Empty is true when neither the row nor the SKP stream (up to the
	// position) exists: there is nothing to explain.
	Empty bool
}

// Explain expands the standings row of nip and year (nil when the read
// model has none) to the events of the employee's SKP stream up to
// position, the read model's checkpoint when the row was read, so that the
// events explain exactly the row.
func Explain(ctx context.Context, log EventLog, nip string, year int, row *Standing, position uint64) (Explanation, error) {
	x := Explanation{Row: row, Checks: []Check{}, Followups: []followup.Explained{}}
	var events []eventlog.Event
	if position > 0 {
		var err error
		events, err = log.ReadStreamAsOf(ctx, skp.Stream(nip, year), eventlog.AsOf{Position: position})
		if err != nil {
			return x, err
		}
		fevents, err := log.ReadStreamAsOf(ctx, followup.Stream(nip), eventlog.AsOf{Position: position})
		if err != nil {
			return x, err
		}
		if x.Followups, err = followup.Explain(fevents); err != nil {
			return x, err
		}
	}
	if row == nil && len(events) == 0 {
		x.Empty = true
		return x, nil
	}
	var err error
	if x.Events, err = skp.Explain(events); err != nil {
		return x, err
	}
	if row != nil {
		x.Checks = checks(*row, x.Events)
	}
	x.Consistent = row != nil && !slices.ContainsFunc(x.Checks, func(c Check) bool { return !c.Agrees })
	return x, nil
}

// checks compares the SKP columns of a row with the explanation.
func checks(row Standing, x skp.Explanation) []Check {
	status := string(x.Status)
	if status == "" {
		status = "none"
	}
	var annual skp.Ratings
	if x.Annual != nil {
		annual = x.Annual.Ratings
	}
	out := []Check{check("skp_status", row.SKPStatus, status),
		check("annual_hasil", row.AnnualHasil, string(annual.Hasil)),
		check("annual_perilaku", row.AnnualPerilaku, string(annual.Perilaku)),
		check("annual_predikat", row.AnnualPredikat, string(annual.Predikat)),
		check("windows_rated", strconv.Itoa(row.WindowsRated), strconv.Itoa(len(x.Periodic)))}
	window, predikat := "", ""
	if n := len(x.Periodic); n > 0 {
		last := x.Periodic[n-1]
		window, predikat = strconv.Itoa(last.Window), string(last.Ratings.Predikat)
	}
	rowWindow := ""
	if row.PeriodicWindow != nil {
		rowWindow = strconv.Itoa(*row.PeriodicWindow)
	}
	return append(out, check("periodic_window", rowWindow, window), check("periodic_predikat", row.PeriodicPredikat, predikat))
}
