// Package console is Kinerja's web console: server-rendered pages in
// Indonesian for employees, pejabat penilai, HR, auditors and the
// inspectorate, served by the same binary as the API.
//
// The console holds no rules of its own. Every page calls the /v1 API
// in-process (Config.API, the API server's own handler) with the caller's
// bearer token, so what a page shows is exactly what the API would answer
// that caller: the API's authentication, object-level authorization,
// instansi scoping and access log apply unchanged. A page the API refuses
// (403, or 404 for "not yours") is shown as forbidden. The forms of the
// SKP page send the API's own commands the same way, with the SKP's
// version as If-Match (pages_skp_actions.go): the API decides who may act.
package console

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Identity is who a bearer token names: the NIP and the roles granted.
type Identity struct {
	NIP   string
	Roles []actor.Role
}

// Has reports whether the identity holds role r.
func (id Identity) Has(r ...actor.Role) bool {
	for _, have := range id.Roles {
		for _, want := range r {
			if have == want {
				return true
			}
		}
	}
	return false
}

// Config configures a Console.
type Config struct {
	// API is the API server's handler; the console calls it in-process.
	// Leave it nil when the server is built later, and Mount the console.
	API http.Handler
	// Identify verifies the value of an Authorization header, as the API
	// does, and returns who it names. It decides only which menus show.
	Identify func(ctx context.Context, header string) (Identity, error)
	// Policy returns the policy of a version, to draw the distribution
	// pattern a unit report was checked against.
	Policy func(version string) (performance.Policy, error)
	// Logger logs failures of pages.
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Identify == nil:
		return errors.New("console: Config.Identify is nil")
	case c.Policy == nil:
		return errors.New("console: Config.Policy is nil")
	case c.Logger == nil:
		return errors.New("console: Config.Logger is nil")
	}
	return nil
}

// Console serves the web console.
type Console struct {
	cfg  Config
	tmpl map[string]*template.Template
	mux  *http.ServeMux
}

// New returns a Console with its pages and assets.
func New(cfg Config) (*Console, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, tmpl: tmpl, mux: http.NewServeMux()}
	c.routes()
	return c, nil
}

// Mount sets the API handler the console calls in-process and returns the
// console. It is httpapi.Deps.Console's constructor: the server calls it
// once, with its own handler, before it serves.
func (c *Console) Mount(api http.Handler) http.Handler {
	c.cfg.API = api
	return c
}

// ServeHTTP serves one console request.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c.cfg.API == nil {
		http.Error(w, "console: not mounted on an API server", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodPost {
		if err := readForm(w, r); err != nil {
			c.fail(w, r, nil, err)
			return
		}
	}
	c.mux.ServeHTTP(w, r)
}

// routes registers the pages. Every path starts with one of Sections (or
// is "/"), which is how the API router knows to hand it to the console.
func (c *Console) routes() {
	static, _ := fs.Sub(staticFS, "static")
	c.mux.Handle("GET /aset/", http.StripPrefix("/aset/", assets(static)))
	c.mux.HandleFunc("GET /{$}", c.page(c.home))
	c.mux.HandleFunc("GET /masuk", c.signIn)
	c.mux.HandleFunc("POST /masuk", c.confirmSignIn)
	c.mux.HandleFunc("POST /keluar", c.signOut)
	c.mux.HandleFunc("GET /saya", c.page(c.mine))
	c.mux.HandleFunc("GET /pegawai/{nip}/skp", c.page(c.skpPage))
	c.mux.HandleFunc("POST /pegawai/{nip}/skp/{tahun}/{aksi}", c.page(c.skpAct))
	c.mux.HandleFunc("GET /pegawai/{nip}/riwayat", c.page(c.historyPage))
	c.mux.HandleFunc("GET /penilai", c.page(c.worklistPage))
	c.mux.HandleFunc("GET /sdm/peringkat", c.page(c.standingsPage))
	c.mux.HandleFunc("GET /sdm/peringkat/unduh", c.download)
	c.mux.HandleFunc("GET /sdm/unit", c.page(c.unitPage))
	c.mux.HandleFunc("GET /sdm/kenaikan-pangkat", c.page(c.promotionPage))
	c.mux.HandleFunc("GET /audit/jejak", c.page(c.trailPage))
	c.mux.HandleFunc("GET /audit/peristiwa", c.page(c.eventsPage))
	c.mux.HandleFunc("GET /audit/verifikasi", c.page(c.verifyPage))
	c.mux.HandleFunc("GET /replay", c.page(c.replaysPage))
	c.mux.HandleFunc("POST /replay", c.page(c.buildReplay))
	c.mux.HandleFunc("GET /replay/{schema}", c.page(c.replayPage))
	c.mux.HandleFunc("POST /replay/{schema}/hapus", c.page(c.dropReplay))
	c.mux.HandleFunc("/", c.page(c.notFound))
}

// assets serves the files of static, and answers a folder (the index of
// /aset/ that http.FileServer would list) as a missing file: 404.
func assets(static fs.FS) http.Handler {
	files := http.FileServerFS(static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(r.URL.Path, "/")
		if name == "" {
			name = "."
		}
		if st, err := fs.Stat(static, name); err == nil && st.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// Sections returns the first path segments the console serves (besides
// "/"); the API router hands requests under them to the console.
func Sections() []string {
	return []string{"aset", "masuk", "keluar", "saya", "pegawai", "penilai", "sdm", "audit", "replay"}
}

// maxFormBytes bounds the body of a console POST: the largest form, the
// fourteen texts of the expectations form at 1,000 four-byte characters
// each, is about 170 KB percent-encoded.
const maxFormBytes = 256 << 10

// readForm reads the form of a POST, at most maxFormBytes of its body,
// before anything else looks at it: net/http alone holds 10 MB of a
// urlencoded body in memory and reads a multipart body whole (spooling its
// files to disk), and POST /masuk reads its form before anyone is signed
// in. Beyond the bound the request is 413; a body that is no form is 400.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	err := r.ParseForm() // a urlencoded body; for a multipart one, only the query
	if err == nil {
		err = r.ParseMultipartForm(maxFormBytes)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil, errors.Is(err, http.ErrNotMultipart):
		return nil
	case errors.As(err, &tooLarge):
		return pageError{status: http.StatusRequestEntityTooLarge, detail: "Isian terlalu besar."}
	}
	return pageError{status: http.StatusBadRequest, detail: "Formulir tidak dapat dibaca."}
}
