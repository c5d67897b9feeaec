package httpapi

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// problemPage explains one problem type, in Indonesian and English, on the
// page its type URI points at.
type problemPage struct {
	Slug, TitleID, TitleEN, TextID, TextEN string
	Status                                 int
}

// problemPages lists a page for every problem type the server emits (a
// test checks that each problemBase constant has one).
func problemPages() []problemPage {
	return []problemPage{
		{"malformed-request", "Permintaan rusak", "Malformed request", "Badan permintaan bukan JSON (atau CSV) yang diharapkan, atau jalur dan kueri memuat UTF-8 tidak sah atau karakter kendali. Perbaiki format permintaan lalu kirim ulang.", "The request body is not the JSON (or CSV) expected, or the path or query holds invalid UTF-8 or a control character. Fix the request's format and send it again.", 400},
		{"validation", "Permintaan tidak sah", "Invalid request", "Permintaan terbentuk baik, tetapi ada isian yang tidak sah; anggota errors menyebut setiap isian dan alasannya.", "The request is well formed but a field is invalid; the errors member names each field and why.", 400},
		{"unauthorized", "Tidak terautentikasi", "Unauthorized", "Tidak ada token bearer yang sah: token hilang, kedaluwarsa, berlaku terlalu lama, untuk audiens lain, atau penggunanya tidak terdaftar pada instansi yang disebut token.", "No valid bearer token: it is missing, expired, valid for too long, for another audience, or its subject is not registered in the instansi it names.", 401},
		{"forbidden", "Dilarang", "Forbidden", "Peran pemanggil tidak mengizinkan tindakan ini pada objek ini (misalnya pegawai lain, atau peran hanya-baca yang mencoba menulis).", "The caller's roles do not allow this action on this object (another employee's data, say, or a read-only role trying to write).", 403},
		{"not-found", "Tidak ditemukan", "Not found", "Tidak ada sumber daya pada jalur ini, atau sumber daya itu milik instansi lain (jawabannya sama).", "No resource exists at this path, or it belongs to another instansi (the answer is the same).", 404},
		{"method-not-allowed", "Metode tidak diizinkan", "Method not allowed", "Sumber daya ada, tetapi tidak dengan metode HTTP ini; tajuk Allow menyebut metode yang tersedia.", "The resource exists but not with this HTTP method; the Allow header lists the methods it supports.", 405},
		{"version-conflict", "Konflik versi", "Version conflict", "Stream berubah sejak pemanggil membacanya; current_version menyebut versinya sekarang. Baca ulang, lalu kirim dengan If-Match versi itu.", "The stream changed since the caller read it; current_version says what it is now. Read it again, then send with If-Match set to that version.", 409},
		{"rule-violated", "Aturan dilanggar", "Rule violated", "Aturan domain (PermenPANRB 6/2022 atau kebijakan instansi) melarang perintah ini sekarang; anggota code menyebut aturannya.", "A domain rule (PermenPANRB 6/2022 or the instansi's policy) forbids the command now; the code member names the rule.", 422},
		{"idempotency-key-reused", "Idempotency-Key dipakai ulang", "Idempotency key reused", "Idempotency-Key ini sudah dipakai pemanggil untuk permintaan lain; tidak ada yang ditambahkan. Gunakan kunci baru untuk permintaan baru.", "The caller already used this Idempotency-Key for a different request; nothing was appended. Use a new key for a new request.", 422},
		{"idempotency-in-progress", "Idempotency-Key sedang diproses", "Idempotency key in progress", "Permintaan pertama dengan Idempotency-Key ini masih berjalan; ulangi setelah Retry-After.", "The first request with this Idempotency-Key is still running; retry after Retry-After.", 409},
		{"precondition-failed", "Prasyarat gagal", "Precondition failed", "If-Match tidak cocok dengan versi stream sekarang (current_version); baca ulang lalu putuskan lagi.", "If-Match does not match the stream's current version (current_version); read again, then decide again.", 412},
		{"too-many-requests", "Terlalu banyak permintaan", "Too many requests", "Pemanggil sudah memiliki sebanyak mungkin penantian min_position, unduhan (CSV, XLSX, PDF) atau aliran langsung yang terbuka; ulangi setelah Retry-After.", "The caller already has as many min_position waits, downloads (CSV, XLSX, PDF) or live streams open as allowed; retry after Retry-After.", 429},
		{"unavailable", "Layanan tidak tersedia", "Service unavailable", "Basis data tidak dapat dijangkau saat ini; tidak ada yang ditambahkan. Ulangi setelah Retry-After.", "The database cannot be reached now; nothing was appended. Retry after Retry-After.", 503},
		{"payload-too-large", "Muatan terlalu besar", "Payload too large", "Badan permintaan, atau peristiwa yang akan dihasilkannya, melebihi batas; detail menyebut batasnya.", "The request body, or the event it would make, exceeds the limit; the detail names the limit.", 413},
		{"unsupported-media-type", "Jenis media tidak didukung", "Unsupported media type", "Badan permintaan memiliki Content-Type yang salah (misalnya bukan application/json atau text/csv), charset selain utf-8, atau Content-Encoding (gzip, br …) yang tidak didekode server.", "The body has the wrong Content-Type (not application/json or text/csv, say), a charset other than utf-8, or a Content-Encoding (gzip, br …) the server does not decode.", 415},
		{"internal", "Kesalahan server", "Internal server error", "Server gagal; detail tidak mengungkap apa pun tentang bagian dalamnya. Laporkan request_id kepada admin.", "The server failed; the detail reveals nothing internal. Give the request_id to the admins.", 500},
	}
}

// problemBaseKey keys the configured base of problem type URIs in a
// request's context.
type problemBaseKey struct{}

// withProblemBase makes WriteProblem render problem types under base.
func withProblemBase(base string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), problemBaseKey{}, base)))
	})
}

// problemTypeURI renders a problem type (problemBase + slug) under the
// base configured for the request (ServerConfig.ProblemBaseURL).
func problemTypeURI(ctx context.Context, typ string) string {
	base, _ := ctx.Value(problemBaseKey{}).(string)
	if base == "" || !strings.HasPrefix(typ, problemBase) {
		return typ
	}
	return base + strings.TrimPrefix(typ, problemBase)
}

// serveProblemPage serves the page of one problem type: HTML, or plain
// text when the client asks for text/plain.
func serveProblemPage(w http.ResponseWriter, r *http.Request) {
	slug := mux.Vars(r)["type"]
	i := slices.IndexFunc(problemPages(), func(p problemPage) bool { return p.Slug == slug })
	if i < 0 {
		notFound(w, r)
		return
	}
	p := problemPages()[i]
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Language", "id, en")
	if strings.Contains(r.Header.Get("Accept"), "text/plain") && !strings.Contains(r.Header.Get("Accept"), "text/html") {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = fmt.Fprintf(w, "%s (HTTP %d)\n\n%s\n\n%s\n\n%s\n", p.TitleID, p.Status, p.TextID, p.TitleEN, p.TextEN)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = problemPageHTML.Execute(w, p)
}

// serveProblemIndex lists the problem types with links to their pages.
func serveProblemIndex(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_ = problemIndexHTML.Execute(w, problemPages())
}

var problemPageHTML = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.TitleID}} / {{.TitleEN}} — Kinerja</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; line-height: 1.5; color: #111">
<p><a href="./">Jenis masalah / Problem types</a></p>
<h1>{{.TitleID}} <small>(HTTP {{.Status}})</small></h1>
<p>{{.TextID}}</p>
<h2 lang="en">{{.TitleEN}}</h2>
<p lang="en">{{.TextEN}}</p>
</body></html>
`))

var problemIndexHTML = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jenis masalah / Problem types — Kinerja</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; line-height: 1.5; color: #111">
<h1>Jenis masalah <span lang="en">/ Problem types</span></h1>
<ul>{{range .}}<li><a href="{{.Slug}}">{{.TitleID}} / <span lang="en">{{.TitleEN}}</span></a> (HTTP {{.Status}})</li>
{{end}}</ul>
</body></html>
`))

// ValidateProblemBaseURL reports a base of problem type URIs that cannot
// work: it must be an absolute http or https URL with a host, or a path
// starting with "/", and end with "/".
func ValidateProblemBaseURL(base string) error {
	u, err := url.Parse(base)
	switch {
	case err != nil:
		return fmt.Errorf("httpapi: problem base URL %q: %w", base, err)
	case !strings.HasSuffix(base, "/"):
		return fmt.Errorf("httpapi: problem base URL %q must end with /", base)
	case u.IsAbs() && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.RawQuery == "" && u.Fragment == "":
		return nil
	case !u.IsAbs() && u.Host == "" && strings.HasPrefix(base, "/") && !strings.HasPrefix(base, "//") && u.RawQuery == "" && u.Fragment == "":
		return nil
	}
	return fmt.Errorf("httpapi: problem base URL %q must be an http(s) URL such as https://kinerja.example.go.id/problems/ or a path such as /problems/", base)
}
