package command

import (
	"encoding/json"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Every event records the instansi whose data it changes, so that what an
// auditor of one instansi searches can be scoped to it. A stream belongs to
// one instansi for its whole life, and its first event names it: an
// employee's or a unit's registration, a period's opening, an SKP's draft
// (an employee never moves to another instansi; a transfer stays within it).

// stampInstansi records the instansi of the stream in the metadata of every
// event about to be appended to it, after stored.
func stampInstansi(news []eventlog.NewEvent, stored []eventlog.Event) {
	instansi := streamInstansi(stored, news)
	for i := range news {
		news[i].Metadata.Instansi = instansi
	}
}

// streamInstansi returns the instansi of a stream: what the metadata of its
// first event says, or else what the payload of its first event (stored or
// about to be) names; empty if neither names one.
func streamInstansi(stored []eventlog.Event, news []eventlog.NewEvent) string {
	var first json.RawMessage
	switch {
	case len(stored) > 0 && stored[0].Metadata.Instansi != "":
		return stored[0].Metadata.Instansi
	case len(stored) > 0:
		first = stored[0].Data
	case len(news) > 0:
		first = news[0].Data
	}
	var named struct {
		Instansi string `json:"instansi"`
	}
	if err := json.Unmarshal(first, &named); err != nil {
		return ""
	}
	return named.Instansi
}
