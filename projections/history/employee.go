package history

import (
	"strconv"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// The kinds of change.
const (
	KindRegistered     = "registered"
	KindTransferred    = "transferred"
	KindJabatanChanged = "jabatan_changed"
	KindGolongan       = "golongan_changed"
	KindReportingLine  = "reporting_line_assigned"
	KindLeftService    = "left_service"
)

// queueChange is one row of history_changes.
type change struct {
	nip, kind, from, to, reason string
	effective                   civil.Date
	detail                      map[string]string
	by                          actor.Actor
	at                          time.Time
}

// onEmployee queues the statements of an employee event: the master data
// now, and the change it records.
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	pos := b.Event().Position
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO history_employees (nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name,
				golongan, golongan_tmt, registered_event_id, registered_at, last_position)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (nip) DO UPDATE SET name = $2, status = $3, instansi = $4, unit = $5, jabatan_kind = $6,
				jabatan_level = $7, jabatan_name = $8, golongan = $9, golongan_tmt = $10, left_service = false, left_on = NULL,
				units = NULL, unit_days = NULL,
				registered_event_id = $11, registered_at = $12, last_position = $13`,
			ev.NIP, ev.Name, string(ev.Status), ev.Instansi, ev.Unit, string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			ev.Jabatan.Name, string(ev.Golongan), dateArg(ev.GolonganTMT), b.Event().ID, ev.At.UTC(), pos)
		queueChange(b, change{nip: ev.NIP, kind: KindRegistered, to: ev.Unit, by: ev.By, at: ev.At,
			detail: map[string]string{"instansi": ev.Instansi, "status": string(ev.Status), "golongan": string(ev.Golongan),
				"jabatan": ev.Jabatan.Name, "jabatan_kind": string(ev.Jabatan.Kind), "jabatan_level": string(ev.Jabatan.Level)}})
	case employee.Transferred:
		b.Queue(`UPDATE history_employees SET `+pgbatch.TransferSet+`, last_position = $4 WHERE nip = $1`,
			ev.NIP, ev.ToUnit, ev.Effective.String(), pos)
		queueChange(b, change{nip: ev.NIP, kind: KindTransferred, from: ev.FromUnit, to: ev.ToUnit, effective: ev.Effective,
			reason: ev.Reason, by: ev.By, at: ev.At})
	case employee.JabatanChanged:
		b.Queue(`UPDATE history_employees SET jabatan_kind = $2, jabatan_level = $3, jabatan_name = $4, last_position = $5 WHERE nip = $1`,
			ev.NIP, string(ev.To.Kind), string(ev.To.Level), ev.To.Name, pos)
		queueChange(b, change{nip: ev.NIP, kind: KindJabatanChanged, from: ev.From.Name, to: ev.To.Name, effective: ev.Effective,
			by: ev.By, at: ev.At, detail: map[string]string{"from_kind": string(ev.From.Kind), "from_level": string(ev.From.Level),
				"to_kind": string(ev.To.Kind), "to_level": string(ev.To.Level)}})
	case employee.GolonganChanged:
		b.Queue(`UPDATE history_employees SET golongan = $2, golongan_tmt = $3, last_position = $4 WHERE nip = $1`,
			ev.NIP, string(ev.To), dateArg(ev.TMT), pos)
		d := map[string]string{}
		if !ev.FromTMT.IsZero() {
			d["from_tmt"] = ev.FromTMT.String()
		}
		queueChange(b, change{nip: ev.NIP, kind: KindGolongan, from: string(ev.From), to: string(ev.To), effective: ev.TMT,
			by: ev.By, at: ev.At, detail: d})
	case employee.ReportingLineAssigned:
		queueChange(b, change{nip: ev.NIP, kind: KindReportingLine, to: ev.PejabatPenilai, effective: ev.EffectiveFrom,
			reason: ev.Reason, by: ev.By, at: ev.At,
			detail: map[string]string{"atasan_pejabat_penilai": ev.AtasanPejabatPenilai, "acting": strconv.FormatBool(ev.Acting)}})
	case employee.LeftService:
		b.Queue(`UPDATE history_employees SET left_service = true, left_on = $3, last_position = $2 WHERE nip = $1`,
			ev.NIP, pos, ev.Effective.String())
		queueChange(b, change{nip: ev.NIP, kind: KindLeftService, effective: ev.Effective, reason: ev.Reason, by: ev.By, at: ev.At})
	}
}

// queueChange queues the row of a change recorded by the current event.
func queueChange(b *pgbatch.Batch, c change) {
	if c.detail == nil {
		c.detail = map[string]string{}
	}
	b.Queue(`INSERT INTO history_changes (nip, position, event_id, kind, effective, from_value, to_value, detail, reason,
			recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (nip, position) DO NOTHING`,
		c.nip, b.Event().Position, b.Event().ID, c.kind, dateArg(c.effective), c.from, c.to, c.detail, c.reason, c.by.NIP, c.at.UTC())
}
