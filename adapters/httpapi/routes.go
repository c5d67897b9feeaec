package httpapi

import (
	_ "embed"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/command"
)

// API is what the /v1 endpoints need. Service, Auth, Idempotency, Audit and
// Access are required; Location and Now take defaults.
type API struct {
	// Service runs the commands and loads the current state of streams.
	Service *command.Service
	// Audit reads the log for auditors and the inspectorate: streams as of
	// a point, search, and verification of the hash chain.
	Audit AuditLog
	// Auth verifies bearer tokens.
	Auth *Authenticator
	// Idempotency keeps the first response of writes with an Idempotency-Key.
	Idempotency IdempotencyStore
	// Location is the instansi's time zone, in which "today" is decided for
	// authorization (who is whose evaluator). Default: Asia/Jakarta.
	Location *time.Location
	// Now is the clock of command times. Default: time.Now.
	Now func() time.Time
	// ReadModels, if set, serves the read-model endpoints (standings,
	// promotion candidates, projection status).
	ReadModels *ReadModels
	// Replays, if set, serves the replay endpoints of the inspectorate.
	Replays Replays
	// Access records reads of personal data and serves their search to
	// auditors (GET /v1/audit/access).
	Access AccessLog
}

func (a *API) validate() error {
	switch {
	case a.Service == nil:
		return errors.New("httpapi: API.Service is nil")
	case a.Auth == nil:
		return errors.New("httpapi: API.Auth is nil")
	case a.Idempotency == nil:
		return errors.New("httpapi: API.Idempotency is nil")
	case a.Audit == nil:
		return errors.New("httpapi: API.Audit is nil")
	case a.Access == nil:
		return errors.New("httpapi: API.Access is nil")
	case a.ReadModels != nil && a.ReadModels.DB == nil:
		return errors.New("httpapi: API.ReadModels.DB is nil")
	}
	return nil
}

// withDefaults returns a copy of a with defaults filled in, or nil for nil.
func (a *API) withDefaults() *API {
	if a == nil {
		return nil
	}
	c := *a
	if c.Location == nil {
		loc, err := time.LoadLocation("Asia/Jakarta")
		if err != nil {
			loc = time.FixedZone("WIB", 7*60*60)
		}
		c.Location = loc
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &c
}

// now returns the time of a command.
func (s *Server) now() time.Time { return s.api.Now() }

// The path patterns of the /v1 routes.
const (
	pNIP    = "/{nip}"
	pYear   = "/{year:[0-9]{4}}"
	pSKP    = "/skp" + pNIP + pYear
	pWindow = "/windows/{window:[0-9]{1,2}}"
	pUnit   = "/units/{code}"
	pPeriod = "/periods/{instansi}" + pYear
)

// apiRoutes registers the /v1 endpoints on r. (They are not on a /v1
// subrouter: gorilla/mux answers a method mismatch inside a subrouter with
// 404 instead of 405.)
func (s *Server) apiRoutes(r *mux.Router) {
	post := func(path string, status int, f writeFunc) {
		r.Handle("/v1"+path, s.writeHandler(status, f)).Methods(http.MethodPost)
	}
	get := func(path string, f readFunc) { r.Handle("/v1"+path, s.readHandler(f)).Methods(http.MethodGet) }
	const created, ok = http.StatusCreated, http.StatusOK

	post("/employees", created, s.registerEmployee)
	get("/employees"+pNIP, s.getEmployee)
	post("/employees"+pNIP+"/transfers", ok, s.transferEmployee)
	post("/employees"+pNIP+"/jabatan", ok, s.changeJabatan)
	post("/employees"+pNIP+"/golongan", ok, s.changeGolongan)
	post("/employees"+pNIP+"/reporting-lines", ok, s.assignReportingLine)
	post("/employees"+pNIP+"/leave-service", ok, s.leaveService)

	post("/units", created, s.registerUnit)
	get(pUnit, s.getUnit)
	post(pUnit+"/rename", ok, s.renameUnit)
	post(pUnit+"/move", ok, s.moveUnit)
	post(pUnit+"/organisation-predikat", ok, s.setOrganisationPredikat)
	post(pUnit+"/distribution-overrides", ok, s.recordDistributionOverride)

	post("/periods", created, s.openPeriod)
	get(pPeriod, s.getPeriod)
	post(pPeriod+pWindow+"/close", ok, s.closePeriodWindow)
	post(pPeriod+"/close", ok, s.closePeriodYear)

	s.skpRoutes(post, get)
	r.Handle("/v1/import/{kind}", s.importHandler()).Methods(http.MethodPost)
	s.auditRoutes(r)
	s.accessRoutes(r)
	if s.api.ReadModels != nil {
		s.readModelRoutes(r)
		s.explainRoutes(r)
		s.reportRoutes(r)
	}
	if s.api.Replays != nil {
		s.replayRoutes(r)
	}
}

// skpRoutes registers the SKP endpoints with the helpers of apiRoutes.
func (s *Server) skpRoutes(post func(string, int, writeFunc), get func(string, readFunc)) {
	const created, ok = http.StatusCreated, http.StatusOK
	post(pSKP, created, s.draftSKP)
	get(pSKP, s.getSKP)
	post(pSKP+"/plan", ok, s.editSKP)
	post(pSKP+"/submit", ok, s.submitSKP)
	post(pSKP+"/return", ok, s.returnSKP)
	post(pSKP+"/approve", ok, s.approveSKP)
	post(pSKP+"/revise", ok, s.reviseSKP)
	post(pSKP+pWindow+"/realisations", created, s.reportRealisation)
	post(pSKP+pWindow+"/realisations/{iki}/corrections", ok, s.correctRealisation)
	post(pSKP+"/feedback", created, s.giveFeedback)
	post(pSKP+"/feedback/{no:[0-9]{1,4}}/response", ok, s.respondToFeedback)
	post(pSKP+pWindow+"/ratings", created, s.ratePeriod)
	post(pSKP+"/annual-rating", created, s.rateAnnual)
	post(pSKP+"/amendments", ok, s.amendRatings)
	post(pSKP+"/objection", created, s.fileObjection)
	post(pSKP+"/objection/decision", ok, s.decideObjection)
}

// openAPIDocument is the hand-written OpenAPI 3 description of the API.
//
//go:embed openapi.yaml
var openAPIDocument []byte

// serveOpenAPI serves the OpenAPI document.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/yaml")
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(openAPIDocument)
	}
}
