package skp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotSKPStream is wrapped by the error of ParseStream for a stream name
// that is not skp-<nip>-<year>.
var ErrNotSKPStream = errors.New("not an SKP stream")

// streamPrefix starts the name of every SKP stream.
const streamPrefix = "skp-"

// Stream returns the name of the stream of the SKP of the employee with the
// given NIP for year: skp-<nip>-<year>.
func Stream(nip string, year int) string { return streamPrefix + nip + "-" + strconv.Itoa(year) }

// StreamPrefix returns what the names of the SKP streams of the employee
// with the given NIP start with, for a search of all their years.
func StreamPrefix(nip string) string { return streamPrefix + nip + "-" }

// ParseStream returns the NIP and year of the SKP stream named stream.
// Errors wrap ErrNotSKPStream.
func ParseStream(stream string) (nip string, year int, err error) {
	rest, ok := strings.CutPrefix(stream, streamPrefix)
	nip, y, ok2 := strings.Cut(rest, "-")
	year, err = strconv.Atoi(y)
	if !ok || !ok2 || err != nil || Stream(nip, year) != stream {
		return "", 0, fmt.Errorf("%w: %q, want skp-<nip>-<year>", ErrNotSKPStream, stream)
	}
	return nip, year, nil
}
