package main

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// flagLine matches a flag in a command's help, as flag.PrintDefaults
// writes it.
var flagLine = regexp.MustCompile(`(?m)^  -([a-z][a-z-]*)`)

// TestHelpOfEveryCommand: 'kinerja help <command>' listed every setting
// of serve (-addr, -jwt-secret, -access-log-retention, …) for commands that
// read none of them, and printed no synopsis for most commands. Each
// command's help now starts with its synopsis and usage, and lists exactly
// the flags the command accepts.
func TestHelpOfEveryCommand(t *testing.T) {
	store := []string{"database-url", "eventstore", "log-level"}
	var all []string
	for _, s := range settings() {
		all = append(all, s.flag)
	}
	without := func(names ...string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(n string) bool { return slices.Contains(names, n) })
	}
	with := func(base []string, names ...string) []string { return append(slices.Clone(base), names...) }
	flags := map[string][]string{
		"serve":           all,
		"migrate":         store,
		"audit verify":    with(store, "anchor", "public-key"),
		"audit anchor":    with(store, "key", "instansi", "out", "every"),
		"audit keygen":    {"out"},
		"audit trail":     with(store, "nip", "year", "as-of"),
		"token":           {"jwt-secret", "jwt-issuer", "jwt-audience", "jwt-max-ttl", "sub", "roles", "instansi", "ttl"},
		"import":          with(store, "kind", "format"),
		"demo":            with(without("read-database-url"), "demo-database", "staff-per-bidang", "no-serve"),
		"rebuild":         with(store, "batch"),
		"project":         with(store, "batch"),
		"forward":         with(store, "to", "name", "types", "instansi", "topic", "retarget"),
		"replay":          with(store, "until", "projection", "into", "drop", "batch"),
		"replay diff":     with(store, "schema", "projection", "limit", "json"),
		"replay list":     store,
		"policy validate": nil,
		"policy show":     nil,
		"partitions":      store,
		"bench":           with(without("addr", "projections", "jwks-url"), "employees", "backend", "json", "cpuprofile"),
		"version":         nil,
	}
	summaries := map[string]string{}
	for _, c := range commands() {
		summaries[c.name] = c.summary
	}
	for _, c := range auditCommands() {
		summaries["audit "+c.name] = c.summary
	}
	for _, c := range policyCommands() {
		summaries["policy "+c.name] = c.summary
	}
	for name := range summaries {
		if _, ok := flags[name]; !ok && name != "audit" && name != "policy" {
			t.Errorf("the test does not know the flags of %q", name)
		}
	}
	for name, want := range flags {
		t.Run(name, func(t *testing.T) {
			var out, errOut syncBuffer
			err := run(context.Background(), append([]string{"help"}, strings.Fields(name)...), mapEnv(nil), &out, &errOut)
			if err != nil {
				t.Fatalf("help %s: %v\n%s", name, err, errOut.String())
			}
			help := out.String()
			lines := strings.Split(help, "\n")
			if summary := summaries[name]; summary != "" && lines[0] != "kinerja "+name+" - "+summary {
				t.Errorf("first line %q, want the synopsis %q", lines[0], "kinerja "+name+" - "+summary)
			}
			if !strings.Contains(help, "\nUsage: kinerja "+name) && !strings.Contains(help, "\nUsage:\n  kinerja "+name) {
				t.Errorf("no usage line:\n%s", help)
			}
			var got []string
			for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
				got = append(got, m[1])
			}
			slices.Sort(got)
			w := slices.Sorted(slices.Values(want))
			if !slices.Equal(got, w) {
				t.Errorf("flags listed:\n  %v\nwant\n  %v\nhelp:\n%s", got, w, help)
			}
		})
	}
}

// TestCommandsRefuseSettingsTheyDoNotRead: a flag a command does not read
// was accepted and ignored (token -addr, migrate -jwt-secret); it is a
// wrong command line, like any unknown flag.
func TestCommandsRefuseSettingsTheyDoNotRead(t *testing.T) {
	for _, args := range [][]string{
		{"token", "-addr", "127.0.0.1:1", "--sub", "198609262015051001", "--instansi", "x"},
		{"migrate", "-jwt-secret", "x"},
		{"version", "-database-url", "postgres://127.0.0.1/kinerja"},
	} {
		var out, errOut, msg syncBuffer
		err := run(context.Background(), args, mapEnv(nil), &out, &errOut)
		if code := report(err, &msg); code != 2 || !strings.Contains(msg.String()+errOut.String(), "flag provided but not defined") {
			t.Errorf("%q: exit %d, %q", args, code, msg.String()+errOut.String())
		}
	}
}

// TestSubcommandMistakePointsToItsHelp: a mistake on the command line of
// a subcommand ("audit trail --nip 1990") ended with "Run 'kinerja help
// audit' for usage.", the group's list, which does not show the flags.
func TestSubcommandMistakePointsToItsHelp(t *testing.T) {
	for _, args := range [][]string{
		{"audit", "trail", "--nip", "1990", "--year", "2025"},
		{"audit", "verify", "--public-key", "k.pem"},
		{"policy", "validate"},
		{"replay", "diff", "--projection", "standings"},
	} {
		var out, errOut syncBuffer
		err := run(context.Background(), args, mapEnv(nil), &out, &errOut)
		var w strings.Builder
		want := "Run 'kinerja help " + args[0] + " " + args[1] + "' for usage."
		if code := report(err, &w); code != 2 || !strings.Contains(w.String(), want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", args, code, w.String(), want)
		}
	}
}
