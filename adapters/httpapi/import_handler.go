package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"
)

// MaxImportBytes caps the body of a CSV import.
const MaxImportBytes = 32 << 20

// importHandler serves POST /v1/import/{kind}: HR or an admin uploads a CSV
// file (text/csv) of units, employees or reporting lines of their own
// instansi. The answer is the import report: 200 even when rows were
// rejected, since the valid rows were appended.
func (s *Server) importHandler() http.Handler {
	im := NewImporter(s.api.Service, s.api.Now)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.api.Auth.Authenticate(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		by, err := asMasterData(p, p.Instansi)
		if err == nil {
			err = requireMediaType(r, "text/csv")
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		rep, err := im.Import(r.Context(), ImportRequest{Kind: mux.Vars(r)["kind"],
			CSV: http.MaxBytesReader(w, r.Body, MaxImportBytes), By: by, Instansi: p.Instansi,
			Client: clientOf(r), RequestID: RequestID(r.Context())})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, rep)
	})
}
