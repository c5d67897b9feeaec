package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// registered is one read model of this build: its permanent name and how
// to make it.
type registered struct {
	name string
	make func() readside.Projection
}

// registry is the one list of the read models of this build, in the order
// "all" runs, rebuilds and replays them. Every command (project, serve,
// rebuild, replay, the replay API) takes its projections from here; a new
// read model is one line.
func registry() []registered {
	return []registered{
		{standings.Name, func() readside.Projection { return standings.New() }},
		{promotion.Name, func() readside.Projection { return promotion.New() }},
		{unitreport.Name, func() readside.Projection { return unitreport.New() }},
		{training.Name, func() readside.Projection { return training.New() }},
		{history.Name, func() readside.Projection { return history.New() }},
		{worklist.Name, func() readside.Projection { return worklist.New() }},
	}
}

// projectionSet returns every projection of this build, in registry order.
func projectionSet() []readside.Projection {
	var out []readside.Projection
	for _, r := range registry() {
		out = append(out, r.make())
	}
	return out
}

// projectionNames returns the names of the projections, in registry order.
func projectionNames() []string {
	var out []string
	for _, r := range registry() {
		out = append(out, r.name)
	}
	return out
}

// projectionsNamed returns the projections named, each once, in the order
// given: no name or "all" alone means every one. An unknown name is a
// usage error of the command cmd.
func projectionsNamed(cmd string, names []string) ([]readside.Projection, error) {
	if len(names) == 0 || (len(names) == 1 && names[0] == "all") {
		return projectionSet(), nil
	}
	reg := registry()
	var out []readside.Projection
	var seen []string
	for _, name := range names {
		i := slices.IndexFunc(reg, func(r registered) bool { return r.name == name })
		if i < 0 {
			return nil, &usageError{err: fmt.Errorf("%s: unknown projection %q (want %s or all)", cmd, name, strings.Join(projectionNames(), ", "))}
		}
		if !slices.Contains(seen, name) {
			seen = append(seen, name)
			out = append(out, reg[i].make())
		}
	}
	return out, nil
}

// namesOf returns the names of ps.
func namesOf(ps []readside.Projection) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name())
	}
	return out
}
