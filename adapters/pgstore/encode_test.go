package pgstore

import (
	"bytes"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestParamEncoderMatchesPgx checks the committer's own binary encoding of
// the commit statement's parameters byte for byte against pgx's.
func TestParamEncoderMatchesPgx(t *testing.T) {
	m := pgtype.NewMap()
	when := time.Date(2026, 12, 2, 7, 45, 1, 123456000, time.UTC)
	cases := []struct {
		name   string
		oid    uint32
		value  any
		encode func(e *paramEncoder)
	}{
		{"bigint[]", pgtype.Int8ArrayOID, []int64{1, -2, 1 << 62}, func(e *paramEncoder) { e.int8Array([]int64{1, -2, 1 << 62}) }},
		{"empty bigint[]", pgtype.Int8ArrayOID, []int64{}, func(e *paramEncoder) { e.int8Array([]int64{}) }},
		{"int[]", pgtype.Int4ArrayOID, []int32{1, -7, 1 << 30}, func(e *paramEncoder) { e.int4Array([]int32{1, -7, 1 << 30}) }},
		{"text[]", pgtype.TextArrayOID, []string{"skp-1", "", "é ✓ \"x\""}, func(e *paramEncoder) { e.textArray([]string{"skp-1", "", "é ✓ \"x\""}) }},
		{"timestamptz[]", pgtype.TimestamptzArrayOID, []time.Time{when, when.Add(-time.Hour * 24 * 365 * 30)},
			func(e *paramEncoder) { e.timeArray([]time.Time{when, when.Add(-time.Hour * 24 * 365 * 30)}) }},
		{"bytea[]", pgtype.ByteaArrayOID, [][]byte{{1, 2}, {}, {0xff}}, func(e *paramEncoder) { e.byteaArray([][]byte{{1, 2}, {}, {0xff}}) }},
		{"bytea[] with NULL", pgtype.ByteaArrayOID, [][]byte{{1}, nil}, func(e *paramEncoder) { e.byteaArray([][]byte{{1}, nil}) }},
		{"bigint", pgtype.Int8OID, int64(-42), func(e *paramEncoder) { e.int8(-42) }},
		{"bytea", pgtype.ByteaOID, []byte{9, 8, 7}, func(e *paramEncoder) { e.bytea([]byte{9, 8, 7}) }},
	}
	for _, c := range cases {
		want, err := m.Encode(c.oid, pgtype.BinaryFormatCode, c.value, nil)
		if err != nil {
			t.Fatalf("%s: pgx: %v", c.name, err)
		}
		var e paramEncoder
		c.encode(&e)
		got := e.values()
		if len(got) != 1 || !bytes.Equal(got[0], want) {
			t.Errorf("%s: encoded %x, pgx encodes %x", c.name, got, want)
		}
	}
	var e paramEncoder
	e.bytea(nil)
	if v := e.values(); len(v) != 1 || v[0] != nil {
		t.Errorf("a nil bytea was encoded as %x, not as NULL", v)
	}
}
