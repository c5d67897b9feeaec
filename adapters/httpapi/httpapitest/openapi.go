package httpapitest

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/openapitest"
)

// openAPIChecker is the checker of the served document, loaded once per
// test binary.
var openAPIChecker = sync.OnceValues(func() (*openapitest.Checker, error) {
	return openapitest.New(context.Background(), httpapi.OpenAPIDocument())
})

// Client returns an HTTP client whose every exchange is checked against the
// served OpenAPI document: a route the document lacks (answered other than
// 404 or 405), a status it does not list for the operation, or a header or
// body that does not match its schema makes the request fail with the
// method, path, status and the validator's finding. Send and Do use it;
// a test that builds its own requests should too.
func (s *Server) Client(t testing.TB) *http.Client {
	t.Helper()
	c, err := openAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: c.Transport(nil)}
}
