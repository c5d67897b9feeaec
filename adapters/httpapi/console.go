package httpapi

import (
	"net/http"
	"regexp"
	"strings"
)

// consolePath is the route template of the console's pages: a first path
// segment among Deps.ConsoleSections, and anything below it.
func (s *Server) consolePath() string {
	quoted := make([]string, len(s.deps.ConsoleSections))
	for i, sec := range s.deps.ConsoleSections {
		quoted[i] = regexp.QuoteMeta(sec)
	}
	return "/{section:(?:" + strings.Join(quoted, "|") + ")}{rest:(?:/.*)?}"
}

// serveConsole hands a request to the web console. The console reads every
// page through this server's own handler, as the caller, so the API's
// authentication and authorization decide what it shows.
func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	if s.console == nil {
		notFound(w, r)
		return
	}
	s.console.ServeHTTP(w, r)
}

// notFoundPage answers a path that matches no route: a browser (it accepts
// HTML) outside the API gets the console's page, in Indonesian like the
// rest of the console; any other caller the problem. A browser got the
// English problem JSON for a mistyped console address.
func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	if s.console != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasPrefix(r.URL.Path, "/v1/") &&
		strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.console.ServeHTTP(w, r)
		return
	}
	notFound(w, r)
}
