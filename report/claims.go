package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// Verdict is the computed status of a claim.
type Verdict int

const (
	// Open: no evidence can decide yet, or the evidence disagrees.
	Open Verdict = iota
	// Supported: every counted test passes.
	Supported
	// NotSupported: every counted test fails.
	NotSupported
)

func (v Verdict) String() string {
	switch v {
	case Supported:
		return "supported"
	case NotSupported:
		return "not supported"
	}
	return "open"
}

// Outcome is the result of one evidence test.
type Outcome int

const (
	// NotAvailable: the evidence does not exist yet (a model output still
	// to be built, a scenario not shipped, a fact missing from the data).
	NotAvailable Outcome = iota
	Pass
	Fail
)

func (o Outcome) String() string {
	switch o {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	}
	return "not available"
}

// Evidence is one figure that bears on a claim, with its test.
type Evidence struct {
	// Kind is "data" (a row of the shipped data), "model" (an output of
	// one or more simulation runs) or "deal network" (the loops analysis
	// of the shipped deals).
	Kind string
	// What says what the figure is.
	What string
	// Value is the figure (NaN when not available) and Display its text.
	Value   float64
	Display string
	// Test is the threshold the figure is held to, in words.
	Test    string
	Outcome Outcome
	// Counted is false for evidence that is shown but does not enter the
	// verdict: model outputs that depend on the placeholder price rule.
	Counted bool
	// Source names the data row (fact, as of, publication) or the
	// scenarios and output used; SourceURL links the publication.
	Source    string
	SourceURL string
	Note      string
}

// Claim is one claim of the article that started the project, with the
// evidence that bears on it and the verdict computed from that evidence.
type Claim struct {
	ID        string
	Mechanism string // MODEL.md mechanism, "M1".."M10"
	Statement string // the claim in English
	Quote     string // the article's words (Traditional Chinese)
	Rule      string // how the tests are chosen, in words
	Evidence  []Evidence
	Verdict   Verdict
	// Reason explains the verdict from the outcomes.
	Reason string
}

// decide computes a claim's verdict from its counted evidence: supported
// when every counted test passes, not supported when every one fails, open
// when none can be counted or when they disagree.
func decide(ev []Evidence) (Verdict, string) {
	var pass, fail, provisional, missing []string
	for _, e := range ev {
		switch {
		case e.Outcome == NotAvailable:
			missing = append(missing, e.What)
		case !e.Counted:
			provisional = append(provisional, e.What)
		case e.Outcome == Pass:
			pass = append(pass, e.What)
		default:
			fail = append(fail, e.What)
		}
	}
	var v Verdict
	var reason string
	switch {
	case len(pass) > 0 && len(fail) == 0:
		v, reason = Supported, allTests(len(pass), "pass", "passes")
	case len(fail) > 0 && len(pass) == 0:
		v, reason = NotSupported, allTests(len(fail), "fail", "fails")
	case len(fail) > 0:
		v, reason = Open, fmt.Sprintf("The evidence disagrees: of %s, %d pass and %d fail (failing: %s).",
			countTests(len(pass)+len(fail)), len(pass), len(fail), strings.Join(fail, "; "))
	case len(provisional)+len(missing) == 0:
		return Open, "No evidence bears on this claim."
	default:
		v, reason = Open, "Nothing can decide it yet."
	}
	if len(provisional) > 0 {
		reason += " Shown but not counted (placeholder prices): " + strings.Join(provisional, "; ") + "."
	}
	if len(missing) > 0 {
		reason += " Not available yet: " + strings.Join(missing, "; ") + "."
	}
	return v, reason
}

func allTests(n int, plural, singular string) string {
	if n == 1 {
		return "The only counted test " + singular + "."
	}
	return fmt.Sprintf("All %d counted tests %s.", n, plural)
}

func countTests(n int) string {
	if n == 1 {
		return "1 counted test"
	}
	return fmt.Sprintf("%d counted tests", n)
}

// ClaimsInput is what the claims are evaluated on. Zero fields are filled
// from the shipped data and by running the scenarios with Seed.
type ClaimsInput struct {
	Seed  uint64
	Facts []dataset.MacroFact // nil: data/macro_facts.csv
	Firms []dataset.Firm      // nil: data/ai_firms.csv
	// Runs are simulation results by scenario name (ClaimScenarios), and
	// Comparisons their comparisons with their twins (sim.RunWithTwins);
	// missing runs are run with their twins. Runs given must cover
	// 2023-01 to 2035-12; evidence that needs a comparison not given is
	// not available.
	Runs        map[string]*sim.Result
	Comparisons map[string][]sim.Comparison
	// Network is the loops analysis of the deals; nil: ShippedNetwork.
	Network *Network
	// Inputs are the model's data; nil: sim.DefaultInputs.
	Inputs *sim.Inputs
}

// ClaimsReport is the evaluated claims and what they were evaluated on.
type ClaimsReport struct {
	Seed      uint64
	Scenarios []ClaimScenario
	PriceRule string
	Network   string // source of the deal network
	Claims    []Claim
	Links     []Link // navigation for the web app
}

// ClaimScenario names a scenario used by the claims.
type ClaimScenario struct {
	Name        string
	Description string
}

// reopenScenario is the variant the claims page builds to test the
// article's claim that reopening China later recovers less.
const reopenScenario = "reopen-2027"

// ClaimScenarios lists the scenarios the claims need: six built-in
// scenarios and reopen-2027, the baseline with export controls lifted from
// January 2027.
func ClaimScenarios() []string {
	return []string{"baseline", "no-export-controls", "no-circular-deals", "long-lived-assets", "reindustrialisation", "government-put", reopenScenario}
}

// ClaimScenarioParams returns the parameters of a scenario of
// ClaimScenarios.
func ClaimScenarioParams(name string) (sim.Params, error) {
	if name != reopenScenario {
		return scenario.Builtin(name)
	}
	p, err := scenario.Builtin("baseline")
	if err != nil {
		return p, err
	}
	p.Name = reopenScenario
	p.Description = "The baseline with US export controls lifted from January 2027: China reopens to US AI firms after its own rivals have grown."
	p.Controls.Schedule = append(slices.Clone(p.Controls.Schedule), sim.ControlStep{From: sim.NewMonth(2027, 1), Stringency: 0})
	return p, p.Validate()
}

// Claims evaluates the article's claims on the shipped data, the deal
// network and the model runs of ClaimScenarios.
func Claims(ctx context.Context, in ClaimsInput) (*ClaimsReport, error) {
	var err error
	if in.Facts == nil {
		if in.Facts, err = dataset.DefaultMacroFacts(); err != nil {
			return nil, fmt.Errorf("report: claims: %w", err)
		}
	}
	if in.Firms == nil {
		if in.Firms, err = dataset.DefaultFirms(); err != nil {
			return nil, fmt.Errorf("report: claims: %w", err)
		}
	}
	if in.Network == nil {
		if in.Network, err = ShippedNetwork(ctx); err != nil {
			return nil, err
		}
	}
	runs := make(map[string]*sim.Result, len(ClaimScenarios()))
	cmps := make(map[string][]sim.Comparison, len(ClaimScenarios()))
	for k, v := range in.Runs {
		runs[k] = v
	}
	for k, v := range in.Comparisons {
		cmps[k] = v
	}
	rep := &ClaimsReport{Seed: in.Seed, Network: in.Network.Source}
	for _, name := range ClaimScenarios() {
		p, err := ClaimScenarioParams(name)
		if err != nil {
			return nil, fmt.Errorf("report: claims scenario %s: %w", name, err)
		}
		rep.Scenarios = append(rep.Scenarios, ClaimScenario{Name: name, Description: p.Description})
		if runs[name] != nil {
			continue
		}
		if in.Inputs == nil {
			inputs, err := sim.DefaultInputs()
			if err != nil {
				return nil, fmt.Errorf("report: claims: %w", err)
			}
			in.Inputs = &inputs
		}
		res, twins, err := sim.RunWithTwins(ctx, p, *in.Inputs, in.Seed, nil)
		if err != nil {
			return nil, fmt.Errorf("report: claims: run %s: %w", name, err)
		}
		runs[name], cmps[name] = res, twins
	}
	rep.PriceRule = runs["baseline"].PriceRule
	ev := &claimEval{facts: in.Facts, firms: in.Firms, runs: runs, cmps: cmps, net: in.Network}
	for _, def := range claimRegistry() {
		c := Claim{ID: def.id, Mechanism: def.mechanism, Statement: def.statement, Quote: def.quote, Rule: def.rule}
		for _, e := range def.evidence {
			c.Evidence = append(c.Evidence, e(ev))
		}
		c.Verdict, c.Reason = decide(c.Evidence)
		rep.Claims = append(rep.Claims, c)
	}
	return rep, nil
}

// claimEval is the evidence base the claim functions read.
type claimEval struct {
	facts []dataset.MacroFact
	firms []dataset.Firm
	runs  map[string]*sim.Result
	cmps  map[string][]sim.Comparison
	net   *Network
}

type claimDef struct {
	id, mechanism, statement, quote, rule string
	evidence                              []func(*claimEval) Evidence
}

// fact builds data evidence from a row of the macro facts: test decides
// pass or fail from the row's value (the midpoint of a range).
func factEvidence(name, asOf, what, testText string, display func(float64) string, test func(float64) bool) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: "data", What: what, Test: testText, Value: math.NaN(), Display: "n/a", Counted: true}
		f, ok := dataset.FindFact(c.facts, name, asOf)
		if !ok {
			e.Source = "data/macro_facts.csv " + name + " " + asOf + " (missing)"
			e.Note = "the fact is not in the data"
			return e
		}
		e.Value = f.Mid()
		e.Display = display(e.Value)
		e.Source = fmt.Sprintf("data/macro_facts.csv %s, %s: %s", f.Fact, f.AsOf, f.SourceTitle)
		e.SourceURL = f.SourceURL
		e.Outcome = outcome(test(e.Value))
		return e
	}
}

func outcome(pass bool) Outcome {
	if pass {
		return Pass
	}
	return Fail
}

// modelEvidence builds evidence from runs: value computes the figure from
// the named runs (all must be present); priced marks figures that depend
// on equity prices, which are not counted while prices are a placeholder.
func modelEvidence(what, testText string, scenarios []string, priced bool, display func(float64) string,
	value func(runs []*sim.Result) float64, test func(float64) bool) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: "model", What: what, Test: testText, Value: math.NaN(), Display: "n/a", Counted: true,
			Source: "scenario " + strings.Join(scenarios, " against ")}
		var rs []*sim.Result
		for _, s := range scenarios {
			r := c.runs[s]
			if r == nil {
				e.Note = "scenario " + s + " was not run"
				return e
			}
			rs = append(rs, r)
			if priced && isPlaceholder(r.PriceRule) {
				e.Counted = false
				e.Note = "depends on equity prices, which follow the placeholder rule: shown, not counted"
			}
		}
		e.Value = value(rs)
		if math.IsNaN(e.Value) {
			e.Note = "the runs do not cover the months this figure needs"
			e.Display = "n/a"
			return e
		}
		e.Display = display(e.Value)
		e.Outcome = outcome(test(e.Value))
		return e
	}
}

// comparisonEvidence builds evidence from a run's comparison with its twin
// (the comparison whose label starts with prefix).
func comparisonEvidence(what, testText, scenarioName, prefix string, display func(float64) string,
	value func(c sim.Comparison) float64, test func(float64) bool) func(*claimEval) Evidence {
	return func(c *claimEval) Evidence {
		e := Evidence{Kind: "model", What: what, Test: testText, Value: math.NaN(), Display: "n/a", Counted: true,
			Source: "scenario " + scenarioName + " against " + prefix}
		r := c.runs[scenarioName]
		if r == nil {
			e.Note = "scenario " + scenarioName + " was not run"
			return e
		}
		if isPlaceholder(r.PriceRule) {
			e.Counted = false
			e.Note = "depends on equity prices, which follow the placeholder rule: shown, not counted"
		}
		for _, cmp := range c.cmps[scenarioName] {
			if strings.HasPrefix(cmp.Label, prefix) {
				e.Source = "scenario " + scenarioName + " against " + cmp.Label
				e.Value = value(cmp)
				e.Display = display(e.Value)
				e.Outcome = outcome(test(e.Value))
				return e
			}
		}
		e.Note = "no comparison with " + prefix + " (the run has no burst, its markets are off, or the comparison was not given)"
		return e
	}
}

// Helpers over months of a run.

func sumMonths(r *sim.Result, from, to string, f func(sim.MonthRecord) float64) float64 {
	s, n := 0.0, 0
	for _, m := range r.Months {
		if m.Month >= from && m.Month <= to {
			s += f(m)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s
}

func meanMonths(r *sim.Result, from, to string, f func(sim.MonthRecord) float64) float64 {
	s, n := 0.0, 0
	for _, m := range r.Months {
		if m.Month >= from && m.Month <= to {
			s += f(m)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

func atMonth(r *sim.Result, month string, f func(sim.MonthRecord) float64) float64 {
	for _, m := range r.Months {
		if m.Month == month {
			return f(m)
		}
	}
	return math.NaN()
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func times(x float64) string { return sig3(x) + "×" }

// pctOf100 writes a value already in percent.
func pctOf100(x float64) string { return sig3(x) + "%" }

// sig3 writes x with at most three significant digits and no trailing
// zeros: 80, 49.2, 14.4, 0.123.
func sig3(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if math.Abs(x) >= 1000 {
		return num(x)
	}
	s := strconv.FormatFloat(x, 'g', 3, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strings.Replace(s, "-", "−", 1)
}
