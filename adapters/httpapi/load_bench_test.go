package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Load shape: 64 clients, each writing for its own employees (realisation
// reports and periodic ratings, over HTTP with tokens), on monthly periods.
const (
	loadClients     = 64
	loadEmployees   = 640
	loadSupervisors = 16
	loadIKI         = 10
)

// loadOp is one write of the load: a path, a body and the token to send.
type loadOp struct {
	path, token string
	body        []byte
}

// loadNIP returns a valid NIP for the i-th person of the load.
func loadNIP(i int) string {
	return fmt.Sprintf("198%d0101201001%d%03d", i/999%10, 1+i/9990%2, 1+i%999)
}

// seedLoad registers supervisors and employees with approved SKPs of 10 IKI
// and opens 2025 with monthly windows, through the Service.
func seedLoad(b *testing.B, a *apiServer) {
	ctx := context.Background()
	hr := command.Meta{Actor: actor.Actor{NIP: "load", Role: actor.System}}
	must := func(_ command.Result, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(a.svc.RegisterUnit(ctx, hr, unit.Registration{Code: "dinas", Name: "Dinas", Instansi: instansi}))
	must(a.svc.OpenPeriod(ctx, hr, period.Opening{Instansi: instansi, Year: 2025, Frequency: performance.FrequencyMonthly,
		Deadlines: period.DeadlinesAfter(2025, performance.FrequencyMonthly, 10)}))
	reg := func(nip string) {
		must(a.svc.RegisterEmployee(ctx, hr, employee.Registration{NIP: nip, Name: "P " + nip, Status: employee.StatusPNS,
			Instansi: instansi, Unit: "dinas", Golongan: "III/a", GolonganTMT: civil.Date{Year: 2020, Month: 1, Day: 1},
			Jabatan: employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Staf"}}))
	}
	for s := 0; s < loadSupervisors+1; s++ {
		reg(loadNIP(loadEmployees + s))
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < loadEmployees; i += 8 {
				seedLoadEmployee(b, a, reg, i)
			}
		})
	}
	wg.Wait()
}

// seedLoadEmployee registers the i-th employee and has their SKP approved.
func seedLoadEmployee(b *testing.B, a *apiServer, reg func(string), i int) {
	ctx, nip, sup := context.Background(), loadNIP(i), loadNIP(loadEmployees+i%loadSupervisors)
	reg(nip)
	hr := command.Meta{Actor: actor.Actor{NIP: "load", Role: actor.System}}
	own := command.Meta{Actor: actor.Actor{NIP: nip, Role: actor.Pegawai}}
	pen := command.Meta{Actor: actor.Actor{NIP: sup, Role: actor.PejabatPenilai}}
	p := skp.Plan{RHK: []skp.RHK{{ID: "rhk-1", Kind: skp.RHKUtama, Text: "Hasil", Supports: "x"}}}
	for k := range loadIKI {
		p.RHK[0].IKI = append(p.RHK[0].IKI, skp.IKI{ID: fmt.Sprintf("iki-%d", k), Text: "Laporan", Aspek: skp.AspekKuantitas,
			Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 12, Unit: "laporan"}})
	}
	_, err := a.svc.AssignReportingLine(ctx, hr, nip, employee.LineAssignment{PejabatPenilai: sup,
		AtasanPejabatPenilai: loadNIP(loadEmployees + loadSupervisors), EffectiveFrom: civil.Date{Year: 2025, Month: 1, Day: 1}, Reason: "load"})
	for _, step := range []func() (command.Result, error){
		func() (command.Result, error) { return command.Result{}, err },
		func() (command.Result, error) {
			return a.svc.DraftSKP(ctx, own, skp.Draft{NIP: nip, Year: 2025, Plan: p})
		},
		func() (command.Result, error) { return a.svc.SubmitSKP(ctx, own, nip, 2025) },
		func() (command.Result, error) { return a.svc.ApproveSKP(ctx, pen, nip, 2025) },
	} {
		if _, err := step(); err != nil {
			b.Fatal(err)
		}
	}
}

// loadOps returns the writes of one client: for each month, the realisation
// of every IKI and then the month's ratings, across its employees in turn.
func loadOps(b *testing.B, a *apiServer, client int) []loadOp {
	var ops []loadOp
	rating, _ := json.Marshal(map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "load"})
	for w := 1; w <= 12; w++ {
		for k := 0; k <= loadIKI; k++ {
			for i := client; i < loadEmployees; i += loadClients {
				nip, sup := loadNIP(i), loadNIP(loadEmployees+i%loadSupervisors)
				base := fmt.Sprintf("/v1/skp/%s/2025/windows/%d", nip, w)
				if k == loadIKI {
					ops = append(ops, loadOp{base + "/ratings", a.token(b, sup, instansi, actor.PejabatPenilai), rating})
					continue
				}
				body, _ := json.Marshal(map[string]any{"iki": fmt.Sprintf("iki-%d", k), "quantity": 1, "evidence": []string{"dms://x"}})
				ops = append(ops, loadOp{base + "/realisations", a.token(b, nip, instansi, actor.Pegawai), body})
			}
		}
	}
	return ops
}

// BenchmarkWritesAt64Clients measures realisation and rating writes over
// HTTP from 64 concurrent clients: throughput and p50/p99 latency.
func BenchmarkWritesAt64Clients(b *testing.B) {
	a := newAPIServer(b)
	a.clock.Set(day(12, 31)) // every monthly window has ended
	seedLoad(b, a)
	ops := make([][]loadOp, loadClients)
	for c := range ops {
		ops[c] = loadOps(b, a, c)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	lat := make([][]time.Duration, loadClients)
	per := (b.N + loadClients - 1) / loadClients
	if per > len(ops[0]) {
		b.Fatalf("b.N %d exceeds the %d writes the seed allows", b.N, len(ops[0])*loadClients)
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() { lat[c] = runLoadClient(b, client, a.url, ops[c][:per]) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "writes/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// runLoadClient sends ops one after another and returns their latencies.
func runLoadClient(b *testing.B, client *http.Client, url string, ops []loadOp) []time.Duration {
	out := make([]time.Duration, 0, len(ops))
	for _, op := range ops {
		req, _ := http.NewRequest("POST", url+op.path, bytes.NewReader(op.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+op.token)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return out
		}
		resp.Body.Close()
		out = append(out, time.Since(t0))
		if resp.StatusCode != http.StatusCreated {
			b.Errorf("POST %s: %d", op.path, resp.StatusCode)
			return out
		}
	}
	return out
}
