package rebuild

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Which replays an instansi keeps: those built for it that have not
// expired. Only they count against its quota; the replays of other
// instansi and those built from the command line (which belong to no
// instansi and never expire) do not, so that no instansi is refused, or
// told anything, because of another.

// checkQuota refuses a build when instansi keeps MaxPerInstansi replays
// (ErrTooManyReplays); it drops the expired replays first.
func (r *Replays) checkQuota(ctx context.Context, instansi string) error {
	kept, err := r.kept(ctx)
	if err != nil {
		return err
	}
	if n := len(ownedBy(kept, instansi)); n >= r.cfg.MaxPerInstansi {
		return fmt.Errorf("replay: %w (your instansi keeps %d, at most %d; each expires %s after it was built)",
			ErrTooManyReplays, n, r.cfg.MaxPerInstansi, r.cfg.TTL)
	}
	return nil
}

// kept returns the replays made from the live schema, oldest first, that
// have not expired, each with its expiry; it drops those that have.
func (r *Replays) kept(ctx context.Context) ([]ReplayInfo, error) {
	all, err := ListReplays(ctx, r.pool)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := []ReplayInfo{}
	for _, info := range all {
		if !r.expired(info, now) {
			out = append(out, r.withExpiry(info))
			continue
		}
		err := DropReplay(ctx, r.pool, info.Schema)
		switch {
		case err == nil:
			r.cfg.Logger.Info("replay expired and dropped", "schema", info.Schema, "instansi", info.Instansi, "started_at", info.StartedAt)
		case !errors.Is(err, ErrNotReplay) && !errors.Is(err, ErrReplayBusy):
			r.cfg.Logger.Error("replay: drop an expired replay", "schema", info.Schema, "err", err)
		}
	}
	return out, nil
}

// expired reports whether info is a replay of an instansi started TTL or
// longer before now.
func (r *Replays) expired(info ReplayInfo, now time.Time) bool {
	return info.Instansi != "" && !now.Before(info.StartedAt.Add(r.cfg.TTL))
}

// withExpiry returns info with the time it expires, if it belongs to an
// instansi.
func (r *Replays) withExpiry(info ReplayInfo) ReplayInfo {
	if info.Instansi != "" {
		at := info.StartedAt.Add(r.cfg.TTL)
		info.ExpiresAt = &at
	}
	return info
}

// ownedBy returns the replays of list that belong to instansi; none for
// the empty instansi, whose replays belong to no one.
func ownedBy(list []ReplayInfo, instansi string) []ReplayInfo {
	out := []ReplayInfo{}
	for _, info := range list {
		if instansi != "" && info.Instansi == instansi {
			out = append(out, info)
		}
	}
	return out
}

// List returns the replays of instansi kept for the live schema, oldest
// first; it drops the expired replays.
func (r *Replays) List(ctx context.Context, instansi string) ([]ReplayInfo, error) {
	kept, err := r.kept(ctx)
	if err != nil {
		return nil, err
	}
	return ownedBy(kept, instansi), nil
}

// Info returns the description of the replay of instansi in schema:
// ErrNotReplay if there is none, if it belongs to another instansi or to
// none, if it was made from another live schema, or if it has expired. The
// cases give the same error.
func (r *Replays) Info(ctx context.Context, instansi, schema string) (ReplayInfo, error) {
	info, err := ReplayInfoOf(ctx, r.pool, schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	var live string
	if err := r.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, err)
	}
	if info.LiveSchema != live || instansi == "" || info.Instansi != instansi || r.expired(info, time.Now()) {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, ErrNotReplay)
	}
	return r.withExpiry(info), nil
}
