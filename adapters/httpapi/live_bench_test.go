package httpapi

import (
	"bufio"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// Live delivery shape: 500 streams on one server — 400 employees following
// their own record, the 16 supervisors of the load with 5 streams each, and
// 4 HR officers with 5 streams each — while the 64 clients of
// BenchmarkWritesAt64Clients write.
const (
	liveBenchEmployees = 400
	liveBenchHR        = 4
	liveBenchPerUser   = 5
	// liveBenchWarmUp writes per client go before the measurement, so that
	// it measures a server that has seen every employee once.
	liveBenchWarmUp = 10
)

// liveReceipt is the arrival of one event on one stream.
type liveReceipt struct {
	pos uint64
	at  time.Time
}

// liveBenchStream reads the ids of one event stream until ctx ends.
func liveBenchStream(b *testing.B, ctx context.Context, client *http.Client, url, token string) (*[]liveReceipt, chan struct{}) {
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/v1/me/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("open a stream: %v %v", resp, err)
	}
	got, done := &[]liveReceipt{}, make(chan struct{})
	go func() {
		defer close(done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
				p, _ := strconv.ParseUint(id, 10, 64)
				*got = append(*got, liveReceipt{p, time.Now()})
			}
		}
	}()
	return got, done
}

// liveBenchTokens returns the tokens of the 500 streams.
func liveBenchTokens(b *testing.B, a *apiServer) []string {
	var toks []string
	for i := range liveBenchEmployees {
		toks = append(toks, a.token(b, loadNIP(i), instansi, actor.Pegawai))
	}
	for s := range loadSupervisors {
		tok := a.token(b, loadNIP(loadEmployees+s), instansi, actor.Pegawai, actor.PejabatPenilai)
		for range liveBenchPerUser {
			toks = append(toks, tok)
		}
	}
	for h := range liveBenchHR {
		tok := a.token(b, loadNIP(liveBenchEmployees+h), instansi, actor.HR)
		for range liveBenchPerUser {
			toks = append(toks, tok)
		}
	}
	return toks
}

// BenchmarkSSEDelivery measures how long an event takes from the response
// to its write to its arrival on each of the 500 streams it concerns
// (p50/p99 over every delivery), while 64 clients write realisations and
// ratings. The cold- figures are of the first 10 writes of each client,
// which reach a hub that has not seen the employees yet (after a start);
// the others of the b.N writes after them.
func BenchmarkSSEDelivery(b *testing.B) {
	a := newAPIServer(b)
	a.clock.Set(day(12, 15))
	seedLoad(b, a)
	url := serveReal(b, a.srv)
	ops := make([][]loadOp, loadClients)
	for c := range ops {
		ops[c] = loadOps(b, a, c)
	}
	per := (b.N + loadClients - 1) / loadClients
	if per+liveBenchWarmUp > len(ops[0]) {
		b.Fatalf("b.N %d exceeds the %d writes the seed allows", b.N, len(ops[0])*loadClients)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sseClient := &http.Client{Transport: &http.Transport{}}
	var streams []*[]liveReceipt
	var dones []chan struct{}
	for _, tok := range liveBenchTokens(b, a) {
		got, done := liveBenchStream(b, ctx, sseClient, url, tok)
		streams, dones = append(streams, got), append(dones, done)
	}
	writer := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	acks, coldAcks := make([]map[uint64]time.Time, loadClients), make([]map[uint64]time.Time, loadClients)
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() { coldAcks[c] = runAckedClient(b, writer, url, ops[c][:liveBenchWarmUp]) })
	}
	wg.Wait()
	time.Sleep(time.Second)
	b.ResetTimer()
	for c := range loadClients {
		wg.Go(func() { acks[c] = runAckedClient(b, writer, url, ops[c][liveBenchWarmUp:liveBenchWarmUp+per]) })
	}
	wg.Wait()
	b.StopTimer()
	time.Sleep(2 * time.Second) // let the last deliveries arrive
	cancel()
	for _, d := range dones {
		<-d
	}
	reportLiveLatency(b, "", merged(acks), streams)
	reportLiveLatency(b, "cold-", merged(coldAcks), streams)
}

// merged returns the union of ms.
func merged(ms []map[uint64]time.Time) map[uint64]time.Time {
	out := map[uint64]time.Time{}
	for _, m := range ms {
		for p, t := range m {
			out[p] = t
		}
	}
	return out
}

// reportLiveLatency reports the delivery latencies of the acknowledged
// events (0 for an event that arrived before its write's response), with
// the metric names prefixed.
func reportLiveLatency(b *testing.B, prefix string, acked map[uint64]time.Time, streams []*[]liveReceipt) {
	var lat []time.Duration
	for _, s := range streams {
		for _, r := range *s {
			if at, ok := acked[r.pos]; ok {
				lat = append(lat, max(r.at.Sub(at), 0))
			}
		}
	}
	if len(lat) == 0 {
		b.Fatal("no deliveries")
	}
	slices.Sort(lat)
	if prefix == "" {
		b.ReportMetric(float64(len(lat))/float64(len(acked)), "deliveries/write")
	}
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, prefix+"p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, prefix+"p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, prefix+"max-ms")
}

// runAckedClient sends ops one after another and returns when each one's
// response arrived, by the position it reports.
func runAckedClient(b *testing.B, client *http.Client, url string, ops []loadOp) map[uint64]time.Time {
	out := map[uint64]time.Time{}
	for _, op := range ops {
		req, _ := http.NewRequest("POST", url+op.path, strings.NewReader(string(op.body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+op.token)
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return out
		}
		var w writeResponse
		err = jsonDecode(resp, &w)
		at := time.Now()
		if err != nil || resp.StatusCode != http.StatusCreated {
			b.Errorf("POST %s: %d %v", op.path, resp.StatusCode, err)
			return out
		}
		out[w.Position] = at
	}
	return out
}
