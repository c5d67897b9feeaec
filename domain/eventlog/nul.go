package eventlog

import "bytes"

// hasNUL reports whether JSON text holds a NUL: a raw zero byte, or a
// \u0000 escape. A backslash that is itself escaped does not start an
// escape: the text `\\u0000` (a backslash followed by "u0000") holds none.
// PostgreSQL's jsonb refuses the NUL escape, so it must not reach the store.
func hasNUL(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' || i+1 >= len(data) {
			continue
		}
		if data[i+1] == 'u' && bytes.HasPrefix(data[i+1:], []byte("u0000")) {
			return true
		}
		i++ // skip the escaped character, a backslash included
	}
	return false
}
