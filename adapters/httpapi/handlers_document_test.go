package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/skp"
)

// pdfText extracts the text of a PDF with pdftotext (poppler-utils), in
// reading order.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is missing: install poppler-utils (apt-get install -y poppler-utils); .ci/run does")
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestEvaluationDocumentPDF renders the document of a year rated, amended,
// objected to and decided: the text names the people, the ratings, the
// predikat and the hash of the last event on every page; the document as of
// the amendment shows the ratings then, and differs; readers are those of
// the SKP.
func TestEvaluationDocumentPDF(t *testing.T) {
	a, tk, pos := ratedYear(t)
	path := skpPath + "/document.pdf"
	// Text beyond Latin-1 prints as written (the font is embedded DejaVu);
	// beyond the Basic Multilingual Plane (an emoji) as U+FFFD: it once made
	// every rendering of the document fail, for good.
	const utf8Text = "Laporan tepat waktu — naik 20 % ≥ target; Ñusantara ✓ 👍"
	a.send(t, "POST", skpPath+"/feedback", tk.penilai, map[string]any{"value": "akuntabel", "text": utf8Text}).
		must(t, 201, "feedback")
	a.send(t, "POST", skpPath+"/feedback/1/response", tk.pegawai, map[string]any{"text": "Siap, saya perbaiki"}).
		must(t, 200, "response")
	r := a.send(t, "GET", path, tk.pegawai, nil).must(t, 200, "own document")
	evs := a.stream(t, skp.Stream(pegawai, 2025))
	last := evs[len(evs)-1]
	if ct := r.header.Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(r.body, []byte("%PDF-")) ||
		r.header.Get("ETag") != pdfETag(r.body) || !strings.Contains(r.header.Get("Content-Disposition"), "dokumen-evaluasi-kinerja-"+pegawai+"-2025.pdf") {
		t.Fatalf("headers %v, body %.10q", r.header, r.body)
	}
	text := pdfText(t, r.body)
	for _, want := range []string{"DOKUMEN EVALUASI KINERJA PEGAWAI", pegawai, penilai, kepala, "PEJABAT PENILAI KINERJA",
		"ATASAN PEJABAT PENILAI KINERJA", "RATING HASIL KERJA: Di Atas Ekspektasi", "RATING PERILAKU KERJA: Di Atas Ekspektasi",
		"PREDIKAT KINERJA PEGAWAI: SANGAT BAIK", "Bukti mendukung", "tepat waktu — naik 20 % ≥", "Ñusantara ✓ \uFFFD", "Siap, saya perbaiki", "Capaian melebihi target", "Rating diubah",
		hex.EncodeToString(last.Hash), "posisi global " + strconv.FormatUint(last.Position, 10), "versi " + strconv.FormatUint(uint64(last.Version), 10)} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	// The expectations are the pejabat penilai's, all seven; the employee's
	// proposal in the plan ("Melapor tepat waktu") is not one. The document
	// printed the proposal, and "-" for the other six values.
	flat := strings.Join(strings.Fields(text), " ")
	for _, v := range skp.Values() {
		// (pdftotext interleaves the lines of a row's wrapped cells)
		if want := string(v) + " dalam"; !strings.Contains(flat, want) {
			t.Errorf("document lacks the penilai's expectation %q:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "Melapor tepat waktu") {
		t.Error("document shows the employee's proposal as the penilai's expectation")
	}
	// Under the predikat the objection's decision set, the document named
	// only the penilai of the first rating.
	if !strings.Contains(flat, "Predikat ini ditetapkan oleh") || !strings.Contains(flat, "atas keberatan pegawai. Catatan: Bukti mendukung") {
		t.Errorf("document does not say who set the predikat in force:\n%s", flat)
	}
	pages := strings.Count(text, "\f")
	if n := strings.Count(text, hex.EncodeToString(last.Hash)); n != pages || pages == 0 {
		t.Errorf("hash on %d of %d pages", n, pages)
	}
	// The same state renders the same bytes (a reprint checks against the log).
	if again := a.send(t, "GET", path, tk.auditor, nil).must(t, 200, "auditor's document"); !bytes.Equal(again.body, r.body) {
		t.Error("two renderings of the same state differ")
	}

	// Before the objection was decided the ratings were different, and so is the document.
	then := a.send(t, "GET", path+"?as_of="+strconv.FormatUint(pos["amend"], 10), tk.hr, nil).must(t, 200, "document as of the amendment")
	thenText := pdfText(t, then.body)
	amend := evs[0]
	for _, e := range evs {
		if e.Position == pos["amend"] {
			amend = e
		}
	}
	for _, want := range []string{"PREDIKAT KINERJA PEGAWAI: BAIK", "RATING HASIL KERJA: Sesuai Ekspektasi",
		"RATING PERILAKU KERJA: Sesuai Ekspektasi", hex.EncodeToString(amend.Hash), "versi " + strconv.FormatUint(uint64(amend.Version), 10)} {
		if !strings.Contains(thenText, want) {
			t.Errorf("document as of the amendment lacks %q:\n%s", want, thenText)
		}
	}
	if bytes.Equal(then.body, r.body) || strings.Contains(thenText, "SANGAT BAIK") || then.header.Get("ETag") == r.header.Get("ETag") {
		t.Error("a change of rating did not change the document and its ETag")
	}

	// Before the SKP's first event it answers as the SKP's JSON does, not
	// "No SKP exists" (which the SKP, now, contradicts).
	if p := a.send(t, "GET", path+"?as_of=1", tk.hr, nil).must(t, 404, "document before the SKP").problem(t); !strings.Contains(p.Detail, "No SKP existed for this employee and year at as_of") {
		t.Errorf("document as of position 1: %q, want the SKP's as_of answer", p.Detail)
	}
	a.send(t, "GET", path, tk.penilai, nil).must(t, 200, "pejabat penilai")
	a.send(t, "GET", path, tk.kepala, nil).must(t, 200, "atasan")
	a.denied(t, 404, TypeNotFound, "other instansi", "GET", path, tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "colleague", "GET", path, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "no SKP", "GET", rekanPath+"/document.pdf", tk.hr, nil)
}

// pdfETag is the entity tag of a document: its content's.
func pdfETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"pdf-` + hex.EncodeToString(sum[:12]) + `"`
}

// TestDocumentNamesWhoRated: a reporting line changed after the annual
// rating, with an effective date before it, made the document name as
// pejabat penilai (and signatory) a colleague who never rated, under the
// same footer and ETag. It names the official who gave the ratings, and a
// change of what it shows changes its ETag.
func TestDocumentNamesWhoRated(t *testing.T) {
	a, tk, _ := ratedYear(t)
	path := skpPath + "/document.pdf"
	before := a.send(t, "GET", path, tk.hr, nil).must(t, 200, "document")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": rekan,
		"atasan_pejabat_penilai": kepala, "effective_from": "2025-12-01", "reason": "koreksi struktur"}).must(t, 200, "a backdated line")
	after := a.send(t, "GET", path, tk.hr, nil).must(t, 200, "document after the line change")
	text := pdfText(t, after.body)
	if !strings.Contains(text, penilai) || strings.Contains(text, rekan) {
		t.Errorf("the document names %s as penilai, want %s who rated:\n%s", rekan, penilai, text)
	}
	if !bytes.Equal(before.body, after.body) && before.header.Get("ETag") == after.header.Get("ETag") {
		t.Error("the document changed under the same ETag")
	}
}

// TestDocumentShowsAnOfficialOfAnotherInstansiOnceTheyAct: HR could name
// any NIP of another instansi as a pejabat penilai (with a
// cross_instansi_reason) and read that person's name, golongan, jabatan and
// unit off the document. Until the official acts on the SKP the document
// shows their NIP only; once they have, it names them.
func TestDocumentShowsAnOfficialOfAnotherInstansiOnceTheyAct(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": otherHR,
		"atasan_pejabat_penilai": kepala, "effective_from": "2025-01-06", "reason": "penugasan",
		"cross_instansi_reason": "Penugasan lintas instansi, SK 800/12/2025"}).must(t, 200, "a cross-instansi penilai")
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	doc := func(what string) string {
		t.Helper()
		return pdfText(t, a.send(t, "GET", skpPath+"/document.pdf", tk.hr, nil).must(t, 200, what).body)
	}
	if text := doc("before the official acts"); !strings.Contains(text, otherHR) || strings.Contains(text, "Indah HR Bogor") {
		t.Errorf("before the official acts, the document shows them beyond their NIP:\n%s", text)
	}
	official := a.token(t, otherHR, otherInst, actor.Pegawai, actor.PejabatPenilai)
	a.send(t, "PUT", skpPath+"/expectations", official, expectations()).must(t, 200, "the official sets the expectations")
	if text := doc("after the official acted"); !strings.Contains(text, "Indah HR Bogor") {
		t.Errorf("after the official acted, the document does not name them:\n%s", text)
	}
}

// TestDocumentShowsTheYearsMasterData: the 2025 document printed the
// golongan and unit recorded last, even those taking effect in 2026 (III/c
// and Bidang Sarana); it shows those in force in the year evaluated.
func TestDocumentShowsTheYearsMasterData(t *testing.T) {
	a, tk, _ := ratedYear(t)
	a.send(t, "POST", "/v1/employees/"+pegawai+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2026-06-01", "reason": "mutasi"}).must(t, 200, "a transfer in 2026")
	a.send(t, "POST", "/v1/employees/"+pegawai+"/golongan", tk.hr, map[string]any{"golongan": "III/c", "tmt": "2026-06-01"}).
		must(t, 200, "a golongan from 2026")
	text := pdfText(t, a.send(t, "GET", skpPath+"/document.pdf", tk.hr, nil).must(t, 200, "the 2025 document").body)
	if !strings.Contains(text, "III/b") || strings.Contains(text, "III/c") || !strings.Contains(text, "Bidang Kurikulum") ||
		strings.Contains(text, "Bidang Sarana") {
		t.Errorf("the 2025 document shows master data of 2026:\n%s", text)
	}
}
