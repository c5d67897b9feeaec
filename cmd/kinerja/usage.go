package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// usage is how one command is called: what 'kinerja help <command>' prints
// besides its flags, and which settings (environment variables and their
// flags, see settings) the command reads.
type usage struct {
	// lines are the command's synopsis lines, each after "kinerja ".
	lines []string
	// summary is the one-line description of a subcommand that no command
	// table lists (those of replay); the others take theirs from the table.
	summary string
	// notes, when not empty, follow the synopsis.
	notes string
	// settings are the flags of the settings the command reads; it
	// accepts no others, and ignores the other variables.
	settings []string
}

// usages is the usage of every command and subcommand, by the name of its
// flag set ("serve", "audit verify"). bindConfig and the help read it.
func usages() map[string]usage {
	store := []string{"database-url", "eventstore", "log-level"}
	projections := "Projections: " + strings.Join(projectionNames(), ", ") + "."
	return map[string]usage{
		"serve":   {lines: []string{"serve [flags]"}, settings: settingsBut()},
		"migrate": {lines: []string{"migrate [flags]"}, settings: store},
		"audit verify": {lines: []string{"audit verify [--anchor FILE [--public-key FILE]] [flags]"}, settings: store,
			notes: "Prints the events verified and the head, or the first position where the chain breaks (exit 1).\n" +
				"Progress goes to stderr. It reads only: it neither creates nor migrates the database."},
		"audit anchor": {lines: []string{"audit anchor [--key FILE] [--instansi I] [--out DIR] [--every DURATION] [flags]"}, settings: store,
			notes: "Without --key the key is the content of $" + anchorKeyEnv + "."},
		"audit keygen": {lines: []string{"audit keygen --out FILE"}},
		"audit trail":  {lines: []string{"audit trail --nip NIP --year YEAR [--as-of POSITION|TIME|DATE] [flags]"}, settings: store},
		"token": {lines: []string{"token --sub NIP --instansi INSTANSI [--roles ROLE,...] [--ttl DURATION] [flags]"},
			settings: []string{"jwt-secret", "jwt-issuer", "jwt-audience", "jwt-max-ttl"}},
		"import": {lines: []string{"import --kind units|employees|reporting-lines [--format csv|xlsx] [flags] FILE"}, settings: store,
			notes: "Rejected rows are listed by line and make it exit 1; importing a file again appends nothing."},
		"demo": {lines: []string{"demo [--demo-database NAME] [--staff-per-bidang N] [--no-serve] [flags]"},
			settings: settingsBut("read-database-url")},
		"rebuild": {lines: []string{"rebuild [flags] NAME|all"}, settings: store, notes: projections},
		"project": {lines: []string{"project [flags] [NAME...|all]"}, settings: store,
			notes: "Runs the projections (default all) until SIGINT or SIGTERM. " + projections},
		"forward": {lines: []string{"forward --to URL --name NAME [flags]"}, settings: store,
			notes: "Publishes every event of the log, in order and at least once, to the broker, one message per event,\n" +
				"resuming from the forwarder's checkpoint, until SIGINT or SIGTERM. See docs/forwarding.md."},
		"replay": {lines: []string{
			"replay --until TIME|POSITION --projection NAME|all --into SCHEMA [flags]",
			"replay --drop SCHEMA [flags]",
			"replay diff --schema SCHEMA [--projection NAME|all] [--json] [flags]",
			"replay list [flags]"}, settings: store,
			notes: projections + "\nRun 'kinerja help replay diff' or 'kinerja help replay list' for their flags."},
		"replay diff": {lines: []string{"replay diff --schema SCHEMA [--projection NAME|all] [--limit N] [--json] [flags]"}, settings: store,
			summary: "compare a replay's tables with the live read models; exit 1 when they differ"},
		"replay list":     {lines: []string{"replay list [flags]"}, settings: store, summary: "list the replay schemas of the database"},
		"policy validate": {lines: []string{"policy validate FILE"}},
		"policy show":     {lines: []string{"policy show"}},
		"partitions":      {lines: []string{"partitions [flags]"}, settings: store},
		"bench": {lines: []string{"bench [--employees N] [--backend postgres|esdb] [--json FILE] [--cpuprofile FILE] [flags]"},
			// It serves the API itself, on a free port, with the projections on.
			settings: settingsBut("addr", "projections", "jwks-url"),
			notes:    "Needs an empty event log."},
		"version": {lines: []string{"version"}},
	}
}

// settingsBut returns the flags of every setting but those named.
func settingsBut(names ...string) []string {
	var out []string
	for _, s := range settings() {
		if !slices.Contains(names, s.flag) {
			out = append(out, s.flag)
		}
	}
	return out
}

// usageOf returns the usage of the command whose flag set is named name.
// Every command has one: a missing one is a mistake in this file.
func usageOf(name string) usage {
	u, ok := usages()[name]
	if !ok {
		panic(fmt.Sprintf("kinerja: command %q has no usage in usages()", name))
	}
	return u
}

// summaryOf returns the one-line description of the command named name.
func summaryOf(name string) string {
	group, sub, _ := strings.Cut(name, " ")
	var table []command
	switch {
	case sub == "":
		table = commands()
	case group == "audit":
		table = auditCommands()
	case group == "policy":
		table = policyCommands()
	}
	for _, c := range table {
		if c.name == name || group+" "+c.name == name {
			return c.summary
		}
	}
	return usages()[name].summary
}

// printHelp prints the help of the command whose flag set is fs on w: its
// name and summary, its synopsis, notes, and the flags it accepts.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	name := fs.Name()
	u := usageOf(name)
	fmt.Fprintf(w, "kinerja %s - %s\n\nUsage:", name, summaryOf(name))
	if len(u.lines) == 1 {
		fmt.Fprintf(w, " kinerja %s\n", u.lines[0])
	} else {
		fmt.Fprintln(w)
		for _, l := range u.lines {
			fmt.Fprintf(w, "  kinerja %s\n", l)
		}
	}
	if u.notes != "" {
		fmt.Fprintf(w, "\n%s\n", u.notes)
	}
	flags := 0
	fs.VisitAll(func(*flag.Flag) { flags++ })
	if flags == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// printGroupHelp prints the help of a command made of subcommands (audit,
// policy) on w.
func printGroupHelp(w io.Writer, name string, subs []command) {
	fmt.Fprintf(w, "kinerja %s - %s\n\nUsage: kinerja %s <subcommand> [flags]\n\nSubcommands:\n", name, summaryOf(name), name)
	width := 0
	for _, c := range subs {
		width = max(width, len(c.name))
	}
	for _, c := range subs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'kinerja help %s <subcommand>' for a subcommand's usage and flags.\n", name)
}

// parseArgs parses args with fs; -h prints the command's help (printHelp)
// on e.stderr. It returns flag.ErrHelp for -h (the command then returns
// nil) and a usage error for anything else wrong, which report prints
// last. Flags may come before, between or after the arguments (kinerja
// rebuild all -batch 10); after "--" everything is an argument. The
// arguments are left in fs.Args().
func parseArgs(fs *flag.FlagSet, e *env, args []string) error {
	// The flag package would print a mistake and then the whole help,
	// which left the mistake forty lines up, above the flags.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := parseInterspersed(fs, args)
	fs.SetOutput(e.stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(e.stderr, fs)
		return err
	case err != nil:
		return &usageError{err: fmt.Errorf("%s: %w", fs.Name(), err), cmd: fs.Name()}
	}
	return nil
}

// parseInterspersed parses args with fs as fs.Parse does, but goes on past
// an argument to the flags after it: the flag package stops at the first
// argument, so "rebuild all -database-url URL" took the flag and its value
// for two more projection names. Afterwards fs.Args() holds the arguments
// in their order.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			positional = append(positional, rest...) // everything after "--"
			break
		}
		i := 0
		for i < len(rest) && (len(rest[i]) < 2 || rest[i][0] != '-') {
			i++
		}
		positional = append(positional, rest[:i]...)
		if i == len(rest) {
			break
		}
		args = rest[i:]
	}
	// Parsing "--" alone sets no flag and leaves exactly these in fs.Args().
	return fs.Parse(append([]string{"--"}, positional...))
}

// parseFlags is parseArgs for a command that takes no arguments besides
// its flags: any left over are a usage error.
func parseFlags(fs *flag.FlagSet, e *env, args []string) error {
	if err := parseArgs(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{err: fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())}
	}
	return nil
}
