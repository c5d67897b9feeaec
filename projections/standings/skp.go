package standings

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// key identifies a standings row.
type key struct {
	nip  string
	year int
}

// skpKey returns the row of an SKP stream, named skp-<nip>-<year> (skp.Stream).
func skpKey(stream string) (key, error) {
	rest, ok := strings.CutPrefix(stream, "skp-")
	nip, y, ok2 := strings.Cut(rest, "-")
	year, err := strconv.Atoi(y)
	if !ok || !ok2 || err != nil || skp.Stream(nip, year) != stream {
		return key{}, fmt.Errorf("SKP event in stream %q, want skp-<nip>-<year>", stream)
	}
	return key{nip, year}, nil
}

// skpRow holds the columns of a standings row that SKP events change.
type skpRow struct {
	status                          string
	rhk, iki                        int32
	realisations, late, feedback    int32
	windowsRated                    int32
	periodicWindow                  *int32
	periodicLabel                   string
	periodicHasil, periodicPerilaku string
	periodicPredikat                string
	annualHasil, annualPerilaku     string
	annualPredikat                  string
	annualAt                        *time.Time
	objection                       string
	lastPosition                    int64
	updatedAt                       time.Time
}

// apply changes the row by one SKP event stored as e.
func (r *skpRow) apply(ev skp.Event, e eventlog.Event) {
	r.lastPosition, r.updatedAt = int64(e.Position), e.RecordedAt
	switch ev := ev.(type) {
	case skp.Drafted:
		r.status, r.rhk, r.iki = "draft", rhkCount(ev.Plan), ikiCount(ev.Plan)
	case skp.Edited:
		r.rhk, r.iki = rhkCount(ev.Plan), ikiCount(ev.Plan)
	case skp.Revised:
		r.status, r.rhk, r.iki = "submitted", rhkCount(ev.Plan), ikiCount(ev.Plan)
	case skp.Submitted:
		r.status = "submitted"
	case skp.Returned:
		r.status = "returned"
	case skp.Approved:
		r.status = "approved"
	case skp.RealisationReported:
		r.realisations++
		if ev.Late {
			r.late++
		}
	case skp.FeedbackGiven:
		r.feedback++
	default:
		r.applyRating(ev)
	}
}

// applyRating changes the row by a rating or objection event.
func (r *skpRow) applyRating(ev skp.Event) {
	switch ev := ev.(type) {
	case skp.PeriodicRatingsGiven:
		r.windowsRated++
		if r.periodicWindow == nil || int(*r.periodicWindow) <= ev.Window {
			w := int32(ev.Window)
			r.periodicWindow, r.periodicLabel = &w, ev.Label
			r.setPeriodic(ev.Ratings)
		}
	case skp.AnnualRatingsGiven:
		at := ev.At.UTC()
		r.setAnnual(ev.Ratings)
		r.annualAt = &at
	case skp.RatingsAmended:
		if ev.Window == 0 {
			r.setAnnual(ev.New)
		} else if r.periodicWindow != nil && int(*r.periodicWindow) == ev.Window {
			r.setPeriodic(ev.New)
		}
	case skp.ObjectionFiled:
		r.objection = "filed"
	case skp.ObjectionDecided:
		r.objection = string(ev.Outcome)
		if ev.Outcome == skp.OutcomeRatingsChanged {
			r.setAnnual(ev.New)
		}
	}
}

func (r *skpRow) setPeriodic(x skp.Ratings) {
	r.periodicHasil, r.periodicPerilaku, r.periodicPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}

func (r *skpRow) setAnnual(x skp.Ratings) {
	r.annualHasil, r.annualPerilaku, r.annualPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}

// rhkCount and ikiCount return the size of a plan.
func rhkCount(p skp.Plan) int32 { return int32(len(p.RHK)) }

func ikiCount(p skp.Plan) int32 {
	n := 0
	for _, r := range p.RHK {
		n += len(r.IKI)
	}
	return int32(n)
}
