// Package anchor signs and checks Kinerja's anchors: small statements of
// (global position, head hash, time, instansi, key id) that an auditor keeps
// outside the system. An anchor signed with Ed25519 pins the head of the
// hash-chained event log at one moment; if the log is later truncated or
// rewritten, the anchored hash is no longer found at the anchored position.
//
// The package is pure: it signs and verifies bytes and parses keys. Reading
// the log and comparing it with an anchor is pgstore.Store.VerifyAnchored;
// reading files and the environment is the job of cmd/kinerja.
package anchor

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Errors of anchor verification.
var (
	// ErrBadSignature means the signature does not match the statement and
	// public key: the anchor was edited or forged.
	ErrBadSignature = errors.New("anchor signature is not valid: the statement was altered or the signature forged")
	// ErrUntrustedKey means the anchor was signed by a key other than the
	// trusted public key the caller gave.
	ErrUntrustedKey = errors.New("anchor was not signed by the trusted key")
	// ErrMalformed means the anchor is missing fields or has impossible values.
	ErrMalformed = errors.New("malformed anchor")
)

// canonicalTag versions the canonical encoding of a statement.
const canonicalTag = "kinerja-anchor-v1"

// Statement is what an anchor asserts: at Time, the event log's head was at
// global Position with hash HeadHash (hex). KeyID names the signing key
// (see KeyID).
type Statement struct {
	Position uint64    `json:"position"`
	HeadHash string    `json:"head_hash"`
	Time     time.Time `json:"time"`
	Instansi string    `json:"instansi"`
	KeyID    string    `json:"key_id"`
}

// Signed is a statement with its Ed25519 signature and the public key that
// made it. Encoded as JSON, the byte fields are standard base64.
type Signed struct {
	Statement Statement `json:"statement"`
	Signature []byte    `json:"signature"`
	PublicKey []byte    `json:"public_key"`
}

// Hash returns the anchored head hash as bytes.
func (s Statement) Hash() ([]byte, error) {
	h, err := hex.DecodeString(s.HeadHash)
	if err != nil || len(h) != 32 {
		return nil, fmt.Errorf("%w: head_hash %q is not 32 bytes of hex", ErrMalformed, s.HeadHash)
	}
	return h, nil
}

// Canonical returns the bytes that are signed: a tag, then every field in a
// fixed order, strings prefixed with their length as a big-endian uint32,
// the position as a big-endian uint64, and the time as RFC 3339 in UTC with
// as many fractional digits as it has.
func (s Statement) Canonical() []byte {
	b := make([]byte, 0, 160)
	b = appendString(b, canonicalTag)
	b = binary.BigEndian.AppendUint64(b, s.Position)
	b = appendString(b, s.HeadHash)
	b = appendString(b, s.Time.UTC().Format(time.RFC3339Nano))
	b = appendString(b, s.Instansi)
	b = appendString(b, s.KeyID)
	return b
}

func appendString(b []byte, v string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// New returns the statement of a head at position with hash, taken at t
// (kept in UTC to the second), for instansi, signed by the key named keyID.
func New(position uint64, hash []byte, t time.Time, instansi, keyID string) Statement {
	return Statement{Position: position, HeadHash: hex.EncodeToString(hash), Time: t.UTC().Truncate(time.Second),
		Instansi: instansi, KeyID: keyID}
}

// Sign fills in the key id of st from key and signs it.
func Sign(key ed25519.PrivateKey, st Statement) (Signed, error) {
	pub, ok := key.Public().(ed25519.PublicKey)
	if !ok || len(key) != ed25519.PrivateKeySize {
		return Signed{}, errors.New("sign anchor: not an Ed25519 private key")
	}
	st.KeyID = KeyID(pub)
	if err := st.validate(); err != nil {
		return Signed{}, fmt.Errorf("sign anchor: %w", err)
	}
	return Signed{Statement: st, Signature: ed25519.Sign(key, st.Canonical()), PublicKey: pub}, nil
}

// Verify checks the signature of a. With trusted set, the anchor must have
// been signed by that key (ErrUntrustedKey otherwise); with trusted nil only
// the key embedded in the anchor is used, which proves the statement was not
// edited after signing but not who signed it. Errors wrap ErrMalformed,
// ErrUntrustedKey or ErrBadSignature.
func Verify(a Signed, trusted ed25519.PublicKey) error {
	if err := a.Statement.validate(); err != nil {
		return err
	}
	if len(a.PublicKey) != ed25519.PublicKeySize || len(a.Signature) != ed25519.SignatureSize {
		return fmt.Errorf("%w: public key of %d bytes or signature of %d bytes", ErrMalformed, len(a.PublicKey), len(a.Signature))
	}
	pub := ed25519.PublicKey(a.PublicKey)
	if trusted != nil && !bytes.Equal(trusted, pub) {
		return fmt.Errorf("%w: signed by key %s, trusted key is %s", ErrUntrustedKey, KeyID(pub), KeyID(trusted))
	}
	if a.Statement.KeyID != KeyID(pub) {
		return fmt.Errorf("%w: key_id %q does not name the embedded public key %s", ErrBadSignature, a.Statement.KeyID, KeyID(pub))
	}
	if !ed25519.Verify(pub, a.Statement.Canonical(), a.Signature) {
		return ErrBadSignature
	}
	return nil
}

// validate checks that the statement has every field.
func (s Statement) validate() error {
	if _, err := s.Hash(); err != nil {
		return err
	}
	if s.Time.IsZero() {
		return fmt.Errorf("%w: no time", ErrMalformed)
	}
	return nil
}
