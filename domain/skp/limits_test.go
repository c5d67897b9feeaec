package skp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/text"
)

// limitCase is a command that must fail on one text field: given events,
// when the command runs, then it returns a *text.Error naming field and
// limit, wrapped in skp.ErrInvalidInput.
type limitCase struct {
	name  string
	given []skp.Event
	when  func(*skp.SKP) ([]skp.Event, error)
	field string
	limit int
}

func runLimits(t *testing.T, cases []limitCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.when(given(t, c.given...))
			var te *text.Error
			if !errors.As(err, &te) || !errors.Is(err, skp.ErrInvalidInput) {
				t.Fatalf("error = %v, want a text error wrapped in ErrInvalidInput", err)
			}
			if te.Field != c.field || te.Limit != c.limit || !strings.Contains(err.Error(), c.field) {
				t.Fatalf("error on %s (limit %d): %v; want %s (limit %d)", te.Field, te.Limit, err, c.field, c.limit)
			}
			if got != nil {
				t.Fatalf("events %v, want none", got)
			}
		})
	}
}

// over returns a text one rune longer than limit, of two-byte runes.
func over(limit int) string { return strings.Repeat("é", limit+1) }

func TestEveryTextFieldIsBounded(t *testing.T) {
	open := quarterly(t)
	withPlan := func(change func(*skp.Plan)) func(*skp.SKP) ([]skp.Event, error) {
		p := samplePlan()
		p.RHK[0].IKI = append([]skp.IKI(nil), p.RHK[0].IKI...)
		p.Perilaku = append([]skp.Expectation(nil), p.Perilaku...)
		change(&p)
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.Draft(on("2025-01-03"), pegawai, skp.Draft{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", Plan: p})
		}
	}
	feedback := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, RHK: "rhk-1", Text: "x", At: on("2025-02-10"), By: penilai}
	reported := skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-2",
		Text: "selesai", Evidence: []string{"dms://1"}, Deadline: day("2025-04-10"), At: on("2025-04-02"), By: pegawai}
	filed := skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "x", At: on("2026-01-02"), By: pegawai}
	ok := skp.Realisation{Text: "selesai", Evidence: []string{"dms://1"}}
	runLimits(t, []limitCase{
		{"rhk text", nil, withPlan(func(p *skp.Plan) { p.RHK[0].Text = over(text.MaxPlanText) }), "rhk[0].text", text.MaxPlanText},
		{"rhk supports", nil, withPlan(func(p *skp.Plan) { p.RHK[1].Supports = over(text.MaxPlanText) }), "rhk[1].supports", text.MaxPlanText},
		{"iki text", nil, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[1].Text = over(text.MaxPlanText) }), "rhk[0].iki[1].text", text.MaxPlanText},
		{"target unit", nil, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[0].Target.Unit = over(text.MaxTargetUnit) }),
			"rhk[0].iki[0].target.unit", text.MaxTargetUnit},
		{"target text", nil, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[1].Target.Text = over(text.MaxPlanText) }),
			"rhk[0].iki[1].target.text", text.MaxPlanText},
		{"expectation", nil, withPlan(func(p *skp.Plan) { p.Perilaku[1].Expectation = over(text.MaxPlanText) }),
			"perilaku[1].expectation", text.MaxPlanText},
		{"NUL in an rhk text", nil, withPlan(func(p *skp.Plan) { p.RHK[0].Text = "a\x00b" }), "rhk[0].text", text.MaxPlanText},
		{"return note", []skp.Event{drafted, submitted}, func(s *skp.SKP) ([]skp.Event, error) {
			return s.Return(on("2025-01-07"), penilai, line, over(text.MaxNote))
		}, "note", text.MaxNote},
		{"revise reason", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.Revise(on("2025-03-01"), pegawai, samplePlan(), over(text.MaxNote))
		}, "reason", text.MaxNote},
		{"feedback text", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: over(text.MaxFeedback)})
		}, "text", text.MaxFeedback},
		{"NUL in a feedback text", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: "baik\x00"})
		}, "text", text.MaxFeedback},
		{"control character in a feedback text", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: "baik\x1b[31m"})
		}, "text", text.MaxFeedback},
		{"feedback evidence", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: "x",
				Evidence: []string{"dms://1", over(text.MaxEvidenceRef)}})
		}, "evidence[1]", text.MaxEvidenceRef},
		{"newline in an evidence reference", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: "x", Evidence: []string{"dms://1\nx"}})
		}, "evidence[0]", text.MaxEvidenceRef},
		{"feedback response", approvedThen(feedback), func(s *skp.SKP) ([]skp.Event, error) {
			return s.RespondToFeedback(on("2025-02-11"), pegawai, 1, over(text.MaxFeedback))
		}, "text", text.MaxFeedback},
		{"realisation text", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.ReportRealisation(on("2025-04-02"), pegawai, open, 1, "iki-2", skp.Realisation{Text: over(text.MaxRealisation), Evidence: []string{"dms://1"}})
		}, "text", text.MaxRealisation},
		{"realisation evidence", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.ReportRealisation(on("2025-04-02"), pegawai, open, 1, "iki-2", skp.Realisation{Text: "x", Evidence: []string{over(text.MaxEvidenceRef)}})
		}, "evidence[0]", text.MaxEvidenceRef},
		{"correction reason", approvedThen(reported), func(s *skp.SKP) ([]skp.Event, error) {
			return s.CorrectRealisation(on("2025-04-05"), pegawai, open, 1, "iki-2", ok, over(text.MaxNote))
		}, "reason", text.MaxNote},
		{"periodic rating note", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.RatePeriod(on("2025-04-05"), penilai, line, open, performance.DefaultPolicy(), 1, skp.Assessment{Hasil: sesuaiAtas.Hasil, Perilaku: sesuaiAtas.Perilaku, Note: over(text.MaxNote)})
		}, "note", text.MaxNote},
		{"annual rating note", approvedThen(), func(s *skp.SKP) ([]skp.Event, error) {
			return s.RateAnnual(on("2025-12-31"), penilai, line, open, performance.DefaultPolicy(), skp.Assessment{Hasil: sesuaiAtas.Hasil, Perilaku: sesuaiAtas.Perilaku, Note: over(text.MaxNote)})
		}, "note", text.MaxNote},
		{"amendment reason", approvedThen(q1Rated), func(s *skp.SKP) ([]skp.Event, error) {
			return s.AmendRatings(on("2026-01-05"), penilai, line, 1, skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: over(text.MaxNote)})
		}, "reason", text.MaxNote},
		{"objection reasons", approvedThen(annualRated), func(s *skp.SKP) ([]skp.Event, error) {
			return s.FileObjection(on("2026-01-02"), pegawai, policy, over(text.MaxObjection))
		}, "reasons", text.MaxObjection},
		{"objection decision note", approvedThen(annualRated, filed), func(s *skp.SKP) ([]skp.Event, error) {
			return s.DecideObjection(on("2026-01-05"), atasan, line, skp.Decision{Outcome: skp.OutcomeRatingsUpheld, Note: over(text.MaxNote)})
		}, "note", text.MaxNote},
	})
}

// TestTextAtTheLimitIsAccepted counts the limit in runes, not bytes, and
// keeps newlines and tabs in multi-line fields.
func TestTextAtTheLimitIsAccepted(t *testing.T) {
	long := strings.Repeat("é", text.MaxFeedback-3) + "\n\t"
	s := given(t, approvedThen()...)
	got, err := s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: "a" + long + "z"})
	if err == nil {
		t.Fatalf("%d runes accepted, want rejected", text.MaxFeedback+1)
	}
	got, err = s.GiveFeedback(on("2025-02-10"), penilai, line, skp.Feedback{RHK: "rhk-1", Text: long + "z"})
	if err != nil || len(got) != 1 || got[0].(skp.FeedbackGiven).Text != long+"z" {
		t.Fatalf("feedback of %d runes: %v, %v", text.MaxFeedback, got, err)
	}
}

// TestNULInAnIDIsInvalid: ids are bounded by their own shape.
func TestNULInAnIDIsInvalid(t *testing.T) {
	p := samplePlan()
	p.RHK = append([]skp.RHK(nil), p.RHK...)
	p.RHK[0].ID = "rhk\x00"
	_, err := given(t).Draft(on("2025-01-03"), pegawai, skp.Draft{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", Plan: p})
	if !errors.Is(err, skp.ErrInvalidInput) || !strings.Contains(err.Error(), "rhk[0].id") {
		t.Fatalf("error = %v, want invalid rhk[0].id", err)
	}
}
