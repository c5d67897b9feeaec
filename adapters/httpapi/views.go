package httpapi

import (
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// The JSON shapes of the current state of streams, as GET returns them.

// lineView is a reporting line.
type lineView struct {
	PejabatPenilai       string     `json:"pejabat_penilai"`
	AtasanPejabatPenilai string     `json:"atasan_pejabat_penilai"`
	EffectiveFrom        civil.Date `json:"effective_from"`
	Acting               bool       `json:"acting"`
	Reason               string     `json:"reason"`
}

// employeeView is an employee's master data.
type employeeView struct {
	NIP            string               `json:"nip"`
	Name           string               `json:"name"`
	Status         employee.Status      `json:"status"`
	Instansi       string               `json:"instansi"`
	Unit           string               `json:"unit"`
	UnitFrom       *civil.Date          `json:"unit_from,omitempty"`
	Jabatan        employee.Jabatan     `json:"jabatan"`
	Golongan       performance.Golongan `json:"golongan"`
	GolonganTMT    civil.Date           `json:"golongan_tmt"`
	ReportingLine  *lineView            `json:"reporting_line"`
	ReportingLines []lineView           `json:"reporting_lines"`
	LeftService    *civil.Date          `json:"left_service,omitempty"`
	Version        uint64               `json:"version"`
}

func viewOfLine(l employee.ReportingLine) lineView {
	return lineView{PejabatPenilai: l.PejabatPenilai, AtasanPejabatPenilai: l.AtasanPejabatPenilai,
		EffectiveFrom: l.EffectiveFrom, Acting: l.Acting, Reason: l.Reason}
}

// employeeViewOf shows e with the reporting line in force on today.
func employeeViewOf(e *employee.Employee, today civil.Date) employeeView {
	g, tmt := e.Golongan()
	v := employeeView{NIP: e.NIP(), Name: e.Name(), Status: e.Status(), Instansi: e.Instansi(), Unit: e.Unit(),
		Jabatan: e.Jabatan(), Golongan: g, GolonganTMT: tmt, ReportingLines: []lineView{}, Version: e.Version()}
	if l, ok := e.ReportingLineAt(today); ok {
		lv := viewOfLine(l)
		v.ReportingLine = &lv
	}
	for _, l := range e.ReportingLines() {
		v.ReportingLines = append(v.ReportingLines, viewOfLine(l))
	}
	if from := e.UnitFrom(); !from.IsZero() {
		v.UnitFrom = &from
	}
	if left, on := e.Left(); left {
		v.LeftService = &on
	}
	return v
}

// unitView is a unit.
type unitView struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Parent   string `json:"parent"`
	Instansi string `json:"instansi"`
	Version  uint64 `json:"version"`
}

// periodView is an evaluation year.
type periodView struct {
	Instansi      string                      `json:"instansi"`
	Year          int                         `json:"year"`
	Frequency     performance.PeriodFrequency `json:"frequency"`
	PolicyVersion string                      `json:"policy_version"`
	Windows       []windowView                `json:"windows"`
	YearClosed    bool                        `json:"year_closed"`
	Version       uint64                      `json:"version"`
}

type windowView struct {
	period.Window
	Closed bool `json:"closed"`
}

func periodViewOf(p *period.Period) periodView {
	v := periodView{Instansi: p.Instansi(), Year: p.Year(), Frequency: p.Frequency(), PolicyVersion: p.PolicyVersion(),
		Windows: []windowView{}, YearClosed: p.YearClosed(), Version: p.Version()}
	for _, w := range p.Windows() {
		v.Windows = append(v.Windows, windowView{Window: w, Closed: p.WindowClosed(w.Number)})
	}
	return v
}

// skpView is an SKP: the plan, what was reported and rated, the objection,
// every text addressed to the employee with who wrote it and when, and
// what is due from the employee next (see views_own.go).
type skpView struct {
	NIP             string             `json:"nip"`
	Year            int                `json:"year"`
	Instansi        string             `json:"instansi"`
	Status          skp.Status         `json:"status"`
	Plan            skp.Plan           `json:"plan"`
	Realisations    []realisationView  `json:"realisations"`
	Feedback        []feedbackView     `json:"feedback"`
	PeriodicRatings []windowRatings    `json:"periodic_ratings"`
	AnnualRatings   *annualRatingsView `json:"annual_ratings"`
	Objection       objectionView      `json:"objection"`
	ReturnNotes     []skp.Note         `json:"return_notes"`
	Amendments      []skp.Amendment    `json:"amendments"`
	// Expectations are the pejabat penilai's ekspektasi khusus pimpinan;
	// ExpectationsMissing the BerAKHLAK values still without one;
	// ExpectationsLegacy marks a plan approved before they were required,
	// whose expectations are the employee-typed plan.perilaku.
	Expectations        []skp.SetExpectation `json:"expectations"`
	ExpectationsMissing []skp.Value          `json:"expectations_missing"`
	ExpectationsLegacy  bool                 `json:"expectations_legacy"`
	// WindowInputs are the self-assessments and peer feedback per window
	// that inform the penilai's rating (see views_self.go).
	WindowInputs []skp.WindowInput `json:"window_inputs"`
	// Due is what the employee has to do next; only the current state
	// (without as_of) has it.
	Due     []skp.DueItem `json:"due,omitzero"`
	Version uint64        `json:"version"`
}

type realisationView struct {
	Window int    `json:"window"`
	IKI    string `json:"iki"`
	skp.Realisation
}

// maxWindows is the largest number of windows in a year (monthly).
const maxWindows = 12

func skpViewOf(s *skp.SKP) skpView {
	v := skpView{NIP: s.NIP(), Year: s.Year(), Instansi: s.Instansi(), Status: s.Status(), Plan: s.Plan(),
		Realisations: []realisationView{}, PeriodicRatings: []windowRatings{}, Version: s.Version(),
		Expectations: s.Expectations(), ExpectationsMissing: s.MissingExpectations(), ExpectationsLegacy: s.LegacyExpectations()}
	if v.ExpectationsMissing == nil {
		v.ExpectationsMissing = []skp.Value{}
	}
	for w := 1; w <= maxWindows; w++ {
		for _, rhk := range v.Plan.RHK {
			for _, k := range rhk.IKI {
				if r, ok := s.Realisation(w, k.ID); ok {
					v.Realisations = append(v.Realisations, realisationView{Window: w, IKI: k.ID, Realisation: r})
				}
			}
		}
		if r, ok := s.PeriodicRatings(w); ok {
			wr := windowRatings{Window: w, Ratings: r}
			wr.Note, wr.GivenNote = ratingNotesOf(s, w)
			v.PeriodicRatings = append(v.PeriodicRatings, wr)
		}
	}
	v.ownRecord(s)
	v.WindowInputs = s.WindowInputs()
	return v
}
