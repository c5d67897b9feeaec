package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// home lists what the caller's roles may open.
func (c *Console) home(_ context.Context, s *session, _ *http.Request) (view, error) {
	return view{tmpl: "home", title: "Beranda", data: map[string]any{"nip": s.who.NIP}}, nil
}

// mine redirects to the caller's own SKP.
func (c *Console) mine(_ context.Context, s *session, _ *http.Request) (view, error) {
	return view{redirect: "/pegawai/" + url.PathEscape(s.who.NIP) + "/skp"}, nil
}

// nipOf reads and checks the {nip} of the path.
func nipOf(r *http.Request) (string, error) {
	nip := r.PathValue("nip")
	if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
		return "", pageError{status: http.StatusBadRequest, detail: "NIP tidak valid: 18 angka."}
	}
	return nip, nil
}

// yearParam reads ?tahun=, or returns 0 when it is absent.
func yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("tahun")
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, pageError{status: http.StatusBadRequest, detail: "Tahun tidak valid: empat angka, misalnya 2025."}
	}
	return y, nil
}

// skpPage shows an employee's SKP of a year: plan, realisation, feedback,
// ratings, objection, amendments, what is due, and the forms of the actions
// the caller may take on it (see pages_skp_actions.go). Without ?tahun= it
// shows the latest year of the employee's history, or, for a caller who may
// read the SKP but not the history (a pejabat penilai), the latest of this
// year and the last that has an SKP.
func (c *Console) skpPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	nip, err := nipOf(r)
	if err != nil {
		return view{}, err
	}
	year, err := yearParam(r)
	if err != nil {
		return view{}, err
	}
	return c.skpPageOf(ctx, s, nip, year, doneMessage(r))
}

// skpPageOf is the SKP page of nip's year (0: the latest), with done, the
// confirmation of an action just taken, if any.
func (c *Console) skpPageOf(ctx context.Context, s *session, nip string, year int, done string) (view, error) {
	emp, err := c.getJSON(ctx, s, "/v1/employees/"+nip, nil)
	if err != nil {
		return view{}, err
	}
	years := c.skpYears(ctx, s, nip, year)
	data := map[string]any{"employee": emp, "year": year, "years": years, "done": done,
		"input": map[string]map[string]string{}}
	candidates := years
	if year != 0 {
		candidates = []int{year}
	}
	for _, y := range candidates {
		skp, err := c.getJSON(ctx, s, "/v1/skp/"+nip+"/"+strconv.Itoa(y), nil)
		var pe pageError
		if err != nil && !(asPageError(err, &pe) && pe.status == http.StatusForbidden) {
			return view{}, err
		}
		data["year"] = y
		if err == nil {
			data["skp"] = skp
			break
		}
	}
	if data["skp"] == nil {
		data["noSKP"] = true // the employee was readable: the SKP does not exist
	} else {
		skp := data["skp"].(map[string]any)
		data["can"] = c.skpCan(s, emp, skp)
		set := map[string]string{}
		for _, e := range list(skp["expectations"]) {
			if m, ok := e.(map[string]any); ok {
				set[str(m["value"])] = str(m["expectation"])
			}
		}
		data["expectationOf"] = set
		data["limits"] = map[string]int{"note": maxNote, "feedback": maxFeedback, "objection": maxObjection, "expectation": maxExpectation}
		data["values"] = berakhlak
		data["ratings"] = ratingValues
	}
	return view{tmpl: "skp", title: "SKP " + str(emp["name"]), data: data}, nil
}

// skpYears returns the years to offer for an employee's SKP, latest first:
// those of the history when the caller may read it, else this year and the
// last; and the year asked for.
func (c *Console) skpYears(ctx context.Context, s *session, nip string, asked int) []int {
	var years []int
	hist, err := c.getJSON(ctx, s, "/v1/employees/"+nip+"/history", nil)
	if err == nil {
		for _, y := range list(hist["years"]) {
			if m, ok := y.(map[string]any); ok {
				years = append(years, num(m["year"]))
			}
		}
	} else {
		now := c.cfg.Now().Year()
		years = []int{now, now - 1}
	}
	if asked != 0 && !slices.Contains(years, asked) {
		years = append(years, asked)
	}
	slices.Sort(years)
	slices.Reverse(years)
	return years
}

// historyPage shows an employee's years: SKP status, ratings and objections.
func (c *Console) historyPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	nip, err := nipOf(r)
	if err != nil {
		return view{}, err
	}
	hist, err := c.getJSON(ctx, s, "/v1/employees/"+nip+"/history", nil)
	if err != nil {
		return view{}, err
	}
	return view{tmpl: "history", title: "Riwayat " + str(hist["name"]), data: hist}, nil
}

// worklistPage shows a pejabat penilai's open tasks and evaluatees.
func (c *Console) worklistPage(ctx context.Context, s *session, _ *http.Request) (view, error) {
	wl, err := c.getJSON(ctx, s, "/v1/me/worklist", nil)
	if err != nil {
		return view{}, err
	}
	return view{tmpl: "worklist", title: "Daftar kerja pejabat penilai", data: wl}, nil
}
