package main

import (
	"context"
	"log/slog"

	"github.com/kinerja/kinerja/adapters/console"
	"github.com/kinerja/kinerja/adapters/httpapi"
)

// withConsole adds the web console to deps when the API is served: it uses
// the API's token verification to know who is signed in, the service's
// policies to draw distribution patterns, and reads everything else through
// the API itself.
func withConsole(deps httpapi.Deps, logger *slog.Logger) (httpapi.Deps, error) {
	api := deps.API
	if api == nil {
		return deps, nil
	}
	c, err := console.New(console.Config{
		Identify: func(ctx context.Context, header string) (console.Identity, error) {
			p, err := api.Auth.Authenticate(ctx, header)
			return console.Identity{NIP: p.NIP, Roles: p.Roles}, err
		},
		Policy: api.Service.Policy,
		Logger: logger,
	})
	if err != nil {
		return deps, err
	}
	deps.Console, deps.ConsoleSections = c.Mount, console.Sections()
	return deps, nil
}
