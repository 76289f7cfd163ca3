package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/bubblelab/bubblelab/ledger"
	"github.com/bubblelab/bubblelab/market"
)

// M9: bursts and the government put. The basket's running peak and its
// past-year high are tracked every trading day; a fall of
// markets.burst_drawdown from the peak dates a burst; the government put
// buys AI stocks once they have fallen past its threshold.

// trackYearHigh keeps the high of the basket over the past year of trading
// days and the current fall from it. Credit spreads are priced off this
// rather than off the all-time peak: after 2000 and 2008 spreads were back
// near normal within two or three years while equity indices stayed far
// below their peaks, and a spread tied to the all-time peak would stay wide
// for as long as the market does not recover.
func (w *world) trackYearHigh(v float64) {
	const tradingDaysPerYear = 252
	mk := &w.mk
	mk.dayNo++
	for len(mk.yearHigh) > 0 && mk.yearHigh[len(mk.yearHigh)-1].value <= v {
		mk.yearHigh = mk.yearHigh[:len(mk.yearHigh)-1]
	}
	mk.yearHigh = append(mk.yearHigh, dayValue{mk.dayNo, v})
	for mk.yearHigh[0].day <= mk.dayNo-tradingDaysPerYear {
		mk.yearHigh = mk.yearHigh[1:]
	}
	mk.creditDrawdown = 0
	if hi := mk.yearHigh[0].value; hi > 0 {
		mk.creditDrawdown = 1 - v/hi
	}
}

// trackBurst follows the basket's running peak and dates bursts: a burst
// starts on the day the value first falls markets.burst_drawdown below the
// peak; its trough is the lowest value before a new peak.
func (w *world) trackBurst(day time.Time, v float64) {
	ds := day.Format("2006-01-02")
	if v >= w.mk.peak {
		if w.mk.inBurst {
			w.mk.episodes[len(w.mk.episodes)-1].Recovered = ds
			w.mk.inBurst = false
		}
		w.mk.peak, w.mk.peakDay = v, ds
	}
	w.mk.drawdown = 1 - v/w.mk.peak
	w.trackYearHigh(v)
	if !w.mk.inBurst && w.mk.drawdown >= w.p.Markets.BurstDrawdown {
		w.mk.inBurst = true
		w.mk.episodes = append(w.mk.episodes, BurstEpisode{PeakDate: w.mk.peakDay, PeakBn: w.mk.peak, BurstDate: ds, TroughDate: ds, TroughBn: v, troughMonth: w.month})
		w.event("burst", "", "", "", w.mk.peak-v, fmt.Sprintf("listed AI market value %.0f%% below its peak of %.0f bn (%s)", 100*w.mk.drawdown, w.mk.peak, w.mk.peakDay))
	}
	if w.mk.inBurst {
		e := &w.mk.episodes[len(w.mk.episodes)-1]
		if v < e.TroughBn {
			e.TroughBn, e.TroughDate, e.troughMonth = v, ds, w.month
		}
		e.Drawdown = 1 - e.TroughBn/e.PeakBn
		if pk, err := time.Parse("2006-01-02", e.PeakDate); err == nil {
			if tr, err := time.Parse("2006-01-02", e.TroughDate); err == nil {
				e.Months = tr.Sub(pk).Hours() / 24 / 30.44
			}
		}
	}
}

// putStep is the government backstop (M9): when the basket has fallen past
// the threshold, support is announced for PutMonths and the government buys
// AI stocks from the other holders each month, at a fiscal cost.
func (w *world) putStep() error {
	if !w.p.Mechanisms.GovernmentPut || !w.p.Mechanisms.Markets {
		return nil
	}
	pp := w.p.Put
	w.putTrigger()
	if w.mk.putActive == 0 {
		return nil
	}
	w.mk.putActive--
	level := w.indexLevel()
	x := pp.PurchasesBn
	hold := (w.mk.units[clsTop] + w.mk.units[clsBottom] + w.mk.units[clsForeign]) * level
	if x <= 0 || hold <= 0 {
		return nil
	}
	x = math.Min(x, 0.5*hold)
	acct := [3]ledger.AccountID{w.hh[0].acct, w.hh[1].acct, w.acctRoW}
	for c := 0; c < 3; c++ {
		part := x * w.mk.units[c] * level / hold
		if err := w.post(w.acctGov, acct[c], part, kEquityTrade, oGov); err != nil {
			return err
		}
		w.sellUnits(c, part/level, level)
		w.equityFlow(c, -part)
	}
	w.addCohort(clsGov, x/level, x)
	w.govStakes += x
	w.mk.putCost += x
	return nil
}

// putDemand is the exogenous demand (in FW demand units) the government's
// purchases add to every stock of the AI index on a trading day while
// support lasts: the day's purchases as a share of the index's value, times
// put.price_multiplier (the inelastic-markets multiplier: a dollar bought
// raises market value by that many dollars), in the units of the trader
// block's price impact μ. The purchases themselves are booked at month end
// (putStep) at the prices they helped to set.
func (w *world) putDemand(days int) float64 {
	if !w.p.Mechanisms.GovernmentPut || w.mk.putActive == 0 || days == 0 {
		return 0
	}
	v := w.basketValue()
	if v <= 0 {
		return 0
	}
	mu := market.DCAHPM().Mu
	if w.p.Markets.Variant == "wealth" {
		mu = market.DCAWP().Mu
	}
	daily := w.p.Put.PurchasesBn / float64(days)
	return w.p.Put.PriceMultiplier * daily / v / mu
}

// putTrigger starts the government's support on the day AI stocks first
// fall past the threshold (checked every trading day); the put re-arms once
// support has ended and prices are back within half the threshold of their
// peak. It reports whether support is active.
func (w *world) putTrigger() bool {
	if !w.p.Mechanisms.GovernmentPut {
		return false
	}
	pp := w.p.Put
	if w.mk.putActive == 0 && w.mk.drawdown < pp.Threshold/2 {
		w.mk.putDisarmed = false
	}
	if w.mk.putActive == 0 && !w.mk.putDisarmed && w.mk.drawdown >= pp.Threshold {
		w.mk.putActive = pp.Months
		w.mk.putDisarmed = true
		w.mk.putTriggers++
		w.event("government_put", "US Government", "", "", pp.PurchasesBn*float64(pp.Months),
			fmt.Sprintf("AI stocks %.0f%% below their peak: support for %d months", 100*w.mk.drawdown, pp.Months))
	}
	return w.mk.putActive > 0
}
