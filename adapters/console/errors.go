package console

import "errors"

// asPageError is errors.As for a pageError.
func asPageError(err error, pe *pageError) bool { return errors.As(err, pe) }
