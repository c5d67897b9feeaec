package pgstore

import (
	"encoding/json"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// decodeMetadata decodes stored metadata. The store writes metadata as a
// flat object of plain strings with exact keys; that shape is read by a
// small scanner, anything else (escapes, spaces, other keys or values) by
// encoding/json, which gives the same result for the simple shape.
func decodeMetadata(raw []byte, m *eventlog.Metadata) error {
	return decodeMetadataString(string(raw), raw, m)
}

// decodeMetadataString is decodeMetadata of raw, given also as the string
// s whose slices the flat shape's values become.
func decodeMetadataString(s string, raw []byte, m *eventlog.Metadata) error {
	*m = eventlog.Metadata{}
	if decodeFlatMetadataString(s, m) {
		return nil
	}
	*m = eventlog.Metadata{}
	return json.Unmarshal(raw, m)
}

// decodeFlatMetadataString reads {"key":"value",...} with no whitespace,
// no backslashes and only the keys of eventlog.Metadata; the values are
// slices of raw. It reports false, with m partly filled, on anything else.
func decodeFlatMetadataString(raw string, m *eventlog.Metadata) bool {
	n := len(raw)
	if n < 2 || raw[0] != '{' || raw[n-1] != '}' {
		return false
	}
	i := 1
	if n == 2 {
		return true
	}
	for {
		key, next, ok := flatString(raw, i)
		if !ok || next >= n || raw[next] != ':' {
			return false
		}
		value, after, ok := flatString(raw, next+1)
		if !ok || after >= n {
			return false
		}
		field := metadataField(m, key)
		if field == nil {
			return false
		}
		*field = value
		switch raw[after] {
		case ',':
			i = after + 1
		case '}':
			return after == n-1
		default:
			return false
		}
	}
}

// flatString reads a string without escapes starting at raw[i] and returns
// it and the index after its closing quote.
func flatString(raw string, i int) (string, int, bool) {
	if i >= len(raw) || raw[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(raw); j++ {
		switch c := raw[j]; {
		case c == '"':
			return raw[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}

func metadataField(m *eventlog.Metadata, key string) *string {
	switch key {
	case "actor_id":
		return &m.ActorID
	case "actor_role":
		return &m.ActorRole
	case "on_behalf_of":
		return &m.OnBehalfOf
	case "correlation_id":
		return &m.CorrelationID
	case "causation_id":
		return &m.CausationID
	case "request_id":
		return &m.RequestID
	case "idempotency_key":
		return &m.IdempotencyKey
	case "reason":
		return &m.Reason
	case "client":
		return &m.Client
	case "policy_version":
		return &m.PolicyVersion
	case "instansi":
		return &m.Instansi
	}
	return nil
}
