package skp

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/text"
)

// Limits on the size of a plan.
const (
	MaxRHK        = 100
	MaxIKIPerRHK  = 20
	maxIDLen      = 64
	maxEvidenceNo = 50
)

// planRules says which optional parts a plan must or must not have.
type planRules struct {
	jpt  bool // every RHK has a perspektif
	head bool // RHK may omit the superior's RHK they support
}

// normalize checks p and returns a trimmed deep copy. Errors wrap
// ErrInvalidInput and name the offending field.
func (r planRules) normalize(p Plan) (Plan, error) {
	if len(p.RHK) == 0 || len(p.RHK) > MaxRHK {
		return Plan{}, invalid("rhk", "want 1 to %d RHK, got %d", MaxRHK, len(p.RHK))
	}
	out := Plan{RHK: make([]RHK, 0, len(p.RHK))}
	rhkIDs, ikiIDs := map[string]bool{}, map[string]bool{}
	utama := false
	for i, rhk := range p.RHK {
		n, err := r.normalizeRHK(fmt.Sprintf("rhk[%d]", i), rhk, rhkIDs, ikiIDs)
		if err != nil {
			return Plan{}, err
		}
		utama = utama || n.Kind == RHKUtama
		out.RHK = append(out.RHK, n)
	}
	if !utama {
		return Plan{}, invalid("rhk", "at least one RHK must be utama")
	}
	perilaku, err := normalizeExpectations("perilaku", p.Perilaku)
	if err != nil {
		return Plan{}, err
	}
	out.Perilaku = perilaku
	return out, nil
}

func (r planRules) normalizeRHK(field string, rhk RHK, rhkIDs, ikiIDs map[string]bool) (RHK, error) {
	rhk.ID = strings.TrimSpace(rhk.ID)
	if err := checkTexts(field, &rhk.Text, &rhk.Supports); err != nil {
		return RHK{}, err
	}
	switch {
	case !validID(rhk.ID) || rhkIDs[rhk.ID]:
		return RHK{}, invalid(field+".id", "%q is empty, too long or repeated", rhk.ID)
	case rhk.Kind != RHKUtama && rhk.Kind != RHKTambahan:
		return RHK{}, invalid(field+".kind", "%q (want utama or tambahan)", rhk.Kind)
	case rhk.Text == "":
		return RHK{}, invalid(field+".text", "required")
	case rhk.Supports == "" && !r.head:
		return RHK{}, invalid(field+".supports", "name the superior's RHK this one supports")
	case r.jpt && !validPerspektif(rhk.Perspektif):
		return RHK{}, invalid(field+".perspektif", "%q (a JPT's RHK needs a perspektif code of the policy, such as penerima_layanan)", rhk.Perspektif)
	case !r.jpt && rhk.Perspektif != "":
		return RHK{}, invalid(field+".perspektif", "only the SKP of a JPT has perspektif")
	case len(rhk.IKI) == 0 || len(rhk.IKI) > MaxIKIPerRHK:
		return RHK{}, invalid(field+".iki", "want 1 to %d IKI, got %d", MaxIKIPerRHK, len(rhk.IKI))
	}
	rhkIDs[rhk.ID] = true
	ikis := make([]IKI, 0, len(rhk.IKI))
	for j, k := range rhk.IKI {
		n, err := normalizeIKI(fmt.Sprintf("%s.iki[%d]", field, j), k, ikiIDs)
		if err != nil {
			return RHK{}, err
		}
		ikis = append(ikis, n)
	}
	rhk.IKI = ikis
	return rhk, nil
}

func normalizeIKI(field string, k IKI, ids map[string]bool) (IKI, error) {
	k.ID = strings.TrimSpace(k.ID)
	if err := checkIKITexts(field, &k); err != nil {
		return IKI{}, err
	}
	switch {
	case !validID(k.ID) || ids[k.ID]:
		return IKI{}, invalid(field+".id", "%q is empty, too long or repeated in the plan", k.ID)
	case k.Text == "":
		return IKI{}, invalid(field+".text", "required")
	case k.Aspek != AspekKuantitas && k.Aspek != AspekKualitas && k.Aspek != AspekWaktu && k.Aspek != AspekBiaya:
		return IKI{}, invalid(field+".aspek", "%q (want kuantitas, kualitas, waktu or biaya)", k.Aspek)
	}
	ids[k.ID] = true
	t := k.Target
	switch t.Kind {
	case TargetQuantitative:
		if !finite(t.Quantity) || t.Quantity <= 0 || t.Unit == "" {
			return IKI{}, invalid(field+".target", "a quantitative target needs a positive quantity and a unit")
		}
		if t.Quantity > MaxQuantity {
			return IKI{}, invalid(field+".target", "a quantity of at most %g", MaxQuantity)
		}
	case TargetQualitative:
		if t.Text == "" || t.Quantity != 0 || t.Unit != "" {
			return IKI{}, invalid(field+".target", "a qualitative target has a text and no quantity or unit")
		}
	default:
		return IKI{}, invalid(field+".target.kind", "%q (want quantitative or qualitative)", t.Kind)
	}
	return k, nil
}

// normalizeExpectations checks expectations given in the list named list.
func normalizeExpectations(list string, es []Expectation) ([]Expectation, error) {
	out := make([]Expectation, 0, len(es))
	seen := map[Value]bool{}
	for i, e := range es {
		field := fmt.Sprintf("%s[%d]", list, i)
		expectation, err := block(field+".expectation", e.Expectation, text.MaxPlanText)
		if err != nil {
			return nil, err
		}
		e.Expectation = expectation
		switch {
		case !e.Value.Valid() || seen[e.Value]:
			return nil, invalid(field+".value", "%q is not a BerAKHLAK value or is repeated", e.Value)
		case e.Expectation == "":
			return nil, invalid(field+".expectation", "required")
		}
		seen[e.Value] = true
		out = append(out, e)
	}
	return out, nil
}

// normalizeRealisation checks a realisation against the target of its IKI.
func normalizeRealisation(k IKI, r Realisation) (Realisation, error) {
	t, err := block("text", r.Text, text.MaxRealisation)
	if err != nil {
		return Realisation{}, err
	}
	r.Text = t
	if k.Target.Kind == TargetQuantitative && (r.Quantity == nil || !finite(*r.Quantity) || *r.Quantity < 0) {
		return Realisation{}, invalid("quantity", "IKI %s has a quantitative target: report a quantity of 0 or more", k.ID)
	}
	if r.Quantity != nil && *r.Quantity > MaxQuantity {
		return Realisation{}, invalid("quantity", "at most %g", MaxQuantity)
	}
	if k.Target.Kind == TargetQualitative && r.Text == "" {
		return Realisation{}, invalid("text", "IKI %s has a qualitative target: describe the result", k.ID)
	}
	evidence, err := normalizeEvidence(r.Evidence)
	if err != nil {
		return Realisation{}, err
	}
	if len(evidence) == 0 {
		return Realisation{}, invalid("evidence", "at least one reference to evidence (bukti dukung) is required")
	}
	if r.Quantity != nil {
		q := *r.Quantity
		r.Quantity = &q
	}
	r.Evidence = evidence
	return r, nil
}

// normalizeEvidence trims the references and drops empty ones.
func normalizeEvidence(refs []string) ([]string, error) {
	out := make([]string, 0, len(refs))
	for i, ref := range refs {
		ref, err := line(fmt.Sprintf("evidence[%d]", i), ref, text.MaxEvidenceRef)
		if err != nil {
			return nil, err
		}
		if ref != "" {
			out = append(out, ref)
		}
	}
	if len(out) > maxEvidenceNo {
		return nil, invalid("evidence", "at most %d references", maxEvidenceNo)
	}
	return out, nil
}

func validID(id string) bool {
	_, err := text.Line("id", id, maxIDLen)
	return id != "" && len(id) <= maxIDLen && err == nil
}

// validPerspektif reports whether p is shaped as a perspektif code: a
// lower-case code of at most 64 bytes. Which codes a plan may use is the
// policy's (CheckPerspektif).
func validPerspektif(p Perspektif) bool {
	if p == "" || len(p) > 64 || p[0] < 'a' || p[0] > 'z' {
		return false
	}
	for _, r := range p {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// CheckPerspektif checks that every perspektif of plan is one of allowed
// (performance.Policy.JPTPerspektif of the policy in force on the day).
// Errors wrap ErrInvalidInput and name the field, e.g. rhk[1].perspektif.
func CheckPerspektif(plan Plan, allowed []string) error {
	for i, rhk := range plan.RHK {
		if rhk.Perspektif != "" && !slices.Contains(allowed, string(rhk.Perspektif)) {
			return invalid(fmt.Sprintf("rhk[%d].perspektif", i), "%q is not a perspektif of the policy in force (%s)", rhk.Perspektif, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// invalid returns an error wrapping ErrInvalidInput about one field.
func invalid(name, format string, args ...any) error {
	return field.Invalid(ErrInvalidInput, name, format, args...)
}
