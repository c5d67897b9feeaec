package httpapi

import (
	"context"
	"errors"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// TypeUnavailable: the database cannot be reached now; Retry-After says
// when to try again.
const TypeUnavailable = problemBase + "unavailable"

// retryAfterUnavailable is the Retry-After, in seconds, of a 503.
const retryAfterUnavailable = "5"

// unavailableSQLStates are the PostgreSQL error codes of a server that is
// shutting down, starting up or out of connections.
var unavailableSQLStates = map[string]bool{
	"57P01": true,                                                             // admin_shutdown
	"57P02": true,                                                             // crash_shutdown
	"57P03": true,                                                             // cannot_connect_now
	"53300": true,                                                             // too_many_connections
	"08000": true, "08003": true, "08006": true, "08001": true, "08004": true, // connection exceptions
}

// isUnavailable reports whether err says the database could not be
// reached: a failed connect (refused, timed out, closed), a deadline that
// ran out (waiting for a pooled connection or for the server), a request
// that never reached the server, or a server that refuses connections now.
func isUnavailable(err error) bool {
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	var oe *net.OpError
	switch {
	case errors.As(err, &ce), errors.As(err, &oe), errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &pe):
		return unavailableSQLStates[pe.Code]
	}
	return pgconn.SafeToRetry(err)
}
