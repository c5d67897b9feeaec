package projectiontest

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// ratings returns random ratings with the predikat of the matrix.
func (s *scripter) ratings() skp.Ratings {
	all := performance.Ratings()
	h, p := all[s.w.rng.IntN(3)], all[s.w.rng.IntN(3)]
	if s.w.rng.IntN(2) == 0 {
		p = performance.RatingSesuai
	}
	pr, err := performance.PredikatOf(h, p)
	if err != nil {
		panic(err)
	}
	return skp.Ratings{Hasil: h, Perilaku: p, Predikat: pr}
}

// quarters reports realisation, gives feedback and rates each quarter
// (some quarters are left out).
func (s *scripter) quarters() {
	y := s.w.cfg.Year
	for q := 1; q <= 4; q++ {
		if !s.w.cfg.National && s.w.rng.IntN(6) == 0 {
			continue
		}
		label := fmt.Sprintf("%d-Q%d", y, q)
		deadline := civil.Date{Year: y, Month: 3 * 4, Day: 5}
		for _, iki := range s.iki {
			qty := float64(1 + s.w.rng.IntN(4))
			late := s.w.rng.IntN(5) == 0
			s.emit(skp.RealisationReported{NIP: s.nip, Year: y, Window: q, Label: label, IKI: iki, Quantity: &qty,
				Evidence: []string{"doc-" + iki}, Late: late, Deadline: deadline, At: s.w.tick(), By: s.self})
			if s.w.rng.IntN(10) == 0 {
				qty++
				s.emit(skp.RealisationCorrected{NIP: s.nip, Year: y, Window: q, Label: label, IKI: iki, Quantity: &qty,
					Evidence: []string{"doc2-" + iki}, Reason: "salah ketik", Deadline: deadline, At: s.w.tick(), By: s.self})
			}
		}
		if s.w.cfg.National {
			for m := 3*q - 2; m <= 3*q; m++ {
				s.feedback(m)
			}
		} else {
			s.feedback(q)
		}
		s.emit(skp.PeriodicRatingsGiven{NIP: s.nip, Year: y, Window: q, Label: label, Ratings: s.ratings(),
			PolicyVersion: performance.DefaultPolicyVersion, At: s.w.tick(), By: s.boss})
		if s.w.rng.IntN(8) == 0 {
			s.emit(skp.RatingsAmended{NIP: s.nip, Year: y, Window: q, New: s.ratings(), Reason: "koreksi",
				PolicyVersion: performance.DefaultPolicyVersion, At: s.w.tick(), By: s.boss})
		}
	}
}

// feedback gives feedback on a BerAKHLAK value, answered now and then.
func (s *scripter) feedback(no int) {
	if !s.w.cfg.National && s.w.rng.IntN(2) == 0 {
		return
	}
	y := s.w.cfg.Year
	v := skp.Values()[s.w.rng.IntN(7)]
	s.emit(skp.FeedbackGiven{NIP: s.nip, Year: y, No: no, Value: v, Text: "perlu ditingkatkan", At: s.w.tick(), By: s.boss})
	if s.w.rng.IntN(2) == 0 {
		s.emit(skp.FeedbackResponded{NIP: s.nip, Year: y, No: no, Text: "siap", At: s.w.tick(), By: s.self})
	}
}

// annual gives the annual ratings, amended for some.
func (s *scripter) annual() {
	y := s.w.cfg.Year
	s.given = s.ratings()
	s.emit(skp.AnnualRatingsGiven{NIP: s.nip, Year: y, Ratings: s.given, PolicyVersion: performance.DefaultPolicyVersion, At: s.w.tick(), By: s.boss})
	if s.w.rng.IntN(8) == 0 {
		prev := s.given
		s.given = s.ratings()
		s.emit(skp.RatingsAmended{NIP: s.nip, Year: y, Previous: prev, New: s.given, Reason: "salah input",
			PolicyVersion: performance.DefaultPolicyVersion, At: s.w.tick(), By: s.boss})
	}
}

// objection files an objection, decided either way.
func (s *scripter) objection() {
	y := s.w.cfg.Year
	at := s.w.tick()
	s.emit(skp.ObjectionFiled{NIP: s.nip, Year: y, Reasons: "tidak sesuai", Against: s.given, Received: at,
		Deadline: at.AddDate(0, 0, 14), PolicyVersion: performance.DefaultPolicyVersion, At: at, By: s.self})
	atasan := actor.Actor{NIP: NIP(s.n + 2000000), Role: actor.AtasanPejabatPenilai}
	d := skp.ObjectionDecided{NIP: s.nip, Year: y, Outcome: skp.OutcomeRatingsUpheld, Previous: s.given, Note: "diputuskan", At: s.w.tick(), By: atasan}
	if s.w.rng.IntN(2) == 0 {
		d.Outcome, d.New = skp.OutcomeRatingsChanged, s.ratings()
	}
	s.emit(d)
}
