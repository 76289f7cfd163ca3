package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteClaims writes the claims-and-evidence page.
func WriteClaims(w io.Writer, rep *ClaimsReport) error {
	if rep == nil {
		return fmt.Errorf("report: no claims to write")
	}
	counts := map[Verdict]int{}
	for _, c := range rep.Claims {
		counts[c.Verdict]++
	}
	intro := section{ID: "how", Title: "How to read this page",
		Intro: []string{
			"Each claim of the article that started bubblelab (a Chinese opinion piece on the US AI boom, autumn 2025) is set beside the evidence that bears on it: rows of the shipped data where a fact exists, the loops analysis of the shipped deal network, and the model's output where only the model can answer, with the scenario that answers it.",
			"Every piece of evidence has a test written next to it. A claim is supported when every counted test passes, not supported when every counted test fails, and open when the tests disagree or none can be counted yet. Model outputs that depend on equity prices are shown but not counted while prices follow the placeholder rule. Nothing on this page is written by hand: it is computed each time from the data and the runs.",
		},
		Blocks: []block{{Facts: []fact{
			{Label: "Supported", Value: fmt.Sprint(counts[Supported])},
			{Label: "Not supported", Value: fmt.Sprint(counts[NotSupported])},
			{Label: "Open", Value: fmt.Sprint(counts[Open])},
		}}}}
	summary := &table{Caption: "All claims", Head: []string{"claim", "mechanism", "statement", "verdict"}, Numeric: []bool{false, false, false, false}}
	for _, c := range rep.Claims {
		summary.Rows = append(summary.Rows, []cell{{Text: c.ID, Href: "#claim-" + c.ID}, textCell(c.Mechanism), textCell(c.Statement),
			{Text: verdictSymbol(c.Verdict) + " " + c.Verdict.String(), Mark: "verdict-" + verdictClass(c.Verdict)}})
	}
	intro.Blocks = append(intro.Blocks, block{Table: summary})

	claims := section{ID: "claims", Title: "The claims"}
	for _, c := range rep.Claims {
		v := &claimView{ID: c.ID, Mechanism: c.Mechanism, Statement: c.Statement, Quote: c.Quote, Rule: c.Rule,
			Verdict: c.Verdict.String(), Symbol: verdictSymbol(c.Verdict), Class: verdictClass(c.Verdict), Reason: c.Reason}
		for _, e := range c.Evidence {
			ev := evidenceView{Kind: e.Kind, What: e.What, Value: e.Display, Test: e.Test, Outcome: e.Outcome.String(),
				OutcomeClass: outcomeClass(e.Outcome), Source: e.Source, SourceURL: e.SourceURL, Note: e.Note}
			if e.Outcome != NotAvailable && !e.Counted {
				ev.Outcome += " (not counted)"
				ev.OutcomeClass = "na"
			}
			v.Evidence = append(v.Evidence, ev)
		}
		claims.Blocks = append(claims.Blocks, block{Claim: v})
	}

	runs := &table{Caption: "Scenarios run for this page", Head: []string{"scenario", "what it asks"}, Numeric: []bool{false, false}}
	for _, s := range rep.Scenarios {
		runs.Rows = append(runs.Rows, []cell{textCell(s.Name), textCell(s.Description)})
	}
	basis := section{ID: "basis", Title: "What the evidence was computed on",
		Intro:  []string{fmt.Sprintf("Model runs use seed %d over each scenario's full horizon. The deal network is %s with amounts annualised over their horizon and undisclosed amounts left out, as `bubblelab loops` does by default. Equity prices: %s", rep.Seed, rep.Network, rep.PriceRule)},
		Blocks: []block{{Table: runs}}}
	p := page{Title: "The article's claims and the evidence", Links: rep.Links,
		Subtitle: fmt.Sprintf("%d claims: %d supported, %d not supported, %d open.", len(rep.Claims), counts[Supported], counts[NotSupported], counts[Open]),
		Sections: []section{intro, claims, basis}}
	if isPlaceholder(rep.PriceRule) {
		p.Notice = "Equity prices follow a placeholder rule until the markets model lands; evidence that depends on them is shown but not counted."
	}
	return render(w, p)
}

func verdictSymbol(v Verdict) string {
	switch v {
	case Supported:
		return "✔"
	case NotSupported:
		return "✘"
	}
	return "?"
}

func verdictClass(v Verdict) string { return strings.ReplaceAll(v.String(), " ", "-") }

func outcomeClass(o Outcome) string {
	switch o {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	}
	return "na"
}
