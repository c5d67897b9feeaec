package evaldoc

import (
	"strings"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// The regulation's labels of the codes the domain keeps.

var ratingLabels = map[performance.Rating]string{
	performance.RatingDiAtas:  "Di Atas Ekspektasi",
	performance.RatingSesuai:  "Sesuai Ekspektasi",
	performance.RatingDiBawah: "Di Bawah Ekspektasi",
}

var predikatLabels = map[performance.Predikat]string{
	performance.SangatBaik:     "Sangat Baik",
	performance.Baik:           "Baik",
	performance.ButuhPerbaikan: "Butuh Perbaikan",
	performance.Kurang:         "Kurang/Misconduct",
	performance.SangatKurang:   "Sangat Kurang",
}

var valueLabels = map[skp.Value]string{
	skp.BerorientasiPelayanan: "Berorientasi Pelayanan",
	skp.Akuntabel:             "Akuntabel",
	skp.Kompeten:              "Kompeten",
	skp.Harmonis:              "Harmonis",
	skp.Loyal:                 "Loyal",
	skp.Adaptif:               "Adaptif",
	skp.Kolaboratif:           "Kolaboratif",
}

var statusLabels = map[skp.Status]string{
	skp.StatusDraft:     "Draf",
	skp.StatusSubmitted: "Diajukan",
	skp.StatusReturned:  "Dikembalikan",
	skp.StatusApproved:  "Disetujui",
}

var outcomeLabels = map[skp.Outcome]string{
	skp.OutcomeRatingsUpheld:  "Rating tetap",
	skp.OutcomeRatingsChanged: "Rating diubah",
}

// label returns the label of code, or the code with underscores as spaces
// when the table does not know it (a newer code), or "-" for none.
func label[K ~string](labels map[K]string, code K) string {
	if code == "" {
		return "-"
	}
	if l, ok := labels[code]; ok {
		return l
	}
	return strings.ReplaceAll(string(code), "_", " ")
}

// ratingsText prints hasil kerja, perilaku kerja and predikat.
func ratingsText(r skp.Ratings) string {
	return "Hasil kerja " + label(ratingLabels, r.Hasil) + "; perilaku kerja " + label(ratingLabels, r.Perilaku) +
		"; predikat " + label(predikatLabels, r.Predikat)
}
