package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// view is what a page renders: a template with its data, or a redirect.
type view struct {
	status   int
	tmpl     string
	title    string
	data     any
	redirect string
}

// pageError is a failure shown to the caller as a page with its status.
// The console's own details are Indonesian; fromAPI marks a detail and
// field messages quoted from an API problem, which are English (the API's
// language): the page then leads with an Indonesian explanation of the
// status and shows them as the API's technical note.
type pageError struct {
	status  int
	detail  string
	fields  []string
	code    string // the rule a 422 of the API names (skp.not_submitted)
	fromAPI bool
	// apiFields are the field errors of the API's problem as it sent them.
	apiFields []fieldError
}

// fieldError is one entry of the errors of an API problem: the field of
// the request body and the (English) message.
type fieldError struct {
	field, message string
}

// apiExplanations say in Indonesian what an API problem of each status
// means for the person at the console.
var apiExplanations = map[int]string{
	400: "Isian atau parameter tidak dapat diterima. Periksa kembali isian Anda.",
	403: "Data ini tidak ada, atau Anda tidak berwenang melihat atau mengubahnya.",
	406: "Format yang diminta tidak tersedia.",
	409: "Data telah diubah orang lain sejak halaman ini dibuka. Muat ulang halaman, lalu coba lagi.",
	412: "Data telah diubah orang lain sejak halaman ini dibuka. Muat ulang halaman, lalu coba lagi.",
	413: "Isian terlalu besar.",
	422: "Permintaan ditolak oleh aturan penilaian kinerja.",
	429: "Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.",
	503: "Layanan sedang tidak tersedia. Coba lagi nanti.",
}

// ruleExplanations say in Indonesian which rule of the evaluation a 422 of
// the API names (its problem's code), for the rules the SKP page's actions
// can break.
var ruleExplanations = map[string]string{
	"skp.not_draft":               "Rencana hanya dapat diajukan selagi berstatus draf atau dikembalikan.",
	"skp.not_submitted":           "Rencana tidak sedang diajukan, sehingga tidak dapat disetujui atau dikembalikan.",
	"skp.not_approved":            "Rencana SKP belum disetujui.",
	"skp.already_approved":        "Rencana sudah disetujui; ekspektasi tidak dapat diubah lagi.",
	"skp.expectations_missing":    "Rencana belum dapat disetujui: tetapkan dahulu ekspektasi khusus pimpinan untuk ketujuh nilai BerAKHLAK.",
	"skp.reason_required":         "Catatan atau alasan wajib diisi.",
	"skp.not_in_plan":             "RHK yang dipilih tidak ada dalam rencana.",
	"skp.no_such_feedback":        "Umpan balik tersebut tidak ada.",
	"skp.already_responded":       "Umpan balik ini sudah ditanggapi.",
	"skp.already_rated":           "Penilaian ini sudah diberikan; mengubahnya hanya melalui perubahan penilaian.",
	"skp.rating_before_year_end":  "Penilaian tahunan belum dapat diberikan: periode terakhir tahun ini belum berakhir.",
	"skp.no_realisation":          "Belum ada realisasi yang dilaporkan: tuliskan pada catatan alasan menilai tanpa realisasi.",
	"skp.not_rated":               "Penilaian tahunan belum diberikan.",
	"skp.objection_already_filed": "Keberatan untuk tahun ini sudah pernah diajukan.",
	"skp.objection_late":          "Batas waktu pengajuan keberatan telah lewat.",
	"skp.no_objection":            "Tidak ada keberatan yang diajukan.",
	"skp.objection_decided":       "Keberatan ini sudah diputuskan; keputusan bersifat final.",
	"skp.no_change":               "Penilaian baru sama dengan penilaian semula: pilih \"Penilaian dikuatkan\" bila tidak diubah.",
	"skp.objection_pending":       "Masih ada keberatan yang belum diputuskan.",
	"skp.rating_final":            "Penilaian ini sudah final.",
	"period.not_opened":           "Periode penilaian tahun ini belum dibuka oleh SDM.",
	"period.year_closed":          "Periode penilaian tahun ini sudah ditutup.",
	"period.year_not_ended":       "Periode penilaian tahun ini belum berakhir.",
}

func (e pageError) Error() string { return fmt.Sprintf("%d %s", e.status, e.detail) }

// explain returns the Indonesian explanation of an API problem: the broken
// rule's when the console knows it, else the status's.
func (e pageError) explain() string {
	if x := ruleExplanations[e.code]; x != "" {
		return x
	}
	if x := apiExplanations[e.status]; x != "" {
		return x
	}
	return "Permintaan tidak dapat dipenuhi."
}

// handlerFunc is a page: it reads what it needs through the API as the
// session's caller and returns its view.
type handlerFunc func(ctx context.Context, s *session, r *http.Request) (view, error)

// page wraps a page: it requires a signed-in caller, checks CSRF on POST
// and renders the view or the error.
func (c *Console) page(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := c.authenticate(r)
		if s == nil {
			var data map[string]any
			if bearer(r) != "" {
				// A token that no longer verifies (expired): say so, not
				// only "sign in", and drop the cookie that holds it.
				msg := "Sesi Anda telah berakhir atau tidak lagi sah. Masuk kembali melalui SSO instansi atau tautan masuk Anda."
				if r.Method == http.MethodPost {
					msg += " Isian formulir Anda belum terkirim: kembali ke halaman sebelumnya untuk menyalin teksnya, lalu masuk kembali."
				}
				data = map[string]any{"failed": msg}
				if r.Header.Get("Authorization") == "" {
					http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true,
						SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
				}
			}
			c.render(w, r, nil, view{status: http.StatusUnauthorized, tmpl: "signin", title: "Masuk", data: data})
			return
		}
		if r.Method == http.MethodPost {
			if err := checkCSRF(s, r); err != nil {
				c.fail(w, r, s, err)
				return
			}
		}
		v, err := h(r.Context(), s, r)
		if err != nil {
			c.fail(w, r, s, err)
			return
		}
		if v.redirect != "" {
			http.Redirect(w, r, v.redirect, http.StatusSeeOther)
			return
		}
		c.render(w, r, s, v)
	}
}

// fail renders err as an error page.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var pe pageError
	if !errors.As(err, &pe) {
		c.cfg.Logger.ErrorContext(r.Context(), "console page failed", "path", r.URL.Path, "error", err)
		pe = pageError{status: http.StatusInternalServerError, detail: "Terjadi kesalahan pada server. Coba lagi nanti."}
	}
	if pe.status >= 500 {
		pe.detail = "Terjadi kesalahan pada server. Coba lagi nanti."
		pe.fields = nil
		pe.fromAPI = false
	}
	explain, note := pe.detail, ""
	if pe.fromAPI {
		explain, note = pe.explain(), pe.detail
	}
	titles := map[int]string{400: "Permintaan tidak valid", 401: "Belum masuk", 403: "Akses ditolak",
		404: "Halaman tidak ditemukan", 406: "Format tidak tersedia", 409: "Konflik", 413: "Isian terlalu besar", 422: "Ditolak oleh aturan", 429: "Terlalu banyak permintaan"}
	title := titles[pe.status]
	if title == "" {
		title = "Kesalahan"
	}
	c.render(w, r, s, view{status: pe.status, tmpl: "error", title: title,
		data: map[string]any{"status": pe.status, "detail": explain, "note": note, "fields": pe.fields}})
}

// notFound is the page of an unknown console path.
func (c *Console) notFound(context.Context, *session, *http.Request) (view, error) {
	return view{}, pageError{status: http.StatusNotFound, detail: "Alamat ini tidak ada di konsol."}
}

// layoutData is what the layout template sees.
type layoutData struct {
	Title string
	Who   *Identity
	CSRF  string
	Path  string
	Data  any
}

// render writes the view inside the layout.
func (c *Console) render(w http.ResponseWriter, r *http.Request, s *session, v view) {
	t, ok := c.tmpl[v.tmpl]
	if !ok {
		http.Error(w, "unknown template "+v.tmpl, http.StatusInternalServerError)
		return
	}
	ld := layoutData{Title: v.title, Path: r.URL.Path, Data: v.data}
	if s != nil {
		ld.Who, ld.CSRF = &s.who, s.csrf()
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", ld); err != nil {
		c.cfg.Logger.ErrorContext(r.Context(), "console template failed", "template", v.tmpl, "error", err)
		http.Error(w, "Terjadi kesalahan pada server.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if v.status == 0 {
		v.status = http.StatusOK
	}
	w.WriteHeader(v.status)
	_, _ = w.Write(buf.Bytes())
}

// parseTemplates parses each page template together with the layout.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("console: parse template %s: %w", n, err)
		}
		out[name] = t
	}
	return out, nil
}
