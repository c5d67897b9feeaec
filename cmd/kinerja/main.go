// Command kinerja is Kinerja's one binary: it serves the HTTP API, applies
// migrations, verifies the event log's hash chain and reports its version.
// Run "kinerja help" for the list of commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process at once.
	}()
	stopProfile, err := startCPUProfile(os.Getenv("KINERJA_CPUPROFILE"))
	if err == nil {
		err = run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
		stopProfile()
	}
	stop()
	os.Exit(report(err, os.Stderr))
}

// startCPUProfile writes a CPU profile of the whole command to file (the
// KINERJA_CPUPROFILE environment variable, for profiling bench, rebuild or
// serve; empty: none) and returns the function that ends it. A profile
// that cannot be written fails the command before it runs (it ran without
// one, and exited 0).
func startCPUProfile(file string) (func(), error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		return nil, fmt.Errorf("KINERJA_CPUPROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// report prints err as one line on w and returns the exit code: 0 without an
// error, 2 for a usage error, 1 for any other.
func report(err error, w io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		switch {
		case ue.noHint:
			fmt.Fprintf(w, "kinerja: %s\n", oneLine(ue.Error()))
		case !ue.shown:
			fmt.Fprintf(w, "kinerja: %s\nRun '%s' for usage.\n", oneLine(ue.Error()), strings.TrimSpace("kinerja help "+ue.cmd))
		}
		return 2
	}
	fmt.Fprintf(w, "kinerja: %s\n", oneLine(err.Error()))
	return 1
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// env is what a command gets from its process: the environment, the output
// streams, and a hook that lets tests learn where serve listens.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	// listening, if not nil, is called by serve with the bound address as
	// soon as it accepts connections.
	listening func(addr string)
}

// run runs the command named by args[0] with the rest of args.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runEnv(ctx, args, &env{getenv: getenv, stdout: stdout, stderr: stderr})
}

func runEnv(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 {
		printUsage(e.stderr)
		return &usageError{err: errors.New("no command given"), shown: true}
	}
	name, rest := args[0], args[1:]
	if isHelpWord(name) {
		return runHelp(ctx, e, rest)
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, rest)
			if ue := (*usageError)(nil); errors.As(err, &ue) && ue.cmd == "" {
				ue.cmd = c.name // where the hint points
			}
			return err
		}
	}
	return &usageError{err: fmt.Errorf("unknown command %q", name)}
}

// command is one entry of the command table.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the table of kinerja's commands, in the order help lists them.
// Each command lives in its own file with its own flag set.
func commands() []command {
	return []command{
		{"serve", "migrate the database and serve the HTTP API", runServe},
		{"migrate", "create the database if missing and apply pending migrations", runMigrate},
		{"audit", "check the event log: 'audit verify' recomputes the hash chain", runAudit},
		{"token", "mint an HS256 bearer token with KINERJA_JWT_SECRET, for local use", runToken},
		{"import", "import units, employees or reporting lines from a CSV or XLSX file", runImport},
		{"demo", "seed a fresh demo database with a realistic instansi and serve it", runDemo},
		{"rebuild", "rebuild a projection (or all) into fresh tables and swap them in", runRebuild},
		{"project", "run the projections as a worker process until SIGINT or SIGTERM", runProject},
		{"forward", "publish the event log to a NATS JetStream or RabbitMQ broker, in order, at least once", runForward},
		{"replay", "build read models as of a position or time into a scratch schema; 'replay diff' compares with live", runReplay},
		{"policy", "'policy validate FILE' checks a policy JSON file; 'policy show' prints the built-in default", runPolicy},
		{"partitions", "list the event log's partitions and create the next one ahead of the head", runPartitions},
		{"bench", "generate a world of --employees employees, append it and measure throughput, catch-up, rebuild and verify", runBench},
		{"version", "print the version and build information", runVersion},
	}
}

// runHelp prints the general usage, or with a command name (and a
// subcommand: "help audit verify") that command's usage and flags.
func runHelp(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || isHelpWord(args[0]) {
		printUsage(e.stdout)
		return nil
	}
	if _, sub := usages()[strings.Join(args, " ")]; len(args) > 2 || len(args) == 2 && !sub {
		return &usageError{err: fmt.Errorf("help takes one command (or a command and its subcommand), not %q", strings.Join(args, " "))}
	}
	he := *e
	he.stderr = e.stdout
	return runEnv(ctx, append(args[:len(args):len(args)], "-h"), &he)
}

// isHelpWord reports whether arg asks for help.
func isHelpWord(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "kinerja: performance evaluation of civil servants, on an immutable event log.\n\n")
	fmt.Fprintf(w, "Usage: kinerja <command> [flags]\n\nCommands:\n")
	name := len("help")
	for _, c := range commands() {
		name = max(name, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", name, c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-*s  %s\n", name, "help", "print this, or 'help <command>' for a command's usage and flags")
	fmt.Fprintf(w, "\nConfiguration (flags override the environment; 'kinerja help <command>' shows those a command reads):\n")
	env, flg := 0, 0
	for _, s := range settings() {
		env, flg = max(env, len(s.env)), max(flg, len(s.flag))
	}
	for _, s := range settings() {
		fmt.Fprintf(w, "  %-*s  -%-*s  default %q\n", env, s.env, flg, s.flag, s.def)
	}
}

// usageError is a mistake in the command line or in the configuration (a
// setting that cannot work, from a flag or the environment); it exits with
// code 2.
type usageError struct {
	err error
	// cmd is the command (or "audit verify") whose help the message
	// points to; empty: the general help.
	cmd string
	// shown is true when the usage was already printed instead of the
	// message (no command or subcommand given).
	shown bool
	// noHint leaves out the pointer to the usage: a configuration
	// mistake the usage does not help with (a schema newer than the
	// binary).
	noHint bool
}

func (u *usageError) Error() string { return u.err.Error() }

// subcommandUsage points a usage error of a subcommand (audit trail, policy
// validate) to that subcommand's help, not the group's.
func subcommandUsage(err error, name string) error {
	if ue := (*usageError)(nil); errors.As(err, &ue) && ue.cmd == "" {
		ue.cmd = name
	}
	return err
}
func (u *usageError) Unwrap() error { return u.err }
