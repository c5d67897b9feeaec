package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/actor"
)

// The SKP page's actions. Each is a plain HTML form posted to
// /pegawai/{nip}/skp/{tahun}/{aksi} with the session's CSRF token and the
// SKP's version (versi) the page was rendered at. The console turns it into
// the /v1 command the API offers, as the caller, with that version as
// If-Match: the API decides who may act and whether the state allows it,
// and refuses a form rendered before someone else's change (412). Success
// redirects back to the page (POST-redirect-GET) with ?selesai={aksi}; a
// refusal the caller can correct re-renders the page with the API's problem
// explained in Indonesian and the input kept.

// skpAction is one action of the SKP page.
type skpAction struct {
	// method and path are the API's: path follows /v1/skp/{nip}/{year}.
	method string
	path   func(f url.Values) (string, error)
	// body builds the JSON body from the form; nil sends none.
	body func(f url.Values) any
	// done is the confirmation shown after it succeeded.
	done string
	// labels name the fields of the API's body by the labels of the form's
	// inputs, to say which input a refusal's field error is about.
	labels map[string]string
}

// The limits of the texts the forms send: those of package domain/text,
// which the API enforces; the templates set them as maxlength.
const (
	maxNote        = 2000 // text.MaxNote: return note, rating note, decision note
	maxFeedback    = 4000 // text.MaxFeedback: feedback and its response
	maxObjection   = 4000 // text.MaxObjection: the reasons of an objection
	maxExpectation = 1000 // text.MaxPlanText: a BerAKHLAK expectation
)

// berakhlak are the seven BerAKHLAK values, in their usual order.
var berakhlak = []string{"berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}

// ratingValues are the official ratings of hasil kerja and perilaku kerja.
var ratingValues = []string{"di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi"}

// fixed returns a path function of a fixed path.
func fixed(p string) func(url.Values) (string, error) {
	return func(url.Values) (string, error) { return p, nil }
}

// skpActions are the actions by their name in the form's path.
var skpActions = map[string]skpAction{
	"ajukan": {method: http.MethodPost, path: fixed("/submit"),
		done: "Rencana SKP telah diajukan kepada pejabat penilai."},
	"setujui": {method: http.MethodPost, path: fixed("/approve"),
		done: "Rencana SKP telah disetujui."},
	"kembalikan": {method: http.MethodPost, path: fixed("/return"),
		body:   func(f url.Values) any { return map[string]any{"note": f.Get("catatan")} },
		done:   "Rencana SKP telah dikembalikan kepada pegawai beserta catatannya.",
		labels: map[string]string{"note": "Catatan perbaikan untuk pegawai"}},
	"ekspektasi": {method: http.MethodPut, path: fixed("/expectations"), body: expectationsBody,
		done:   "Ekspektasi khusus pimpinan telah disimpan.",
		labels: map[string]string{"expectations": "Ekspektasi khusus pimpinan"}},
	"umpan-balik": {method: http.MethodPost, path: fixed("/feedback"), body: feedbackBody,
		done:   "Umpan balik telah diberikan.",
		labels: map[string]string{"text": "Umpan balik", "rhk": "Tentang", "value": "Tentang", "target": "Tentang"}},
	"tanggapan": {method: http.MethodPost, path: func(f url.Values) (string, error) {
		no := f.Get("no")
		if n, err := strconv.Atoi(no); err != nil || n < 1 || n > 9999 || strconv.Itoa(n) != no {
			return "", pageError{status: http.StatusBadRequest, detail: "Formulir tidak lengkap: nomor umpan balik tidak valid."}
		}
		return "/feedback/" + no + "/response", nil
	}, body: func(f url.Values) any { return map[string]any{"text": f.Get("tanggapan")} },
		done:   "Tanggapan atas umpan balik telah dikirim.",
		labels: map[string]string{"text": "Tanggapan"}},
	"nilai-tahunan": {method: http.MethodPost, path: fixed("/annual-rating"),
		body: func(f url.Values) any {
			return map[string]any{"hasil": f.Get("hasil"), "perilaku": f.Get("perilaku"), "note": f.Get("catatan")}
		},
		done:   "Penilaian kinerja tahunan telah diberikan.",
		labels: map[string]string{"hasil": "Hasil kerja", "perilaku": "Perilaku kerja", "note": "Catatan"}},
	"keberatan": {method: http.MethodPost, path: fixed("/objection"),
		body:   func(f url.Values) any { return map[string]any{"reasons": f.Get("alasan")} },
		done:   "Keberatan telah diajukan kepada atasan pejabat penilai.",
		labels: map[string]string{"reasons": "Alasan keberatan"}},
	"keputusan-keberatan": {method: http.MethodPost, path: fixed("/objection/decision"), body: decisionBody,
		done: "Keputusan atas keberatan telah dicatat.",
		labels: map[string]string{"outcome": "Keputusan", "hasil": "Hasil kerja", "perilaku": "Perilaku kerja",
			"ratings": "Penilaian baru", "note": "Pertimbangan keputusan"}},
}

// expectationsBody sends the expectations the form changed: each field
// ekspektasi-{value} whose text differs from semula-{value}, the text the
// page showed, so that an unchanged expectation is not recorded again.
func expectationsBody(f url.Values) any {
	es := []any{}
	for _, v := range berakhlak {
		now := strings.TrimSpace(f.Get("ekspektasi-" + v))
		if now != "" && now != strings.TrimSpace(f.Get("semula-"+v)) {
			es = append(es, map[string]any{"value": v, "expectation": now})
		}
	}
	return map[string]any{"expectations": es}
}

// feedbackBody sends feedback on the target the form names: "rhk:{id}" or
// "nilai:{value}".
func feedbackBody(f url.Values) any {
	b := map[string]any{"text": f.Get("teks")}
	switch kind, id, _ := strings.Cut(f.Get("sasaran"), ":"); kind {
	case "rhk":
		b["rhk"] = id
	case "nilai":
		b["value"] = id
	}
	return b
}

// decisionBody sends the decision on an objection; the new ratings only
// with the outcome that changes them (the form offers them beside both).
func decisionBody(f url.Values) any {
	b := map[string]any{"outcome": f.Get("hasil_keputusan"), "note": f.Get("catatan")}
	if f.Get("hasil_keputusan") == "ratings_changed" {
		b["hasil"], b["perilaku"] = f.Get("hasil"), f.Get("perilaku")
	}
	return b
}

// skpAct carries out one action of the SKP page (see skpAction).
func (c *Console) skpAct(ctx context.Context, s *session, r *http.Request) (view, error) {
	nip, err := nipOf(r)
	if err != nil {
		return view{}, err
	}
	year, err := strconv.Atoi(r.PathValue("tahun"))
	if err != nil || year < 2000 || year > 2100 {
		return view{}, pageError{status: http.StatusBadRequest, detail: "Tahun tidak valid: empat angka, misalnya 2025."}
	}
	name := r.PathValue("aksi")
	a, ok := skpActions[name]
	if !ok {
		return view{}, pageError{status: http.StatusNotFound, detail: "Tindakan ini tidak ada di konsol."}
	}
	versi := r.PostFormValue("versi")
	if v, err := strconv.ParseUint(versi, 10, 63); err != nil || strconv.FormatUint(v, 10) != versi {
		return view{}, pageError{status: http.StatusBadRequest,
			detail: "Formulir tidak lengkap: versi SKP tidak ada. Muat ulang halaman, lalu coba lagi."}
	}
	sub, err := a.path(r.PostForm)
	if err != nil {
		return view{}, err
	}
	var body any
	if a.body != nil {
		body = a.body(r.PostForm)
	}
	base := "/v1/skp/" + nip + "/" + strconv.Itoa(year)
	// The key makes a double submit of the same form (same action, SKP
	// version and body) one command: the retry gets the first answer. The
	// body's hash is part of it: another body at the same version (a second
	// tab, the text changed in between) is another command, which the API
	// refuses as stale (412), not as a reused key (422).
	sum, err := json.Marshal(body)
	if err != nil {
		return view{}, err
	}
	digest := sha256.Sum256(sum)
	key := "konsol-" + nip + "-" + strconv.Itoa(year) + "-v" + versi + strings.ReplaceAll(sub, "/", "-") +
		"-" + hex.EncodeToString(digest[:8])
	resp, err := c.call(ctx, s, a.method, base+sub, nil, "application/json", body,
		"If-Match", `"`+versi+`"`, "Idempotency-Key", key)
	if err != nil {
		return view{}, err
	}
	page := "/pegawai/" + nip + "/skp?tahun=" + strconv.Itoa(year)
	if resp.status >= 200 && resp.status < 300 {
		return view{redirect: page + "&selesai=" + url.QueryEscape(name)}, nil
	}
	var p map[string]any
	if json.Unmarshal(resp.body.Bytes(), &p) != nil {
		p = map[string]any{}
	}
	pe := problemError(resp.status, p)
	switch {
	case pe.status == http.StatusForbidden || pe.status == http.StatusUnauthorized || pe.status >= 500:
		return view{}, pe // not the caller's to do: the error page
	case pe.status < 400:
		return view{}, pe
	}
	// A refusal the caller can correct: the page again, in its current
	// state, with the refusal beside the forms and the input kept.
	explain := pe.explain()
	if pe.status == http.StatusPreconditionFailed {
		explain = "SKP ini telah diubah orang lain sejak halaman Anda dibuka, sehingga tindakan Anda tidak dijalankan. " +
			"Halaman ini kini menampilkan keadaan terbaru: periksa kembali, lalu kirim lagi bila masih perlu."
	}
	v, err := c.skpPageOf(ctx, s, nip, year, "")
	if err != nil {
		return view{}, err
	}
	data := v.data.(map[string]any)
	data["refused"] = map[string]any{"aksi": name, "status": pe.status, "explain": explain, "note": pe.detail,
		"fields": a.fieldErrors(pe.apiFields)}
	data["refusedAksi"] = name
	data["input"] = map[string]map[string]string{name: formInput(r.PostForm)}
	v.status = pe.status
	return v, nil
}

// fieldErrors says in Indonesian which input of the form each field error
// of the API is about and, for the problems of a text the API names (a
// required text, too long, a control character), what is wrong; another
// problem is quoted as the API wrote it.
func (a skpAction) fieldErrors(fes []fieldError) []string {
	var out []string
	for _, fe := range fes {
		// expectations[2].expectation is the form's "expectations".
		label := a.labels[fe.field]
		if i := strings.IndexAny(fe.field, ".["); label == "" && i > 0 {
			label = a.labels[fe.field[:i]]
		}
		if label == "" {
			label = fe.field
		}
		if label == "" {
			out = append(out, fieldMessage(fe.message))
			continue
		}
		out = append(out, label+": "+fieldMessage(fe.message))
	}
	return out
}

// tooLongRe is the message of package text for a text over its limit.
var tooLongRe = regexp.MustCompile(`^is (\d+) characters long; at most (\d+) characters$`)

// fieldMessage is a field error's message in Indonesian, or the API's.
func fieldMessage(m string) string {
	switch {
	case m == "required":
		return "wajib diisi."
	case tooLongRe.MatchString(m):
		n := tooLongRe.FindStringSubmatch(m)
		return "terlalu panjang: " + n[1] + " karakter, paling banyak " + n[2] + " karakter."
	case strings.HasPrefix(m, "contains "):
		return "memuat karakter kendali yang tidak diizinkan; hapus karakter tersebut."
	case strings.HasPrefix(m, "is not valid UTF-8"):
		return "bukan teks yang sah (UTF-8)."
	}
	return "tidak dapat diterima (" + m + ")."
}

// formInput returns the texts of a refused form to show in it again.
func formInput(f url.Values) map[string]string {
	in := map[string]string{}
	for k, vs := range f {
		if k != "csrf" && k != "versi" && len(vs) > 0 {
			in[k] = vs[0]
		}
	}
	return in
}

// skpCan decides which actions the SKP page offers the caller: by their
// relation to the employee (the owner, the pejabat penilai or the atasan
// pejabat penilai of the reporting line in force, as the API reads them)
// and the SKP's state. It only hides what makes no sense; the API decides.
func (c *Console) skpCan(s *session, emp, skp map[string]any) map[string]bool {
	nip := str(emp["nip"])
	line, _ := emp["reporting_line"].(map[string]any)
	owner := s.who.NIP == nip && s.who.Has(actor.Pegawai)
	penilai := line != nil && s.who.NIP != nip && s.who.Has(actor.PejabatPenilai) && str(line["pejabat_penilai"]) == s.who.NIP
	atasan := line != nil && s.who.NIP != nip && s.who.Has(actor.PejabatPenilai, actor.AtasanPejabatPenilai) &&
		str(line["atasan_pejabat_penilai"]) == s.who.NIP
	status := str(skp["status"])
	annual := skp["annual_ratings"] != nil
	objection, _ := skp["objection"].(map[string]any)
	filed := objection != nil && objection["filed"] == true
	decided := objection != nil && objection["decided"] == true
	due := map[string]bool{}
	for _, d := range list(skp["due"]) {
		if m, ok := d.(map[string]any); ok {
			due[str(m["kind"])] = true
		}
	}
	respond := false
	for _, f := range list(skp["feedback"]) {
		if m, ok := f.(map[string]any); ok && m["responded"] != true {
			respond = true
		}
	}
	can := map[string]bool{
		"ajukan":              owner && (status == "draft" || status == "returned"),
		"tanggapan":           owner && respond,
		"keberatan":           owner && annual && !filed && due["objection_possible"],
		"ekspektasi":          penilai && status != "approved",
		"setujui":             penilai && status == "submitted",
		"kembalikan":          penilai && status == "submitted",
		"umpan-balik":         penilai && status == "approved",
		"nilai-tahunan":       penilai && status == "approved" && !annual && c.yearEnding(num(skp["year"])),
		"keputusan-keberatan": atasan && filed && !decided,
	}
	for _, v := range can {
		if v {
			can["any"] = true
		}
	}
	return can
}

// yearEnding reports whether the annual rating of year may be due: from 30
// November on (a policy allows it at most 31 days before the last window's
// last day, 31 December).
func (c *Console) yearEnding(year int) bool {
	now := c.cfg.Now()
	return now.Year() > year || now.Year() == year && (now.Month() == 12 || now.Month() == 11 && now.Day() >= 30)
}

// doneMessage returns the confirmation of the action named by ?selesai=,
// or "" for none (or a name the console does not know).
func doneMessage(r *http.Request) string {
	return skpActions[r.URL.Query().Get("selesai")].done
}
