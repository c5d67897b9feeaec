package httpapi

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
)

// instansiView is the settings of an instansi.
type instansiView struct {
	Instansi string `json:"instansi"`
	// Zone is the IANA name of its time zone; Offset its UTC offset now,
	// as the API's timestamps carry it (+07:00).
	Zone    string `json:"zone"`
	Offset  string `json:"offset"`
	Version uint64 `json:"version"`
}

// getInstansi answers the settings of the caller's own instansi; another
// instansi is a 404, as everywhere.
func (s *Server) getInstansi(ctx context.Context, c *call) (any, uint64, error) {
	id := c.vars["instansi"]
	if id != c.p.Instansi {
		return nil, 0, newRequestError(TypeNotFound, "No instansi "+id+" is visible to the caller.")
	}
	st, err := s.api.Service.InstansiSettings(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	off := s.now().In(st.Location()).Format("-07:00")
	return instansiView{Instansi: id, Zone: st.Zone(), Offset: off, Version: st.Version()}, st.Version(), nil
}

// setZoneRequest is the body of POST /v1/instansi/{instansi}/zone.
type setZoneRequest struct {
	Zone string `json:"zone"`
}

// setInstansiZone records the time zone of the caller's instansi (admin
// only): Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).
func (s *Server) setInstansiZone(ctx context.Context, c *call) (command.Result, error) {
	var in setZoneRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	id := c.vars["instansi"]
	if !c.p.Has(actor.Admin) {
		return command.Result{}, forbidden("Only an admin of the instansi may set its time zone.")
	}
	if id != c.p.Instansi {
		return command.Result{}, newRequestError(TypeNotFound, "No instansi "+id+" is visible to the caller.")
	}
	return s.api.Service.SetInstansiZone(ctx, c.as(c.p.As(actor.Admin)), id, in.Zone)
}

// dayIn is today's date in the time zone of instansi: the day on which
// reporting lines are in force and an employee has left the service, as the
// commands (which record the day of an action in that zone) see it.
func (s *Server) dayIn(ctx context.Context, instansi string) civil.Date {
	return civil.DateOf(s.todayIn(ctx, instansi))
}

// todayIn returns the current time in the zone of instansi (instansiZone).
func (s *Server) todayIn(ctx context.Context, instansi string) time.Time {
	return s.now().In(s.instansiZone(ctx, instansi))
}

// instansiZone returns the time zone of instansi (API.Location when it
// cannot be read).
func (s *Server) instansiZone(ctx context.Context, instansi string) *time.Location {
	loc, err := s.api.Service.InstansiZone(ctx, instansi)
	if err != nil {
		return s.api.Location
	}
	return loc
}
