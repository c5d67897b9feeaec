package skp

import (
	"encoding/json"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventcodec"
)

// registry lists every SKP event type with its current schema version and
// the upcasters from older versions.
var registry = eventcodec.Registry[Event]{
	TypeDrafted:         {Version: 1, Decode: decodeAs[Drafted]},
	TypeEdited:          {Version: 1, Decode: decodeAs[Edited]},
	TypeSubmitted:       {Version: 1, Decode: decodeAs[Submitted]},
	TypeReturned:        {Version: 1, Decode: decodeAs[Returned]},
	TypeApproved:        {Version: 1, Decode: decodeAs[Approved]},
	TypeRevised:         {Version: 1, Decode: decodeAs[Revised]},
	TypeExpectationsSet: {Version: 1, Decode: decodeAs[ExpectationsSet]},
	TypeRealisationReported: {Version: 2, Decode: decodeAs[RealisationReported],
		Upcasters: map[int]eventcodec.Upcaster{1: upcastRealisationReportedV1}},
	TypeRealisationCorrected: {Version: 1, Decode: decodeAs[RealisationCorrected]},
	TypeFeedbackGiven:        {Version: 1, Decode: decodeAs[FeedbackGiven]},
	TypeFeedbackResponded:    {Version: 1, Decode: decodeAs[FeedbackResponded]},
	TypePeriodicRatingsGiven: {Version: 1, Decode: decodeAs[PeriodicRatingsGiven]},
	TypeAnnualRatingsGiven:   {Version: 1, Decode: decodeAs[AnnualRatingsGiven]},
	TypeRatingsAmended:       {Version: 1, Decode: decodeAs[RatingsAmended]},
	TypeObjectionFiled:       {Version: 1, Decode: decodeAs[ObjectionFiled]},
	TypeObjectionDecided:     {Version: 1, Decode: decodeAs[ObjectionDecided]},
	TypeSelfAssessed:         {Version: 1, Decode: decodeAs[SelfAssessed]},
	TypePeerInvited:          {Version: 1, Decode: decodeAs[PeerInvited]},
	TypePeerFeedbackRecorded: {Version: 1, Decode: decodeAs[PeerFeedbackRecorded]},
}

// Decode upgrades and decodes the stored data of an SKP event. Errors wrap
// eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// CurrentVersion returns the schema version that events of eventType are
// written at, and false for a type that is not an SKP event. A read model
// may read an event at this version straight from its JSON; any other
// version goes through Decode, which upcasts it or reports it.
func CurrentVersion(eventType string) (int, bool) {
	ent, ok := registry[eventType]
	return ent.Version, ok
}

// Types returns every SKP event type, sorted.
func Types() []string { return registry.Types() }

func decodeAs[T Event](data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[T](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// upcastRealisationReportedV1 upgrades skp.realisation_reported v1, whose
// "evidence" was a single string (possibly empty or absent), to v2, whose
// "evidence" is a list of references.
func upcastRealisationReportedV1(data []byte) ([]byte, error) {
	fields, err := eventcodec.Fields(data)
	if err != nil {
		return nil, err
	}
	var one string
	if raw, ok := fields["evidence"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, fmt.Errorf("v1 evidence must be a string: %w", err)
		}
	}
	list := []string{}
	if one != "" {
		list = append(list, one)
	}
	fields["evidence"], err = json.Marshal(list)
	if err != nil {
		return nil, err
	}
	return json.Marshal(fields)
}
