package security

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
)

// surrogate marks where the generator wants a lone UTF-16 surrogate:
// encoding/json cannot write one, so the marker is replaced by its escape
// in the encoded body (see encodeBody).
const surrogate = "\ue000SUR\ue000"

// nastyPieces are the ingredients of hostile strings.
var nastyPieces = []string{
	"\x00", "a\x00b", "\u202e", "\u202d", "\u200f", "\u200b", "\ufeff", "e\u0301", "\u0301\u0301\u0301", "Z\u0351\u0352\u0357\u0358",
	"👩\u200d👩\u200d👧", "🇮🇩", "\U0010ffff", "\ufffe", "\uffff", "\u2028", "\u2029", "\x01", "\x1b[31m", "\x7f", "\u0085",
	"\t", "\n", "\r\n", surrogate, "'; DROP TABLE events; --", "%00", "\\u0000", "${jndi:ldap://x}", "<script>", "Ã©",
	"ﷺ", "ǅ", "ß", "İ", "ﬃ", " ", "\u00a0", "\u3000", "क्षि", "한국어", "日本語", "العربية",
}

// nastyString returns a hostile string: pieces and random runes, sometimes
// long (just over a limit, or megabytes).
func nastyString(rng *rand.Rand) string {
	switch rng.IntN(20) {
	case 0:
		return strings.Repeat(randomRunes(rng, 1+rng.IntN(4)), 1+rng.IntN(5000))
	case 1:
		n := []int{200, 201, 500, 501, 1000, 1001, 2000, 2001, 4000, 4001}[rng.IntN(10)]
		return strings.Repeat("é", n)
	case 2:
		return ""
	}
	var b strings.Builder
	for range 1 + rng.IntN(8) {
		if rng.IntN(3) == 0 {
			b.WriteString(randomRunes(rng, 1+rng.IntN(10)))
		} else {
			b.WriteString(nastyPieces[rng.IntN(len(nastyPieces))])
		}
	}
	return b.String()
}

// randomRunes returns n runes from all over Unicode.
func randomRunes(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		var r rune
		switch rng.IntN(4) {
		case 0:
			r = rune(rng.IntN(0x80))
		case 1:
			r = rune(0x80 + rng.IntN(0x800-0x80))
		case 2:
			r = rune(0x800 + rng.IntN(0x10000-0x800))
		default:
			r = rune(0x10000 + rng.IntN(0x110000-0x10000))
		}
		if !utf8.ValidRune(r) {
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nastyValue returns a hostile JSON value of any type.
func nastyValue(rng *rand.Rand) any {
	switch rng.IntN(10) {
	case 0:
		return rng.NormFloat64() * 1e300
	case 1:
		return json.Number("1e999999")
	case 2:
		return -1
	case 3:
		return nil
	case 4:
		return true
	case 5:
		return map[string]any{"x": nastyString(rng)}
	case 6:
		return []any{nastyString(rng), 1}
	}
	return nastyString(rng)
}

// encodeBody encodes v as JSON, putting lone surrogates where the markers are.
func encodeBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte(surrogate), []byte(`\ud800`))
	return bytes.TrimRight(out, "\n"), nil
}

// wholeBody returns a hostile body that is not a mutation of a valid one:
// deep nesting, megabytes, invalid UTF-8, duplicate keys, wrong types.
func wholeBody(rng *rand.Rand, valid map[string]any) []byte {
	switch rng.IntN(9) {
	case 0:
		n := 1000 + rng.IntN(20000)
		return []byte(`{"plan":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`)
	case 1:
		n := 1000 + rng.IntN(20000)
		return []byte(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n))
	case 2:
		return []byte(`{"text":"` + strings.Repeat("x", 10<<20) + `"}`)
	case 3:
		return []byte("{\"text\":\"\xff\xfe\xc0\x80\",\"note\":\"\xed\xa0\x80\"}")
	case 4:
		return []byte(`{"text":"\udc00\ud800x","note":"\ud800","reason":"\u0000"}`)
	case 5:
		return dupKeys(valid)
	case 6:
		return []byte(`[1,2,3]`)
	case 7:
		return []byte(`{} {}`)
	}
	b := make([]byte, rng.IntN(300))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return b
}

// dupKeys returns the valid body with each key repeated in another case.
func dupKeys(valid map[string]any) []byte {
	var parts []string
	for k, v := range valid {
		raw, _ := json.Marshal(v)
		parts = append(parts, fmt.Sprintf("%q:%s,%q:%s", k, raw, strings.ToUpper(k[:1])+k[1:], raw))
	}
	if len(parts) == 0 {
		parts = append(parts, `"text":"a","Text":"b"`)
	}
	return []byte("{" + strings.Join(parts, ",") + "}")
}

// leaf is a place in a JSON tree that can be set.
type leaf struct {
	path string
	set  func(any)
}

// leaves returns every value position of a JSON tree, outermost first.
func leaves(v any, path string) []leaf {
	var out []leaf
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, leaf{path + "." + k, func(n any) { x[k] = n }})
			out = append(out, leaves(e, path+"."+k)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, leaf{fmt.Sprintf("%s[%d]", path, i), func(n any) { x[i] = n }})
			out = append(out, leaves(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// csvBody returns a CSV import of kind with hostile cells.
func csvBody(rng *rand.Rand, kind string) string {
	headers := map[string]string{
		"units":           "code,name,parent,instansi",
		"employees":       "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt",
		"reporting-lines": "nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason",
	}
	valid := map[string][]string{
		"units":           {"bidang-c", "Bidang Baru", "dinas", httpapitest.Instansi},
		"employees":       {"199202022020121001", "Gita Baru", "pns", httpapitest.Instansi, "bidang-a", "administrasi", "pelaksana", "Analis", "III/a", "2021-01-01"},
		"reporting-lines": {httpapitest.Rekan, httpapitest.Penilai, httpapitest.Kepala, "2025-01-01", "no", "struktur"},
	}
	h, ok := headers[kind]
	if !ok {
		return nastyString(rng)
	}
	row := append([]string(nil), valid[kind]...)
	for range 1 + rng.IntN(2) {
		row[rng.IntN(len(row))] = nastyString(rng)
	}
	for i, c := range row {
		row[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
	}
	return h + "\n" + strings.Join(row, ",") + "\n"
}
