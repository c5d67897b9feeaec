package httpapi

import (
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/skp"
)

// anonymousPeers returns the window inputs as the employee sees them: their
// own self-assessment in full, and the feedback of their colleagues without
// who gave it, so that colleagues can be candid. The pejabat penilai (and
// the reading roles) see who gave which feedback.
func anonymousPeers(in []skp.WindowInput) []skp.WindowInput {
	out := make([]skp.WindowInput, len(in))
	for i, w := range in {
		peers := make([]skp.PeerInput, len(w.Peers))
		for j, p := range w.Peers {
			p.Peer = ""
			if p.Feedback != nil {
				f := *p.Feedback
				f.By = actor.Actor{Role: actor.Pegawai}
				p.Feedback = &f
			}
			peers[j] = p
		}
		w.Peers = peers
		out[i] = w
	}
	return out
}
