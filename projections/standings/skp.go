package standings

import (
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// key identifies a standings row.
type key struct {
	nip  string
	year int
}

// skpKey returns the row of an SKP stream (skp.ParseStream).
func skpKey(stream string) (key, error) {
	nip, year, err := skp.ParseStream(stream)
	return key{nip, year}, err
}

// skpRow holds the columns of a standings row that SKP events change.
type skpRow struct {
	status string
	// rhk and iki count the plan in force: the one last approved, or the
	// plan as drafted before its first approval. planRHK and planIKI count
	// the latest plan, which a revision makes the one awaiting approval.
	rhk, iki                        int32
	planRHK, planIKI                int32
	approvedOnce                    bool
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
		r.setPlan(f.Plan.counts())
	case skp.TypeEdited:
		r.setPlan(f.Plan.counts())
	case skp.TypeRevised:
		r.status = "submitted"
		r.setPlan(f.Plan.counts())
	case skp.TypeSubmitted:
		r.status = "submitted"
	case skp.TypeReturned:
		r.status = "returned"
	case skp.TypeApproved:
		r.status = "approved"
		r.approvedOnce = true
		r.rhk, r.iki = r.planRHK, r.planIKI
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

// setPlan records the counts of the latest plan. Until the first approval
// it is the plan in force too; after it, a revision counts once approved,
// as the employee reports against the approved plan meanwhile.
func (r *skpRow) setPlan(rhk, iki int32) {
	r.planRHK, r.planIKI = rhk, iki
	if !r.approvedOnce {
		r.rhk, r.iki = rhk, iki
	}
}

// applyRating changes the row by a rating or objection event: the counts
// and the objection, then the ratings the event puts in force
// (skp.RatingFacts.InForce). The row shows the annual ratings and those of
// the latest window rated.
func (r *skpRow) applyRating(eventType string, f *facts) {
	switch eventType {
	case skp.TypePeriodicRatingsGiven:
		r.windowsRated++
	case skp.TypeAnnualRatingsGiven:
		at := f.At
		r.annualAt = &at
	case skp.TypeObjectionFiled:
		r.objection = "filed"
	case skp.TypeObjectionDecided:
		r.objection = string(f.Outcome)
	}
	w, x, ok := f.InForce(eventType)
	switch {
	case !ok:
	case w == 0:
		r.setAnnual(x)
	case eventType == skp.TypePeriodicRatingsGiven && (r.periodicWindow == nil || int(*r.periodicWindow) <= w):
		w32 := int32(w)
		r.periodicWindow, r.periodicLabel = &w32, f.Label
		r.setPeriodic(x)
	case r.periodicWindow != nil && int(*r.periodicWindow) == w:
		r.setPeriodic(x)
	}
}

func (r *skpRow) setPeriodic(x skp.Ratings) {
	r.periodicHasil, r.periodicPerilaku, r.periodicPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}

func (r *skpRow) setAnnual(x skp.Ratings) {
	r.annualHasil, r.annualPerilaku, r.annualPredikat = string(x.Hasil), string(x.Perilaku), string(x.Predikat)
}
