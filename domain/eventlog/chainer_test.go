package eventlog

import (
	"bytes"
	"testing"
	"time"
)

// TestChainerEqualsChainHash: the verifier's reusable hasher gives the
// chain hash of every event, whatever it hashed before.
func TestChainerEqualsChainHash(t *testing.T) {
	c := NewChainer()
	prev := GenesisHash
	var out []byte
	for i := range 50 {
		in := HashInput{ID: "0190a0b1-0000-7000-8000-00000000000" + string(rune('0'+i%10)), Stream: "skp-x", Version: uint64(i), Position: uint64(i + 1),
			Type: "skp.drafted", SchemaVersion: 1 + i%2, RecordedAt: time.UnixMicro(int64(i) * 1234567),
			Data: bytes.Repeat([]byte("d"), i*7), Metadata: bytes.Repeat([]byte("m"), 50-i)}
		want := ChainHash(prev, in)
		out = c.Hash(out[:0], prev, in)
		if !bytes.Equal(out, want) {
			t.Fatalf("event %d: chainer %x, ChainHash %x", i, out, want)
		}
		prev = want
	}
}
