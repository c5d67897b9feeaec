package httpapi

import (
	"bytes"
	"testing"
	"time"
)

// TestDownloadsAreLimitedPerCaller: a caller runs at most
// MaxDownloadsPerSubject downloads (a list as CSV or XLSX, the evaluation
// PDF) at once; a further one is answered 429 problem+json with
// Retry-After, while JSON reads (also of a JSON-only resource asked for as
// CSV) and another caller's downloads go on, and the slots are given back
// when a download ends. (Downloads of up to MaxDownloadRows rows had no
// limit per caller.)
func TestDownloadsAreLimitedPerCaller(t *testing.T) {
	a, tk := approvedSKP(t)
	// Two downloads of HR's are running: their slots are taken here, so
	// that the test does not depend on how long a download takes.
	// settled waits until nip holds at most want slots: a download gives
	// its slot back as its handler returns, just after the client has read
	// the last byte.
	settled := func(nip string, want int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for a.srv.downloads.waiting(nip) > want {
			if time.Now().After(deadline) {
				t.Fatalf("%d download slots of %s still taken, want %d", a.srv.downloads.waiting(nip), nip, want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	var releases []func()
	for range MaxDownloadsPerSubject {
		release, err := a.srv.downloads.acquire(hrNIP)
		if err != nil {
			t.Fatalf("take a slot: %v", err)
		}
		releases = append(releases, release)
	}
	for _, d := range []struct{ path, accept string }{
		{"/v1/standings?year=2025&format=csv", ""},
		{"/v1/standings?year=2025&format=xlsx", ""},
		{"/v1/standings?year=2025", "text/csv"},
		{skpPath + "/document.pdf", ""},
	} {
		var extra []string
		if d.accept != "" {
			extra = []string{"Accept", d.accept}
		}
		r := a.send(t, "GET", d.path, tk.hr, nil, extra...)
		if r.status != 429 || r.header.Get("Retry-After") == "" || r.header.Get("Content-Type") != "application/problem+json" ||
			r.problem(t).Type != TypeTooManyRequests {
			t.Fatalf("%s beyond the limit: %d (Retry-After %q, %s) %s", d.path, r.status, r.header.Get("Retry-After"),
				r.header.Get("Content-Type"), r.body)
		}
	}
	a.send(t, "GET", "/v1/standings?year=2025", tk.hr, nil).must(t, 200, "a JSON read")
	a.send(t, "GET", "/v1/units/bidang-a/cascade?year=2025", tk.hr, nil, "Accept", "text/csv").must(t, 200, "a JSON-only resource")
	for range 3 {
		a.send(t, "GET", "/v1/standings?year=2025&format=csv", tk.kepala, nil).must(t, 200, "another caller's download")
		settled(kepala, 0)
	}
	settled(hrNIP, MaxDownloadsPerSubject) // the refused ones took none
	releases[0]()
	if r := a.send(t, "GET", "/v1/standings?year=2025&format=xlsx", tk.hr, nil).must(t, 200, "a download after one ended"); !bytes.HasPrefix(r.body, []byte("PK")) {
		t.Fatalf("not a workbook: %.40q", r.body)
	}
	settled(hrNIP, 1)
	a.send(t, "GET", skpPath+"/document.pdf", tk.hr, nil).must(t, 200, "the PDF after one ended")
	releases[1]()
	settled(hrNIP, 0)
}
