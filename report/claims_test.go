package report

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/data"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/sim"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	pass := Evidence{What: "p", Outcome: Pass, Counted: true}
	fail := Evidence{What: "f", Outcome: Fail, Counted: true}
	provPass := Evidence{What: "pp", Outcome: Pass}
	provFail := Evidence{What: "pf", Outcome: Fail}
	na := Evidence{What: "na", Outcome: NotAvailable}
	for _, c := range []struct {
		name   string
		ev     []Evidence
		want   Verdict
		reason string
	}{
		{"all pass", []Evidence{pass, pass}, Supported, "All 2 counted tests pass."},
		{"one pass", []Evidence{pass}, Supported, "The only counted test passes."},
		{"all fail", []Evidence{fail, fail}, NotSupported, "All 2 counted tests fail."},
		{"disagree", []Evidence{pass, fail}, Open, "disagrees"},
		{"provisional does not count", []Evidence{pass, provFail}, Supported, "not counted (placeholder prices): pf"},
		{"provisional alone", []Evidence{provPass}, Open, "Nothing can decide it yet"},
		{"missing alone", []Evidence{na}, Open, "Not available yet: na"},
		{"fail with missing", []Evidence{fail, na}, NotSupported, "Not available yet: na"},
		{"nothing", nil, Open, "No evidence"},
	} {
		v, reason := decide(c.ev)
		if v != c.want || !strings.Contains(reason, c.reason) {
			t.Errorf("%s: got %v %q, want %v containing %q", c.name, v, reason, c.want, c.reason)
		}
	}
}

// The registry is well formed: unique ids, a mechanism, a rule, evidence.
func TestClaimRegistry(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	mech := regexp.MustCompile(`^M([1-9]|10)$`)
	for _, c := range claimRegistry() {
		if seen[c.id] {
			t.Errorf("claim %s twice", c.id)
		}
		seen[c.id] = true
		if !mech.MatchString(c.mechanism) || c.statement == "" || c.quote == "" || c.rule == "" || len(c.evidence) == 0 {
			t.Errorf("claim %s is incomplete", c.id)
		}
	}
	if len(seen) < 12 {
		t.Errorf("%d claims, want at least 12", len(seen))
	}
}

// pinyin removes the romanisation the seed article's text carries after
// some characters ("現(xiàn)").
var pinyin = regexp.MustCompile(`\([a-zA-Z\x{00c0}-\x{024f}\x{0300}-\x{036f}]+\)`)

// Every quote is the article's own words: each is in a paragraph of the
// shipped excerpts (data/seed, see data/SOURCES.md). With the complete text
// at BUBBLELAB_ARTICLE, each excerpt is checked to be its line there.
func TestClaimQuotesAreFromTheArticle(t *testing.T) {
	t.Parallel()
	b, err := data.Files.ReadFile("seed/article_excerpts.zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	var sum string
	lines := map[int]string{}
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if rest, ok := strings.CutPrefix(l, "# SHA-256 "); ok {
			sum = strings.TrimSuffix(rest, ").")
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		num, text, ok := strings.Cut(l, "\t")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			t.Fatalf("excerpt line %q: want LINE<TAB>TEXT", l)
		}
		lines[n] = text
	}
	for _, c := range claimRegistry() {
		found := false
		for _, text := range lines {
			found = found || strings.Contains(pinyin.ReplaceAllString(text, ""), c.quote)
		}
		if !found {
			t.Errorf("claim %s: quote %q is not in the article's excerpts", c.id, c.quote)
		}
	}
	path := os.Getenv("BUBBLELAB_ARTICLE")
	if path == "" {
		return
	}
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(full)); got != sum {
		t.Errorf("%s: SHA-256 %s, the excerpts were taken from %s", path, got, sum)
	}
	all := strings.Split(string(full), "\n")
	for n, text := range lines {
		if n < 1 || n > len(all) || all[n-1] != text {
			t.Errorf("excerpt of line %d is not line %d of %s", n, n, path)
		}
	}
}

func claimByID(rep *ClaimsReport, id string) Claim {
	for _, c := range rep.Claims {
		if c.ID == id {
			return c
		}
	}
	return Claim{}
}

func shortClaimRuns(t *testing.T) map[string]*sim.Result {
	runs := map[string]*sim.Result{}
	for _, name := range ClaimScenarios() {
		p, err := ClaimScenarioParams(name)
		if err != nil {
			t.Fatal(err)
		}
		in, err := sim.DefaultInputs()
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(t.Context(), p, in, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		runs[name] = res
	}
	return runs
}

// Verdicts are computed from the evidence: change the data and the verdict
// follows.
func TestClaimsFollowTheData(t *testing.T) {
	t.Parallel()
	runs := shortClaimRuns(t)
	rep, err := Claims(t.Context(), ClaimsInput{Seed: 1, Runs: runs})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Claims) != len(claimRegistry()) {
		t.Fatalf("%d claims evaluated, want %d", len(rep.Claims), len(claimRegistry()))
	}
	// C5 rests on data alone: sentiment in 2025 near the 2008 low.
	if v := claimByID(rep, "C5").Verdict; v != Supported {
		t.Errorf("C5 with the shipped data: %v, want supported", v)
	}
	// The runs were given without their twins: C15 rests on the
	// comparison with the run without the put, so it is open.
	if c := claimByID(rep, "C15"); c.Verdict != Open || !strings.Contains(c.Reason, "Not available yet") {
		t.Errorf("C15 without comparisons: %v (%s), want open, waiting for evidence", c.Verdict, c.Reason)
	}
	// With confidence readings far above the 2008 low, C5 is not supported.
	facts := []dataset.MacroFact{}
	for _, f := range mustFacts(t) {
		if f.Fact == "umich_consumer_sentiment" {
			f.Low, f.High = 80, 80
		}
		facts = append(facts, f)
	}
	rep2, err := Claims(t.Context(), ClaimsInput{Seed: 1, Runs: runs, Facts: facts})
	if err != nil {
		t.Fatal(err)
	}
	if c := claimByID(rep2, "C5"); c.Verdict != NotSupported {
		t.Errorf("C5 with sentiment at 80: %v (%s), want not supported", c.Verdict, c.Reason)
	}
	// Without the facts, data evidence is not available, not invented.
	rep3, err := Claims(t.Context(), ClaimsInput{Seed: 1, Runs: runs, Facts: []dataset.MacroFact{}})
	if err != nil {
		t.Fatal(err)
	}
	c5 := claimByID(rep3, "C5")
	if c5.Verdict != Open {
		t.Errorf("C5 without data: %v, want open", c5.Verdict)
	}
	for _, e := range c5.Evidence {
		if e.Outcome != NotAvailable || !math.IsNaN(e.Value) {
			t.Errorf("C5 without data: evidence %q has outcome %v value %v", e.What, e.Outcome, e.Value)
		}
	}
	// Evidence on placeholder prices is shown but not counted.
	for _, e := range claimByID(rep, "C7").Evidence {
		if e.Kind == "model" && e.Outcome != NotAvailable && e.Counted && isPlaceholder(rep.PriceRule) {
			t.Errorf("C7: %q counted although prices are a placeholder", e.What)
		}
	}
	var buf bytes.Buffer
	if err := WriteClaims(&buf, rep); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "claims", buf.Bytes())
	for _, want := range []string{`lang="zh-Hant"`, "Decision rule", "supported", "claim-C1", "data/macro_facts.csv"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("claims page lacks %q", want)
		}
	}
}

func TestReopenScenario(t *testing.T) {
	t.Parallel()
	p, err := ClaimScenarioParams(reopenScenario)
	if err != nil {
		t.Fatal(err)
	}
	last := p.Controls.Schedule[len(p.Controls.Schedule)-1]
	if last.From != sim.NewMonth(2027, 1) || last.Stringency != 0 {
		t.Errorf("reopen-2027 ends its schedule with %v, want 2027-01 at 0", last)
	}
	base, _ := ClaimScenarioParams("baseline")
	if len(base.Controls.Schedule) != len(p.Controls.Schedule)-1 {
		t.Error("building reopen-2027 changed the baseline's schedule")
	}
}
