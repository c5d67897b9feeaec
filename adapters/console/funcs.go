package console

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// funcs are the helpers the templates use on the API's generic JSON.
func funcs() template.FuncMap {
	labels := labelTable()
	label := func(v any) string { return labelFrom(labels, v) }
	return template.FuncMap{
		"s":     str,
		"list":  list,
		"num":   num,
		"label": label,
		"when":  when,
		"day":   day,
		"short": short,
		"has": func(id *Identity, roles ...string) bool {
			if id == nil {
				return false
			}
			rs := make([]actor.Role, len(roles))
			for i, r := range roles {
				rs[i] = actor.Role(r)
			}
			return id.Has(rs...)
		},
		"add": func(a, b int) int { return a + b },
		// dict makes a map of key-value pairs, to pass to a template.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"strs":     func(v ...string) []string { return v },
		"planItem": planItem,
		// field is the text a refused form of action aksi held in name.
		"field": func(in map[string]map[string]string, aksi, name string) string { return in[aksi][name] },
		"mulf":  func(a, b float64) float64 { return a * b },
		"with":  withParam,
		"roleNames": func(id *Identity) string {
			var out []string
			for _, r := range id.Roles {
				out = append(out, label(string(r)))
			}
			return strings.Join(out, ", ")
		},
	}
}

// planItem names the RHK or IKI id of plan (the SKP's JSON plan) by its
// text, "text (id)"; an id the plan no longer has (dropped by a revision)
// is shown as it is.
func planItem(plan, id any) string {
	want := str(id)
	p, _ := plan.(map[string]any)
	for _, r := range list(p["rhk"]) {
		rhk, _ := r.(map[string]any)
		if str(rhk["id"]) == want {
			return str(rhk["text"]) + " (" + want + ")"
		}
		for _, k := range list(rhk["iki"]) {
			if iki, _ := k.(map[string]any); str(iki["id"]) == want {
				return str(iki["text"]) + " (" + want + ")"
			}
		}
	}
	return want
}

// str renders a JSON value as text: "" for null.
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "ya"
		}
		return "tidak"
	}
	return fmt.Sprint(v)
}

// list returns a JSON array, or nil.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// num returns a JSON number as an int.
func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// when renders an RFC 3339 timestamp as date, time and the zone it was
// given in (the instansi's), as Indonesians write them: 15-05-2025 09.00
// WIB. An offset other than those of WIB, WITA and WIT stays an offset.
func when(v any) string {
	t, err := time.Parse(time.RFC3339Nano, str(v))
	if err != nil {
		return str(v)
	}
	return t.Format("02-01-2006 15.04") + " " + zoneName(t)
}

// zoneName names the zone of t's offset: WIB, WITA or WIT for Indonesia's
// three, UTC for none, else the offset.
func zoneName(t time.Time) string {
	switch _, off := t.Zone(); off {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
	case 0:
		return "UTC"
	}
	return t.Format("-07:00")
}

// day renders a date or timestamp as a day.
func day(v any) string {
	s := str(v)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.Format("02-01-2006")
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format("02-01-2006")
	}
	return s
}

// short abbreviates a hash for display.
func short(v any) string {
	s := str(v)
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// withParam returns the query q with key set to value (removed when empty),
// encoded with a leading "?".
func withParam(q url.Values, kv ...string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			c.Del(kv[i])
		} else {
			c.Set(kv[i], kv[i+1])
		}
	}
	if len(c) == 0 {
		return ""
	}
	return "?" + c.Encode()
}

// labelTable maps the API's codes to the regulation's Indonesian terms.
func labelTable() map[string]string {
	return map[string]string{
		"sangat_baik": "Sangat Baik", "baik": "Baik", "butuh_perbaikan": "Butuh Perbaikan", "kurang": "Kurang",
		"sangat_kurang": "Sangat Kurang", "istimewa": "Istimewa", "di_atas_ekspektasi": "Di Atas Ekspektasi",
		"sesuai_ekspektasi": "Sesuai Ekspektasi", "di_bawah_ekspektasi": "Di Bawah Ekspektasi",
		"none": "Belum ada", "draft": "Draf", "submitted": "Diajukan", "returned": "Dikembalikan", "approved": "Disetujui",
		"pegawai": "Pegawai", "pejabat_penilai": "Pejabat Penilai", "atasan_pejabat_penilai": "Atasan Pejabat Penilai",
		"pimpinan": "Pimpinan", "hr": "SDM (BKPSDM)", "admin": "Admin Instansi", "auditor": "Auditor",
		"inspektorat": "Inspektorat", "system": "Sistem", "utama": "Utama", "tambahan": "Tambahan",
		"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya",
		"respond_to_feedback": "Tanggapi umpan balik", "report_realisation": "Laporkan realisasi",
		"draft_plan": "Susun rencana SKP", "submit_plan": "Ajukan rencana SKP kepada pejabat penilai",
		"resubmit_plan":      "Perbaiki rencana SKP sesuai catatan, lalu ajukan kembali",
		"objection_possible": "Keberatan atas penilaian tahunan dapat diajukan", "filed": "Diajukan, belum diputuskan",
		"plan_approval": "Persetujuan rencana SKP", "rating": "Penilaian", "objection": "Keberatan",
		"feedback_response": "Tanggapan umpan balik", "overdue_realisation": "Realisasi terlambat",
		"ratings_changed": "Penilaian diubah", "ratings_upheld": "Penilaian dikuatkan",
		"max_share": "paling banyak", "min_share": "paling sedikit", "at_least_one": "paling sedikit satu",
		"none_allowed": "tidak boleh ada", "ok": "utuh", "broken": "rusak", "pns": "PNS", "pppk": "PPPK",
		"berorientasi_pelayanan": "Berorientasi Pelayanan", "akuntabel": "Akuntabel", "kompeten": "Kompeten",
		"harmonis": "Harmonis", "loyal": "Loyal", "adaptif": "Adaptif", "kolaboratif": "Kolaboratif",
		"skp.periodic_ratings_given": "Penilaian periodik", "skp.annual_ratings_given": "Penilaian tahunan",
		"skp.ratings_amended": "Perubahan penilaian", "skp.objection_decided": "Keputusan keberatan",
	}
}

// labelFrom returns the Indonesian term of a code, or the code itself.
func labelFrom(labels map[string]string, v any) string {
	s := str(v)
	if l, ok := labels[s]; ok {
		return l
	}
	return strings.ReplaceAll(s, "_", " ")
}
