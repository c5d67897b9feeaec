package httpapi

import (
	"regexp"
	"strings"
	"testing"
)

// TestMetricsRouteLabelsAreTemplatesWithoutPatterns reads routes whose
// templates have variables with patterns (year, window): their metrics are
// labelled with the documented template, /v1/skp/{nip}/{year}, not with
// the router's regular expressions; and no label of any route holds one.
func TestMetricsRouteLabelsAreTemplatesWithoutPatterns(t *testing.T) {
	a, tk := approvedSKP(t)
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "read the SKP")
	a.send(t, "POST", skpPath+"/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "bagus"}).must(t, 201, "feedback")
	a.send(t, "POST", skpPath+"/feedback/1/response", tk.pegawai, map[string]any{"text": "siap"}).must(t, 200, "response")
	a.send(t, "GET", "/v1/periods/"+instansi+"/2025", tk.hr, nil).must(t, 200, "read the period")
	a.send(t, "GET", "/v1/units/bidang-a", tk.hr, nil).must(t, 200, "read a unit")
	m := string(a.send(t, "GET", "/metrics", "", nil).must(t, 200, "metrics").body)
	for _, want := range []string{
		`kinerja_http_requests_total{method="GET",route="/v1/skp/{nip}/{year}",status="200"} 1`,
		`kinerja_http_requests_total{method="POST",route="/v1/skp/{nip}/{year}/feedback/{no}/response",status="200"} 1`,
		`kinerja_http_requests_total{method="GET",route="/v1/periods/{instansi}/{year}",status="200"} 1`,
		`kinerja_http_requests_total{method="GET",route="/v1/units/{code}",status="200"} 1`,
		`kinerja_http_request_duration_seconds_count{method="GET",route="/v1/skp/{nip}/{year}",status="200"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	label := regexp.MustCompile(`route="([^"]*)"`)
	seen := map[string]bool{}
	for _, l := range label.FindAllStringSubmatch(m, -1) {
		if !seen[l[1]] && strings.ContainsAny(l[1], ":[]()|\\") {
			t.Errorf("a route label holds a pattern: %s", l[1])
		}
		seen[l[1]] = true
	}
}
