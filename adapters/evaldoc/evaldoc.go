// Package evaldoc renders the evaluation document of an SKP year as a PDF,
// in the layout of the "Dokumen Evaluasi Kinerja Pegawai" of the PermenPANRB
// 6/2022 lampiran: the identity of the employee, the pejabat penilai and the
// atasan pejabat penilai; hasil kerja and perilaku kerja with their ratings;
// the predikat; the feedback and notes. Every page's footer names the SKP
// stream's version, the global position and the hash of the event the
// document was rendered from, so that a printout can be checked against
// the log. The text is set in DejaVu Sans, embedded, so any UTF-8 name
// prints as written.
package evaldoc

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/kinerja/kinerja/domain/skp"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// family is the embedded font's family name.
const family = "DejaVu"

// Person identifies a party of the document. Unit is the unit's name (or
// code when the name is unknown).
type Person struct {
	Name, NIP, Golongan, Jabatan, Unit string
}

// Source is the event the document was rendered from: the last event of
// the SKP stream as read.
type Source struct {
	Stream     string
	Version    uint64
	Position   uint64
	Hash       string
	RecordedAt time.Time
}

// Input is what a document shows. SKP is the SKP as replayed from the
// events up to Source; Penilai and Atasan are nil when the employee had no
// reporting line; WindowLabels names the period's windows (1-based); names
// maps NIPs that appear as authors of notes to names.
type Input struct {
	SKP          *skp.SKP
	Instansi     string
	Pegawai      Person
	Penilai      *Person
	Atasan       *Person
	WindowLabels map[int]string
	Names        map[string]string
	Source       Source
	// Location is the zone dates are printed in.
	Location *time.Location
}

// ErrInput is wrapped by the error of an Input that cannot be rendered.
var ErrInput = errors.New("evaldoc: incomplete input")

// Render returns the PDF of in. The output depends only on in: the same
// input renders the same bytes.
func Render(in Input) ([]byte, error) {
	if in.SKP == nil || in.Source.Stream == "" || in.Location == nil {
		return nil, fmt.Errorf("render evaluation document: %w", ErrInput)
	}
	d := newDoc(in)
	d.title()
	d.identity()
	d.hasilKerja()
	d.perilakuKerja()
	d.predikat()
	d.periodic()
	d.notes()
	d.signatures()
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("render evaluation document %s: %w", in.Source.Stream, err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render evaluation document %s: %w", in.Source.Stream, err)
	}
	return buf.Bytes(), nil
}

// doc is a document being laid out.
type doc struct {
	pdf *fpdf.Fpdf
	in  Input
}

// Page geometry in millimetres (A4 portrait).
const (
	margin     = 15.0
	pageWidth  = 210.0 - 2*margin
	lineHeight = 4.6
)

func newDoc(in Input) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(family, "", fontRegular)
	p.AddUTF8FontFromBytes(family, "B", fontBold)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, 24)
	p.AliasNbPages("{nb}")
	p.SetCatalogSort(true) // objects in a fixed order: the same input renders the same bytes.
	// Fixed dates keep the bytes a function of the input.
	p.SetCreationDate(in.Source.RecordedAt.UTC())
	p.SetModificationDate(in.Source.RecordedAt.UTC())
	p.SetTitle(fmt.Sprintf("Dokumen Evaluasi Kinerja Pegawai %s %d", in.Pegawai.NIP, in.SKP.Year()), true)
	p.SetAuthor("Kinerja", true)
	p.SetCreator("Kinerja", true)
	p.SetProducer("Kinerja", true)
	d := &doc{pdf: p, in: in}
	p.SetFooterFunc(d.footer)
	p.AddPage()
	return d
}

// footer prints the source of the document and the page number.
func (d *doc) footer() {
	s := d.in.Source
	p := d.pdf
	p.SetY(-20)
	p.SetDrawColor(150, 150, 150)
	p.Line(margin, p.GetY(), margin+pageWidth, p.GetY())
	p.SetFont(family, "", 7)
	p.SetTextColor(60, 60, 60)
	p.CellFormat(pageWidth, 3.6, fmt.Sprintf("Dibuat dari log peristiwa: stream %s, versi %d, posisi global %d, dicatat %s",
		s.Stream, s.Version, s.Position, d.stamp(s.RecordedAt)), "", 1, "L", false, 0, "")
	p.CellFormat(pageWidth-25, 3.6, "Hash peristiwa: "+s.Hash, "", 0, "L", false, 0, "")
	p.CellFormat(25, 3.6, fmt.Sprintf("Halaman %d/{nb}", p.PageNo()), "", 1, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
}

// stamp prints an instant in the document's zone.
func (d *doc) stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(d.in.Location).Format("2006-01-02 15:04 MST")
}

// day prints an instant's date in the document's zone, Indonesian style.
func (d *doc) day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	t = t.In(d.in.Location)
	return fmt.Sprintf("%d %s %d", t.Day(), bulan[t.Month()-1], t.Year())
}

var bulan = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
	"Oktober", "November", "Desember"}
