package skp

// apply changes the state by one event; it is used by Replay and by the
// command methods, and never fails.
func (s *SKP) apply(e Event) {
	switch e := e.(type) {
	case Drafted:
		s.drafted, s.status = true, StatusDraft
		s.nip, s.year, s.instansi, s.jpt, s.head, s.plan = e.NIP, e.Year, e.Instansi, e.JPT, e.Head, e.Plan.clone()
	case Edited:
		s.plan = e.Plan.clone()
	case Submitted:
		s.status = StatusSubmitted
	case Returned:
		s.status = StatusReturned
		s.returns = append(s.returns, Note{Text: e.Note, By: e.By, At: e.At})
	case Approved:
		s.status, s.approvedOnce = StatusApproved, true
		p := s.plan.clone()
		s.approvedPlan = &p
	case ExpectationsSet:
		s.applyExpectations(e)
	case Revised:
		s.status, s.plan = StatusSubmitted, e.Plan.clone()
	case RealisationReported:
		s.realisations[realKey{e.Window, e.IKI}] = Realisation{Quantity: e.Quantity, Text: e.Text, Evidence: e.Evidence}
	case RealisationCorrected:
		s.realisations[realKey{e.Window, e.IKI}] = Realisation{Quantity: e.Quantity, Text: e.Text, Evidence: e.Evidence}
	case FeedbackGiven:
		s.feedback = append(s.feedback, feedbackNoteOf(e))
	case FeedbackResponded:
		if e.No >= 1 && e.No <= len(s.feedback) {
			s.feedback[e.No-1].Response = &Note{Text: e.Text, By: e.By, At: e.At}
		}
	default:
		s.applyRating(e)
	}
}

// applyRating applies the events about ratings and objections.
func (s *SKP) applyRating(e Event) {
	switch e := e.(type) {
	case PeriodicRatingsGiven:
		n := Note{Text: e.Note, By: e.By, At: e.At}
		s.periodic[e.Window] = rated{Ratings: e.Ratings, policyVersion: e.PolicyVersion, at: e.At, note: n, inForce: n}
	case AnnualRatingsGiven:
		n := Note{Text: e.Note, By: e.By, At: e.At}
		s.annual = &rated{Ratings: e.Ratings, policyVersion: e.PolicyVersion, at: e.At, note: n, inForce: n}
	case RatingsAmended:
		reason := Note{Text: e.Reason, By: e.By, At: e.At}
		s.amendments = append(s.amendments, Amendment{Window: e.Window, Previous: e.Previous, New: e.New, Reason: reason})
		s.changeRatings(e, reason)
	case ObjectionFiled:
		s.objection.fileWith(e)
	case ObjectionDecided:
		s.objection.decideWith(e)
		s.changeRatings(e, Note{Text: e.Note, By: e.By, At: e.At})
	default:
		s.applySelf(e)
	}
}

// changeRatings replaces the ratings that e puts in force (RatingsInForce)
// if they were given, keeping the policy version they were given under and
// the note they were given with; n, e's reason or note, is the note of the
// ratings in force from e's time on.
func (s *SKP) changeRatings(e Event, n Note) {
	set, ok := RatingsInForce(e)
	if !ok {
		return
	}
	window, r := set.Window, set.Ratings
	if window == 0 {
		if s.annual != nil {
			s.annual.Ratings, s.annual.at, s.annual.inForce = r, n.At, n
		}
		return
	}
	if old, ok := s.periodic[window]; ok {
		old.Ratings, old.at, old.inForce = r, n.At, n
		s.periodic[window] = old
	}
}
