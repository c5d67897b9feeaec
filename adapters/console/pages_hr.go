package console

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// pageSize is the number of rows of a paged console table.
const pageSize = 25

// standingsFilters maps the console's query parameters to the API's.
func standingsFilters(q url.Values) (url.Values, error) {
	api := url.Values{}
	pairs := [][2]string{{"tahun", "year"}, {"unit", "unit"}, {"predikat", "predikat"}, {"status", "skp_status"}, {"urut", "sort"}}
	for _, p := range pairs {
		if v := strings.TrimSpace(q.Get(p[0])); v != "" {
			api.Set(p[1], v)
		}
	}
	if q.Get("sub") == "1" && api.Get("unit") != "" {
		api.Set("sub_units", "true")
	}
	page := 1
	if v := q.Get("hal"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return nil, pageError{status: http.StatusBadRequest, detail: "Nomor halaman tidak valid."}
		}
		page = n
	}
	api.Set("limit", strconv.Itoa(pageSize))
	api.Set("offset", strconv.Itoa((page-1)*pageSize))
	return api, nil
}

// standingsPage shows the standings with filters, sort, paging and
// download links.
func (c *Console) standingsPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	q := r.URL.Query()
	api, err := standingsFilters(q)
	if err != nil {
		return view{}, err
	}
	page, err := c.getJSON(ctx, s, "/v1/standings", api)
	if err != nil {
		return view{}, err
	}
	offset, total := num(page["offset"]), num(page["total"])
	no := offset/pageSize + 1
	data := map[string]any{"page": page, "q": q, "no": no, "pages": (total + pageSize - 1) / pageSize,
		"prev": offset > 0, "next": offset+pageSize < total,
		"prevq": withParam(q, "hal", strconv.Itoa(no-1)), "nextq": withParam(q, "hal", strconv.Itoa(no+1)),
		"csv":       "/sdm/peringkat/unduh" + withParam(q, "hal", "", "format", "csv"),
		"xlsx":      "/sdm/peringkat/unduh" + withParam(q, "hal", "", "format", "xlsx"),
		"predikats": []any{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", "none"},
		"statuses":  []any{"none", "draft", "submitted", "returned", "approved"},
		"sorts": []any{[]string{"name", "Nama (A–Z)"}, []string{"-predikat", "Predikat tahunan terbaik dulu"},
			[]string{"predikat", "Predikat tahunan terendah dulu"}, []string{"-progress", "Progres tertinggi"},
			[]string{"unit", "Unit"}, []string{"golongan", "Golongan"}, []string{"-updated", "Terakhir berubah"}}}
	return view{tmpl: "standings", title: "Peringkat kinerja", data: data}, nil
}

// download streams the standings page the filters select as CSV or XLSX,
// as the API renders it for the caller.
func (c *Console) download(w http.ResponseWriter, r *http.Request) {
	s := c.authenticate(r)
	if s == nil {
		c.render(w, r, nil, view{status: http.StatusUnauthorized, tmpl: "signin", title: "Masuk"})
		return
	}
	q := r.URL.Query()
	api, err := standingsFilters(q)
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	// Without limit and offset the API's download holds the whole filtered
	// list (or refuses one too long to download, saying how to narrow it).
	api.Del("limit")
	api.Del("offset")
	accept := map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[q.Get("format")]
	if accept == "" {
		c.fail(w, r, s, pageError{status: http.StatusBadRequest, detail: "Format unduhan: csv atau xlsx."})
		return
	}
	resp, err := c.call(r.Context(), s, http.MethodGet, "/v1/standings", api, accept, nil)
	switch {
	case err != nil:
	case resp.status != http.StatusOK:
		pe := problemError(resp.status, map[string]any{"detail": fmt.Sprintf("Unduhan %s ditolak (status %d).", q.Get("format"), resp.status)})
		pe.fromAPI = false // the console's own words
		err = pe
	case !strings.HasPrefix(resp.header.Get("Content-Type"), accept):
		err = pageError{status: http.StatusNotAcceptable, detail: fmt.Sprintf("Unduhan %s belum tersedia di server ini.", q.Get("format"))}
	}
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	w.Header().Set("Content-Type", resp.header.Get("Content-Type"))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="peringkat-kinerja.%s"`, q.Get("format")))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.Copy(w, &resp.body)
}

// promotionPage shows the promotion candidates with the reasons.
func (c *Console) promotionPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	q := r.URL.Query()
	api := url.Values{"limit": {strconv.Itoa(pageSize)}, "sort": {"-eligible"}}
	page := 1
	if v := q.Get("hal"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return view{}, pageError{status: http.StatusBadRequest, detail: "Nomor halaman tidak valid."}
		}
		page = n
	}
	api.Set("offset", strconv.Itoa((page-1)*pageSize))
	res, err := c.getJSON(ctx, s, "/v1/promotion-candidates", api)
	if err != nil {
		return view{}, err
	}
	total := num(res["total"])
	data := map[string]any{"res": res, "q": q, "no": page, "pages": (total + pageSize - 1) / pageSize,
		"prev": page > 1, "next": page*pageSize < total}
	return view{tmpl: "promotion", title: "Kandidat kenaikan pangkat", data: data}, nil
}
