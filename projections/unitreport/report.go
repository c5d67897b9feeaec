package unitreport

import (
	"errors"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/performance"
)

// Errors of Report.
var (
	// ErrUnitNotFound: the read model knows no unit with the code.
	ErrUnitNotFound = errors.New("unit not in the unit report")
	// ErrPeriodNotFound: the period label is neither the year ("2025") nor
	// one of the windows the instansi opened for it.
	ErrPeriodNotFound = errors.New("no such period of the unit's instansi")
)

// Query names one unit report. Period is the label of the year ("2025",
// the default when empty) or of one of its windows ("2025-Q1"). AsOf is the
// day of the question: a window's reports are due once it is closed or its
// deadline lies before AsOf.
type Query struct {
	Unit   string
	Year   int
	Period string
	AsOf   time.Time
}

// Report is a unit's report for one period.
type Report struct {
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name"`
	Parent   string `json:"parent,omitempty"`
	Instansi string `json:"instansi"`
	Year     int    `json:"year"`
	Period   string `json:"period"`
	// Window is the window the period names, 0 for the year.
	Window int `json:"window"`
	// Members counts the employees of the year who belonged to the unit on
	// the period's last day (the window's, or 31 December for the year);
	// Rated those with a predikat in force for the period; Unrated the
	// others.
	Members int `json:"members"`
	Rated   int `json:"rated"`
	Unrated int `json:"unrated"`
	// Counts has one entry per predikat, best first; shares are of Rated.
	Counts               []Count      `json:"counts"`
	OrganisationPredikat *OrgPredikat `json:"organisation_predikat"`
	Distribution         Distribution `json:"distribution"`
	Overrides            []Override   `json:"overrides"`
	Progress             Progress     `json:"progress"`
	Employees            []Member     `json:"employees"`

	// lastDay is the period's last day, on which membership is taken.
	lastDay time.Time
}

// Count is the number and share of the rated employees with a predikat.
type Count struct {
	Predikat     string  `json:"predikat"`
	Count        int     `json:"count"`
	SharePercent float64 `json:"share_percent"`
}

// OrgPredikat is the organisation predikat in force for the period and the
// event that set it.
type OrgPredikat struct {
	Predikat      string    `json:"predikat"`
	PolicyVersion string    `json:"policy_version"`
	EventID       string    `json:"event_id"`
	SetBy         string    `json:"set_by"`
	SetAt         time.Time `json:"set_at"`

	// position is the event's position in the log (0 for a setting
	// projected before the read model kept it).
	position uint64
}

// Distribution is the check of the counts against the distribution pattern
// of the organisation predikat, made at query time under PolicyVersion.
// Checked is false without an organisation predikat. Overridden is true
// when the pattern is not met and the latest override recorded for the
// period accepted what is broken now (see covers); the overrides
// themselves stay listed in Report.Overrides, whatever they covered.
type Distribution struct {
	Checked       bool        `json:"checked"`
	PolicyVersion string      `json:"policy_version"`
	OK            bool        `json:"ok"`
	Violations    []Violation `json:"violations"`
	Overridden    bool        `json:"overridden"`
}

// Violation is one broken rule (see performance.Violation).
type Violation struct {
	Rule      string   `json:"rule"`
	Predikats []string `json:"predikats,omitempty"`
	Limit     int      `json:"limit"`
	Actual    int      `json:"actual"`
	Message   string   `json:"message"`
}

// Override is a recorded distribution override: the violations its author
// saw, the justification, and the event.
type Override struct {
	EventID       string      `json:"event_id"`
	Position      uint64      `json:"position"`
	Predikat      string      `json:"predikat"`
	Violations    []Violation `json:"violations"`
	Justification string      `json:"justification"`
	PolicyVersion string      `json:"policy_version"`
	RecordedBy    string      `json:"recorded_by"`
	RecordedAt    time.Time   `json:"recorded_at"`
}

// Progress is the unit's submission progress: plan status per member, and
// realisation per window of the period. A member with a plan approved at
// least once owes one report per IKI and window (Expected); reports not
// made are Missing once the window is due and Pending before.
type Progress struct {
	Plans   Plans            `json:"plans"`
	Windows []WindowProgress `json:"windows"`
	Total   Realisation      `json:"total"`
}

// Plans counts the members by the status of their SKP plan.
type Plans struct {
	None      int `json:"none"`
	Draft     int `json:"draft"`
	Submitted int `json:"submitted"`
	Returned  int `json:"returned"`
	Approved  int `json:"approved"`
}

// Realisation counts realisation reports.
type Realisation struct {
	Expected int `json:"expected"`
	OnTime   int `json:"on_time"`
	Late     int `json:"late"`
	Missing  int `json:"missing"`
	Pending  int `json:"pending"`
}

// WindowProgress is the realisation of one window.
type WindowProgress struct {
	Window   int    `json:"window"`
	Label    string `json:"label"`
	Deadline string `json:"deadline"`
	Closed   bool   `json:"closed"`
	Due      bool   `json:"due"`
	Realisation
}

// Member is one employee of the unit in the year: the predikat in force for
// the period with its event, plan status and realisation counts.
type Member struct {
	NIP        string `json:"nip"`
	Name       string `json:"name"`
	PlanStatus string `json:"plan_status"`
	Predikat   string `json:"predikat,omitempty"`
	EventID    string `json:"event_id,omitempty"`
	Realisation
}

// CheckUnder checks the distribution again under policy: the read side
// passes the policy of the version the organisation predikat recorded,
// the rules it was set under, when Load was given another one.
func (r *Report) CheckUnder(policy performance.Policy) { r.check(policy) }

// check fills r.Distribution by applying policy to r's counts.
func (r *Report) check(policy performance.Policy) {
	d := Distribution{PolicyVersion: policy.Version, OK: true, Violations: []Violation{}}
	if r.OrganisationPredikat != nil {
		counts := map[performance.Predikat]int{}
		for _, c := range r.Counts {
			counts[performance.Predikat(c.Predikat)] = c.Count
		}
		d.Checked = true
		for _, v := range policy.CheckDistribution(performance.OrgPredikat(r.OrganisationPredikat.Predikat), counts) {
			d.Violations = append(d.Violations, violationOf(v))
		}
		d.OK = len(d.Violations) == 0
		d.Overridden = covers(r.latestOverride(), r.OrganisationPredikat, d.Violations)
	}
	r.Distribution = d
}

// latestOverride returns the override of the period recorded last, or nil.
func (r *Report) latestOverride() *Override {
	var latest *Override
	for i, o := range r.Overrides {
		if latest == nil || o.Position > latest.Position {
			latest = &r.Overrides[i]
		}
	}
	return latest
}

// covers reports whether override o accepted the violations vs of the
// pattern of the organisation predikat org: vs is not empty, o was recorded
// under org (same predikat, after the event that set it: an override made
// under an earlier setting, even of the same predikat, was about another
// pattern), and each violation of vs is one o lists.
//
// A violation is the one accepted only when its head counts match too
// (rule, predikats, limit and actual), not the rule and predikats alone:
// an override justifies a concrete breach ("8 sangat_baik against a cap of
// 7"), and every rating given or amended since that changes the counts is a
// decision its author did not weigh. Matching the rule alone would let one
// override cover any number of further sangat_baik. A breach that became
// smaller is not covered either: the report cannot tell a justification
// that still holds from one that does not, so it asks for a new override
// rather than hide the change.
func covers(o *Override, org *OrgPredikat, vs []Violation) bool {
	if o == nil || org == nil || len(vs) == 0 || o.Predikat != org.Predikat || o.Position <= org.position {
		return false
	}
	for _, v := range vs {
		if !slices.ContainsFunc(o.Violations, v.same) {
			return false
		}
	}
	return true
}

// same reports whether v and w are the same breach: rule, predikats (in
// any order), limit and actual head count.
func (v Violation) same(w Violation) bool {
	if v.Rule != w.Rule || v.Limit != w.Limit || v.Actual != w.Actual || len(v.Predikats) != len(w.Predikats) {
		return false
	}
	for _, p := range v.Predikats {
		if !slices.Contains(w.Predikats, p) {
			return false
		}
	}
	return true
}

func violationOf(v performance.Violation) Violation {
	out := Violation{Rule: v.Rule, Limit: v.Limit, Actual: v.Actual, Message: v.Message}
	for _, p := range v.Predikats {
		out.Predikats = append(out.Predikats, string(p))
	}
	return out
}
