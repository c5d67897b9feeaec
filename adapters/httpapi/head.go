package httpapi

import (
	"context"
	"net/http"

	"github.com/gorilla/mux"
)

// HEAD is allowed wherever GET is (RFC 9110, section 9.3.2). The route
// table lists GET only for the /v1 reads, so a HEAD on one of their paths
// is a method mismatch for the router; headAsGet, its method-not-allowed
// handler, serves it with the GET route instead: the same router
// middleware (route label, access log), authentication, authorization and
// handler, run once, so the same status and headers (Content-Type, ETag,
// Cache-Control, Content-Disposition …). The handler sees the request as
// the HEAD it is (restoreHead); net/http sends no body for a HEAD, whatever
// the handler writes. The live stream answers a HEAD without opening a
// stream (liveEvents).

// headKey marks, in its context, a HEAD that headAsGet routes as a GET.
type headKey struct{}

// headAsGet serves a HEAD with the route that would serve the same request
// as a GET, if there is one; any other request, or a HEAD whose path has
// no GET, goes to otherwise (the 405 answer).
func headAsGet(router *mux.Router, otherwise http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			get := r.Clone(context.WithValue(r.Context(), headKey{}, true))
			get.Method = http.MethodGet
			var m mux.RouteMatch
			if router.Match(get, &m) && m.MatchErr == nil {
				router.ServeHTTP(w, get)
				return
			}
		}
		otherwise.ServeHTTP(w, r)
	})
}

// restoreHead is router middleware, the first: a HEAD that headAsGet routed
// as a GET reaches the rest of the chain and the handler as a HEAD again.
func restoreHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.Context().Value(headKey{}) != nil {
			r = r.WithContext(r.Context()) // a shallow copy, to change its method
			r.Method = http.MethodHead
		}
		next.ServeHTTP(w, r)
	})
}
