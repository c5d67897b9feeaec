package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
)

// cookieName is the cookie that carries the bearer token of a demo sign-in.
const cookieName = "kinerja_sesi"

// session is the caller of a console request: their bearer token (from
// the Authorization header a reverse proxy or SSO injects, or from the
// sign-in cookie) and who it names.
type session struct {
	token string
	who   Identity
	addr  string // the caller's address, for the API's access log
}

// csrf is the token a console form carries: an HMAC of a fixed label keyed
// by the bearer token, so only a page rendered for this caller has it.
func (s *session) csrf() string {
	m := hmac.New(sha256.New, []byte(s.token))
	m.Write([]byte("kinerja-console-csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// bearer returns the bearer token of r: the Authorization header first,
// then the sign-in cookie.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "bearer") {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	if ck, err := r.Cookie(cookieName); err == nil {
		return ck.Value
	}
	return ""
}

// authenticate returns the session of r, or nil when r carries no valid token.
func (c *Console) authenticate(r *http.Request) *session {
	tok := bearer(r)
	if tok == "" {
		return nil
	}
	who, err := c.cfg.Identify(r.Context(), "Bearer "+tok)
	if err != nil {
		return nil
	}
	return &session{token: tok, who: who, addr: r.RemoteAddr}
}

// checkCSRF refuses a POST whose form lacks this session's CSRF token or
// that comes from another origin.
func checkCSRF(s *session, r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return pageError{status: http.StatusForbidden, detail: "Permintaan dari situs lain ditolak."}
		}
	}
	got := r.PostFormValue("csrf")
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.csrf())) != 1 {
		return pageError{status: http.StatusForbidden, detail: "Formulir kedaluwarsa atau tidak sah (token CSRF). Muat ulang halaman dan coba lagi."}
	}
	return nil
}

// signInNonce is the cookie that ties the sign-in form to the browser it
// was shown in (SameSite=Strict: another site's page cannot send it).
const signInNonce = "kinerja_masuk"

// signIn is the demo's sign-in link, /masuk?token=…: it checks the token and
// asks the caller to confirm whom they sign in as, in a form bound to this
// browser by a nonce cookie. The link itself signs nobody in: a page of
// another site that opened it (or posted a token of its own) would otherwise
// sign the victim in as the attacker (login CSRF).
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		c.render(w, r, nil, view{status: http.StatusOK, tmpl: "signin", title: "Masuk"})
		return
	}
	who, err := c.cfg.Identify(r.Context(), "Bearer "+tok)
	if err != nil {
		c.render(w, r, nil, view{status: http.StatusUnauthorized, tmpl: "signin", title: "Masuk",
			data: map[string]any{"failed": "Token tidak sah atau kedaluwarsa."}})
		return
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	nonce := hex.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{Name: signInNonce, Value: nonce, Path: "/masuk", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: 10 * 60})
	w.Header().Set("Cache-Control", "no-store")
	labels := labelTable()
	roles := make([]string, len(who.Roles))
	for i, r := range who.Roles {
		roles[i] = labelFrom(labels, string(r))
	}
	c.render(w, r, nil, view{status: http.StatusOK, tmpl: "signin", title: "Masuk",
		data: map[string]any{"confirm": true, "token": tok, "nonce": nonce, "nip": who.NIP, "roles": strings.Join(roles, ", ")}})
}

// confirmSignIn is the form of signIn: with the nonce of this browser's
// sign-in page, it keeps the token in an HttpOnly, SameSite=Strict cookie
// and redirects home.
func (c *Console) confirmSignIn(w http.ResponseWriter, r *http.Request) {
	ck, err := r.Cookie(signInNonce)
	if err != nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue("nonce"))) != 1 || ck.Value == "" {
		c.render(w, r, nil, view{status: http.StatusForbidden, tmpl: "signin", title: "Masuk",
			data: map[string]any{"failed": "Formulir masuk tidak sah atau kedaluwarsa: buka lagi tautan masuk Anda."}})
		return
	}
	tok := r.PostFormValue("token")
	if _, err := c.cfg.Identify(r.Context(), "Bearer "+tok); err != nil {
		c.render(w, r, nil, view{status: http.StatusUnauthorized, tmpl: "signin", title: "Masuk",
			data: map[string]any{"failed": "Token tidak sah atau kedaluwarsa."}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: signInNonce, Value: "", Path: "/masuk", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: 24 * 60 * 60})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// signOut clears the sign-in cookie.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	if s := c.authenticate(r); s != nil {
		if err := checkCSRF(s, r); err != nil {
			c.fail(w, r, s, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
	http.Redirect(w, r, "/masuk", http.StatusSeeOther)
}
