package httpapi

import (
	"net/http"
	"slices"
	"strings"
)

// RouteInfo describes one endpoint of the route table: what tests that
// sweep every endpoint (the security tests) need to know about it.
type RouteInfo struct {
	// Methods are the HTTP methods the endpoint answers.
	Methods []string
	// Path is the gorilla/mux path template, with its variables' patterns
	// ("/v1/skp/{nip}/{year:[1-9][0-9]{3}}").
	Path string
	// Who says who may call the endpoint, in words (see routes.go).
	Who string
}

// Writes reports whether the endpoint changes something: it answers a
// method other than GET and HEAD.
func (r RouteInfo) Writes() bool {
	for _, m := range r.Methods {
		if m != "GET" && m != "HEAD" {
			return true
		}
	}
	return false
}

// Routes returns the endpoints this server serves, in the order they are
// registered. An endpoint that answers GET answers HEAD too (see head.go).
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range s.routeTable(nil) {
		if s.serves(rt.needs) {
			methods := strings.Fields(rt.methods)
			if slices.Contains(methods, http.MethodGet) && !slices.Contains(methods, http.MethodHead) {
				methods = slices.Insert(methods, slices.Index(methods, http.MethodGet)+1, http.MethodHead)
			}
			out = append(out, RouteInfo{Methods: methods, Path: rt.path, Who: rt.who})
		}
	}
	return out
}
