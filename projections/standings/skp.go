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

// apply changes the row by one SKP event stored as e, with facts f.
func (r *skpRow) apply(e eventlog.Event, f *facts) {
	r.lastPosition, r.updatedAt = int64(e.Position), e.RecordedAt
	switch e.Type {
	case skp.TypeDrafted:
		r.status = "draft"
		r.rhk, r.iki = f.Plan.counts()
	case skp.TypeEdited:
		r.rhk, r.iki = f.Plan.counts()
	case skp.TypeRevised:
		r.status = "submitted"
		r.rhk, r.iki = f.Plan.counts()
	case skp.TypeSubmitted:
		r.status = "submitted"
	case skp.TypeReturned:
		r.status = "returned"
	case skp.TypeApproved:
		r.status = "approved"
	case skp.TypeRealisationReported:
		r.realisations++
		if f.Late {
			r.late++
		}
	case skp.TypeFeedbackGiven:
		r.feedback++
	default:
		r.applyRating(e.Type, f)
	}
}

// applyRating changes the row by a rating or objection event.
func (r *skpRow) applyRating(eventType string, f *facts) {
	switch eventType {
	case skp.TypePeriodicRatingsGiven:
		r.windowsRated++
		if r.periodicWindow == nil || int(*r.periodicWindow) <= f.Window {
			w := int32(f.Window)
			r.periodicWindow, r.periodicLabel = &w, f.Label
			r.setPeriodic(f.Ratings)
		}
	case skp.TypeAnnualRatingsGiven:
		at := f.At
		r.setAnnual(f.Ratings)
		r.annualAt = &at
	case skp.TypeRatingsAmended:
		if f.Window == 0 {
			r.setAnnual(f.New)
		} else if r.periodicWindow != nil && int(*r.periodicWindow) == f.Window {
			r.setPeriodic(f.New)
		}
	case skp.TypeObjectionFiled:
		r.objection = "filed"
	case skp.TypeObjectionDecided:
		r.objection = string(f.Outcome)
		if f.Outcome == skp.OutcomeRatingsChanged {
			r.setAnnual(f.New)
		}
	}
}

func (r *skpRow) setPeriodic(x skp.Ratings) {
	r.periodicHasil, r.periodicPerilaku, r.periodicPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}

func (r *skpRow) setAnnual(x skp.Ratings) {
	r.annualHasil, r.annualPerilaku, r.annualPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}
