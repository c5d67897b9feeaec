package skp

import "time"

// RatingFacts are the fields of an SKP event that decide which ratings it
// puts in force. They carry the JSON names of the events' payloads, so a
// read model can read them straight from a stored event at the current
// schema version of its type (CurrentVersion) instead of decoding it.
type RatingFacts struct {
	Window int `json:"window"`
	// Label is the window's label (periodic ratings only); PolicyVersion
	// the version the ratings were given under (empty for an objection
	// decision, which keeps the version of the ratings it changes).
	Label         string  `json:"label"`
	PolicyVersion string  `json:"policy_version"`
	Ratings       Ratings `json:"ratings"`
	New           Ratings `json:"new"`
	Outcome       Outcome `json:"outcome"`
}

// InForce returns the ratings that an event of type eventType with the
// facts f puts in force, and their window (0 for the annual ratings): a
// periodic or annual rating puts its ratings in force, an amendment its new
// ratings for its window, and an objection decided with
// OutcomeRatingsChanged the new annual ratings. ok is false for every
// other event, an upheld objection included.
func (f RatingFacts) InForce(eventType string) (window int, r Ratings, ok bool) {
	switch eventType {
	case TypePeriodicRatingsGiven:
		return f.Window, f.Ratings, true
	case TypeAnnualRatingsGiven:
		return 0, f.Ratings, true
	case TypeRatingsAmended:
		return f.Window, f.New, true
	case TypeObjectionDecided:
		return 0, f.New, f.Outcome == OutcomeRatingsChanged
	}
	return 0, Ratings{}, false
}

// RatingFactsOf returns the rating facts of e; they are zero for an event
// that puts no ratings in force.
func RatingFactsOf(e Event) RatingFacts {
	switch e := e.(type) {
	case PeriodicRatingsGiven:
		return RatingFacts{Window: e.Window, Label: e.Label, PolicyVersion: e.PolicyVersion, Ratings: e.Ratings}
	case AnnualRatingsGiven:
		return RatingFacts{PolicyVersion: e.PolicyVersion, Ratings: e.Ratings}
	case RatingsAmended:
		return RatingFacts{Window: e.Window, PolicyVersion: e.PolicyVersion, New: e.New}
	case ObjectionDecided:
		return RatingFacts{Outcome: e.Outcome, New: e.New}
	}
	return RatingFacts{}
}

// RatingsSet is a set of ratings that an event puts in force.
type RatingsSet struct {
	NIP  string
	Year int
	// Window is the period window, or 0 for the annual ratings.
	Window int
	// Label is the window's label; only a periodic rating names it.
	Label   string
	Ratings Ratings
	At      time.Time
}

// RatingsInForce returns the ratings e puts in force, for which SKP and
// window; false if it puts none in force (see RatingFacts.InForce). The
// ratings of a window in force are those of the last event of the SKP
// that sets that window.
func RatingsInForce(e Event) (RatingsSet, bool) {
	var s RatingsSet
	switch e := e.(type) {
	case PeriodicRatingsGiven:
		s = RatingsSet{NIP: e.NIP, Year: e.Year, Label: e.Label, At: e.At}
	case AnnualRatingsGiven:
		s = RatingsSet{NIP: e.NIP, Year: e.Year, At: e.At}
	case RatingsAmended:
		s = RatingsSet{NIP: e.NIP, Year: e.Year, At: e.At}
	case ObjectionDecided:
		s = RatingsSet{NIP: e.NIP, Year: e.Year, At: e.At}
	default:
		return RatingsSet{}, false
	}
	var ok bool
	if s.Window, s.Ratings, ok = RatingFactsOf(e).InForce(e.EventType()); !ok {
		return RatingsSet{}, false
	}
	return s, true
}

// IsRatingEvent reports whether events of eventType give or change ratings
// (periodic and annual ratings, amendments, objection decisions): the
// types for which RatingFacts.InForce may put ratings in force.
func IsRatingEvent(eventType string) bool {
	switch eventType {
	case TypePeriodicRatingsGiven, TypeAnnualRatingsGiven, TypeRatingsAmended, TypeObjectionDecided:
		return true
	}
	return false
}
