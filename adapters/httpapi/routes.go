package httpapi

import (
	"net/http"
	"strings"
)

// The path patterns of the /v1 routes. An integer path parameter matches
// its canonical decimal spelling only, without a sign or a leading zero:
// /windows/01 names no resource (a 404, like /windows/x), rather than
// another spelling of window 1.
const (
	pNIP     = "/{nip}"
	pYear    = "/{year:[1-9][0-9]{3}}"
	pSKP     = "/v1/skp" + pNIP + pYear
	pWindow  = "/windows/{window:[0-9]|[1-9][0-9]}"
	pNo      = "/{no:[0-9]|[1-9][0-9]{1,3}}"
	pEmp     = "/v1/employees" + pNIP
	pUnit    = "/units/{code}"
	pPeriod  = "/v1/periods/{instansi}" + pYear
	pReplay  = "/v1/replays/{schema}"
	mGetHead = http.MethodGet + " " + http.MethodHead
	mGet     = http.MethodGet
	mPost    = http.MethodPost
	mPut     = http.MethodPut
	mDelete  = http.MethodDelete
	mConsole = mGetHead + " " + mPost
	sCreated = http.StatusCreated
	sOK      = http.StatusOK
)

// Who may call an endpoint. The handler decides, per object, with the
// functions of authz.go; this column says what they decide.
const (
	whoAnyone        = "anyone (no token)"
	whoOwner         = "the employee (pegawai)"
	whoPenilai       = "the employee's pejabat penilai"
	whoAtasan        = "the employee's atasan pejabat penilai"
	whoMasterData    = "HR or admin of the instansi"
	whoAdmin         = "admin of the instansi"
	whoPimpinan      = "pimpinan of the instansi"
	whoPimpinanHR    = "pimpinan or HR of the instansi"
	whoMember        = "any caller of the instansi"
	whoReaders       = "HR, admin, pimpinan, auditor, inspektorat of the instansi"
	whoEmpReaders    = "the employee, their evaluators, and " + whoReaders
	whoOwnReaders    = "the employee, and " + whoReaders
	whoAuditors      = "auditor or inspektorat"
	whoAccessAuditor = "auditor of the instansi"
	whoLive          = "any caller; each receives only the events they may read"
	whoOwnerPenilai  = "the employee or their pejabat penilai"
	whoInvitedPeer   = "a colleague of the instansi invited for the window"
	whoFollowup      = "HR or pimpinan of the instansi, or the employee's pejabat penilai or atasan"
	whoHR            = "HR of the instansi"
	whoConsole       = "anyone; each page calls the /v1 endpoints in-process with the caller's token"
)

// feature is a part of the server that Deps may leave out.
type feature int

const (
	always         feature = iota // always served
	withAPI                       // Deps.API
	withImporter                  // API.Importer
	withReadModels                // API.ReadModels
	withReplays                   // API.Replays
	withLive                      // API.Live
	withConsole                   // Deps.Console
)

// route is one endpoint: its method(s), path template, who may call it,
// and its handler, served when its feature is configured.
type route struct {
	needs   feature
	methods string
	path    string
	who     string
	handler http.Handler
}

// routeTable lists every endpoint, in the order they are registered.
func (s *Server) routeTable(m *metrics) []route {
	w, r, l := s.writeHandler, s.readHandler, s.listHandler
	return []route{
		{always, mGetHead, "/healthz", whoAnyone, http.HandlerFunc(s.healthz)},
		{always, mGetHead, "/readyz", whoAnyone, http.HandlerFunc(s.readyz)},
		{always, mGetHead, "/metrics", whoAnyone, m.handler(s.registry)},
		{always, mGetHead, "/openapi.yaml", whoAnyone, http.HandlerFunc(serveOpenAPI)},
		{always, mGetHead, problemBase, whoAnyone, http.HandlerFunc(serveProblemIndex)},
		{always, mGetHead, problemBase + "{type}", whoAnyone, http.HandlerFunc(serveProblemPage)},

		{withAPI, mPost, "/v1/employees", whoMasterData, w(sCreated, s.registerEmployee)},
		{withAPI, mGet, pEmp, whoEmpReaders, r(s.getEmployee, "as_of")},
		{withAPI, mPost, pEmp + "/transfers", whoMasterData, w(sOK, s.transferEmployee)},
		{withAPI, mPost, pEmp + "/jabatan", whoMasterData, w(sOK, s.changeJabatan)},
		{withAPI, mPost, pEmp + "/golongan", whoMasterData, w(sOK, s.changeGolongan)},
		{withAPI, mPost, pEmp + "/reporting-lines", whoMasterData, w(sOK, s.assignReportingLine)},
		{withAPI, mPost, pEmp + "/leave-service", whoMasterData, w(sOK, s.leaveService)},

		{withAPI, mPost, "/v1/units", whoMasterData, w(sCreated, s.registerUnit)},
		{withAPI, mGet, "/v1" + pUnit, whoMember, r(s.getUnit)},
		{withAPI, mPost, "/v1" + pUnit + "/rename", whoMasterData, w(sOK, s.renameUnit)},
		{withAPI, mPost, "/v1" + pUnit + "/move", whoMasterData, w(sOK, s.moveUnit)},
		{withAPI, mPost, "/v1" + pUnit + "/organisation-predikat", whoPimpinan, w(sOK, s.setOrganisationPredikat)},
		{withAPI, mPost, "/v1" + pUnit + "/distribution-overrides", whoPimpinanHR, w(sOK, s.recordDistributionOverride)},
		{withAPI, mPut, "/v1" + pUnit + "/work-plans" + pYear, whoMasterData, w(sOK, s.setUnitWorkPlan)},

		{withAPI, mPost, "/v1/policies", whoAdmin, w(sCreated, s.adoptPolicy)},
		{withAPI, mGet, "/v1/policies", whoMember, r(s.listPolicies)},

		{withAPI, mGet, "/v1/instansi/{instansi}", whoMember, r(s.getInstansi)},
		{withAPI, mPost, "/v1/instansi/{instansi}/zone", whoAdmin, w(sOK, s.setInstansiZone)},

		{withAPI, mPost, "/v1/periods", whoMasterData, w(sCreated, s.openPeriod)},
		{withAPI, mGet, pPeriod, whoMember, r(s.getPeriod)},
		{withAPI, mPost, pPeriod + pWindow + "/close", whoMasterData, w(sOK, s.closePeriodWindow)},
		{withAPI, mPost, pPeriod + "/close", whoMasterData, w(sOK, s.closePeriodYear)},

		{withAPI, mPost, pSKP, whoOwner, w(sCreated, s.draftSKP)},
		{withAPI, mGet, pSKP, whoEmpReaders, r(s.getSKP, "as_of")},
		{withAPI, mGet, pSKP + "/document.pdf", whoEmpReaders, s.documentHandler()},
		{withAPI, mPost, pSKP + "/plan", whoOwner, w(sOK, s.editSKP)},
		{withAPI, mPost, pSKP + "/submit", whoOwner, w(sOK, s.submitSKP)},
		{withAPI, mPost, pSKP + "/return", whoPenilai, w(sOK, s.returnSKP)},
		{withAPI, mPut, pSKP + "/expectations", whoPenilai, w(sOK, s.setExpectations)},
		{withAPI, mPost, pSKP + "/approve", whoPenilai, w(sOK, s.approveSKP)},
		{withAPI, mPost, pSKP + "/revise", whoOwner, w(sOK, s.reviseSKP)},
		{withAPI, mPost, pSKP + pWindow + "/realisations", whoOwner, w(sCreated, s.reportRealisation)},
		{withAPI, mPost, pSKP + pWindow + "/realisations/{iki}/corrections", whoOwner, w(sOK, s.correctRealisation)},
		{withAPI, mPost, pSKP + "/feedback", whoPenilai, w(sCreated, s.giveFeedback)},
		{withAPI, mPost, pSKP + "/feedback" + pNo + "/response", whoOwner, w(sOK, s.respondToFeedback)},
		{withAPI, mPost, pSKP + pWindow + "/ratings", whoPenilai, w(sCreated, s.ratePeriod)},
		{withAPI, mPost, pSKP + "/annual-rating", whoPenilai, w(sCreated, s.rateAnnual)},
		{withAPI, mPost, pSKP + "/amendments", whoPenilai, w(sOK, s.amendRatings)},
		{withAPI, mPost, pSKP + "/objection", whoOwner, w(sCreated, s.fileObjection)},
		{withAPI, mPost, pSKP + "/objection/decision", whoAtasan, w(sOK, s.decideObjection)},
		{withAPI, mPost, pSKP + pWindow + "/self-assessment", whoOwner, w(sCreated, s.selfAssess)},
		{withAPI, mPost, pSKP + pWindow + "/peer-invitations", whoOwnerPenilai, w(sCreated, s.invitePeer)},
		{withAPI, mPost, pSKP + pWindow + "/peer-feedback", whoInvitedPeer, w(sCreated, s.recordPeerFeedback)},
		{withAPI, mPost, pEmp + "/followups", whoFollowup, w(sCreated, s.recordFollowup)},

		{withImporter, mPost, "/v1/import/{kind}", whoMasterData, s.importHandler()},

		{withAPI, mGet, pEmp + "/skp" + pYear + "/score-trail", whoOwnAuditors, l(s.scoreTrail)},
		{withAPI, mGet, "/v1/audit/events", whoAuditors, l(s.searchEvents)},
		{withAPI, mGet, "/v1/audit/verify", whoAuditors, s.verifyHandler()},
		{withAPI, mGet, "/v1/audit/access", whoAccessAuditor, l(s.searchAccess)},

		{withReadModels, mGet, "/v1/standings", whoReadersPenilai, l(s.listStandings)},
		{withReadModels, mGet, "/v1/standings" + pNIP + pYear, whoEmpReaders, l(s.getStanding)},
		{withReadModels, mGet, "/v1/promotion-candidates", whoReaders, l(s.promotionCandidates)},
		{withReadModels, mGet, "/v1/projections", whoReaders, l(s.listProjections)},
		{withReadModels, mGet, "/v1/standings" + pNIP + pYear + "/explain", whoEmpReaders, l(s.explainStanding)},
		{withReadModels, mGet, "/v1/promotion-candidates" + pNIP + "/explain", whoOwnReaders, l(s.explainPromotion)},
		{withReadModels, mGet, "/v1" + pUnit + "/report", whoReaders, l(s.unitReport)},
		{withReadModels, mGet, "/v1" + pUnit + "/cascade", whoReaders, l(s.unitCascade)},
		{withReadModels, mGet, "/v1/training-needs", whoReadersPenilai, l(s.trainingNeeds)},
		{withReadModels, mGet, pEmp + "/history", whoOwnReaders, l(s.employeeHistory)},
		{withReadModels, mGet, pEmp + "/training-needs", whoOwnReaders, l(s.employeeTrainingNeeds)},
		{withReadModels, mGet, "/v1/me/worklist", whoOfficial, l(s.myWorklist)},
		{withReadModels, mGet, "/v1/allowance", whoHR, l(s.allowance)},

		{withReplays, mPost, "/v1/replays", whoReplayers, s.buildReplayHandler()},
		{withReplays, mGet, "/v1/replays", whoReplayers, l(s.listReplays)},
		{withReplays, mGet, pReplay, whoReplayers, l(s.getReplay)},
		{withReplays, mDelete, pReplay, whoReplayers, s.dropReplayHandler()},
		{withReplays, mGet, pReplay + "/standings", whoReplayers, l(s.replayedStandings)},
		{withReplays, mGet, pReplay + "/diff", whoReplayers, l(s.replayDiff)},

		{withLive, mGet, "/v1/me/events", whoLive, http.HandlerFunc(s.liveEvents)},

		{withConsole, mConsole, "/", whoConsole, http.HandlerFunc(s.serveConsole)},
		{withConsole, mConsole, s.consolePath(), whoConsole, http.HandlerFunc(s.serveConsole)},
	}
}

// routes registers the configured endpoints of the route table and the 404
// and 405 handlers; the latter serves a HEAD with the path's GET route
// (head.go). (The /v1 routes are not on a /v1 subrouter: gorilla/mux
// answers a method mismatch inside a subrouter with 404 instead of 405.)
func (s *Server) routes(m *metrics) {
	s.router.Use(restoreHead, routeRecorder, s.recordAccess)
	for _, rt := range s.routeTable(m) {
		if s.serves(rt.needs) {
			s.router.Handle(rt.path, rt.handler).Methods(strings.Fields(rt.methods)...)
		}
	}
	s.router.NotFoundHandler = http.HandlerFunc(s.notFoundPage)
	s.router.MethodNotAllowedHandler = headAsGet(s.router, methodNotAllowed(s.router))
}

// serves reports whether the server is configured with feature f.
func (s *Server) serves(f feature) bool {
	switch f {
	case always:
		return true
	case withAPI:
		return s.api != nil
	case withImporter:
		return s.api != nil && s.api.Importer != nil
	case withReadModels:
		return s.api != nil && s.api.ReadModels != nil
	case withReplays:
		return s.api != nil && s.api.Replays != nil
	case withLive:
		return s.live != nil
	case withConsole:
		return s.deps.Console != nil
	}
	return false
}
