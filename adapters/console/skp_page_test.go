package console

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestSKPPageShowsThePenilaisExpectations: the SKP page showed only the
// employee's proposed BerAKHLAK texts, never the expectations the pejabat
// penilai set (which bind the rating), which values still lack one, nor
// why a plan was returned.
func TestSKPPageShowsThePenilaisExpectations(t *testing.T) {
	skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"returned",
				"plan":{"rhk":[],"perilaku":[{"value":"loyal","expectation":"USULAN PEGAWAI"}]},
				"expectations":[{"value":"akuntabel","expectation":"EKSPEKTASI PENILAI hadir tepat waktu",
					"by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2026-01-10T09:00:00+07:00"}],
				"expectations_missing":["loyal","adaptif"],"expectations_legacy":false,
				"return_notes":[{"text":"TARGET IKI-2 TERLALU RENDAH","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2026-01-11T09:00:00+07:00"}],
				"realisations":[],"feedback":[],"periodic_ratings":[],"annual_ratings":null,"objection":{},"amendments":[],"window_inputs":[],"version":5}`,
		"EKSPEKTASI PENILAI hadir tepat waktu", "belum ditetapkan untuk: Loyal, Adaptif",
		"TARGET IKI-2 TERLALU RENDAH", "Usulan pegawai: Loyal: USULAN PEGAWAI")
}

// TestSKPPageShowsTheNoteOfRatingsInForce: next to amended ratings the page
// shows the amendment's reason (the API's note of the ratings in force)
// and, as before, the note the ratings were first given with.
func TestSKPPageShowsTheNoteOfRatingsInForce(t *testing.T) {
	skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"approved","plan":{"rhk":[],"perilaku":[]},
				"expectations":[],"expectations_missing":[],"expectations_legacy":false,"return_notes":[],
				"realisations":[],"feedback":[],"periodic_ratings":[],
				"annual_ratings":{"hasil":"di_atas_ekspektasi","perilaku":"di_atas_ekspektasi","predikat":"sangat_baik",
					"note":{"text":"ALASAN PERUBAHAN","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2027-01-05T09:00:00+07:00"},
					"given_note":{"text":"CATATAN PERTAMA","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2026-12-31T09:00:00+07:00"}},
				"objection":{},"amendments":[],"window_inputs":[],"version":9}`,
		"ALASAN PERUBAHAN", "catatan penilaian awal: CATATAN PERTAMA")
}

const skpPageNIP = "199008102018021433"

// skpPageShows serves the SKP page of skpPageNIP's 2026 SKP, the API
// answering skp for it (and a fixed employee record), and checks that the
// page holds every one of wants; it returns the page.
func skpPageShows(t *testing.T, skp string, wants ...string) string {
	t.Helper()
	const nip = skpPageNIP
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/employees/" + nip:
			io.WriteString(w, `{"nip":"`+nip+`","name":"Dewi","jabatan":{"name":"Analis"},"golongan":"III/a","unit":"u"}`)
		case "/v1/skp/" + nip + "/2026":
			io.WriteString(w, skp)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"status":404,"title":"Not found"}`)
		}
	})
	c := newTestConsoleOf(t, api)
	req := httptest.NewRequest("GET", "/pegawai/"+nip+"/skp?tahun=2026", nil)
	req.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	c.ServeHTTP(w, req)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, body)
	}
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	return body
}

// TestSKPPageNamesTheObjectionDeadlineForWhatItIs: the objection's
// deadline is the last day to file it (the API's "The last day to file
// it"), but the page called it "batas keputusan", the deadline of the
// atasan's decision, which no rule sets.
func TestSKPPageNamesTheObjectionDeadlineForWhatItIs(t *testing.T) {
	body := skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"approved","plan":{"rhk":[],"perilaku":[]},
				"expectations":[],"expectations_missing":[],"expectations_legacy":false,"return_notes":[],
				"realisations":[],"feedback":[],"periodic_ratings":[],
				"annual_ratings":{"hasil":"sesuai_ekspektasi","perilaku":"sesuai_ekspektasi","predikat":"baik",
					"note":{"text":"","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2027-01-05T09:00:00+07:00"}},
				"objection":{"filed":true,"decided":false,"reasons":{"text":"KEBERATAN SAYA","by":{"nip":"`+skpPageNIP+`","role":"pegawai"},"at":"2027-01-10T09:00:00+07:00"},
					"received":"2027-01-05T09:00:00+07:00","deadline":"2027-01-19"},
				"amendments":[],"window_inputs":[],"version":9}`,
		"KEBERATAN SAYA", "batas pengajuan 19-01-2027")
	if strings.Contains(body, "batas keputusan") {
		t.Error("the page calls the last day to file the objection the deadline of the decision")
	}
}

// TestSKPPageSaysWhatIsDueInIndonesian: the due list showed the API's
// codes of the plan's and the objection's items ("submit plan",
// "objection possible"), "— sejak" with no date for an item that has
// none, no deadline, and times as "09:00 +07:00" rather than in WIB.
func TestSKPPageSaysWhatIsDueInIndonesian(t *testing.T) {
	body := skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"returned","plan":{"rhk":[],"perilaku":[]},
				"expectations":[],"expectations_missing":[],"expectations_legacy":false,"return_notes":[],
				"realisations":[],"feedback":[],"periodic_ratings":[],"annual_ratings":null,"objection":{},"amendments":[],"window_inputs":[],
				"due":[{"kind":"resubmit_plan","since":"2026-01-11T09:05:00+07:00","overdue":false},
					{"kind":"report_realisation","window":2,"label":"2026-Q2","iki":["iki-1"],"deadline":"2026-07-10","overdue":true},
					{"kind":"objection_possible","since":"2027-01-05T10:00:00+08:00","deadline":"2027-01-19","overdue":false}],
				"version":5}`,
		"Perbaiki rencana SKP sesuai catatan, lalu ajukan kembali — sejak 11-01-2026 09.05 WIB",
		"Laporkan realisasi (periode 2026-Q2) — batas 10-07-2026",
		"Keberatan atas penilaian tahunan dapat diajukan — sejak 05-01-2027 10.00 WITA — batas 19-01-2027")
	for _, bad := range []string{"resubmit plan", "objection possible", "+07:00"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page shows %q", bad)
		}
	}
	body = skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"draft","plan":{"rhk":[],"perilaku":[]},
				"expectations":[],"expectations_missing":[],"expectations_legacy":false,"return_notes":[],
				"realisations":[],"feedback":[],"periodic_ratings":[],"annual_ratings":null,"objection":{},"amendments":[],"window_inputs":[],
				"due":[{"kind":"submit_plan","overdue":false}],"version":1}`,
		`<li data-due="submit_plan">Ajukan rencana SKP kepada pejabat penilai</li>`)
	if strings.Contains(body, "sejak") {
		t.Error("an item with no date says since when")
	}
}

// TestHistoryPageNamesAFiledObjection: an objection filed and not yet
// decided read "filed" in the history.
func TestHistoryPageNamesAFiledObjection(t *testing.T) {
	c, _ := newTestConsole(t, 200, `{"nip":"`+skpPageNIP+`","name":"Dewi","years":[{"year":2026,"skp_status":"approved",
		"annual_predikat":"baik","objection":"filed","periodic":[]}]}`)
	req := httptest.NewRequest("GET", "/pegawai/"+skpPageNIP+"/riwayat", nil)
	req.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	c.ServeHTTP(w, req)
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "<td>Diajukan, belum diputuskan</td>") {
		t.Errorf("%d: the history does not say the objection awaits its decision: %s", w.Code, body)
	}
}

// TestARefusedFormNamesItsInputInIndonesian: a form the API refused for a
// field listed the API's field and message ("text: required", "text: is
// 5000 characters long; at most 4000 characters"), English names of a body
// the person never saw, rather than the input's label.
func TestARefusedFormNamesItsInputInIndonesian(t *testing.T) {
	const nip = skpPageNIP
	problem := `{"type":"/problems/validation","title":"Invalid request","status":400,"detail":"The field text is invalid.",
		"errors":[{"field":"text","message":"is 5000 characters long; at most 4000 characters"},{"field":"rhk","message":"\"x\" is odd"}]}`
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "POST":
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, problem)
		case r.URL.Path == "/v1/employees/"+nip:
			io.WriteString(w, `{"nip":"`+nip+`","name":"Dewi","jabatan":{"name":"Analis"},"golongan":"III/a","unit":"u"}`)
		case r.URL.Path == "/v1/skp/"+nip+"/2026":
			io.WriteString(w, `{"nip":"`+nip+`","year":2026,"status":"approved","plan":{"rhk":[],"perilaku":[]},"expectations":[],
				"feedback":[{"no":1,"rhk":"rhk-1","text":"Lengkapi lampiran","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2026-05-15T09:00:00+07:00"}],
				"realisations":[],"periodic_ratings":[],"annual_ratings":null,"objection":{},"amendments":[],"due":[],"version":7}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"status":404,"title":"Not found"}`)
		}
	})
	c := newTestConsoleOf(t, api)
	form := url.Values{"csrf": {(&session{token: "good"}).csrf()}, "versi": {"7"}, "no": {"1"}, "tanggapan": {"TANGGAPAN SAYA"}}
	req := httptest.NewRequest("POST", "/pegawai/"+nip+"/skp/2026/tanggapan", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	c.ServeHTTP(w, req)
	body := html.UnescapeString(w.Body.String())
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status %d: %s", w.Code, body)
	}
	for _, want := range []string{"<li>Tanggapan: terlalu panjang: 5000 karakter, paling banyak 4000 karakter.</li>",
		`<li>rhk: tidak dapat diterima ("x" is odd).</li>`, "TANGGAPAN SAYA</textarea>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused page lacks %q", want)
		}
	}
	if strings.Contains(body, "<li>text:") {
		t.Error("the refused page names the input by the API's field")
	}
}

// TestSKPPageNamesRHKAndIKIByTheirText: realisation and feedback rows
// showed the plan's ids ("iki-1", "rhk-1"), which the employee never
// typed; they are named by their text, an id the plan no longer has as it
// is.
func TestSKPPageNamesRHKAndIKIByTheirText(t *testing.T) {
	skpPageShows(t, `{"nip":"`+skpPageNIP+`","year":2026,"status":"approved",
				"plan":{"rhk":[{"id":"rhk-1","text":"Tersusunnya laporan keuangan","kind":"utama",
					"iki":[{"id":"iki-1","text":"Jumlah laporan tepat waktu","aspek":"kuantitas","target":{"kind":"quantitative","quantity":12,"unit":"laporan"}}]}],"perilaku":[]},
				"expectations":[],"expectations_missing":[],"expectations_legacy":false,"return_notes":[],
				"realisations":[{"window":1,"iki":"iki-1","quantity":3,"evidence":[]},{"window":1,"iki":"iki-lama","quantity":1,"evidence":[]}],
				"feedback":[{"no":1,"rhk":"rhk-1","text":"Bagus","by":{"nip":"197505052001012002","role":"pejabat_penilai"},"at":"2026-02-01T09:00:00+07:00"}],
				"periodic_ratings":[],"annual_ratings":null,"objection":{},"amendments":[],"window_inputs":[],"version":7}`,
		"<td>Jumlah laporan tepat waktu (iki-1)</td>", "<td>iki-lama</td>",
		"<strong>Tersusunnya laporan keuangan (rhk-1)</strong>")
}
