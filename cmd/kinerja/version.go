package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion prints the module version, the VCS revision the binary was
// built from (when the build recorded it) and the Go version.
func runVersion(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, versionLine(info, ok))
	return nil
}

// versionLine formats build information as one line, such as
// "kinerja v1.2.0 (rev 3f2a9c1d0e4b, 2025-06-01T10:00:00Z, modified) go1.26.8".
// Without a module version it says "dev".
func versionLine(info *debug.BuildInfo, ok bool) string {
	version := "dev"
	if ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		version = info.Main.Version
	}
	var vcs []string
	if ok {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision":
				vcs = append(vcs, "rev "+short(s.Value, 12))
			case s.Key == "vcs.time":
				vcs = append(vcs, s.Value)
			case s.Key == "vcs.modified" && s.Value == "true":
				vcs = append(vcs, "modified")
			}
		}
	}
	line := "kinerja " + version
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return line + " " + runtime.Version()
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
