package main

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/openapitest"
)

// openAPIChecker checks exchanges against the served OpenAPI document.
var openAPIChecker = sync.OnceValues(func() (*openapitest.Checker, error) {
	return openapitest.New(context.Background(), httpapi.OpenAPIDocument())
})

// checkedClient returns a client whose every exchange must match the
// OpenAPI document (see openapitest).
func checkedClient(t *testing.T) *http.Client {
	t.Helper()
	c, err := openAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: c.Transport(nil)}
}
