package performance

import "fmt"

// JabatanKind is the kind of a position (jabatan).
type JabatanKind string

// The kinds of jabatan.
const (
	JabatanJPT                    JabatanKind = "jpt"
	JabatanAdministrasi           JabatanKind = "administrasi"
	JabatanFungsionalKeahlian     JabatanKind = "fungsional_keahlian"
	JabatanFungsionalKeterampilan JabatanKind = "fungsional_keterampilan"
)

// JabatanLevel is the level of a position within its kind. Level names are
// unique across kinds, so a level determines its kind (see Kind).
type JabatanLevel string

// The levels of each kind of jabatan.
const (
	// JPT (jabatan pimpinan tinggi).
	LevelUtama   JabatanLevel = "utama"
	LevelMadya   JabatanLevel = "madya"
	LevelPratama JabatanLevel = "pratama"
	// Administrasi.
	LevelAdministrator JabatanLevel = "administrator"
	LevelPengawas      JabatanLevel = "pengawas"
	LevelPelaksana     JabatanLevel = "pelaksana"
	// Fungsional keahlian.
	LevelAhliPertama JabatanLevel = "ahli_pertama"
	LevelAhliMuda    JabatanLevel = "ahli_muda"
	LevelAhliMadya   JabatanLevel = "ahli_madya"
	LevelAhliUtama   JabatanLevel = "ahli_utama"
	// Fungsional keterampilan.
	LevelPemula   JabatanLevel = "pemula"
	LevelTerampil JabatanLevel = "terampil"
	LevelMahir    JabatanLevel = "mahir"
	LevelPenyelia JabatanLevel = "penyelia"
)

// jabatanLevels lists the levels of each kind, lowest first.
func jabatanLevels() map[JabatanKind][]JabatanLevel {
	return map[JabatanKind][]JabatanLevel{
		JabatanJPT:                    {LevelPratama, LevelMadya, LevelUtama},
		JabatanAdministrasi:           {LevelPelaksana, LevelPengawas, LevelAdministrator},
		JabatanFungsionalKeahlian:     {LevelAhliPertama, LevelAhliMuda, LevelAhliMadya, LevelAhliUtama},
		JabatanFungsionalKeterampilan: {LevelPemula, LevelTerampil, LevelMahir, LevelPenyelia},
	}
}

// FunctionalLevels returns the levels of the functional kinds, keahlian
// first, each lowest first. These are the levels that earn angka kredit.
func FunctionalLevels() []JabatanLevel {
	m := jabatanLevels()
	return append(m[JabatanFungsionalKeahlian], m[JabatanFungsionalKeterampilan]...)
}

// Kind returns the kind that level l belongs to, and false when l is not a
// known level.
func (l JabatanLevel) Kind() (JabatanKind, bool) {
	k, ok := levelKinds[l]
	return k, ok
}

// levelKinds maps each level to its kind. Kind is asked for every month of
// every candidate's angka kredit, so the map is built once (building it per
// call was a third of the CPU time of an instansi's promotion candidates).
var levelKinds = func() map[JabatanLevel]JabatanKind {
	m := map[JabatanLevel]JabatanKind{}
	for k, levels := range jabatanLevels() {
		for _, l := range levels {
			m[l] = k
		}
	}
	return m
}()

// Functional reports whether l is a level of a functional jabatan.
func (l JabatanLevel) Functional() bool {
	k, _ := l.Kind()
	return k == JabatanFungsionalKeahlian || k == JabatanFungsionalKeterampilan
}

// ValidateJabatan checks that kind is a known kind and level one of its
// levels. Errors wrap ErrInvalidJabatan.
func ValidateJabatan(kind JabatanKind, level JabatanLevel) error {
	levels, ok := jabatanLevels()[kind]
	if !ok {
		return fmt.Errorf("jabatan kind %q (want jpt, administrasi, fungsional_keahlian or fungsional_keterampilan): %w", kind, ErrInvalidJabatan)
	}
	for _, l := range levels {
		if l == level {
			return nil
		}
	}
	return fmt.Errorf("jabatan %s level %q (want one of %v): %w", kind, level, levels, ErrInvalidJabatan)
}
