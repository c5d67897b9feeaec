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
