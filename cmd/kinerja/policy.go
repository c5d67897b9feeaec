package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// policyCommands is the table of "kinerja policy" subcommands.
func policyCommands() []command {
	return []command{
		{"validate", "check a policy JSON file: its problems, or its version and a summary", runPolicyValidate},
		{"show", "print the built-in default policy as JSON, a starting point for an instansi's policy", runPolicyShow},
	}
}

// runPolicy dispatches "kinerja policy <subcommand>".
func runPolicy(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		printGroupHelp(e.stderr, "policy", policyCommands())
		if len(args) == 0 {
			return &usageError{err: errors.New("policy: no subcommand given"), shown: true}
		}
		return nil
	}
	for _, c := range policyCommands() {
		if c.name == args[0] {
			return subcommandUsage(c.run(ctx, e, args[1:]), "policy "+c.name)
		}
	}
	return &usageError{err: fmt.Errorf("policy: unknown subcommand %q", args[0])}
}

// runPolicyValidate reads a policy JSON file and prints every problem with
// the field at fault, failing when there is one; a valid policy prints its
// version and a summary of its rules.
func runPolicyValidate(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("policy validate", flag.ContinueOnError)
	if err := parseArgs(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if fs.NArg() != 1 {
		return &usageError{err: errors.New("policy validate: give exactly one FILE")}
	}
	data, err := readAtMost(fs.Arg(0), httpapi.MaxBodyBytes)
	if err != nil {
		return fmt.Errorf("policy validate: %w", err)
	}
	p, err := strictPolicy(data)
	if err != nil {
		return fmt.Errorf("policy validate %s: %w", fs.Arg(0), err)
	}
	// A member left out would be adopted as zero: say so by field, as the API does.
	problems := p.Problems()
	for _, m := range performance.MissingMembers(data) {
		problems = append(problems, performance.PolicyProblem{Field: m, Message: "required: a policy is written whole"})
	}
	// Adoption refuses a valid policy whose version names other content
	// (422 policy.version_conflict); the built-in default's is known here.
	if d := performance.DefaultPolicy(); len(problems) == 0 && p.Version == d.Version && !adoption.Same(d, p) {
		problems = append(problems, performance.PolicyProblem{Field: "version",
			Message: "names the built-in default policy, whose content differs: give the changed policy a version of its own"})
	}
	if len(problems) > 0 {
		for _, pr := range problems {
			fmt.Fprintf(e.stdout, "%s: %s\n", pr.Field, text.Clip(pr.Message, maxProblemBytes))
		}
		noun := "problems"
		if len(problems) == 1 {
			noun = "problem"
		}
		return fmt.Errorf("policy validate %s: %d %s", fs.Arg(0), len(problems), noun)
	}
	fmt.Fprintf(e.stdout, "valid policy %s\n", p.Version)
	printPolicySummary(e, p)
	return nil
}

// readAtMost reads the file at path, refusing one over limit bytes without
// reading past the limit (path may be a device or a pipe that never ends).
func readAtMost(path string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%s: over %d bytes; the API takes a policy of at most %d", path, limit, limit)
	}
	return data, nil
}

// maxProblemBytes bounds a problem line: a message may quote the value.
const maxProblemBytes = 600

// strictPolicy decodes a policy as performance.DecodePolicy does (one JSON
// object, no unknown field, cascade_check off when left out), without
// validating its rules.
func strictPolicy(data []byte) (performance.Policy, error) {
	p, err := performance.ParsePolicy(data)
	if err != nil {
		return performance.Policy{}, fmt.Errorf("not a policy: %s", strings.TrimPrefix(
			strings.TrimSuffix(err.Error(), ": "+performance.ErrInvalidPolicy.Error()), "decode policy: "))
	}
	return p, nil
}

// printPolicySummary prints the main rules of p, one per line.
func printPolicySummary(e *env, p performance.Policy) {
	freqs := make([]string, len(p.PeriodFrequencies))
	for i, f := range p.PeriodFrequencies {
		freqs[i] = string(f)
	}
	dates := make([]string, len(p.PromotionDates))
	for i, d := range p.PromotionDates {
		dates[i] = fmt.Sprintf("%d %s", d.Day, d.Month)
	}
	levels := make([]string, 0, len(p.AKCoefficient))
	for _, l := range performance.FunctionalLevels() {
		levels = append(levels, fmt.Sprintf("%s %g", l, p.AKCoefficient[l]))
	}
	slices.Sort(levels)
	lines := [][2]string{
		{"period frequencies", strings.Join(freqs, ", ")},
		{"ratings allowed", fmt.Sprintf("%d days before a window's last day", p.RatingDaysBeforeWindowEnd)},
		{"objection window", fmt.Sprintf("%d %s", p.ObjectionDays, p.ObjectionCounting)},
		{"distribution rounding", fmt.Sprintf("caps %s, floors %s", p.CapRounding, p.FloorRounding)},
		{"kenaikan pangkat", fmt.Sprintf("%d years in rank, %s or better in the last %d years", p.MinYearsInRank, p.MinPredikat, p.RequiredYears)},
		{"promotion dates", strings.Join(dates, ", ")},
		{"angka kredit coefficients", strings.Join(levels, ", ")},
	}
	for _, l := range lines {
		fmt.Fprintf(e.stdout, "  %-26s %s\n", l[0]+":", l[1])
	}
}

// runPolicyShow prints the built-in default policy as indented JSON.
func runPolicyShow(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("policy show", flag.ContinueOnError)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	data, err := json.MarshalIndent(performance.DefaultPolicy(), "", "  ")
	if err != nil {
		return fmt.Errorf("policy show: %w", err)
	}
	fmt.Fprintln(e.stdout, string(data))
	return nil
}
