package evaldoc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/skp"
)

// The sections of the document, in the lampiran's order.

func (d *doc) title() {
	p, s := d.pdf, d.in.SKP
	p.SetFont(family, "B", 13)
	p.CellFormat(pageWidth, 7, "DOKUMEN EVALUASI KINERJA PEGAWAI", "", 1, "C", false, 0, "")
	p.SetFont(family, "", 10)
	p.CellFormat(pageWidth, 5.5, "PERIODE: TAHUNAN", "", 1, "C", false, 0, "")
	p.Ln(2)
	p.SetFont(family, "", 9)
	p.CellFormat(pageWidth/2, 5, "INSTANSI: "+clean(d.in.Instansi), "", 0, "L", false, 0, "")
	p.CellFormat(pageWidth/2, 5, fmt.Sprintf("PERIODE PENILAIAN: 1 Januari s.d. 31 Desember %d", s.Year()), "", 1, "R", false, 0, "")
	p.CellFormat(pageWidth, 5, "STATUS SKP: "+label(statusLabels, s.Status()), "", 1, "L", false, 0, "")
	p.Ln(1)
}

func (d *doc) identity() {
	w, head := []float64{10, 55, pageWidth - 65}, []float64{10, pageWidth - 10}
	d.row(head, []string{"NO", "PEGAWAI YANG DINILAI"}, true)
	d.person(w, 1, &d.in.Pegawai)
	d.row(head, []string{"NO", "PEJABAT PENILAI KINERJA"}, true)
	d.person(w, 1, d.in.Penilai)
	d.row(head, []string{"NO", "ATASAN PEJABAT PENILAI KINERJA"}, true)
	d.person(w, 1, d.in.Atasan)
}

func (d *doc) person(w []float64, n int, ps *Person) {
	if ps == nil {
		ps = &Person{}
	}
	for i, f := range [][2]string{{"NAMA", ps.Name}, {"NIP", ps.NIP}, {"PANGKAT/GOL. RUANG", ps.Golongan},
		{"JABATAN", ps.Jabatan}, {"UNIT KERJA", ps.Unit}} {
		d.row(w, []string{strconv.Itoa(n + i), f[0], f[1]}, false)
	}
}

func (d *doc) hasilKerja() {
	d.heading("HASIL KERJA")
	w := []float64{10, 28, 36, 20, 34, 22, 30}
	d.row(w, []string{"NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK",
		"INDIKATOR KINERJA INDIVIDU", "TARGET", "REALISASI"}, true)
	plan := d.in.SKP.Plan()
	for _, kind := range []skp.RHKKind{skp.RHKUtama, skp.RHKTambahan} {
		d.row([]float64{pageWidth}, []string{map[skp.RHKKind]string{skp.RHKUtama: "A. UTAMA", skp.RHKTambahan: "B. TAMBAHAN"}[kind]}, false)
		n := 0
		for _, r := range plan.RHK {
			if r.Kind != kind {
				continue
			}
			n++
			for j, k := range r.IKI {
				no, supports, text := "", "", ""
				if j == 0 {
					no, supports, text = strconv.Itoa(n), r.Supports, r.Text
				}
				d.row(w, []string{no, supports, text, capital(string(k.Aspek)), k.Text, targetText(k.Target),
					d.realised(k)}, false)
			}
		}
	}
	d.pdf.Ln(1)
	d.line("RATING HASIL KERJA:", d.annual(func(r skp.Ratings) string { return label(ratingLabels, r.Hasil) }))
}

// realised lists what was reported for an IKI, per window.
func (d *doc) realised(k skp.IKI) string {
	var parts []string
	for w := 1; w <= 12; w++ {
		r, ok := d.in.SKP.Realisation(w, k.ID)
		if !ok {
			continue
		}
		v := r.Text
		if r.Quantity != nil {
			v = strconv.FormatFloat(*r.Quantity, 'f', -1, 64) + " " + k.Target.Unit
		}
		parts = append(parts, d.windowLabel(w)+": "+strings.TrimSpace(v))
	}
	return strings.Join(parts, "\n")
}

func (d *doc) windowLabel(w int) string {
	if l := d.in.WindowLabels[w]; l != "" {
		return l
	}
	return "Periode " + strconv.Itoa(w)
}

func targetText(t skp.Target) string {
	if t.Kind == skp.TargetQuantitative {
		return strings.TrimSpace(strconv.FormatFloat(t.Quantity, 'f', -1, 64) + " " + t.Unit)
	}
	return t.Text
}

// annual prints a part of the annual ratings, or that there are none yet.
func (d *doc) annual(part func(skp.Ratings) string) string {
	r, ok := d.in.SKP.AnnualRatings()
	if !ok {
		return "Belum dinilai"
	}
	return part(r)
}

func (d *doc) perilakuKerja() {
	d.heading("PERILAKU KERJA (BerAKHLAK)")
	w := []float64{10, 40, 65, 65}
	d.row(w, []string{"NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", "UMPAN BALIK"}, true)
	// The expectations are the pejabat penilai's; the employee's proposals
	// in the plan stand in only for a plan approved before the penilai's
	// were required (skp.LegacyExpectations).
	expect := map[skp.Value]string{}
	if d.in.SKP.LegacyExpectations() {
		for _, e := range d.in.SKP.Plan().Perilaku {
			expect[e.Value] = e.Expectation
		}
	}
	for _, e := range d.in.SKP.Expectations() {
		expect[e.Value] = e.Expectation
	}
	for i, v := range skp.Values() {
		var fb []string
		for _, f := range d.in.SKP.Feedback() {
			if f.Value == v {
				fb = append(fb, f.Text)
			}
		}
		d.row(w, []string{strconv.Itoa(i + 1), valueLabels[v], expect[v], strings.Join(fb, "\n")}, false)
	}
	d.pdf.Ln(1)
	d.line("RATING PERILAKU KERJA:", d.annual(func(r skp.Ratings) string { return label(ratingLabels, r.Perilaku) }))
}

func (d *doc) predikat() {
	d.pdf.Ln(1)
	d.line("PREDIKAT KINERJA PEGAWAI:", d.annual(func(r skp.Ratings) string {
		return strings.ToUpper(label(predikatLabels, r.Predikat))
	}))
	if note, ok := d.in.SKP.RatingNote(0); ok {
		d.para(fmt.Sprintf("Dinilai oleh %s pada %s. Catatan: %s", d.who(note.By.NIP), d.day(note.At), clean(note.Text)))
	}
	// The predikat above is the one in force: when an amendment or the
	// decision on an objection changed the annual ratings, say who set it
	// (the document named only the first rating's penilai under it).
	var changed *skp.Note
	var how string
	for _, a := range d.in.SKP.Amendments() {
		if a.Window == 0 {
			r := a.Reason
			changed, how = &r, "Rating tahunan diubah oleh %s pada %s. Alasan: %s"
		}
	}
	if rec, ok := d.in.SKP.ObjectionRecord(); ok && rec.Decision != nil && rec.Decision.New != nil {
		n := rec.Decision.Note
		changed, how = &n, "Predikat ini ditetapkan oleh %s pada %s atas keberatan pegawai. Catatan: %s"
	}
	if changed != nil {
		d.para(fmt.Sprintf(how, d.who(changed.By.NIP), d.day(changed.At), clean(changed.Text)))
	}
}

func (d *doc) periodic() {
	var rows [][]string
	for w := 1; w <= 12; w++ {
		r, ok := d.in.SKP.PeriodicRatings(w)
		if !ok {
			continue
		}
		// Who set the ratings in force, when, and their note: the rating's,
		// or the reason of the amendment that changed them since.
		note, _ := d.in.SKP.NoteInForce(w)
		rows = append(rows, []string{d.windowLabel(w), label(ratingLabels, r.Hasil), label(ratingLabels, r.Perilaku),
			label(predikatLabels, r.Predikat), d.who(note.By.NIP) + ", " + d.day(note.At) + "\n" + note.Text})
	}
	if len(rows) == 0 {
		return
	}
	d.heading("PENILAIAN PERIODIK")
	w := []float64{24, 30, 30, 26, 70}
	d.row(w, []string{"PERIODE", "HASIL KERJA", "PERILAKU KERJA", "PREDIKAT", "PENILAI, TANGGAL, CATATAN"}, true)
	for _, r := range rows {
		d.row(w, r, false)
	}
}

// who names the author of a note: a name when known, and the NIP.
func (d *doc) who(nip string) string {
	if n := d.in.Names[nip]; n != "" {
		return n + " (" + nip + ")"
	}
	return clean(nip)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
