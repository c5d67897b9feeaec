package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// apiResponse is a response of the in-process API.
type apiResponse struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func (a *apiResponse) Header() http.Header { return a.header }
func (a *apiResponse) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}
func (a *apiResponse) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}

// call sends one request to the API in-process, as the session's caller,
// and returns the response whatever its status. header holds extra header
// pairs (If-Match, Idempotency-Key).
func (c *Console) call(ctx context.Context, s *session, method, path string, q url.Values, accept string, body any, header ...string) (*apiResponse, error) {
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("console: encode the body of %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, fmt.Errorf("console: request %s %s: %w", method, target, err)
	}
	req.RemoteAddr = s.addr
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Accept", accept)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp := &apiResponse{header: http.Header{}}
	c.cfg.API.ServeHTTP(resp, req)
	if resp.status == 0 {
		resp.status = http.StatusOK
	}
	return resp, nil
}

// getJSON reads a JSON resource of the API into a generic value. A status
// other than 2xx becomes a pageError carrying the problem's detail.
func (c *Console) getJSON(ctx context.Context, s *session, path string, q url.Values) (map[string]any, error) {
	return c.send(ctx, s, http.MethodGet, path, q, nil)
}

// send makes a JSON request and decodes the JSON answer.
func (c *Console) send(ctx context.Context, s *session, method, path string, q url.Values, body any) (map[string]any, error) {
	resp, err := c.call(ctx, s, method, path, q, "application/json", body)
	if err != nil {
		return nil, err
	}
	if resp.status == http.StatusNoContent {
		return map[string]any{}, nil
	}
	var v map[string]any
	if err := json.Unmarshal(resp.body.Bytes(), &v); err != nil {
		return nil, fmt.Errorf("console: %s %s answered %d with no JSON: %w", method, path, resp.status, err)
	}
	if resp.status >= 300 {
		return nil, problemError(resp.status, v)
	}
	return v, nil
}

// problemError turns an API problem into the page error shown for it:
// both 403 and 404 read as forbidden, as the API answers "not yours" like
// "does not exist".
func problemError(status int, p map[string]any) pageError {
	e := pageError{status: status, detail: str(p["detail"]), code: str(p["code"]), fromAPI: true}
	for _, fe := range list(p["errors"]) {
		if m, ok := fe.(map[string]any); ok {
			e.fields = append(e.fields, str(m["field"])+": "+str(m["message"]))
			e.apiFields = append(e.apiFields, fieldError{field: str(m["field"]), message: str(m["message"])})
		}
	}
	if status == http.StatusNotFound {
		e.status = http.StatusForbidden
	}
	return e
}
