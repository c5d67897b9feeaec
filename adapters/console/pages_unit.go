package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// unitPage shows a unit's report of a year: members, progress, and the
// chart of its predikat distribution against the pattern its organisation
// predikat requires.
func (c *Console) unitPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	code := strings.TrimSpace(r.URL.Query().Get("kode"))
	year, err := yearParam(r)
	if err != nil {
		return view{}, err
	}
	data := map[string]any{"kode": code, "year": year}
	if code == "" {
		return view{tmpl: "unit", title: "Laporan unit", data: data}, nil
	}
	if unit.ValidateCode(code) != nil {
		// Checked before it goes into a path ("." or "a/../b" would name
		// another path of the API).
		return view{}, pageError{status: http.StatusBadRequest,
			detail: "Kode unit tidak valid: 1–64 huruf, angka, '.', '_' atau '-', diawali huruf atau angka."}
	}
	q := url.Values{}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	rep, err := c.getJSON(ctx, s, "/v1/units/"+url.PathEscape(code)+"/report", q)
	if err != nil {
		return view{}, err
	}
	data["report"] = rep
	data["year"] = num(rep["year"])
	ch := c.chartOf(rep)
	data["chart"] = ch.svg()
	data["rules"] = ch.rules
	return view{tmpl: "unit", title: "Laporan unit " + str(rep["unit_name"]), data: data}, nil
}

// chartOf collects the counts of a unit report and the pattern of its
// organisation predikat under the policy version the report names.
func (c *Console) chartOf(rep map[string]any) chart {
	ch := chart{}
	counts := map[performance.Predikat]int{}
	for _, x := range list(rep["counts"]) {
		m, _ := x.(map[string]any)
		p := performance.Predikat(str(m["predikat"]))
		counts[p] = num(m["count"])
		ch.bars = append(ch.bars, bar{predikat: string(p), count: num(m["count"])})
		ch.n += num(m["count"])
	}
	org, _ := rep["organisation_predikat"].(map[string]any)
	if org == nil {
		return ch
	}
	ch.org = str(org["predikat"])
	pol, err := c.cfg.Policy(str(org["policy_version"]))
	if err != nil {
		return ch
	}
	ch.rules, _ = pol.DistributionPattern(performance.OrgPredikat(ch.org), counts)
	return ch
}
