package httpapi

import "net/http"

func (s *Server) importHandler() http.Handler { return http.NotFoundHandler() }
