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
	fromAPI bool
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

func (e pageError) Error() string { return fmt.Sprintf("%d %s", e.status, e.detail) }

// handlerFunc is a page: it reads what it needs through the API as the
// session's caller and returns its view.
type handlerFunc func(ctx context.Context, s *session, r *http.Request) (view, error)

// page wraps a page: it requires a signed-in caller, checks CSRF on POST
// and renders the view or the error.
func (c *Console) page(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := c.authenticate(r)
		if s == nil {
			c.render(w, r, nil, view{status: http.StatusUnauthorized, tmpl: "signin", title: "Masuk"})
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
		explain, note = apiExplanations[pe.status], pe.detail
		if explain == "" {
			explain = "Permintaan tidak dapat dipenuhi."
		}
	}
	titles := map[int]string{400: "Permintaan tidak valid", 401: "Belum masuk", 403: "Akses ditolak",
		404: "Halaman tidak ditemukan", 406: "Format tidak tersedia", 409: "Konflik", 422: "Ditolak oleh aturan", 429: "Terlalu banyak permintaan"}
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
