package report

import (
	"math"
	"strings"

	"github.com/bubblelab/bubblelab/sim"
)

// maxKeyFacts is how many key figures a page shows under its headline.
const maxKeyFacts = 6

// noBurstComparison returns the comparison with the no-burst twin, if the
// summary has one.
func noBurstComparison(s sim.Summary) (sim.Comparison, bool) {
	for _, c := range s.Comparisons {
		if strings.HasPrefix(c.Label, "no-burst") {
			return c, true
		}
	}
	return sim.Comparison{}, false
}

// runHeadline is the paragraph at the top of a run report: what happened,
// when, how big and against what, computed from the summary.
func (d *runData) runHeadline() string {
	l, s, m := d.l, d.summary, d.metrics
	var parts []string
	bursts := d.res.Bursts
	switch {
	case len(bursts) > 0:
		b := bursts[0]
		p := l.F("The AI bubble bursts in %s: listed AI firms lose %s of their market value, from %s at the peak on %s to %s at the trough in %s",
			l.Month(b.BurstDate), pct(b.Drawdown), usd(b.PeakBn), l.Day(b.PeakDate), usd(b.TroughBn), l.Month(b.TroughDate))
		if b.Recovered != "" {
			p += l.F(", and regain the peak in %s", l.Month(b.Recovered))
		}
		p += "."
		if len(bursts) > 1 {
			p += " " + l.F("%d more bursts follow.", len(bursts)-1)
		}
		parts = append(parts, p)
		if c, ok := noBurstComparison(s); ok {
			parts = append(parts, l.F("Against the same economy without the burst, GDP is %s lower in total from %s on (%s of GDP at worst, in %s) and household consumption %s lower, %s of it by the top 10%%.",
				usd(c.GDPLossBn), l.Month(c.From), pct(c.GDPLossPeak), l.Month(c.GDPLossPeakMonth), usd(c.ConsumptionLossBn), pct(share(c.ConsumptionTopLossBn, c.ConsumptionLossBn))))
		}
	case !d.res.Params.Mechanisms.Markets:
		parts = append(parts, l.F("This run has no market model (mechanisms.markets is off), so no burst is dated; GDP is at most %s below potential (%s).",
			pct(-m.MinGDPGap), l.Month(m.MinGDPGapMonth)))
	default:
		parts = append(parts, l.F("No burst occurred in this run: listed AI firms' market value falls at most %s below its running peak, short of the %s fall that dates a burst (markets.burst_drawdown); GDP is at most %s below potential.",
			pct(m.MaxDrawdown), pct(d.res.Params.Markets.BurstDrawdown), pct(-m.MinGDPGap)))
	}
	w := s.Provenance.Whole
	if w.RevenueBn > 0 {
		parts = append(parts, l.F("Of the %s AI firms earn over the run, %s is paid by final demand; %s comes from AI firms' own investments in each other, the rest from investors, lenders and incumbents' other profits.",
			usd(w.RevenueBn), pct(w.FinalDemand), pct(w.AIFirmsInvestments)))
	}
	return strings.Join(parts, " ")
}

// share is part/whole, or NaN when whole is zero.
func share(part, whole float64) float64 {
	if whole == 0 {
		return math.NaN()
	}
	return part / whole
}

// runKeyFacts are the at most six figures under the headline.
func (d *runData) runKeyFacts() []fact {
	l, s, m := d.l, d.summary, d.metrics
	var facts []fact
	if len(d.res.Bursts) > 0 {
		b := d.res.Bursts[0]
		facts = append(facts, fact{Label: l.T("Burst"), Value: l.ShortMonth(b.BurstDate), Note: l.F("%s peak to trough", pct(-b.Drawdown)), Tone: "bad"})
	} else if d.res.Params.Mechanisms.Markets {
		facts = append(facts, fact{Label: l.T("Burst"), Value: l.T("none"), Note: l.F("largest fall %s", pct(-m.MaxDrawdown)), Tone: "good"})
	}
	if c, ok := noBurstComparison(s); ok {
		facts = append(facts, fact{Label: l.T("GDP lost to the burst"), Value: usd(c.GDPLossBn), Note: l.F("%s of GDP at worst", pct(c.GDPLossPeak)), Tone: tone(-c.GDPLossBn)})
	} else {
		facts = append(facts, fact{Label: l.T("Deepest GDP gap to potential"), Value: pct(m.MinGDPGap), Note: l.Month(m.MinGDPGapMonth), Tone: tone(m.MinGDPGap)})
	}
	w := s.Provenance.Whole
	facts = append(facts, fact{Label: l.T("AI revenue paid by final demand"), Value: pct(w.FinalDemand), Note: l.F("of %s", usd(w.RevenueBn))})
	facts = append(facts, fact{Label: l.T("Capex not covered by final demand"), Value: usd(s.ShovelGap.GapBn), Note: l.F("%s capex, %s final demand", usd(s.ShovelGap.CapexBn), usd(s.ShovelGap.FinalDemandBn)), Tone: tone(-s.ShovelGap.GapBn)})
	facts = append(facts, fact{Label: l.T("Stranded compute at its peak"), Value: usd(s.Stranded.PeakBn), Note: l.Month(s.Stranded.PeakMonth), Tone: tone(-s.Stranded.PeakBn)})
	if len(s.Markets.Cohorts) > 0 {
		facts = append(facts, fact{Label: l.T("P&L of the last buyers"), Value: usd(m.LateCohortPnLBn), Note: l.T("bought in the year before the peak"), Tone: tone(m.LateCohortPnLBn)})
	} else {
		facts = append(facts, fact{Label: l.T("Missed payments"), Value: usd(s.Defaults.AmountBn), Note: l.F("%s by %s", plural(l, int64(s.Defaults.Count), "payment", "payments"), plural(l, int64(len(s.Defaults.Distressed)), "firm in distress", "firms in distress")), Tone: tone(-s.Defaults.AmountBn)})
	}
	return facts[:min(len(facts), maxKeyFacts)]
}

// tone colours a figure by what it means for the economy: "good" when x is
// positive, "bad" when negative (callers pass a loss negated).
func tone(x float64) string {
	switch {
	case x > 0:
		return "good"
	case x < 0:
		return "bad"
	}
	return ""
}
