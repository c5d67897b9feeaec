package csvimport

import (
	"errors"
	"fmt"
)

// ErrUnknownKind is wrapped by the error of an import of an unknown kind.
var ErrUnknownKind = errors.New("unknown import kind")

// ErrBadFile is wrapped by the error of a file that cannot be read as CSV
// with the kind's header.
var ErrBadFile = errors.New("bad import file")

// ErrUnreadable is wrapped by the error of a file whose bytes could not be
// read to the end: a request body cut off, too slow or badly chunked, or a
// failing disk.
var ErrUnreadable = errors.New("the file could not be read")

// FileError is why a whole file was refused: an unknown kind (wrapping
// ErrUnknownKind) or a file that is not CSV with the kind's header (wrapping
// ErrBadFile). Message is a sentence for the person who sent the file.
type FileError struct {
	Kind    error
	Message string
}

func (e *FileError) Error() string { return e.Message }

// Unwrap returns the sentinel the error is of.
func (e *FileError) Unwrap() error { return e.Kind }

// RowError is a row the import rejected: the line it starts on, the column
// at fault when one is (empty when the row as a whole was refused, for
// instance by a rule of the domain), and why. Cause is set when the row
// failed for a reason of the system (the store failed), not of the row; its
// text is for the logs, never for the person who sent the file.
type RowError struct {
	Line    int
	Field   string
	Message string
	Cause   error
}

// msgSystemFailure is the Message of a row that failed for a reason of the system.
const msgSystemFailure = "not imported: the server failed to store this row; import the file again to retry it"

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// rowProblem is the error of a row that fails validation before the Service
// sees it; the row's line is filled in later.
func rowProblem(field, format string, args ...any) error {
	return &RowError{Field: field, Message: fmt.Sprintf(format, args...)}
}
