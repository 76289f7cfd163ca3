package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sim"
)

// A run's report is one self-contained HTML file.
func ExampleWriteRun() {
	p, err := scenario.Builtin("baseline")
	if err != nil {
		log.Fatal(err)
	}
	p.Months = 24
	in, err := sim.DefaultInputs()
	if err != nil {
		log.Fatal(err)
	}
	res, err := sim.Run(context.Background(), p, in, 1, nil)
	if err != nil {
		log.Fatal(err)
	}
	var page bytes.Buffer
	if err := report.WriteRun(&page, res, sim.Summarize(res)); err != nil {
		log.Fatal(err)
	}
	html := page.String()
	fmt.Println(strings.HasPrefix(html, "<!DOCTYPE html>"), strings.Contains(html, "script-src &#39;sha256-"), strings.Count(html, "<figure ") > 10)
	// Output: true true true
}

// The claims page evaluates the article's claims on the shipped data, the
// deal network and model runs.
func ExampleClaims() {
	rep, err := report.Claims(context.Background(), report.ClaimsInput{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range rep.Claims {
		if c.ID == "C5" {
			fmt.Println(c.ID, c.Verdict, len(c.Evidence))
		}
	}
	// Output:
	// C5 supported 2
}

// Two runs side by side.
func ExampleWriteCompare() {
	in, err := sim.DefaultInputs()
	if err != nil {
		log.Fatal(err)
	}
	var runs []*sim.Result
	for _, name := range []string{"baseline", "no-export-controls"} {
		p, err := scenario.Builtin(name)
		if err != nil {
			log.Fatal(err)
		}
		p.Months = 24
		res, err := sim.Run(context.Background(), p, in, 1, nil)
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, res)
	}
	var page bytes.Buffer
	if err := report.WriteCompare(&page, runs[0], runs[1]); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Contains(page.String(), "mechanisms.export_controls"))
	// Output: true
}
