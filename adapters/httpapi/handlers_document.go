package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kinerja/kinerja/adapters/evaldoc"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// documentHandler serves GET /v1/skp/{nip}/{year}/document.pdf: the
// evaluation document of the SKP year (see evaldoc), now or as of
// ?as_of=, to those who may read the SKP (authorized as getSKP). The ETag
// is the stream version it was rendered from.
func (s *Server) documentHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.begin(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		release, err := s.downloads.acquire(c.p.NIP)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		defer release()
		body, name, err := s.evaluationDocument(r.Context(), c)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h := w.Header()
		attachment(h, "application/pdf", name)
		// The document reads more than the SKP stream (the employee's
		// record and reporting lines, the officials' names): its validator
		// is its content, which the rendering fixes (no clock in it).
		sum := sha256.Sum256(body)
		h.Set("ETag", `"pdf-`+hex.EncodeToString(sum[:12])+`"`)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// evaluationDocument authorizes, reads the SKP stream (as of as_of) and
// the people it names, and renders the document; it returns the PDF and its
// file name.
func (s *Server) evaluationDocument(ctx context.Context, c *call) ([]byte, string, error) {
	n, year, err := c.skpKey()
	if err != nil {
		return nil, "", err
	}
	// A misspelt as_of would print today's document as if it were the one asked for.
	if errs := checkParams(c.r.URL.Query(), "as_of"); len(errs) > 0 {
		return nil, "", newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
	}
	at, err := c.asOf()
	if err != nil {
		return nil, "", err
	}
	if !(c.p.NIP == n && c.p.Has(actor.Pegawai)) {
		if _, err := s.readableEmployee(ctx, c.p, n); err != nil {
			return nil, "", err
		}
	}
	evs, err := s.api.Audit.ReadStreamAsOf(ctx, skp.Stream(n, year), at)
	if err != nil {
		return nil, "", err
	}
	switch {
	case len(evs) == 0 && at.IsNow():
		return nil, "", skpNotFound()
	case len(evs) == 0: // as the SKP's JSON answers (skpAsOf)
		return nil, "", skpNotFoundAsOf(at)
	}
	sk, err := skp.Replay(evs)
	if err != nil {
		return nil, "", err
	}
	acted := map[string]bool{}
	for _, e := range evs {
		acted[e.Metadata.ActorID] = true
	}
	in, err := s.documentInput(ctx, sk, at, evs[len(evs)-1], acted)
	if err != nil {
		return nil, "", err
	}
	body, err := evaldoc.Render(in)
	if err != nil {
		return nil, "", err
	}
	return body, fmt.Sprintf("dokumen-evaluasi-kinerja-%s-%d.pdf", n, year), nil
}

// documentInput gathers what the document shows: the employee and the
// pejabat penilai and atasan of the reporting line in force on the day of
// the annual rating (or, before it, on the last day of the year or the
// as-of day, whichever is earlier), as the log held them at as_of.
//
// An official of another instansi (a line assigned with a
// cross_instansi_reason) is shown by NIP only until they act on the SKP
// (acted holds the NIPs of the actors of its events): HR of one instansi
// could name any NIP of another in a line and read that person's name,
// golongan, jabatan and unit off the document.
func (s *Server) documentInput(ctx context.Context, sk *skp.SKP, at eventlog.AsOf, last eventlog.Event, acted map[string]bool) (evaldoc.Input, error) {
	// Instants print in the instansi's zone, as the API shows them, and the
	// rating's day is the one the command decided in it: in the server's
	// zone a WIT rating at 00:30 on 1 January printed as of 31 December,
	// with the atasan of the line in force that day.
	loc := s.instansiZone(ctx, sk.Instansi())
	in := evaldoc.Input{SKP: sk, Instansi: sk.Instansi(), Location: loc, Names: map[string]string{},
		WindowLabels: map[int]string{}, Source: evaldoc.Source{Stream: last.Stream, Version: last.Version,
			Position: last.Position, Hash: hex.EncodeToString(last.Hash), RecordedAt: last.RecordedAt}}
	emp, day, err := s.employeeAsOf(ctx, sk.NIP(), at)
	if err != nil {
		return in, err
	}
	if yearEnd, err := civil.New(sk.Year(), 12, 31); err == nil && yearEnd.Before(day) {
		day = yearEnd
	}
	// The employee as in the year evaluated (its last day, or the as-of
	// day before it): the document printed the latest golongan and unit
	// recorded, even those taking effect years later.
	if in.Pegawai, err = s.documentPerson(ctx, emp, day, in.Names); err != nil {
		return in, err
	}
	rater := ""
	if note, ok := sk.RatingNote(0); ok {
		day = civil.DateOf(note.At.In(loc))
		rater = note.By.NIP
	}
	if line, ok := emp.ReportingLineAt(day); ok {
		// The pejabat penilai who signs is the one who gave the annual
		// ratings, whatever the line says now: a line changed afterwards
		// with an earlier effective date named a colleague who never rated.
		if rater == "" {
			rater = line.PejabatPenilai
		}
		official := func(nip string) (*evaldoc.Person, error) {
			return s.documentPersonOf(ctx, nip, at, day, in.Names, func(e *employee.Employee) bool {
				return e.Instansi() == sk.Instansi() || acted[nip]
			})
		}
		if in.Penilai, err = official(rater); err != nil {
			return in, err
		}
		if in.Atasan, err = official(line.AtasanPejabatPenilai); err != nil {
			return in, err
		}
	}
	per, err := s.api.Service.Period(ctx, sk.Instansi(), sk.Year())
	switch {
	case errors.Is(err, command.ErrNotFound):
	case err != nil:
		return in, err
	default:
		for _, w := range per.Windows() {
			in.WindowLabels[w.Number] = w.Label
		}
	}
	return in, nil
}

// documentPersonOf returns the party nip as the log held it at as_of, with
// the golongan, jabatan and unit in force on day; nil for no NIP. A party
// not registered then, or that shown does not admit, is shown by NIP only.
func (s *Server) documentPersonOf(ctx context.Context, nip string, at eventlog.AsOf, day civil.Date, names map[string]string,
	shown func(*employee.Employee) bool) (*evaldoc.Person, error) {
	if nip == "" {
		return nil, nil
	}
	e, _, err := s.employeeAsOf(ctx, nip, at)
	var pe *requestError
	if errors.As(err, &pe) {
		return &evaldoc.Person{NIP: nip}, nil
	}
	if err != nil {
		return nil, err
	}
	if !shown(e) {
		return &evaldoc.Person{NIP: nip}, nil
	}
	p, err := s.documentPerson(ctx, e, day, names)
	return &p, err
}

// documentPerson shows an employee: name, NIP, and the golongan, jabatan
// and unit's name (its code when the unit is unknown) in force on day;
// names learns the name.
func (s *Server) documentPerson(ctx context.Context, e *employee.Employee, day civil.Date, names map[string]string) (evaldoc.Person, error) {
	g, _ := e.GolonganOn(day)
	code := e.UnitOn(day)
	p := evaldoc.Person{Name: e.Name(), NIP: e.NIP(), Golongan: string(g), Jabatan: e.JabatanOn(day).Name, Unit: code}
	names[e.NIP()] = e.Name()
	u, err := s.api.Service.Unit(ctx, code)
	switch {
	case errors.Is(err, command.ErrNotFound):
	case err != nil:
		return p, err
	default:
		p.Unit = u.Name()
	}
	return p, nil
}
