package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// replaysPage lists the caller's instansi's replays, with a form to build one.
func (c *Console) replaysPage(ctx context.Context, s *session, _ *http.Request) (view, error) {
	res, err := c.getJSON(ctx, s, "/v1/replays", nil)
	if err != nil {
		return view{}, err
	}
	return view{tmpl: "replays", title: "Replay untuk inspektorat", data: res}, nil
}

// buildReplay builds a replay up to a date or global position and shows it.
// A refusal the caller can correct (a bad date, the quota reached) shows the
// list again with the refusal beside the form and the input kept.
func (c *Console) buildReplay(ctx context.Context, s *session, r *http.Request) (view, error) {
	until := strings.TrimSpace(r.PostFormValue("sampai"))
	if until == "" {
		return c.replayFormError(ctx, s, until, pageError{status: http.StatusBadRequest, detail: "Isi tanggal (YYYY-MM-DD) atau posisi log."})
	}
	res, err := c.send(ctx, s, http.MethodPost, "/v1/replays", nil, map[string]any{"until": until})
	var pe pageError
	if err != nil && asPageError(err, &pe) && pe.status >= 400 && pe.status < 500 && pe.status != http.StatusForbidden {
		return c.replayFormError(ctx, s, until, pe)
	}
	if err != nil {
		return view{}, err
	}
	return view{redirect: "/replay/" + url.PathEscape(str(res["schema"]))}, nil
}

// replayFormError renders the replays page with the form's refusal and
// the caller's input.
func (c *Console) replayFormError(ctx context.Context, s *session, until string, pe pageError) (view, error) {
	v, err := c.replaysPage(ctx, s, nil)
	if err != nil {
		return view{}, err
	}
	data := v.data.(map[string]any)
	data["sampai"] = until
	data["error"] = pe.detail
	if pe.fromAPI {
		data["error"] = pe.explain()
		data["note"] = pe.detail
	}
	data["fields"] = pe.fields
	v.status = pe.status
	return v, nil
}

// replayPage shows one replay and its diff against the live read model.
func (c *Console) replayPage(ctx context.Context, s *session, r *http.Request) (view, error) {
	schema := r.PathValue("schema")
	info, err := c.getJSON(ctx, s, "/v1/replays/"+url.PathEscape(schema), nil)
	if err != nil {
		return view{}, err
	}
	proj := r.URL.Query().Get("proyeksi")
	if proj == "" {
		proj = "standings"
	}
	diff, err := c.getJSON(ctx, s, "/v1/replays/"+url.PathEscape(schema)+"/diff", url.Values{"projection": {proj}, "limit": {"20"}})
	if err != nil {
		return view{}, err
	}
	data := map[string]any{"info": info, "diff": diff, "proyeksi": proj}
	return view{tmpl: "replay", title: "Replay " + schema, data: data}, nil
}

// dropReplay drops a replay and returns to the list.
func (c *Console) dropReplay(ctx context.Context, s *session, r *http.Request) (view, error) {
	if _, err := c.send(ctx, s, http.MethodDelete, "/v1/replays/"+url.PathEscape(r.PathValue("schema")), nil, nil); err != nil {
		return view{}, err
	}
	return view{redirect: "/replay"}, nil
}
