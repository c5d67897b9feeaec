package httpapi

// The columns of every CSV and XLSX export, in one place: a table function
// fills rows in this order, the CSV header is the keys, the XLSX header is
// the Indonesian labels, and the kind tells the XLSX writer how to type a
// cell. TestExportColumns checks that every row matches its columns.

// explanationColumns are the columns of an explanation (standing or
// promotion): one row per cited event.
var explanationColumns = []exportColumn{
	{"explains", "Menjelaskan", cellText}, {"position", "Posisi Log", cellNumber},
	{"event_id", "ID Event", cellText}, {"stream", "Stream", cellText}, {"version", "Versi", cellNumber},
	{"hash", "Hash", cellText}, {"type", "Jenis Event", cellText}, {"actor_id", "ID Pelaku", cellText},
	{"actor_role", "Peran Pelaku", cellText}, {"recorded_at", "Dicatat Pada", cellTime}, {"why", "Alasan", cellText},
}

var historyColumns = []exportColumn{
	{"kind", "Jenis", cellText}, {"year", "Tahun", cellNumber}, {"effective", "Tanggal Berlaku", cellDate},
	{"from", "Dari", cellText}, {"to", "Ke", cellText}, {"predikat", "Predikat", cellText},
	{"status", "Status SKP", cellText}, {"reason", "Alasan", cellText}, {"event_id", "ID Event", cellText},
	{"recorded_at", "Dicatat Pada", cellTime},
}

var projectionsColumns = []exportColumn{
	{"name", "Nama Proyeksi", cellText}, {"state", "Keadaan", cellText}, {"owner", "Pemilik", cellText},
	{"checkpoint", "Checkpoint", cellNumber}, {"head", "Ujung Log", cellNumber}, {"lag", "Tertinggal", cellNumber},
	{"failed_position", "Posisi Gagal", cellNumber}, {"failed_event_id", "ID Event Gagal", cellText},
	{"failed_type", "Jenis Event Gagal", cellText}, {"error", "Galat", cellText}, {"updated_at", "Diperbarui Pada", cellTime},
}

var replaysColumns = []exportColumn{
	{"schema", "Skema", cellText}, {"projections", "Proyeksi", cellText}, {"until", "Sampai", cellText},
	{"position", "Posisi Log", cellNumber}, {"events", "Jumlah Event", cellNumber}, {"started_at", "Mulai", cellTime},
	{"finished_at", "Selesai", cellTime}, {"complete", "Lengkap", cellBool}, {"instansi", "Instansi", cellText},
	{"built_by", "Dibuat Oleh", cellText},
}

var diffColumns = []exportColumn{
	{"table", "Tabel", cellText}, {"kind", "Jenis Perbedaan", cellText}, {"key", "Kunci", cellText},
	{"column", "Kolom", cellText}, {"live", "Nilai Langsung", cellText}, {"replay", "Nilai Replay", cellText},
}

var unitMembersColumns = []exportColumn{
	{"nip", "NIP", cellText}, {"name", "Nama", cellText}, {"plan_status", "Status Rencana SKP", cellText},
	{"predikat", "Predikat Kinerja", cellText}, {"event_id", "ID Event", cellText},
	{"expected", "Realisasi Diharapkan", cellNumber}, {"on_time", "Tepat Waktu", cellNumber},
	{"late", "Terlambat", cellNumber}, {"missing", "Belum Ada", cellNumber}, {"pending", "Belum Jatuh Tempo", cellNumber},
}

var needsColumns = []exportColumn{
	{"nip", "NIP", cellText}, {"name", "Nama", cellText}, {"instansi", "Instansi", cellText},
	{"unit", "Unit Kerja", cellText}, {"year", "Tahun", cellNumber}, {"kind", "Jenis Kebutuhan", cellText},
	{"period", "Periode", cellText}, {"subject", "Pokok", cellText}, {"detail", "Rincian", cellText},
	{"values", "Nilai BerAKHLAK", cellText}, {"target", "Target", cellText}, {"expected", "Diharapkan", cellNumber},
	{"realised", "Terealisasi", cellNumber}, {"event_ids", "ID Event", cellText},
}

var worklistColumns = []exportColumn{
	{"kind", "Jenis Tugas", cellText}, {"nip", "NIP", cellText}, {"name", "Nama", cellText},
	{"unit", "Unit Kerja", cellText}, {"year", "Tahun", cellNumber}, {"window", "Periode", cellNumber},
	{"label", "Label Periode", cellText}, {"feedback_no", "Umpan Balik Ke", cellNumber}, {"since", "Sejak", cellDate},
	{"age_days", "Umur (hari)", cellNumber}, {"deadline", "Batas Waktu", cellDate}, {"acting", "Plt/Plh", cellBool},
}

var eventColumns = []exportColumn{
	{"position", "Posisi Log", cellNumber}, {"event_id", "ID Event", cellText}, {"stream", "Stream", cellText},
	{"version", "Versi", cellNumber}, {"type", "Jenis Event", cellText}, {"schema_version", "Versi Skema", cellNumber},
	{"recorded_at", "Dicatat Pada", cellTime}, {"actor_id", "ID Pelaku", cellText}, {"actor_role", "Peran Pelaku", cellText},
	{"on_behalf_of", "Atas Nama", cellText}, {"reason", "Alasan", cellText}, {"request_id", "ID Permintaan", cellText},
	{"correlation_id", "ID Korelasi", cellText}, {"causation_id", "ID Penyebab", cellText}, {"client", "Klien", cellText},
	{"prev_hash", "Hash Sebelumnya", cellText}, {"hash", "Hash", cellText}, {"data", "Data", cellText},
}

var scoreTrailColumns = []exportColumn{
	{"position", "Posisi Log", cellNumber}, {"event_id", "ID Event", cellText}, {"stream", "Stream", cellText},
	{"version", "Versi", cellNumber}, {"hash", "Hash", cellText}, {"type", "Jenis Event", cellText},
	{"window", "Periode", cellNumber}, {"annual", "Tahunan", cellBool},
	{"before_hasil", "Hasil Kerja Sebelum", cellText}, {"before_perilaku", "Perilaku Kerja Sebelum", cellText},
	{"before_predikat", "Predikat Sebelum", cellText}, {"after_hasil", "Hasil Kerja Sesudah", cellText},
	{"after_perilaku", "Perilaku Kerja Sesudah", cellText}, {"after_predikat", "Predikat Sesudah", cellText},
	{"outcome", "Hasil Keberatan", cellText}, {"actor_id", "ID Pelaku", cellText}, {"actor_role", "Peran Pelaku", cellText},
	{"reason", "Alasan", cellText}, {"policy_version", "Versi Kebijakan", cellText}, {"at", "Waktu", cellTime},
	{"recorded_at", "Dicatat Pada", cellTime},
}

var accessColumns = []exportColumn{
	{"id", "ID", cellNumber}, {"at", "Waktu", cellTime}, {"subject", "Subjek", cellText}, {"roles", "Peran", cellText},
	{"instansi", "Instansi", cellText}, {"method", "Metode", cellText}, {"route", "Rute", cellText},
	{"resource_kind", "Jenis Sumber Daya", cellText}, {"resource_id", "ID Sumber Daya", cellText},
	{"query", "Kueri", cellText}, {"status", "Status HTTP", cellNumber}, {"request_id", "ID Permintaan", cellText},
	{"client_addr", "Alamat Klien", cellText}, {"resource_instansi", "Instansi Sumber Daya", cellText},
}

var candidatesColumns = []exportColumn{
	{"nip", "NIP", cellText}, {"name", "Nama", cellText}, {"instansi", "Instansi", cellText},
	{"unit", "Unit Kerja", cellText}, {"golongan", "Pangkat/Golongan", cellText}, {"golongan_tmt", "TMT Golongan", cellDate},
	{"eligible", "Memenuhi Syarat", cellBool}, {"next_date", "Tanggal Berikutnya", cellDate},
	{"reasons", "Alasan (Inggris)", cellText}, {"reason_event_ids", "ID Event Alasan", cellText},
	{"angka_kredit", "Angka Kredit", cellText}, {"angka_kredit_event_ids", "ID Event Angka Kredit", cellText},
	// The reasons in Indonesian (text_id, as the console shows them),
	// last so that the columns before keep their places.
	{"reasons_id", "Alasan", cellText},
}

var standingsColumns = []exportColumn{
	{"nip", "NIP", cellText}, {"year", "Tahun", cellNumber}, {"name", "Nama", cellText},
	{"employee_status", "Status Pegawai", cellText}, {"instansi", "Instansi", cellText}, {"unit", "Unit Kerja", cellText},
	{"jabatan_kind", "Jenis Jabatan", cellText}, {"jabatan_level", "Jenjang Jabatan", cellText},
	{"jabatan_name", "Nama Jabatan", cellText}, {"golongan", "Pangkat/Golongan", cellText},
	{"golongan_tmt", "TMT Golongan", cellDate}, {"left_service", "Berhenti", cellBool}, {"skp_status", "Status SKP", cellText},
	{"rhk_count", "Jumlah RHK", cellNumber}, {"iki_count", "Jumlah Indikator", cellNumber},
	{"realisations", "Jumlah Realisasi", cellNumber}, {"late_realisations", "Realisasi Terlambat", cellNumber},
	{"feedback_count", "Jumlah Umpan Balik", cellNumber}, {"windows_rated", "Periode Dinilai", cellNumber},
	{"windows", "Jumlah Periode", cellNumber}, {"progress_percent", "Kemajuan (%)", cellNumber},
	{"periodic_window", "Periode Terakhir", cellNumber}, {"periodic_label", "Label Periode", cellText},
	{"periodic_hasil", "Hasil Kerja Periodik", cellText}, {"periodic_perilaku", "Perilaku Kerja Periodik", cellText},
	{"periodic_predikat", "Predikat Periodik", cellText}, {"annual_hasil", "Hasil Kerja Tahunan", cellText},
	{"annual_perilaku", "Perilaku Kerja Tahunan", cellText}, {"annual_predikat", "Predikat Tahunan", cellText},
	{"annual_at", "Dinilai Pada", cellTime}, {"objection", "Keberatan", cellText},
	{"last_position", "Posisi Log Terakhir", cellNumber},
}
