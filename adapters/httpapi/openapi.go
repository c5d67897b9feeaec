package httpapi

import (
	_ "embed"
	"net/http"
)

// openAPIDocument is the hand-written OpenAPI 3 description of the API.
//
//go:embed openapi.yaml
var openAPIDocument []byte

// OpenAPIDocument returns a copy of the OpenAPI document the server serves
// at /openapi.yaml.
func OpenAPIDocument() []byte { return append([]byte(nil), openAPIDocument...) }

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
