// Package openapitest keeps the OpenAPI document and the server from
// drifting apart. A Checker loads the document with kin-openapi, validates
// it with no relaxing option, and then checks exchanges against it: the
// route must be documented (unless the server answered 404 or 405, as it
// does for a path it does not serve), the status must be listed for the
// operation, headers and body must match the documented schemas (with
// formats such as date and date-time enforced), and a request the server
// accepted (2xx) must be valid under the document too. A HEAD on a path
// whose document has no HEAD operation is checked against its GET
// operation, without a body: the server answers HEAD wherever it answers
// GET, as HTTP requires, and the document says so once.
//
// Transport wraps an http.RoundTripper so that every exchange a test makes
// through it is checked; a mismatch is returned as the request's error and
// so fails the test with the method, path, status and the validator's
// finding. It is a test-support package: only tests import it.
package openapitest
