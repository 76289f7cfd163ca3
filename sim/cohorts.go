package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/ledger"
)

// M7: investor cohorts. Holder classes trade AI stocks with each other each
// month; each month's net buyers form a cohort whose realised and
// unrealised profit and loss is tracked to the end of the run.

// tradeStep moves AI stocks between the holder classes: each class's net
// demand leans on the index's recent return (momentum) and its discount to
// fundamental value; demands are cleared so that what one class buys another
// sells. Each month's buyers form a cohort; sellers sell their oldest units
// first and realise the profit.
func (w *world) tradeStep() error {
	mp := w.p.Markets
	if !w.p.Mechanisms.Markets || (mp.SteadyPrices && w.month >= mp.HoldFrom) {
		return nil
	}
	h := w.mk.indexHist
	level := h[len(h)-1]
	back := max(0, len(h)-4)
	mom := math.Log(level / h[back])
	fund, val := 0.0, 0.0
	for i := range w.firms {
		if w.inBasket(i) {
			fund += w.mk.fund[i]
			val += w.firms[i].value
		}
	}
	gap := 0.0
	if fund > 0 && val > 0 {
		gap = math.Log(fund / val)
	}
	var want [3]float64
	hold, net := 0.0, 0.0
	for c := 0; c < 3; c++ {
		v := w.mk.units[c] * level
		want[c] = v * (mp.TradeMomentum[c]*mom + mp.TradeValue[c]*gap)
		hold += v
		net += want[c]
	}
	if hold <= 0 {
		return nil
	}
	// Clearing: remove the net imbalance in proportion to holdings.
	for c := 0; c < 3; c++ {
		want[c] -= net * w.mk.units[c] * level / hold
	}
	// Households cannot buy with more than a fifth of their deposits in a
	// month; the rest of the world has no such limit.
	buy, sell := 0.0, 0.0
	for c := 0; c < 3; c++ {
		if c < clsForeign && want[c] > 0 {
			want[c] = math.Min(want[c], 0.2*math.Max(0, w.l.Balance(w.hh[c].acct)))
		}
		if want[c] < 0 {
			want[c] = math.Max(want[c], -w.mk.units[c]*level)
			sell -= want[c]
		} else {
			buy += want[c]
		}
	}
	x := math.Min(buy, sell)
	if x <= 1e-9 {
		return nil
	}
	acct := [3]ledger.AccountID{w.hh[0].acct, w.hh[1].acct, w.acctRoW}
	for b := 0; b < 3; b++ {
		if want[b] <= 0 {
			continue
		}
		bought := x * want[b] / buy
		for s := 0; s < 3; s++ {
			if want[s] >= 0 {
				continue
			}
			part := bought * (-want[s]) / sell
			if err := w.post(acct[b], acct[s], part, kEquityTrade, ledger.PassThrough); err != nil {
				return err
			}
		}
		w.addCohort(b, bought/level, bought)
		w.equityFlow(b, bought)
	}
	for s := 0; s < 3; s++ {
		if want[s] < 0 {
			w.sellUnits(s, x*(-want[s])/sell/level, level)
			w.equityFlow(s, -x*(-want[s])/sell)
		}
	}
	return nil
}

// addCohort records units bought by class c this month at cost.
func (w *world) addCohort(c int, units, cost float64) {
	w.mk.units[c] += units
	n := len(w.mk.cohorts)
	if n > 0 && w.mk.cohorts[n-1].month == w.month && w.mk.cohorts[n-1].class == c {
		w.mk.cohorts[n-1].units += units
		w.mk.cohorts[n-1].bought += units
		w.mk.cohorts[n-1].cost += cost
		return
	}
	w.mk.cohorts = append(w.mk.cohorts, cohort{month: w.month, class: c, units: units, bought: units, cost: cost})
}

// sellUnits sells class c's oldest units first at the given index level.
func (w *world) sellUnits(c int, units, level float64) {
	w.mk.units[c] -= units
	for k := range w.mk.cohorts {
		co := &w.mk.cohorts[k]
		if co.class != c || co.units <= 0 || units <= 0 {
			continue
		}
		u := math.Min(units, co.units)
		basis := co.cost * u / co.units
		co.proceeds += u * level
		co.realised += u*level - basis
		co.cost -= basis
		co.units -= u
		units -= u
	}
}

// cohortRecords reports every cohort at the end of the run, at the final
// index level.
func (w *world) cohortRecords() []CohortRecord {
	level := w.indexLevel()
	out := make([]CohortRecord, 0, len(w.mk.cohorts))
	for _, c := range w.mk.cohorts {
		r := CohortRecord{Month: c.month.String(), Class: classNames[c.class], SoldBn: c.proceeds,
			RealisedBn: c.realised, HeldCostBn: c.cost, HeldValueBn: c.units * level}
		// What was paid: the cost still held plus the cost of what was sold.
		r.BoughtBn = c.cost + (c.proceeds - c.realised)
		r.UnrealisedBn = r.HeldValueBn - r.HeldCostBn
		r.PnLBn = r.RealisedBn + r.UnrealisedBn
		if r.BoughtBn > 0 {
			r.Return = r.PnLBn / r.BoughtBn
		}
		out = append(out, r)
	}
	return out
}
