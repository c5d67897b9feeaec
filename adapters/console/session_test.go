package console

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
)

// newTestConsole returns a console whose API answers every request with
// status and body, and which knows one token, "good", naming a pegawai.
func newTestConsole(t *testing.T, status int, body string) (*Console, *[]*http.Request) {
	t.Helper()
	var seen []*http.Request
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
	return newTestConsoleOf(t, api), &seen
}

// newTestConsoleOf returns a console over api that knows one token, "good",
// naming a pegawai.
func newTestConsoleOf(t *testing.T, api http.Handler) *Console {
	t.Helper()
	c, err := New(Config{Logger: slog.New(slog.DiscardHandler),
		Identify: func(_ context.Context, h string) (Identity, error) {
			if h != "Bearer good" {
				return Identity{}, errors.New("bad token")
			}
			return Identity{NIP: "199008102018021433", Roles: []actor.Role{actor.Pegawai}}, nil
		},
		Policy: func(string) (performance.Policy, error) { return performance.DefaultPolicy(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	c.Mount(api)
	return c
}

// TestSignInSetsAStrictHttpOnlyCookie checks the demo's sign-in link: a
// good token shows whom it signs in as, in a form bound to the browser by a
// nonce cookie; the form's POST makes the token an HttpOnly,
// SameSite=Strict cookie and redirects home; a bad token is refused with
// 401. The link itself set the session cookie, so another site could sign
// a victim in as the attacker (login CSRF): a POST without this browser's
// nonce, or a GET, signs nobody in.
func TestSignInSetsAStrictHttpOnlyCookie(t *testing.T) {
	c, _ := newTestConsole(t, 200, `{}`)
	w := httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest("GET", "/masuk?token=good", nil))
	var nonce *http.Cookie
	for _, ck := range w.Result().Cookies() {
		if ck.Name == cookieName {
			t.Fatalf("the link set the session cookie: %+v", ck)
		}
		if ck.Name == signInNonce {
			nonce = ck
		}
	}
	if w.Code != http.StatusOK || nonce == nil || !nonce.HttpOnly || nonce.SameSite != http.SameSiteStrictMode ||
		!strings.Contains(w.Body.String(), "199008102018021433") || !strings.Contains(w.Body.String(), `name="nonce" value="`+nonce.Value+`"`) {
		t.Fatalf("sign-in page: %d %+v\n%s", w.Code, nonce, w.Body)
	}
	post := func(form url.Values, ck *http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/masuk", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if ck != nil {
			r.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		c.ServeHTTP(w, r)
		return w
	}
	// Another site's form: no nonce cookie (SameSite=Strict), or a nonce of its own.
	for name, w := range map[string]*httptest.ResponseRecorder{
		"without the cookie": post(url.Values{"token": {"good"}, "nonce": {nonce.Value}}, nil),
		"with another nonce": post(url.Values{"token": {"good"}, "nonce": {"x"}}, nonce),
	} {
		if w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 {
			t.Errorf("a sign-in %s: %d %v", name, w.Code, w.Result().Cookies())
		}
	}
	w = post(url.Values{"token": {"good"}, "nonce": {nonce.Value}}, nonce)
	var session *http.Cookie
	for _, ck := range w.Result().Cookies() {
		if ck.Name == cookieName {
			session = ck
		}
	}
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" || session == nil ||
		session.Value != "good" || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in: %d %v %+v", w.Code, w.Header(), session)
	}
	w = httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest("GET", "/masuk?token=forged", nil))
	if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 {
		t.Fatalf("a bad token: %d %v", w.Code, w.Result().Cookies())
	}
}

// TestConsolePostsNeedTheCSRFToken checks that a console POST without the
// form's CSRF token, or from another origin, is refused before the API is
// called, and that the header a proxy injects works like the cookie.
func TestConsolePostsNeedTheCSRFToken(t *testing.T) {
	c, seen := newTestConsole(t, 201, `{"schema":"replay_x"}`)
	s := &session{token: "good"}
	post := func(form url.Values, origin string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/replay", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Bearer good")
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		c.ServeHTTP(w, r)
		return w
	}
	if w := post(url.Values{"sampai": {"10"}}, ""); w.Code != http.StatusForbidden || len(*seen) != 0 {
		t.Errorf("without the token: %d, %d API calls", w.Code, len(*seen))
	}
	if w := post(url.Values{"sampai": {"10"}, "csrf": {s.csrf()}}, "http://evil.example"); w.Code != http.StatusForbidden || len(*seen) != 0 {
		t.Errorf("from another origin: %d, %d API calls", w.Code, len(*seen))
	}
	if w := post(url.Values{"sampai": {"10"}, "csrf": {s.csrf()}}, "http://example.com"); w.Code != http.StatusSeeOther || len(*seen) != 1 {
		t.Fatalf("with the token: %d, %d API calls", w.Code, len(*seen))
	}
	if got := (*seen)[0].Header.Get("Authorization"); got != "Bearer good" {
		t.Errorf("the API was called with %q, want the caller's token", got)
	}
}

// TestAPINotFoundReadsAsForbidden checks that a page the API answers with
// 404 ("not yours" reads like "does not exist") is shown as forbidden, and
// that a request without a token gets the sign-in page.
func TestAPINotFoundReadsAsForbidden(t *testing.T) {
	c, _ := newTestConsole(t, 404, `{"title":"Not found","status":404,"detail":"No such employee."}`)
	r := httptest.NewRequest("GET", "/pegawai/197502031998072979/riwayat", nil)
	r.AddCookie(&http.Cookie{Name: cookieName, Value: "good"})
	w := httptest.NewRecorder()
	c.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "Akses ditolak") {
		t.Errorf("another employee's history: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest("GET", "/saya", nil))
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "kinerja demo") {
		t.Errorf("without a token: %d", w.Code)
	}
}

// TestAPIProblemsAreExplainedInIndonesian: the console speaks Indonesian,
// the API English. A problem the API answers is shown with an Indonesian
// explanation of its status first, and the API's own detail after it,
// marked as the API's technical note; the console's own errors carry no
// such note.
func TestAPIProblemsAreExplainedInIndonesian(t *testing.T) {
	for _, c := range []struct {
		status int
		want   string
	}{
		{409, "Data telah diubah orang lain"},
		{422, "ditolak oleh aturan penilaian kinerja"},
		{400, "Isian atau parameter tidak dapat diterima"},
		{404, "Anda tidak berwenang"},
	} {
		con, _ := newTestConsole(t, c.status, `{"title":"X","status":`+strconv.Itoa(c.status)+`,"detail":"The stream moved on."}`)
		r := httptest.NewRequest("GET", "/pegawai/197502031998072979/riwayat", nil)
		r.AddCookie(&http.Cookie{Name: cookieName, Value: "good"})
		w := httptest.NewRecorder()
		con.ServeHTTP(w, r)
		body := w.Body.String()
		alert := body[strings.Index(body, `role="alert"`):]
		if !strings.Contains(alert[:strings.Index(alert, "</p>")], c.want) {
			t.Errorf("status %d: the alert does not explain %q: %s", c.status, c.want, alert)
		}
		if !strings.Contains(body, "Keterangan teknis dari API (bahasa Inggris): The stream moved on.") {
			t.Errorf("status %d: the API's detail is not shown as its note: %s", c.status, body)
		}
	}
	con, _ := newTestConsole(t, 200, `{}`)
	r := httptest.NewRequest("GET", "/pegawai/123/riwayat", nil)
	r.AddCookie(&http.Cookie{Name: cookieName, Value: "good"})
	w := httptest.NewRecorder()
	con.ServeHTTP(w, r)
	if body := w.Body.String(); !strings.Contains(body, "NIP tidak valid") || strings.Contains(body, "Keterangan teknis") {
		t.Errorf("the console's own error: %d %s", w.Code, body)
	}
}

// TestARefusedReplayKeepsTheInput: when the API refuses a replay the caller
// can correct, the list is shown again with the refusal explained in
// Indonesian beside the form, and the date typed is still in it.
func TestARefusedReplayKeepsTheInput(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusUnprocessableEntity)
			io.WriteString(w, `{"status":422,"detail":"until is after today.","errors":[{"field":"until","message":"in the future"}]}`)
			return
		}
		io.WriteString(w, `{"replays":[]}`)
	})
	c := newTestConsoleOf(t, api)
	s := &session{token: "good"}
	form := url.Values{"sampai": {"2099-01-01"}, "csrf": {s.csrf()}}
	r := httptest.NewRequest("POST", "/replay", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	c.ServeHTTP(w, r)
	body := w.Body.String()
	for _, want := range []string{`value="2099-01-01"`, "ditolak oleh aturan penilaian kinerja", "until is after today.", "until: in the future", "Bangun replay"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused replay's page lacks %q: %d %s", want, w.Code, body)
		}
	}
	if w.Code != http.StatusUnprocessableEntity {
		t.Errorf("status %d, want 422", w.Code)
	}
}

// TestAnExpiredSessionIsSaidSo: a browser whose sign-in cookie holds a
// token that no longer verifies (expired) got the plain sign-in page, as if
// it had never signed in, kept the dead cookie, and a form it posted was
// lost without a word. The sign-in link named the roles by their codes.
func TestAnExpiredSessionIsSaidSo(t *testing.T) {
	c, _ := newTestConsole(t, 200, `{}`)
	for _, method := range []string{"GET", "POST"} {
		req := httptest.NewRequest(method, "/pegawai/199008102018021433/skp", strings.NewReader("alasan=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: cookieName, Value: "expired"})
		w := httptest.NewRecorder()
		c.ServeHTTP(w, req)
		body := w.Body.String()
		if w.Code != http.StatusUnauthorized || !strings.Contains(body, "Sesi Anda telah berakhir") {
			t.Errorf("%s with an expired session: %d %s", method, w.Code, body)
		}
		if method == "POST" && !strings.Contains(body, "Isian formulir Anda belum terkirim") {
			t.Errorf("a form posted with an expired session is lost without a word: %s", body)
		}
		if ck := w.Result().Cookies(); len(ck) != 1 || ck[0].Name != cookieName || ck[0].MaxAge >= 0 {
			t.Errorf("%s with an expired session: cookies %v, want the session cookie dropped", method, ck)
		}
	}
	// Never signed in: no such message.
	w := httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest("GET", "/saya", nil))
	if w.Code != http.StatusUnauthorized || strings.Contains(w.Body.String(), "Sesi Anda") {
		t.Errorf("no session: %d %s", w.Code, w.Body.String())
	}
	w = httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest("GET", "/masuk?token=good", nil))
	if !strings.Contains(w.Body.String(), "(peran: Pegawai)") {
		t.Errorf("the sign-in link does not name the role in Indonesian: %s", w.Body.String())
	}
}
