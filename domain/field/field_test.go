package field

import (
	"errors"
	"testing"
)

var (
	errCommand = errors.New("invalid command")
	errCode    = errors.New("invalid code")
)

func TestWrapRenamesTheFieldAndKeepsBothErrors(t *testing.T) {
	inner := Invalid(errCode, "code", "%q is not a code", "a b")
	err := Wrap(errCommand, "to_unit", inner)
	var f *Error
	if !errors.As(err, &f) || f.FieldName() != "to_unit" || f.FieldMessage() != `"a b" is not a code` {
		t.Fatalf("field %+v of %v", f, err)
	}
	if !errors.Is(err, errCommand) || !errors.Is(err, errCode) {
		t.Fatalf("%v does not wrap both errors", err)
	}
	if got, want := err.Error(), `invalid command: to_unit: "a b" is not a code`; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
}

func TestWrapOfAPlainErrorTakesItsText(t *testing.T) {
	err := Wrap(errCommand, "nip", errCode)
	var f *Error
	if !errors.As(err, &f) || f.Field != "nip" || f.Message != "invalid code" || !errors.Is(err, errCode) {
		t.Fatalf("field %+v of %v", f, err)
	}
}
