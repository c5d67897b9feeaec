package pgbatch

import "github.com/kinerja/kinerja/domain/civil"

// Placement is an employee's master data as read models report it: where
// they work, their jabatan and golongan (with its TMT), and whether they
// left the service. Read models embed it, so its fields stand in their
// JSON objects as their own.
type Placement struct {
	Instansi     string      `json:"instansi"`
	Unit         string      `json:"unit"`
	JabatanKind  string      `json:"jabatan_kind"`
	JabatanLevel string      `json:"jabatan_level"`
	JabatanName  string      `json:"jabatan_name"`
	Golongan     string      `json:"golongan"`
	GolonganTMT  *civil.Date `json:"golongan_tmt,omitempty"`
	LeftService  bool        `json:"left_service"`
}
