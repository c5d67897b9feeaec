// Package field names the field of a command that is invalid, so that an
// adapter can tell its caller which field to correct (the HTTP API lists it
// in a problem's errors) without parsing the error's text. The package
// imports the standard library only.
package field

import (
	"errors"
	"fmt"
)

// Error is an invalid field of a command: its name (a JSON path such as
// jabatan.name or deadlines[2]) and what is wrong with it. Err is the error
// it was made from, if any, so that errors.Is still finds that error's
// sentinels (such as nip.ErrInvalid).
type Error struct {
	Field, Message string
	Err            error
}

// Error returns "field: message".
func (e *Error) Error() string { return e.Field + ": " + e.Message }

// Unwrap returns the error e was made from, or nil.
func (e *Error) Unwrap() error { return e.Err }

// FieldName returns the field's name.
func (e *Error) FieldName() string { return e.Field }

// FieldMessage returns what is wrong with the field.
func (e *Error) FieldMessage() string { return e.Message }

// Invalid returns an error wrapping kind (the invalid-input error of the
// package whose command it is) and an *Error about the named field.
func Invalid(kind error, name, format string, args ...any) error {
	return fmt.Errorf("%w: %w", kind, &Error{Field: name, Message: fmt.Sprintf(format, args...)})
}

// Wrap returns an error wrapping kind and an *Error naming the field whose
// value err refused. Its message is that of the *Error err holds, if any
// (a check that named the field otherwise, such as "code" for a unit code
// given as "to_unit"), or err's text.
func Wrap(kind error, name string, err error) error {
	msg := err.Error()
	var inner *Error
	if errors.As(err, &inner) {
		msg = inner.Message
	}
	return fmt.Errorf("%w: %w", kind, &Error{Field: name, Message: msg, Err: err})
}
