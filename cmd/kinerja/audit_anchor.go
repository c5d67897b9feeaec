package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/kinerja/kinerja/adapters/anchor"
	"github.com/kinerja/kinerja/adapters/httpapi"
)

// anchorKeyEnv holds an anchor signing key (PEM or base64 seed) when no
// --key file is given.
const anchorKeyEnv = "KINERJA_ANCHOR_KEY"

// runAuditAnchor signs a statement of the log's current head and prints it
// as JSON, or writes it as anchor-<position>.json into --out; with --every
// it does so repeatedly until interrupted. The head is signed as the head
// row states it; run 'audit verify' to check the chain itself.
func runAuditAnchor(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("audit anchor", flag.ContinueOnError)
	cf := bindConfig(fs)
	keyFile := fs.String("key", "", "Ed25519 private key file (PEM PKCS #8 or base64 seed); default: the key held in $"+anchorKeyEnv+" itself (its content, not a file name)")
	instansi := fs.String("instansi", "", "the instansi the anchor is issued for")
	out := fs.String("out", "", "directory to write anchor-<position>.json into instead of printing")
	every := fs.Duration("every", 0, "repeat at this interval until interrupted (0: once)")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if *every < 0 {
		return &usageError{err: fmt.Errorf("audit anchor: --every %s is negative", *every)}
	}
	key, err := loadAnchorKey(e, *keyFile)
	if err != nil {
		return err
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	emit := func() error { return emitAnchor(ctx, e, db.chainHead(), key, *instansi, *out) }
	if err := emit(); err != nil || *every == 0 {
		return err
	}
	tick := time.NewTicker(*every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if err := emit(); err != nil {
				if ctx.Err() != nil {
					return nil // interrupted while anchoring: the anchors written stand
				}
				return err
			}
		}
	}
}

// emitAnchor signs the current head and prints it or writes it into dir.
func emitAnchor(ctx context.Context, e *env, st httpapi.HeadReader, key ed25519.PrivateKey, instansi, dir string) error {
	pos, hash, err := st.Head(ctx)
	if err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	signed, err := anchor.Sign(key, anchor.New(pos, hash, time.Now(), instansi, ""))
	if err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	b, err := json.MarshalIndent(signed, "", "  ")
	if err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	b = append(b, '\n')
	if dir == "" {
		_, err := e.stdout.Write(b)
		return err
	}
	path := filepath.Join(dir, fmt.Sprintf("anchor-%d.json", pos))
	if _, err := os.Stat(path); err == nil {
		// The head has not moved since the last anchor.
		fmt.Fprintf(e.stderr, "%s already anchors position %d, the head; nothing written\n", path, pos)
		return nil
	}
	if err := writeFileAtomic(path, b, 0o644); err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s (position %d)\n", path, pos)
	return nil
}

// writeFileAtomic writes b to a temporary file beside path and renames it
// into place, so a reader never sees half an anchor.
func writeFileAtomic(path string, b []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".anchor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadAnchorKey reads the signing key from file, or from the environment.
func loadAnchorKey(e *env, file string) (ed25519.PrivateKey, error) {
	var data []byte
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("audit anchor: read key: %w", err)
		}
		data = b
	case e.getenv(anchorKeyEnv) != "":
		data = []byte(e.getenv(anchorKeyEnv))
		k, err := anchor.ParsePrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("audit anchor: %s holds the key itself (its PEM or base64 seed), not a file name; "+
				"for a file use --key FILE: %w", anchorKeyEnv, err)
		}
		return k, nil
	default:
		return nil, &usageError{err: fmt.Errorf("audit anchor: no key: pass --key FILE or set %s ('kinerja audit keygen' makes one)", anchorKeyEnv)}
	}
	k, err := anchor.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("audit anchor: key file %s: %w", file, err)
	}
	return k, nil
}

// runAuditKeygen writes a new Ed25519 private key (PEM, mode 0600) to --out
// and its public key to the same name with ".pub" added. It never
// overwrites a file.
func runAuditKeygen(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("audit keygen", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the private key to (the public key goes to FILE.pub)")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if *out == "" {
		return &usageError{err: errors.New("audit keygen: --out FILE is required")}
	}
	priv, pub, err := anchor.GenerateKey()
	if err != nil {
		return err
	}
	if err := writeNew(*out, priv, 0o600); err != nil {
		return fmt.Errorf("audit keygen: %w", err)
	}
	if err := writeNew(*out+".pub", pub, 0o644); err != nil {
		return fmt.Errorf("audit keygen: %w", err)
	}
	pk, err := anchor.ParsePublicKey(pub)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s and %s.pub; key id %s\n", *out, *out, anchor.KeyID(pk))
	return nil
}

// writeNew creates path with b, failing if it exists.
func writeNew(path string, b []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkAnchorFile reads a signed anchor and checks its signature, against
// the public key in pubFile when given. It says on stdout what it checked.
func checkAnchorFile(e *env, file, pubFile string) (anchor.Signed, error) {
	var a anchor.Signed
	b, err := os.ReadFile(file)
	if err != nil {
		return a, fmt.Errorf("audit verify: read anchor: %w", err)
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return a, fmt.Errorf("audit verify: anchor %s is not valid JSON: %w", file, err)
	}
	var trusted ed25519.PublicKey
	if pubFile != "" {
		pb, err := os.ReadFile(pubFile)
		if err != nil {
			return a, fmt.Errorf("audit verify: read public key: %w", err)
		}
		if trusted, err = anchor.ParsePublicKey(pb); err != nil {
			return a, fmt.Errorf("audit verify: %w", err)
		}
	}
	if err := anchor.Verify(a, trusted); err != nil {
		fmt.Fprintf(e.stdout, "anchor %s REJECTED: %s\n", file, err)
		return a, fmt.Errorf("audit verify: anchor %s rejected: %w", file, err)
	}
	st := a.Statement
	how := "trusted key"
	if trusted == nil {
		how = "its embedded key only; pass --public-key to check who signed it"
		fmt.Fprintln(e.stderr, "warning: anchor signature checked against "+how)
	}
	fmt.Fprintf(e.stdout, "anchor signature valid (%s): key %s, instansi %q, position %d, time %s\n",
		how, st.KeyID, st.Instansi, st.Position, st.Time.UTC().Format(time.RFC3339))
	return a, nil
}
