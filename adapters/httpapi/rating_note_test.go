package httpapi

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
)

// TestRatingNoteFollowsTheRatingsInForce: the note shown with ratings in
// force is the one of the event that put them in force. After an amendment
// of the annual ratings, annual_ratings.note is the amendment's reason
// with the penilai who amended and when; after an objection decided with
// new ratings, the atasan's note; after an amendment of a window, the
// window's note is its reason, in the SKP view and in the evaluation
// document's table of periodic ratings. The note the ratings were first
// given with stays readable as given_note. Before, the note stayed the
// first rating's next to the amended predikat.
func TestRatingNoteFollowsTheRatingsInForce(t *testing.T) {
	a, tk, pos := ratedYear(t)
	read := func(asOf uint64) skpView {
		t.Helper()
		path := skpPath
		if asOf > 0 {
			path += "?as_of=" + strconv.FormatUint(asOf, 10)
		}
		var v skpView
		a.send(t, "GET", path, tk.hr, nil).must(t, 200, "SKP").json(t, &v)
		if v.AnnualRatings == nil {
			t.Fatalf("no annual ratings in %+v", v)
		}
		return v
	}
	amended := read(pos["amend"])
	if amended.AnnualRatings.Predikat != "baik" {
		t.Errorf("annual predikat after the amendment %q, want baik", amended.AnnualRatings.Predikat)
	}
	wantNote(t, "annual note after the amendment", amended.AnnualRatings.Note, amendReason, penilai, actor.PejabatPenilai)
	if g := amended.AnnualRatings.GivenNote; g == nil {
		t.Error("annual given_note after the amendment missing")
	} else {
		wantNote(t, "annual given_note after the amendment", *g, "Tahunan", penilai, actor.PejabatPenilai)
	}
	if rated := read(pos["rate year"]); rated.AnnualRatings.GivenNote != nil {
		t.Errorf("given_note %+v of ratings never changed", rated.AnnualRatings.GivenNote)
	} else {
		wantNote(t, "annual note as rated", rated.AnnualRatings.Note, "Tahunan", penilai, actor.PejabatPenilai)
	}

	decided := read(0)
	wantNote(t, "annual note after the objection's decision", decided.AnnualRatings.Note, "Bukti mendukung", kepala, actor.AtasanPejabatPenilai)
	if g := decided.AnnualRatings.GivenNote; g == nil || g.Text != "Tahunan" {
		t.Errorf("annual given_note after the decision %+v, want the first rating's", g)
	}

	a.clock.Set(nextYear(1, 13))
	a.send(t, "POST", skpPath+"/amendments", tk.penilai, map[string]any{"window": 1, "hasil": "di_atas_ekspektasi",
		"perilaku": "di_atas_ekspektasi", "reason": "Bukti capaian Q1 menyusul"}).must(t, 200, "amend Q1")
	v := read(0)
	if len(v.PeriodicRatings) != 1 || v.PeriodicRatings[0].Predikat != "sangat_baik" {
		t.Fatalf("periodic ratings %+v", v.PeriodicRatings)
	}
	wantNote(t, "Q1 note after its amendment", v.PeriodicRatings[0].Note, "Bukti capaian Q1 menyusul", penilai, actor.PejabatPenilai)
	if g := v.PeriodicRatings[0].GivenNote; g == nil || g.Text != "Q1" {
		t.Errorf("Q1 given_note %+v, want the rating's note", g)
	}

	doc := strings.Join(strings.Fields(pdfText(t, a.send(t, "GET", skpPath+"/document.pdf", tk.hr, nil).must(t, 200, "document").body)), " ")
	_, periodic, _ := strings.Cut(doc, "PENILAIAN PERIODIK")
	periodic, _, _ = strings.Cut(periodic, "UMPAN BALIK DAN CATATAN")
	if !strings.Contains(periodic, "Bukti capaian Q1 menyusul") {
		t.Errorf("the document's periodic ratings do not show the amendment's reason:\n%s", periodic)
	}
}
