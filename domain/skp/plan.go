package skp

import (
	"math"
	"slices"
)

// RHKKind says whether an RHK (rencana hasil kerja) is a main or an
// additional result.
type RHKKind string

// The kinds of RHK.
const (
	RHKUtama    RHKKind = "utama"
	RHKTambahan RHKKind = "tambahan"
)

// Aspek is the aspect an IKI (indikator kinerja individu) measures.
type Aspek string

// The aspects of an IKI.
const (
	AspekKuantitas Aspek = "kuantitas"
	AspekKualitas  Aspek = "kualitas"
	AspekWaktu     Aspek = "waktu"
	AspekBiaya     Aspek = "biaya"
)

// Perspektif is the balanced-scorecard perspective of an RHK in the SKP of a
// JPT (senior executive).
type Perspektif string

// The perspectives of a JPT's RHK.
const (
	PerspektifPenerimaLayanan   Perspektif = "penerima_layanan"
	PerspektifProsesBisnis      Perspektif = "proses_bisnis"
	PerspektifPenguatanInternal Perspektif = "penguatan_internal"
	PerspektifAnggaran          Perspektif = "anggaran"
)

// Value is one of the seven BerAKHLAK core values of the ASN, against which
// perilaku kerja (behaviour) is planned and rated.
type Value string

// The BerAKHLAK values.
const (
	BerorientasiPelayanan Value = "berorientasi_pelayanan"
	Akuntabel             Value = "akuntabel"
	Kompeten              Value = "kompeten"
	Harmonis              Value = "harmonis"
	Loyal                 Value = "loyal"
	Adaptif               Value = "adaptif"
	Kolaboratif           Value = "kolaboratif"
)

// Values returns the seven BerAKHLAK values in their usual order.
func Values() []Value {
	return []Value{BerorientasiPelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif}
}

// Valid reports whether v is one of the seven BerAKHLAK values.
func (v Value) Valid() bool { return slices.Contains(Values(), v) }

// TargetKind says whether a target is a number with a unit or a text.
type TargetKind string

// The kinds of target.
const (
	TargetQuantitative TargetKind = "quantitative"
	TargetQualitative  TargetKind = "qualitative"
)

// Plan is the content of an SKP: the RHK with their IKI (hasil kerja) and the
// leader's specific expectation for each BerAKHLAK value (perilaku kerja).
type Plan struct {
	RHK      []RHK         `json:"rhk"`
	Perilaku []Expectation `json:"perilaku"`
}

// RHK is one planned result. Supports names the superior's RHK that it
// supports (the cascade); it is empty only in the SKP of the head of the
// organisation. Perspektif is set only, and always, in the SKP of a JPT.
type RHK struct {
	ID         string     `json:"id"`
	Kind       RHKKind    `json:"kind"`
	Text       string     `json:"text"`
	Supports   string     `json:"supports,omitempty"`
	Perspektif Perspektif `json:"perspektif,omitempty"`
	IKI        []IKI      `json:"iki"`
}

// IKI is an indicator of an RHK with its target. IKI ids are unique within
// the plan; realisation is reported per IKI.
type IKI struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Aspek  Aspek  `json:"aspek"`
	Target Target `json:"target"`
}

// Target is what an IKI aims at: a quantity and unit (quantitative) or a
// description (qualitative).
type Target struct {
	Kind     TargetKind `json:"kind"`
	Quantity float64    `json:"quantity,omitempty"`
	Unit     string     `json:"unit,omitempty"`
	Text     string     `json:"text,omitempty"`
}

// Expectation is the leader's specific expectation for one BerAKHLAK value.
type Expectation struct {
	Value       Value  `json:"value"`
	Expectation string `json:"expectation"`
}

// Realisation is what the employee reports for an IKI in a window: a
// quantity for a quantitative target or a text for a qualitative one, and
// references to the evidence (bukti dukung), such as document ids or URLs.
type Realisation struct {
	Quantity *float64 `json:"quantity,omitempty"`
	Text     string   `json:"text,omitempty"`
	Evidence []string `json:"evidence"`
}

// clone returns a deep copy of p.
func (p Plan) clone() Plan {
	c := Plan{RHK: make([]RHK, len(p.RHK)), Perilaku: slices.Clone(p.Perilaku)}
	for i, r := range p.RHK {
		r.IKI = slices.Clone(r.IKI)
		c.RHK[i] = r
	}
	return c
}

// findIKI returns the IKI with the given id.
func (p Plan) findIKI(id string) (IKI, bool) {
	for _, r := range p.RHK {
		for _, k := range r.IKI {
			if k.ID == id {
				return k, true
			}
		}
	}
	return IKI{}, false
}

// hasRHK reports whether the plan has an RHK with the given id.
func (p Plan) hasRHK(id string) bool {
	return slices.ContainsFunc(p.RHK, func(r RHK) bool { return r.ID == id })
}

// finite reports whether x is a finite number.
// MaxQuantity bounds the quantities of targets and realisations: 10^15
// (a thousand trillion, past any budget in rupiah), so that sums and
// proportions of them stay finite numbers.
const MaxQuantity = 1e15

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
