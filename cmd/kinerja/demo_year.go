package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	usecase "github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// demoYear seeds one evaluation year through the Service, with the time of
// each action set to a plausible day of that year.
type demoYear struct {
	svc  *usecase.Service
	year int
}

// at returns 09:00 WIB on a day of the year.
func (y demoYear) at(month time.Month, day int) time.Time {
	return time.Date(y.year, month, day, 9, 0, 0, 0, wib())
}

// meta returns the metadata of an action by nip in role on a day.
func (y demoYear) meta(nip string, role actor.Role, month time.Month, day int) usecase.Meta {
	return usecase.Meta{Actor: actor.Actor{NIP: nip, Role: role}, At: y.at(month, day), Client: "kinerja demo"}
}

// afterYear returns the metadata of an action by nip in role on a day of
// the January after the year: the annual rating is given on 31 December,
// so its amendment and the objection come after it.
func (y demoYear) afterYear(nip string, role actor.Role, day int) usecase.Meta {
	m := y.meta(nip, role, time.January, day)
	m.At = m.At.AddDate(1, 0, 0)
	return m
}

// openPeriod opens the year with quarterly windows, deadlines 10 days after each.
func (y demoYear) openPeriod(ctx context.Context) error {
	_, err := y.svc.OpenPeriod(ctx, y.meta("kinerja-demo", actor.System, time.January, 2), period.Opening{Instansi: demoInstansi,
		Year: y.year, Frequency: performance.FrequencyQuarterly, Deadlines: period.DeadlinesAfter(y.year, performance.FrequencyQuarterly, 10)})
	return err
}

// demoPlan is the plan of the i-th employee.
func demoPlan(i int) skp.Plan {
	p := skp.Plan{RHK: []skp.RHK{{ID: "rhk-1", Kind: skp.RHKUtama, Text: "Layanan administrasi bidang terselenggara tepat waktu",
		Supports: "rhk-atasan-1", IKI: []skp.IKI{
			{ID: "iki-1", Text: "Jumlah laporan layanan yang diselesaikan", Aspek: skp.AspekKuantitas,
				Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: float64(12 + i%5), Unit: "laporan"}},
			{ID: "iki-2", Text: "Kualitas laporan sesuai standar", Aspek: skp.AspekKualitas,
				Target: skp.Target{Kind: skp.TargetQualitative, Text: "Laporan diterima tanpa revisi mayor"}},
		}}}}
	for _, v := range skp.Values() {
		p.Perilaku = append(p.Perilaku, skp.Expectation{Value: v, Expectation: "Menunjukkan nilai " + string(v) + " dalam tugas harian"})
	}
	return p
}

// demoRatings gives most employees "baik", every tenth "sangat baik" and
// every 25th "butuh perbaikan".
func demoRatings(i int) skp.Assessment {
	switch {
	case i%10 == 0:
		return skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: "Melampaui target"}
	case i%25 == 24:
		return skp.Assessment{Hasil: performance.RatingDiBawah, Perilaku: performance.RatingSesuai, Note: "Target belum tercapai"}
	}
	return skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Note: "Sesuai ekspektasi"}
}

// demoExpectations are the pejabat penilai's expectations of the seven
// BerAKHLAK values (ekspektasi khusus pimpinan), which approval requires.
func demoExpectations() []skp.Expectation {
	var es []skp.Expectation
	for _, v := range skp.Values() {
		es = append(es, skp.Expectation{Value: v, Expectation: "Menunjukkan nilai " + string(v) + " dalam tugas harian"})
	}
	return es
}

// plan drafts, submits and gets approved the SKP of p; every eighth is
// returned once with a note and submitted again.
func (y demoYear) plan(ctx context.Context, p demoPerson, i int) error {
	nip := p.reg.NIP
	own := func(d int) usecase.Meta { return y.meta(nip, actor.Pegawai, time.January, d) }
	if _, err := y.svc.DraftSKP(ctx, own(6), skp.Draft{NIP: nip, Year: y.year, Plan: demoPlan(i)}); err != nil {
		return err
	}
	if _, err := y.svc.SubmitSKP(ctx, own(8), nip, y.year); err != nil {
		return err
	}
	if i%8 == 3 {
		if _, err := y.svc.ReturnSKP(ctx, y.meta(p.penilai, actor.PejabatPenilai, time.January, 9), nip, y.year, "Target IKI 1 perlu dinaikkan"); err != nil {
			return err
		}
		if _, err := y.svc.EditSKP(ctx, own(10), nip, y.year, demoPlan(i+1)); err != nil {
			return err
		}
		if _, err := y.svc.SubmitSKP(ctx, own(10), nip, y.year); err != nil {
			return err
		}
	}
	if _, err := y.svc.SetExpectationsSKP(ctx, y.meta(p.penilai, actor.PejabatPenilai, time.January, 12), nip, y.year, demoExpectations()); err != nil {
		return err
	}
	_, err := y.svc.ApproveSKP(ctx, y.meta(p.penilai, actor.PejabatPenilai, time.January, 13), nip, y.year)
	return err
}

// quarter reports the realisation of window w and has it rated.
func (y demoYear) quarter(ctx context.Context, p demoPerson, i, w int) error {
	nip, end := p.reg.NIP, time.Month(3*w)
	report := y.meta(nip, actor.Pegawai, end, 25)
	if w == 4 {
		report = y.meta(nip, actor.Pegawai, end, 15)
	}
	if i%17 == 5 && w < 4 {
		report = y.meta(nip, actor.Pegawai, end+1, 20) // after the deadline: recorded as late.
	}
	q := float64(2 + (i+w)%3)
	ev := []string{fmt.Sprintf("dms://%s/%d/q%d/laporan.pdf", nip, y.year, w)}
	if _, err := y.svc.ReportRealisation(ctx, report, nip, y.year, w, "iki-1", skp.Realisation{Quantity: &q, Evidence: ev}); err != nil {
		return err
	}
	if _, err := y.svc.ReportRealisation(ctx, report, nip, y.year, w, "iki-2", skp.Realisation{Text: "Laporan diterima", Evidence: ev}); err != nil {
		return err
	}
	rate := y.meta(p.penilai, actor.PejabatPenilai, end+1, 22)
	if w == 4 {
		rate = y.meta(p.penilai, actor.PejabatPenilai, time.December, 31) // ratings from the window's last day on.
	}
	_, err := y.svc.RatePeriod(ctx, rate, nip, y.year, w, demoRatings(i))
	return err
}

// evaluate seeds the year of one employee: the plan, four quarters of
// realisation and ratings, feedback (answered by every other employee) and
// the annual rating.
func (y demoYear) evaluate(ctx context.Context, p demoPerson, i int) error {
	if err := y.plan(ctx, p, i); err != nil {
		return fmt.Errorf("plan of %s: %w", p.reg.NIP, err)
	}
	for w := 1; w <= 4; w++ {
		if err := y.quarter(ctx, p, i, w); err != nil {
			return fmt.Errorf("quarter %d of %s: %w", w, p.reg.NIP, err)
		}
		if w != 2 {
			continue
		}
		fb := skp.Feedback{RHK: "rhk-1", Text: "Pertahankan ketepatan waktu laporan; perbaiki kelengkapan lampiran."}
		if _, err := y.svc.GiveFeedback(ctx, y.meta(p.penilai, actor.PejabatPenilai, time.May, 15), p.reg.NIP, y.year, fb); err != nil {
			return fmt.Errorf("feedback to %s: %w", p.reg.NIP, err)
		}
		if i%2 == 0 {
			if _, err := y.svc.RespondToFeedback(ctx, y.meta(p.reg.NIP, actor.Pegawai, time.May, 20), p.reg.NIP, y.year, 1, "Siap, akan diperbaiki."); err != nil {
				return fmt.Errorf("response of %s: %w", p.reg.NIP, err)
			}
		}
	}
	_, err := y.svc.RateAnnual(ctx, y.meta(p.penilai, actor.PejabatPenilai, time.December, 31), p.reg.NIP, y.year, demoRatings(i))
	return err
}

// evaluateAll runs evaluate for every staff member, a few at a time, and
// draws progress on w.
func (y demoYear) evaluateAll(ctx context.Context, people []demoPerson, w io.Writer) error {
	var (
		wg    sync.WaitGroup
		done  atomic.Int64
		once  sync.Once
		first error
	)
	line := newProgressLine(w, 200*time.Millisecond)
	jobs := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range jobs {
				if err := y.evaluate(ctx, people[i], i); err != nil {
					once.Do(func() { first = err })
				}
				line.set("seeding a year of SKPs: %d/%d employees", done.Add(1), len(people))
			}
		})
	}
	for i := range people {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	// The workers' last updates may arrive out of order: end on the total.
	line.set("seeding a year of SKPs: %d/%d employees", done.Load(), len(people))
	line.done()
	return first
}

// organisation sets the organisation predikat of every unit below the
// secretariat, as the pimpinan of the unit one level up.
func (y demoYear) organisation(ctx context.Context, o demoOrg) error {
	heads := map[string]string{"setda": o.asisten}
	for _, p := range o.people {
		if p.reg.Jabatan.Kind == performance.JabatanJPT && p.reg.Unit != "setda" {
			heads[p.reg.Unit] = p.reg.NIP
		}
	}
	for i, u := range o.units {
		if u.Parent == "" {
			continue
		}
		pred := performance.OrgBaik
		if i%5 == 1 {
			pred = performance.OrgIstimewa
		}
		m := y.meta(heads[u.Parent], actor.Pimpinan, time.December, 18)
		ps := unit.PredikatSetting{Year: y.year, Period: period.AnnualLabel(y.year), Predikat: pred}
		if _, err := y.svc.SetOrganisationPredikat(ctx, m, u.Code, ps); err != nil {
			return fmt.Errorf("predikat of %s: %w", u.Code, err)
		}
	}
	return nil
}

// corrections amends one employee's annual rating with a reason, then has
// the employee object and the atasan decide, so that the score trail of one
// SKP shows every kind of rating change.
func (y demoYear) corrections(ctx context.Context, amended demoPerson) error {
	objector := amended
	a := skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas,
		Note: "Capaian kuartal IV baru diverifikasi; hasil kerja melampaui target"}
	if _, err := y.svc.AmendRatings(ctx, y.afterYear(amended.penilai, actor.PejabatPenilai, 2), amended.reg.NIP, y.year, 0, a); err != nil {
		return fmt.Errorf("amend %s: %w", amended.reg.NIP, err)
	}
	nip := objector.reg.NIP
	if _, err := y.svc.FileObjection(ctx, y.afterYear(nip, actor.Pegawai, 5), nip, y.year,
		"Realisasi kuartal IV belum diperhitungkan; bukti dukung terlampir."); err != nil {
		return fmt.Errorf("objection of %s: %w", nip, err)
	}
	d := skp.Decision{Outcome: skp.OutcomeRatingsChanged, Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai,
		Note: "Setelah klarifikasi kedua pihak, hasil kerja sesuai ekspektasi."}
	if _, err := y.svc.DecideObjection(ctx, y.afterYear(objector.atasan, actor.AtasanPejabatPenilai, 12), nip, y.year, d); err != nil {
		return fmt.Errorf("decide objection of %s: %w", nip, err)
	}
	return nil
}

// objectionToDecide has p object to the year's annual rating and leaves the
// objection undecided, so that their atasan finds a decision to make on the
// worklist and the SKP page (with the default 3 staff per bidang, p is
// o.staff's colleague and the atasan the kepala dinas of TOKEN_PIMPINAN).
func (y demoYear) objectionToDecide(ctx context.Context, p demoPerson) error {
	_, err := y.svc.FileObjection(ctx, y.afterYear(p.reg.NIP, actor.Pegawai, 6), p.reg.NIP, y.year,
		"Kegiatan tambahan kuartal III belum diperhitungkan dalam capaian IKI; mohon ditinjau kembali.")
	if err != nil {
		return fmt.Errorf("objection of %s: %w", p.reg.NIP, err)
	}
	return nil
}
