package command

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/nip"
)

// checkNIP checks that n, about to name a stream, is a valid NIP or NI
// PPPK, so that a mistyped NIP (a space, a letter) is reported as such and
// not as an invalid stream name. The error wraps nip.ErrInvalid and says
// what is wrong with n.
func checkNIP(op, n string) error {
	_, err := nip.Parse(n)
	if err == nil {
		return nil
	}
	if _, err2 := nip.ParsePPPK(n); err2 == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}
