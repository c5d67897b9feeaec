package evaldoc

import (
	"fmt"
	"strconv"
)

// notes prints the feedback on hasil kerja with the employee's responses,
// the amendments of ratings and the objection with its decision.
func (d *doc) notes() {
	s := d.in.SKP
	d.heading("UMPAN BALIK DAN CATATAN")
	w := []float64{10, 34, 86, 50}
	d.row(w, []string{"NO", "TENTANG", "UMPAN BALIK / TANGGAPAN", "OLEH, TANGGAL"}, true)
	fbs := s.Feedback()
	for _, f := range fbs {
		about := "RHK " + f.RHK
		if f.Value != "" {
			about = label(valueLabels, f.Value)
		}
		text := f.Text
		if f.Response != nil {
			text += "\nTanggapan pegawai: " + f.Response.Text
		}
		d.row(w, []string{strconv.Itoa(f.No), about, text, d.who(f.By.NIP) + "\n" + d.day(f.At)}, false)
	}
	if len(fbs) == 0 {
		d.row([]float64{pageWidth}, []string{"Belum ada umpan balik."}, false)
	}
	for _, a := range s.Amendments() {
		what := "Penilaian tahunan"
		if a.Window > 0 {
			what = d.windowLabel(a.Window)
		}
		d.para(fmt.Sprintf("Perubahan rating (%s) oleh %s pada %s: %s → %s. Alasan: %s", what, d.who(a.Reason.By.NIP),
			d.day(a.Reason.At), ratingsText(a.Previous), ratingsText(a.New), clean(a.Reason.Text)))
	}
	if rec, ok := s.ObjectionRecord(); ok {
		d.para(fmt.Sprintf("Keberatan pegawai diajukan %s terhadap: %s. Alasan: %s", d.day(rec.Reasons.At),
			ratingsText(rec.Against), clean(rec.Reasons.Text)))
		if dec := rec.Decision; dec != nil {
			result := ratingsText(dec.Previous)
			if dec.New != nil {
				result = ratingsText(dec.Previous) + " → " + ratingsText(*dec.New)
			}
			d.para(fmt.Sprintf("Keputusan atasan pejabat penilai (%s, %s): %s; %s. Pertimbangan: %s", d.who(dec.Note.By.NIP),
				d.day(dec.Note.At), label(outcomeLabels, dec.Outcome), result, clean(dec.Note.Text)))
		} else {
			d.para("Keberatan belum diputus.")
		}
	}
}

// signatures prints the signature block of the pejabat penilai and the
// employee.
func (d *doc) signatures() {
	p := d.pdf
	if p.GetY() > 230 {
		p.AddPage()
	}
	p.Ln(6)
	date := "-"
	if note, ok := d.in.SKP.RatingNote(0); ok {
		date = d.day(note.At)
	}
	half := pageWidth / 2
	p.SetFont(family, "", 9)
	p.CellFormat(half, 5, "", "", 0, "C", false, 0, "")
	p.CellFormat(half, 5, date, "", 1, "C", false, 0, "")
	p.CellFormat(half, 5, "Pegawai yang Dinilai", "", 0, "C", false, 0, "")
	p.CellFormat(half, 5, "Pejabat Penilai Kinerja", "", 1, "C", false, 0, "")
	p.Ln(16)
	pen := d.in.Penilai
	if pen == nil {
		pen = &Person{}
	}
	p.SetFont(family, "B", 9)
	p.CellFormat(half, 5, clean(d.in.Pegawai.Name), "", 0, "C", false, 0, "")
	p.CellFormat(half, 5, clean(pen.Name), "", 1, "C", false, 0, "")
	p.SetFont(family, "", 9)
	p.CellFormat(half, 5, "NIP "+clean(d.in.Pegawai.NIP), "", 0, "C", false, 0, "")
	p.CellFormat(half, 5, "NIP "+clean(pen.NIP), "", 1, "C", false, 0, "")
}
