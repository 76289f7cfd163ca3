package sim

import (
	"context"
	"fmt"
	"math"
)

// Comparison measures a run against a twin run that differs in one respect:
// the no-burst counterfactual (the same economy and seed with AI share
// prices growing steadily, so that there is no boom or burst in prices), or
// the same scenario without the government put.
type Comparison struct {
	Label string `json:"label"`
	// From is the month the losses are counted from: the run's first burst
	// (or the start, when there is none).
	From      string  `json:"from"`
	GDPLossBn float64 `json:"gdp_loss_bn"`
	// GDPGainBeforeBn is GDP above the twin's before From: what the boom
	// added before the burst took it (and more) back.
	GDPGainBeforeBn         float64 `json:"gdp_gain_before_burst_bn"`
	GDPLossPeak             float64 `json:"gdp_loss_peak"`
	GDPLossPeakMonth        string  `json:"gdp_loss_peak_month"`
	ConsumptionLossBn       float64 `json:"consumption_loss_bn"`
	ConsumptionLossPeak     float64 `json:"consumption_loss_peak"`
	ConsumptionTopLossBn    float64 `json:"consumption_top10_loss_bn"`
	ConsumptionBottomLossBn float64 `json:"consumption_bottom90_loss_bn"`
	TwinBurst               string  `json:"twin_burst"`
	TwinDrawdown            float64 `json:"twin_max_drawdown"`
	BurstDelayMonths        float64 `json:"burst_delay_months"`
	DrawdownChange          float64 `json:"drawdown_change"`
	TwinStrandedAtTroughBn  float64 `json:"twin_stranded_at_trough_bn"`
	StrandedAtTroughBn      float64 `json:"stranded_at_trough_bn"`
}

// CounterfactualParams is p with AI share prices held on a steady path from
// month from on: the no-burst counterfactual. With the same seed the run is
// identical to p's until from; after it AI prices grow at long-run growth
// from their level then instead of bursting, so the comparison measures what
// the burst does through wealth, financing and confidence.
func CounterfactualParams(p Params, from Month) Params {
	q := p
	q.Markets.SteadyPrices = true
	q.Markets.HoldFrom = from
	q.Mechanisms.GovernmentPut = false
	q.Name = p.Name + " (no-burst counterfactual)"
	return q
}

// NoBoomParams is p with AI share prices at their fundamental values every
// day from the start: the fundamentals-consistent no-boom twin. It has the
// same economy and random draws but no overshoot of prices, hence no boom in
// wealth, financing and confidence beyond what cash flows justify, and no
// burst of one.
func NoBoomParams(p Params) Params {
	q := p
	q.Markets.FundamentalPrices = true
	q.Markets.SteadyPrices = false
	q.Mechanisms.GovernmentPut = false
	q.Name = p.Name + " (no-boom twin)"
	return q
}

// Twins are the runs a run is compared with (nil when not run).
type Twins struct {
	NoBurst *Result // the no-burst counterfactual
	NoBoom  *Result // the fundamentals-consistent no-boom twin
	NoPut   *Result // the same scenario without the government put
}

// RunWithTwins runs p and the twins that its summary compares it with: the
// no-burst counterfactual when the run has a burst, and the run without the
// put when the government put is on. Twins use the same seed.
func RunWithTwins(ctx context.Context, p Params, in Inputs, seed uint64, progress func(done, total int)) (*Result, []Comparison, error) {
	res, cmps, _, err := RunTwins(ctx, p, in, seed, progress)
	return res, cmps, err
}

// RunWithNoBurstTwin runs p and only its no-burst counterfactual (when the
// run has a burst): what a sweep's loss measures need, at the cost of one
// extra run rather than all the twins.
func RunWithNoBurstTwin(ctx context.Context, p Params, in Inputs, seed uint64, progress func(done, total int)) (*Result, []Comparison, error) {
	res, cmps, _, err := runTwins(ctx, p, in, seed, progress, false)
	return res, cmps, err
}

// RunTwins is RunWithTwins that also returns the twin runs, for reports
// that draw them.
func RunTwins(ctx context.Context, p Params, in Inputs, seed uint64, progress func(done, total int)) (*Result, []Comparison, Twins, error) {
	return runTwins(ctx, p, in, seed, progress, true)
}

// runTwins runs p and its twins: the no-burst counterfactual always, the
// no-boom twin and the run without the put when all is set.
func runTwins(ctx context.Context, p Params, in Inputs, seed uint64, progress func(done, total int), all bool) (*Result, []Comparison, Twins, error) {
	var twins Twins
	res, err := Run(ctx, p, in, seed, progress)
	if err != nil {
		return nil, nil, twins, err
	}
	var cmps []Comparison
	if p.Mechanisms.Markets && !p.Markets.SteadyPrices && len(res.Bursts) > 0 {
		peak, err := ParseMonth(monthOf(res.Bursts[0].PeakDate))
		if err != nil {
			return nil, nil, twins, err
		}
		cf, err := Run(ctx, CounterfactualParams(p, peak), in, seed, nil)
		if err != nil {
			return nil, nil, twins, fmt.Errorf("no-burst counterfactual: %w", err)
		}
		twins.NoBurst = cf
		cmps = append(cmps, Compare(res, cf, fmt.Sprintf("no-burst counterfactual: AI share prices held on a steady path from the %s peak", peak)))
	}
	if all && p.Mechanisms.Markets && !p.Markets.SteadyPrices && !p.Markets.FundamentalPrices {
		nb, err := Run(ctx, NoBoomParams(p), in, seed, nil)
		if err != nil {
			return nil, nil, twins, fmt.Errorf("no-boom twin: %w", err)
		}
		twins.NoBoom = nb
		cmps = append(cmps, Compare(res, nb, "no-boom twin: AI share prices at their fundamental values throughout"))
	}
	if all && p.Mechanisms.Markets && p.Mechanisms.GovernmentPut {
		q := p
		q.Mechanisms.GovernmentPut = false
		twin, err := Run(ctx, q, in, seed, nil)
		if err != nil {
			return nil, nil, twins, fmt.Errorf("run without the put: %w", err)
		}
		twins.NoPut = twin
		cmps = append(cmps, Compare(res, twin, "the same scenario without the government put"))
	}
	return res, cmps, twins, nil
}

// Compare measures res against its twin: GDP and consumption lost (twin
// minus run, from the run's first burst to the end), and how the burst moved.
func Compare(res, twin *Result, label string) Comparison {
	c := Comparison{Label: label, From: res.Params.Start.String()}
	from := res.Params.Start
	if len(res.Bursts) > 0 {
		if m, err := ParseMonth(monthOf(res.Bursts[0].BurstDate)); err == nil {
			from = m
			c.From = m.String()
		}
	}
	n := min(len(res.Months), len(twin.Months))
	for k := 0; k < n; k++ {
		a, b := res.Months[k], twin.Months[k]
		m, err := ParseMonth(a.Month)
		if err != nil {
			continue
		}
		if m < from {
			c.GDPGainBeforeBn += a.GDP - b.GDP
			continue
		}
		c.GDPLossBn += b.GDP - a.GDP
		c.ConsumptionLossBn += b.Consumption - a.Consumption
		c.ConsumptionTopLossBn += b.ConsumptionTop - a.ConsumptionTop
		c.ConsumptionBottomLossBn += b.ConsumptionBottom - a.ConsumptionBottom
		if b.GDP > 0 {
			if l := 1 - a.GDP/b.GDP; l > c.GDPLossPeak {
				c.GDPLossPeak, c.GDPLossPeakMonth = l, a.Month
			}
		}
		if b.Consumption > 0 {
			c.ConsumptionLossPeak = math.Max(c.ConsumptionLossPeak, 1-a.Consumption/b.Consumption)
		}
	}
	if len(twin.Bursts) > 0 {
		c.TwinBurst = twin.Bursts[0].BurstDate
	}
	c.TwinDrawdown = maxDrawdown(twin)
	c.DrawdownChange = maxDrawdown(res) - c.TwinDrawdown
	if len(res.Bursts) > 0 && len(twin.Bursts) > 0 {
		c.BurstDelayMonths = monthsBetween(twin.Bursts[0].BurstDate, res.Bursts[0].BurstDate)
	}
	c.StrandedAtTroughBn = strandedAtTrough(res)
	c.TwinStrandedAtTroughBn = strandedAtTrough(twin)
	return c
}

// maxDrawdown is the largest fall of the listed AI market value from its
// running peak in the run (daily values when markets are on).
func maxDrawdown(res *Result) float64 {
	dd := 0.0
	for _, e := range res.Bursts {
		dd = math.Max(dd, e.Drawdown)
	}
	peak := 0.0
	for _, d := range res.Days {
		peak = math.Max(peak, d.AIMarketValue)
		if peak > 0 {
			dd = math.Max(dd, 1-d.AIMarketValue/peak)
		}
	}
	if len(res.Days) == 0 {
		for _, m := range res.Months {
			peak = math.Max(peak, m.AIMarketValue)
			if peak > 0 {
				dd = math.Max(dd, 1-m.AIMarketValue/peak)
			}
		}
	}
	return dd
}

// strandedAtTrough is stranded compute in the month of the first burst's
// trough, or at the end when there is no burst.
func strandedAtTrough(res *Result) float64 {
	if m, ok := troughMonth(res); ok {
		return m.ComputeStranded
	}
	return 0
}

// troughMonth is the month record of the first burst's trough, or the last
// month when there is no burst.
func troughMonth(res *Result) (MonthRecord, bool) {
	if len(res.Months) == 0 {
		return MonthRecord{}, false
	}
	if len(res.Bursts) > 0 {
		month := monthOf(res.Bursts[0].TroughDate)
		for _, m := range res.Months {
			if m.Month == month {
				return m, true
			}
		}
	}
	return res.Months[len(res.Months)-1], true
}

// monthsBetween is b - a in months for dates "YYYY-MM-DD".
func monthsBetween(a, b string) float64 {
	ma, err1 := ParseMonth(monthOf(a))
	mb, err2 := ParseMonth(monthOf(b))
	if err1 != nil || err2 != nil {
		return 0
	}
	return float64(mb - ma)
}
