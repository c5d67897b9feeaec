package eventlog

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"time"
)

// GenesisHash is the prev_hash of the event at global position 1.
var GenesisHash = make([]byte, sha256.Size)

// canonicalTag versions the canonical encoding itself.
const canonicalTag = "kinerja-event-v1"

// HashInput is what the hash of one event covers, as the store persisted it.
type HashInput struct {
	ID            string
	Stream        string
	Version       uint64
	Position      uint64
	Type          string
	SchemaVersion int
	RecordedAt    time.Time
	Data          []byte
	Metadata      []byte
}

// Canonical returns the canonical bytes of an event: a tag, then every field
// in a fixed order, variable-length fields prefixed with their length, integers
// big-endian, the recorded-at time as UTC microseconds since the Unix epoch.
func Canonical(in HashInput) []byte {
	return AppendCanonical(make([]byte, 0, 128+len(in.Data)+len(in.Metadata)), in)
}

// AppendCanonical appends the canonical bytes of an event to b.
func AppendCanonical(b []byte, in HashInput) []byte {
	b = appendBytes(b, []byte(canonicalTag))
	b = appendBytes(b, []byte(in.ID))
	b = appendBytes(b, []byte(in.Stream))
	b = binary.BigEndian.AppendUint64(b, in.Version)
	b = binary.BigEndian.AppendUint64(b, in.Position)
	b = appendBytes(b, []byte(in.Type))
	b = binary.BigEndian.AppendUint32(b, uint32(in.SchemaVersion))
	b = binary.BigEndian.AppendUint64(b, uint64(in.RecordedAt.UnixMicro()))
	b = appendBytes(b, in.Data)
	b = appendBytes(b, in.Metadata)
	return b
}

// ChainHash returns SHA-256(prev ‖ Canonical(in)).
func ChainHash(prev []byte, in HashInput) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(Canonical(in))
	return h.Sum(nil)
}

// Chainer computes chain hashes reusing its buffers: one per goroutine,
// for the verifier's hot loop.
type Chainer struct {
	h   hash.Hash
	buf []byte
}

// NewChainer returns a Chainer.
func NewChainer() *Chainer { return &Chainer{h: sha256.New()} }

// Hash appends SHA-256(prev ‖ Canonical(in)) to out and returns it; it
// equals ChainHash(prev, in).
func (c *Chainer) Hash(out, prev []byte, in HashInput) []byte {
	c.buf = AppendCanonical(c.buf[:0], in)
	c.h.Reset()
	c.h.Write(prev)
	c.h.Write(c.buf)
	return c.h.Sum(out)
}

func appendBytes(b, v []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}
