package httpapi

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestEmployeeCannotTellWhomThePenilaiInvited: the employee sees peer
// feedback without the colleague's NIP, so inviting the colleague the
// penilai already invited must answer as inviting anybody else does (it was
// a 422 skp.already_invited naming the NIP: each guess told the employee
// whether that colleague was the penilai's invitee). The colleague still
// gives feedback once per window.
func TestEmployeeCannotTellWhomThePenilaiInvited(t *testing.T) {
	a, tk := approvedSKP(t)
	a.clock.Set(day(3, 20))
	invitations := skpPath + "/windows/1/peer-invitations"
	a.send(t, "POST", invitations, tk.penilai, map[string]any{"peer": rekan}).must(t, 201, "the penilai invites rekan")

	versionOf := func(what string) uint64 {
		var v skpView
		a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, what).json(t, &v)
		return v.Version
	}
	shape := func(r response) string {
		var body map[string]any
		r.json(t, &body)
		keys := []string{}
		for k := range body {
			keys = append(keys, k)
		}
		for k := range r.header {
			keys = append(keys, "header:"+k)
		}
		slices.Sort(keys)
		return strings.Join(keys, ",")
	}
	before := versionOf("before")
	invited := a.send(t, "POST", invitations, tk.pegawai, map[string]any{"peer": rekan})
	if invited.status != 201 {
		t.Fatalf("the employee invites the penilai's invitee: status %d: %s", invited.status, invited.body)
	}
	afterFirst := versionOf("after the first")
	fresh := a.send(t, "POST", invitations, tk.pegawai, map[string]any{"peer": hrNIP}).must(t, 201, "the employee invites a colleague nobody invited")
	afterSecond := versionOf("after the second")
	if afterFirst != before+1 || afterSecond != afterFirst+1 {
		t.Errorf("versions %d, %d, %d: each invitation should add one event", before, afterFirst, afterSecond)
	}
	if shape(invited) != shape(fresh) {
		t.Errorf("answers differ:\n%s\n%s", shape(invited), shape(fresh))
	}
	var w1, w2 writeResponse
	invited.json(t, &w1)
	fresh.json(t, &w2)
	if len(w1.EventIDs) != 1 || len(w2.EventIDs) != 1 {
		t.Errorf("events %v and %v", w1.EventIDs, w2.EventIDs)
	}
	// Inviting either again is the employee's own repetition: both answer alike.
	again1 := a.denied(t, 422, TypeRuleViolated, "the employee invites rekan again", "POST", invitations, tk.pegawai, map[string]any{"peer": rekan})
	again2 := a.denied(t, 422, TypeRuleViolated, "the employee invites hr again", "POST", invitations, tk.pegawai, map[string]any{"peer": hrNIP})
	if again1.Code != "skp.already_invited" || strings.ReplaceAll(again1.Detail, rekan, "X") != strings.ReplaceAll(again2.Detail, hrNIP, "X") {
		t.Errorf("repeated invitations: %+v and %+v", again1, again2)
	}

	// The colleague answers once; the answer shows on the employee's own
	// invitation, as it would had the penilai not invited them.
	feedback := map[string]any{"values": []any{map[string]any{"value": "kolaboratif", "comment": "Selalu membantu"}}}
	a.send(t, "POST", skpPath+"/windows/1/peer-feedback", tk.rekan, feedback).must(t, 201, "rekan answers")
	if p := a.denied(t, 422, TypeRuleViolated, "rekan answers twice", "POST", skpPath+"/windows/1/peer-feedback", tk.rekan, feedback); p.Code != "skp.peer_feedback_given" {
		t.Errorf("code %q", p.Code)
	}
	var own skpView
	raw := a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "the employee reads the SKP")
	raw.json(t, &own)
	if strings.Contains(string(raw.body), rekan) || strings.Contains(string(raw.body), hrNIP) {
		t.Errorf("the employee's view names a colleague: %s", raw.body)
	}
	ps := own.WindowInputs[0].Peers
	if len(ps) != 3 || ps[0].InvitedBy != penilai || ps[0].Feedback != nil ||
		ps[1].InvitedBy != pegawai || ps[1].Feedback == nil || ps[2].InvitedBy != pegawai || ps[2].Feedback != nil {
		b, _ := json.Marshal(ps)
		t.Errorf("the employee's view of the peers: %s", b)
	}
	var seen skpView
	a.send(t, "GET", skpPath, tk.penilai, nil).must(t, 200, "the penilai reads the SKP").json(t, &seen)
	answered := 0
	for _, p := range seen.WindowInputs[0].Peers {
		if p.Feedback != nil {
			answered++
			if p.Peer != rekan || p.Feedback.By.NIP != rekan {
				t.Errorf("penilai's view: %+v", p)
			}
		}
	}
	if answered != 1 {
		t.Errorf("penilai sees %d answers, want 1", answered)
	}
}
