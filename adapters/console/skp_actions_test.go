package console

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// actionFixture is the console over a real API server (PostgreSQL, the
// fixture's instansi of httpapitest), with Pegawai's SKP of 2025 drafted.
type actionFixture struct {
	t   *testing.T
	srv *httpapitest.Server
	c   *Console
	tk  httpapitest.Tokens
}

func newActionFixture(t *testing.T) *actionFixture {
	t.Helper()
	srv := httpapitest.New(t, httpapitest.Options{})
	tk := srv.Seed(t)
	v, err := auth.NewVerifier(auth.Config{HS256Secret: httpapitest.Secret(), Now: srv.Clock.Now, MaxTTL: httpapitest.TokenTTL})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Logger: slog.New(slog.DiscardHandler), Now: srv.Clock.Now,
		Identify: func(ctx context.Context, h string) (Identity, error) {
			p, err := v.Authenticate(ctx, h)
			return Identity{NIP: p.NIP, Roles: p.Roles}, err
		},
		Policy: func(string) (performance.Policy, error) { return performance.DefaultPolicy(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	c.Mount(srv.HTTP.Handler())
	srv.Send(t, "POST", httpapitest.SKPPath, tk.Pegawai, map[string]any{"plan": httpapitest.Plan(10)}).Must(t, 201, "draft")
	return &actionFixture{t: t, srv: srv, c: c, tk: tk}
}

const skpPage = "/pegawai/" + httpapitest.Pegawai + "/skp?tahun=2025"

// page opens the SKP page as tok and returns its status and body.
func (f *actionFixture) page(tok string) (int, string) {
	f.t.Helper()
	r := httptest.NewRequest("GET", skpPage, nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	f.c.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// formRe finds a form of the SKP page by its id.
var formRe = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)" class="action" id="([^"]+)">(.*?)</form>`)

// hiddenRe finds the hidden fields of a form.
var hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// form returns the action URL and hidden fields of the form with id on
// the page tok sees, or ok false when the page offers no such form.
func (f *actionFixture) form(tok, id string) (string, url.Values, bool) {
	f.t.Helper()
	code, body := f.page(tok)
	if code != 200 {
		f.t.Fatalf("the SKP page: %d %s", code, body)
	}
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		if m[2] != id {
			continue
		}
		vals := url.Values{}
		for _, h := range hiddenRe.FindAllStringSubmatch(m[3], -1) {
			vals.Set(h[1], html.UnescapeString(h[2]))
		}
		return html.UnescapeString(m[1]), vals, true
	}
	return "", nil, false
}

// post posts form to path as tok (no Origin header, as a same-origin
// form of an older browser).
func (f *actionFixture) post(tok, path string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	f.c.ServeHTTP(w, r)
	return w
}

// act fills the form with id as tok sees it with fields and posts it; it
// fails unless the page offers the form.
func (f *actionFixture) act(tok, id string, fields url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	path, form, ok := f.form(tok, id)
	if !ok {
		f.t.Fatalf("the SKP page offers no form %s", id)
	}
	for k, v := range fields {
		form[k] = v
	}
	return f.post(tok, path, form)
}

// done checks that w redirected to the SKP page with the confirmation of
// aksi, that the page shows it, and that the SKP's last event is typ by nip.
func (f *actionFixture) done(w *httptest.ResponseRecorder, aksi, typ, by, tok string) {
	f.t.Helper()
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != skpPage+"&selesai="+aksi {
		f.t.Fatalf("%s: %d %s, want a redirect to the page\n%s", aksi, w.Code, w.Header().Get("Location"), w.Body)
	}
	r := httptest.NewRequest("GET", w.Header().Get("Location"), nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	pw := httptest.NewRecorder()
	f.c.ServeHTTP(pw, r)
	if want := skpActions[aksi].done; pw.Code != 200 || !strings.Contains(pw.Body.String(), `role="status" id="pesan">`+want) {
		f.t.Errorf("%s: the page after it does not confirm %q: %d", aksi, want, pw.Code)
	}
	evs := f.srv.Stream(f.t, skp.Stream(httpapitest.Pegawai, 2025))
	last := evs[len(evs)-1]
	var data struct {
		By struct{ NIP string } `json:"by"`
	}
	_ = json.Unmarshal(last.Data, &data)
	if last.Type != typ || data.By.NIP != by {
		f.t.Errorf("%s: the last event is %s by %s, want %s by %s", aksi, last.Type, data.By.NIP, typ, by)
	}
}

// refused checks that w is a page with status and want in it, and that
// nothing was appended since before.
func (f *actionFixture) refused(w *httptest.ResponseRecorder, what string, status int, want string, before uint64) {
	f.t.Helper()
	body := w.Body.String()
	if w.Code != status || !strings.Contains(body, want) {
		f.t.Errorf("%s: %d, want %d with %q:\n%s", what, w.Code, status, want, body)
	}
	if strings.Contains(body, "Terjadi kesalahan pada server") {
		f.t.Errorf("%s: a server error page", what)
	}
	if after := f.srv.Head(f.t); after != before {
		f.t.Errorf("%s: the log moved from %d to %d", what, before, after)
	}
}

// TestSKPActionsThroughTheConsole takes an SKP through its year in the
// console, each action a form POST carried out by the API as the caller:
// the employee submits, the penilai sets the expectations, returns and
// approves the plan and gives feedback, the employee responds, the penilai
// rates the year, the employee objects and the atasan decides. Each page
// offers only the forms of its caller and state; a form without the CSRF
// token, from another origin, of the wrong person or rendered before
// another change is refused (403, 412) and appends nothing; a refusal of
// the API is shown in Indonesian with the input kept; never a 500.
func TestSKPActionsThroughTheConsole(t *testing.T) {
	f := newActionFixture(t)
	tk := f.tk
	base := "/pegawai/" + httpapitest.Pegawai + "/skp/2025/"

	// Draft: only the employee may submit; the penilai may set expectations.
	if _, _, ok := f.form(tk.Penilai, "aksi-ajukan"); ok {
		t.Error("the penilai is offered to submit the employee's plan")
	}
	if _, _, ok := f.form(tk.HR, "aksi-ekspektasi"); ok {
		t.Error("HR is offered to set the expectations")
	}
	path, form, ok := f.form(tk.Pegawai, "aksi-ajukan")
	if !ok || path != base+"ajukan" || form.Get("csrf") == "" || form.Get("versi") == "" {
		t.Fatalf("the employee's draft has no submit form: %q %v", path, form)
	}

	t.Run("csrf", func(t *testing.T) {
		before := f.srv.Head(t)
		f.refused(f.post(tk.Pegawai, path, url.Values{"versi": form["versi"]}), "without the token", 403, "token CSRF", before)
		other := url.Values{"csrf": form["csrf"], "versi": form["versi"]}
		r := httptest.NewRequest("POST", path, strings.NewReader(other.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Bearer "+tk.Pegawai)
		r.Header.Set("Origin", "http://evil.example")
		w := httptest.NewRecorder()
		f.c.ServeHTTP(w, r)
		f.refused(w, "from another origin", 403, "situs lain", before)
		// Another caller's token: the employee's CSRF token is not the penilai's.
		f.refused(f.post(tk.Penilai, path, form), "with another caller's CSRF token", 403, "token CSRF", before)
		f.refused(f.post(tk.Pegawai, path, url.Values{"csrf": form["csrf"]}), "without the version", 400, "versi SKP", before)
		f.refused(f.post(tk.Pegawai, base+"hapus", form), "an unknown action", 404, "Tindakan ini tidak ada", before)
	})

	t.Run("stale", func(t *testing.T) {
		before := f.srv.Head(t)
		v, _ := strconv.Atoi(form.Get("versi"))
		stale := url.Values{"csrf": form["csrf"], "versi": {strconv.Itoa(v - 1)}}
		w := f.post(tk.Pegawai, path, stale)
		f.refused(w, "a stale form", http.StatusPreconditionFailed, "telah diubah orang lain sejak halaman Anda dibuka", before)
		if !strings.Contains(w.Body.String(), `id="aksi-ajukan"`) {
			t.Error("the refused page does not offer the form again at the current version")
		}
	})

	t.Run("wrong role", func(t *testing.T) {
		// A forged form: the penilai posts the employee's submit with
		// their own CSRF token. The API refuses it.
		_, own, _ := f.form(tk.Penilai, "aksi-ekspektasi")
		before := f.srv.Head(t)
		f.refused(f.post(tk.Penilai, path, url.Values{"csrf": own["csrf"], "versi": own["versi"]}), "the penilai submits", 403, "Akses ditolak", before)
		// HR may read the SKP but act on nothing.
		hr := (&session{token: tk.HR}).csrf()
		f.refused(f.post(tk.HR, base+"setujui", url.Values{"csrf": {hr}, "versi": own["versi"]}), "HR approves", 403, "Akses ditolak", before)
		// Rekan is no evaluator of Pegawai: the SKP reads as forbidden.
		rk := (&session{token: tk.Rekan}).csrf()
		f.refused(f.post(tk.Rekan, base+"kembalikan", url.Values{"csrf": {rk}, "versi": own["versi"], "catatan": {"x"}}), "a colleague returns", 403, "Akses ditolak", before)
	})

	// Submit twice: the second post of the same form is the same command.
	f.done(f.act(tk.Pegawai, "aksi-ajukan", nil), "ajukan", skp.TypeSubmitted, httpapitest.Pegawai, tk.Pegawai)
	head := f.srv.Head(t)
	if w := f.post(tk.Pegawai, path, form); w.Code != http.StatusSeeOther || f.srv.Head(t) != head {
		t.Errorf("a double submit: %d, the log moved from %d to %d", w.Code, head, f.srv.Head(t))
	}

	// Submitted: the penilai cannot approve before the expectations; a
	// forged approval is refused with the rule explained.
	if _, _, ok := f.form(tk.Penilai, "aksi-setujui"); ok {
		t.Error("the approve form is offered before the expectations are set")
	}
	if _, body := f.page(tk.Penilai); !strings.Contains(body, `maxlength="2000"`) || !strings.Contains(body, `maxlength="1000"`) {
		t.Error("the penilai's text fields are not bounded by the API's limits")
	}
	_, own, _ := f.form(tk.Penilai, "aksi-kembalikan")
	before := f.srv.Head(t)
	f.refused(f.post(tk.Penilai, base+"setujui", own), "approval without expectations", 422, "tetapkan dahulu ekspektasi khusus pimpinan", before)
	f.refused(f.act(tk.Penilai, "aksi-kembalikan", url.Values{"catatan": {"   "}}), "a return without a note", 422, "Catatan atau alasan wajib diisi", before)

	// Return with a note; the employee submits again.
	f.done(f.act(tk.Penilai, "aksi-kembalikan", url.Values{"catatan": {"Target IKI terlalu rendah"}}), "kembalikan", skp.TypeReturned, httpapitest.Penilai, tk.Penilai)
	f.done(f.act(tk.Pegawai, "aksi-ajukan", nil), "ajukan", skp.TypeSubmitted, httpapitest.Pegawai, tk.Pegawai)

	// Expectations: only the changed fields are sent (akuntabel twice).
	// A return form rendered before them is then stale: refused, with the
	// note typed kept.
	retPath, ret, _ := f.form(tk.Penilai, "aksi-kembalikan")
	exp := url.Values{}
	for _, v := range berakhlak {
		exp.Set("ekspektasi-"+v, "Menunjukkan "+v)
	}
	f.done(f.act(tk.Penilai, "aksi-ekspektasi", exp), "ekspektasi", skp.TypeExpectationsSet, httpapitest.Penilai, tk.Penilai)
	ret.Set("catatan", "Catatan yang diketik sebelumnya")
	before = f.srv.Head(t)
	w := f.post(tk.Penilai, retPath, ret)
	f.refused(w, "a return rendered before the expectations", http.StatusPreconditionFailed, "telah diubah orang lain", before)
	if !strings.Contains(w.Body.String(), ">Catatan yang diketik sebelumnya</textarea>") {
		t.Error("the stale return form lost the note typed")
	}
	f.done(f.act(tk.Penilai, "aksi-ekspektasi", url.Values{"ekspektasi-akuntabel": {"Melapor tepat waktu"}}), "ekspektasi", skp.TypeExpectationsSet, httpapitest.Penilai, tk.Penilai)
	evs := f.srv.Stream(t, skp.Stream(httpapitest.Pegawai, 2025))
	var set skp.ExpectationsSet
	if err := json.Unmarshal(evs[len(evs)-1].Data, &set); err != nil || len(set.Expectations) != 1 || set.Expectations[0].Expectation != "Melapor tepat waktu" {
		t.Errorf("the second expectations event records %+v (%v), want akuntabel only", set.Expectations, err)
	}

	// Approve.
	if _, _, ok := f.form(tk.Kepala, "aksi-setujui"); ok {
		t.Error("the atasan is offered to approve")
	}
	f.done(f.act(tk.Penilai, "aksi-setujui", nil), "setujui", skp.TypeApproved, httpapitest.Penilai, tk.Penilai)
	if _, body := f.page(tk.Pegawai); !strings.Contains(body, `data-field="status" data-value="approved"`) {
		t.Error("the employee's page does not show the plan approved")
	}

	// Feedback, refused input kept; the employee responds.
	long := strings.Repeat("a", maxFeedback+1)
	before = f.srv.Head(t)
	w = f.act(tk.Penilai, "aksi-umpan-balik", url.Values{"sasaran": {"rhk:rhk-1"}, "teks": {long}})
	f.refused(w, "feedback too long", 400, "Isian atau parameter tidak dapat diterima", before)
	if !strings.Contains(w.Body.String(), `>`+long+`</textarea>`) || !strings.Contains(w.Body.String(), `value="rhk:rhk-1" selected`) {
		t.Error("the refused feedback form lost the input")
	}
	// Two tabs of the same page: the feedback of the first goes through; the
	// second tab's, another text at the same version, is stale (412), not
	// a reused Idempotency-Key (422, "ditolak oleh aturan").
	fbPath, secondTab, _ := f.form(tk.Penilai, "aksi-umpan-balik")
	f.done(f.act(tk.Penilai, "aksi-umpan-balik", url.Values{"sasaran": {"nilai:kolaboratif"}, "teks": {"Libatkan rekan"}}), "umpan-balik", skp.TypeFeedbackGiven, httpapitest.Penilai, tk.Penilai)
	secondTab.Set("sasaran", "nilai:adaptif")
	secondTab.Set("teks", "Catatan dari tab kedua")
	before = f.srv.Head(t)
	f.refused(f.post(tk.Penilai, fbPath, secondTab), "another feedback from a second tab", http.StatusPreconditionFailed,
		"telah diubah orang lain sejak halaman Anda dibuka", before)
	f.done(f.act(tk.Pegawai, "aksi-tanggapan-1", url.Values{"tanggapan": {"Siap, akan saya lakukan"}}), "tanggapan", skp.TypeFeedbackResponded, httpapitest.Pegawai, tk.Pegawai)
	if _, _, ok := f.form(tk.Pegawai, "aksi-tanggapan-1"); ok {
		t.Error("an answered feedback still offers a response")
	}

	// The annual rating: not offered before the year ends.
	if _, _, ok := f.form(tk.Penilai, "aksi-nilai-tahunan"); ok {
		t.Error("the annual rating is offered in January")
	}
	f.srv.Clock.Set(time.Date(2026, time.January, 5, 10, 0, 0, 0, httpapitest.WIB()))
	before = f.srv.Head(t)
	f.refused(f.act(tk.Penilai, "aksi-nilai-tahunan", url.Values{"hasil": {"luar_biasa"}, "perilaku": {"sesuai_ekspektasi"}, "catatan": {"x"}}),
		"a rating that is none", 400, "Isian atau parameter tidak dapat diterima", before)
	f.refused(f.act(tk.Penilai, "aksi-nilai-tahunan", url.Values{"hasil": {"sesuai_ekspektasi"}, "perilaku": {"sesuai_ekspektasi"}}),
		"a rating without realisation or note", 422, "alasan menilai tanpa realisasi", before)
	f.done(f.act(tk.Penilai, "aksi-nilai-tahunan", url.Values{"hasil": {"di_bawah_ekspektasi"}, "perilaku": {"sesuai_ekspektasi"}, "catatan": {"Realisasi tidak dilaporkan"}}),
		"nilai-tahunan", skp.TypeAnnualRatingsGiven, httpapitest.Penilai, tk.Penilai)

	// The pegawai retired on 1 January: as a former employee they still
	// open the page and object to the last year's rating through it.
	f.srv.Send(t, "POST", "/v1/employees/"+httpapitest.Pegawai+"/leave-service", tk.HR,
		map[string]any{"effective": "2026-01-01", "reason": "pensiun"}).Must(t, 200, "retirement on 1 January")

	// The objection and its decision, by the atasan only.
	if _, _, ok := f.form(tk.Penilai, "aksi-keberatan"); ok {
		t.Error("the penilai is offered to object")
	}
	f.done(f.act(tk.Pegawai, "aksi-keberatan", url.Values{"alasan": {"Realisasi sudah saya kirim lewat surel"}}), "keberatan", skp.TypeObjectionFiled, httpapitest.Pegawai, tk.Pegawai)
	if _, _, ok := f.form(tk.Penilai, "aksi-keputusan-keberatan"); ok {
		t.Error("the penilai is offered to decide the objection")
	}
	_, kep, ok := f.form(tk.Kepala, "aksi-keputusan-keberatan")
	if !ok {
		t.Fatal("the atasan is not offered to decide the objection")
	}
	before = f.srv.Head(t)
	pen := (&session{token: tk.Penilai}).csrf()
	f.refused(f.post(tk.Penilai, base+"keputusan-keberatan", url.Values{"csrf": {pen}, "versi": kep["versi"], "hasil_keputusan": {"ratings_upheld"}, "catatan": {"x"}}),
		"the penilai decides", 403, "Akses ditolak", before)
	f.refused(f.act(tk.Kepala, "aksi-keputusan-keberatan", url.Values{"hasil_keputusan": {"ratings_changed"}, "hasil": {"di_bawah_ekspektasi"}, "perilaku": {"sesuai_ekspektasi"}, "catatan": {"Tetap"}}),
		"a change that changes nothing", 422, "Penilaian baru sama dengan penilaian semula", before)
	f.done(f.act(tk.Kepala, "aksi-keputusan-keberatan", url.Values{"hasil_keputusan": {"ratings_changed"}, "hasil": {"sesuai_ekspektasi"}, "perilaku": {"sesuai_ekspektasi"}, "catatan": {"Bukti realisasi diterima"}}),
		"keputusan-keberatan", skp.TypeObjectionDecided, httpapitest.Kepala, tk.Kepala)
	if _, body := f.page(tk.Pegawai); !strings.Contains(body, `data-field="annual-predikat" data-value="baik"`) {
		t.Error("the employee's page does not show the decided predikat")
	}
}

// countingReader yields n bytes of a form field (or of a multipart file
// part after head) and counts what was read of it.
type countingReader struct {
	head []byte
	n    int64
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.read >= c.n+int64(len(c.head)) {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && c.read < c.n+int64(len(c.head)) {
		if c.read < int64(len(c.head)) {
			p[k] = c.head[c.read]
		} else {
			p[k] = 'a'
		}
		k++
		c.read++
	}
	return k, nil
}

// TestOversizedConsoleFormsAreRefusedUnread checks that a console POST
// reads at most maxFormBytes of its body. The forms had no bound but
// net/http's own: 10 MB of a urlencoded body held in memory, and a
// multipart body read whole (its files spooled to disk), and POST /masuk
// parses its form before anyone is signed in (with a nonce cookie of the
// sender's choosing), so a stranger could make the server read and keep
// any amount. Each is a 413 page, before the CSRF check, and appends
// nothing.
func TestOversizedConsoleFormsAreRefusedUnread(t *testing.T) {
	f := newActionFixture(t)
	path, form, ok := f.form(f.tk.Pegawai, "aksi-ajukan")
	if !ok {
		t.Fatal("the employee's draft has no submit form")
	}
	const size = 3 << 20
	for _, tc := range []struct {
		what, path, ctype, token string
		head                     string
	}{
		{"a submit form", path, "application/x-www-form-urlencoded", f.tk.Pegawai,
			"csrf=" + form.Get("csrf") + "&versi=" + form.Get("versi") + "&x="},
		{"a multipart submit form", path, "multipart/form-data; boundary=B", f.tk.Pegawai,
			"--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + form.Get("csrf") +
				"\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n"},
		{"the sign-in form of a stranger", "/masuk", "application/x-www-form-urlencoded", "", "nonce=n&token="},
		{"a multipart sign-in form of a stranger", "/masuk", "multipart/form-data; boundary=B", "",
			"--B\r\nContent-Disposition: form-data; name=\"nonce\"\r\n\r\nn\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n"},
	} {
		before := f.srv.Head(t)
		body := &countingReader{head: []byte(tc.head), n: size}
		r := httptest.NewRequest("POST", tc.path, body)
		r.Header.Set("Content-Type", tc.ctype)
		if tc.token != "" {
			r.Header.Set("Authorization", "Bearer "+tc.token)
		} else {
			r.AddCookie(&http.Cookie{Name: signInNonce, Value: "n"})
		}
		w := httptest.NewRecorder()
		f.c.ServeHTTP(w, r)
		f.refused(w, tc.what, http.StatusRequestEntityTooLarge, "Isian terlalu besar", before)
		if body.read > maxFormBytes+4096 {
			t.Errorf("%s: the console read %d bytes of the body, want at most %d", tc.what, body.read, maxFormBytes)
		}
	}
	// A form at its limits still goes through: seven expectations and the
	// seven texts the page showed, each of 1,000 four-byte characters.
	long := strings.Repeat("𝔸", maxExpectation)
	big := url.Values{"csrf": form["csrf"], "versi": form["versi"]}
	for _, v := range berakhlak {
		big.Set("ekspektasi-"+v, long)
		big.Set("semula-"+v, long+"x")
	}
	if n := len(big.Encode()); n > maxFormBytes {
		t.Fatalf("the largest form is %d bytes encoded, above the limit %d", n, maxFormBytes)
	}
	if w := f.post(f.tk.Pegawai, path, big); w.Code == http.StatusRequestEntityTooLarge {
		t.Errorf("a form within the text limits is refused as too large")
	}
}
