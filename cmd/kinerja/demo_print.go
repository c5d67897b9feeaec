package main

import (
	"fmt"
	"io"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
)

// demoToken is a token the demo prints: a shell variable, the person and roles.
type demoToken struct {
	variable, nip, who, role string
	roles                    []actor.Role
}

// demoTokens are the demo's callers, one per role.
func demoTokens(o demoOrg) []demoToken {
	return []demoToken{
		{"TOKEN_PEGAWAI", o.staff, "a staff member (pegawai)", "pegawai", []actor.Role{actor.Pegawai}},
		{"TOKEN_PENILAI", o.kabid, "their kepala bidang (pejabat penilai)", "penilai", []actor.Role{actor.Pegawai, actor.PejabatPenilai}},
		{"TOKEN_PIMPINAN", o.kadis, "the kepala dinas (pimpinan, atasan pejabat penilai)", "pimpinan", []actor.Role{actor.Pegawai, actor.PejabatPenilai, actor.Pimpinan}},
		{"TOKEN_HR", o.hr, "HR at the BKPSDM", "hr", []actor.Role{actor.Pegawai, actor.HR}},
		{"TOKEN_ADMIN", o.admin, "an administrator at the BKPSDM", "admin", []actor.Role{actor.Pegawai, actor.Admin}},
		{"TOKEN_AUDITOR", o.auditor, "an auditor of the Inspektorat Daerah", "auditor", []actor.Role{actor.Pegawai, actor.Auditor}},
		{"TOKEN_INSPEKTORAT", o.inspektur, "the Inspektur Daerah (inspectorate)", "inspektorat", []actor.Role{actor.Pegawai, actor.Inspektorat}},
	}
}

// demoExample is one curl command and the status it answers with.
type demoExample struct {
	what, token, method, path, body string
	status                          int
}

// demoExamples are requests that work against the seeded data.
func demoExamples(o demoOrg, year int) []demoExample {
	skp := fmt.Sprintf("/v1/skp/%s/%d", o.staff, year)
	return []demoExample{
		{"the employee reads their SKP of the year (ratings, feedback, realisation)", "TOKEN_PEGAWAI", "GET", skp, "", 200},
		{"the employee reads their master data and reporting line", "TOKEN_PEGAWAI", "GET", "/v1/employees/" + o.staff, "", 200},
		{"the supervisor gives feedback (safe to retry: Idempotency-Key)", "TOKEN_PENILAI", "POST", skp + "/feedback",
			`{"rhk":"rhk-1","text":"Laporan triwulan sudah baik; lengkapi lampiran foto kegiatan."}`, 201},
		{"HR reads the evaluation year", "TOKEN_HR", "GET", fmt.Sprintf("/v1/periods/%s/%d", demoInstansi, year), "", 200},
		{"an auditor reads the SKP", "TOKEN_AUDITOR", "GET", skp, "", 200},
		{"an auditor reads the employee's score trail: rated, amended, objected, decided (add -H 'Accept: text/csv' for CSV)",
			"TOKEN_AUDITOR", "GET", fmt.Sprintf("/v1/employees/%s/skp/%d/score-trail", o.staff, year), "", 200},
		{"the inspectorate searches the log for the amendments of the year", "TOKEN_INSPEKTORAT", "GET",
			"/v1/audit/events?type=skp.ratings_amended,skp.objection_decided&limit=20", "", 200},
		{"an auditor verifies the hash chain of the whole log", "TOKEN_AUDITOR", "GET", "/v1/audit/verify", "", 200},
		{"HR lists the year's standings, best annual predikat first (add -H 'Accept: text/csv' for CSV)", "TOKEN_HR", "GET",
			fmt.Sprintf("/v1/standings?year=%d&sort=-predikat&limit=10", year), "", 200},
		{"the pimpinan lists promotion candidates with reasons linked to events and angka kredit", "TOKEN_PIMPINAN", "GET",
			"/v1/promotion-candidates?sort=-eligible&limit=5", "", 200},
		{"an administrator reads the state of the projections: checkpoint, lag, owner", "TOKEN_ADMIN", "GET", "/v1/projections", "", 200},
		{"the kepala dinas finds an objection to decide on their worklist (as atasan pejabat penilai)", "TOKEN_PIMPINAN", "GET",
			"/v1/me/worklist?kind=objection", "", 200},
		{"the employee may not read the audit trail", "TOKEN_PEGAWAI", "GET", "/v1/audit/verify", "", 403},
		{"the employee may not see their supervisor's SKP (404, as if it did not exist)", "TOKEN_PEGAWAI", "GET", fmt.Sprintf("/v1/skp/%s/%d", o.kabid, year), "", 404},
		{"the OpenAPI document", "", "GET", "/openapi.yaml", "", 200},
	}
}

// curl renders an example as a shell command using $BASE and the token variable.
func (x demoExample) curl() string {
	s := "curl -sS -i"
	if x.method != "GET" {
		s += " -X " + x.method
	}
	if x.token != "" {
		s += ` -H "Authorization: Bearer $` + x.token + `"`
	}
	if x.body != "" {
		s += ` -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-feedback-1' -d '` + x.body + `'`
	}
	return s + ` "$BASE` + x.path + `"`
}

// printDemo prints how to use the demo, served at base, or, when serveLater
// is the command that will serve it, to be served there. The tokens are
// minted as the server configured by cfg accepts them: its issuer and
// audience, for 24 hours or its longest lifetime.
func printDemo(w io.Writer, base string, cfg Config, serveLater string, o demoOrg, year int) error {
	ttl := 24 * time.Hour
	if cfg.JWTMaxTTL > 0 {
		ttl = min(ttl, cfg.JWTMaxTTL)
	}
	fmt.Fprintf(w, "\nKinerja demo: instansi %s, %d units, %d employees, evaluation year %d.\n", demoInstansi, len(o.units), len(o.people), year)
	if serveLater == "" {
		fmt.Fprintf(w, "Serving on %s. ", base)
	} else {
		fmt.Fprintf(w, "Seeded; not serving (--no-serve). Serve it on %s with:\n\n    %s\n\n", base, serveLater)
	}
	fmt.Fprintf(w, "Paste these lines into a shell (tokens are valid for %s):\n\n", ttl)
	fmt.Fprintf(w, "export BASE=%s\n", base)
	links := make([]string, 0, len(demoTokens(o)))
	for _, t := range demoTokens(o) {
		tok, err := auth.MintHS256For([]byte(cfg.JWTSecret), auth.Principal{NIP: t.nip, Roles: t.roles, Instansi: demoInstansi}, cfg.issuance(), time.Now(), ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "export %s=%s  # %s, %s\n", t.variable, tok, t.who, t.nip)
		links = append(links, fmt.Sprintf("%-12s %s/masuk?token=%s", t.role+":", base, tok))
	}
	fmt.Fprintf(w, "\nWeb console: open one sign-in link per role in a browser:\n\n")
	for _, l := range links {
		fmt.Fprintf(w, "%s\n", l)
	}
	fmt.Fprintf(w, "\nThen try:\n\n")
	for _, x := range demoExamples(o, year) {
		fmt.Fprintf(w, "# %s (%d)\n%s\n\n", x.what, x.status, x.curl())
	}
	if serveLater == "" {
		fmt.Fprintf(w, "Press Ctrl-C to stop.\n")
	}
	return nil
}
