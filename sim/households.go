package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/ledger"
)

// M8: households (MODEL.md section 3 step 6).
//
// Two classes, the top 10 percent and the bottom 90 percent, receive wages,
// dividends, transfers, interest and distributions from outside investors,
// pay taxes, and consume
//
//	C_h(t) = c_h * YD_h(t-1) + (mpc_wealth/12) * W_h(t-1)
//
// where YD is disposable income and W equity wealth (listed AI shares, the
// non-AI index and claims on outside investors). AI subscriptions are part
// of C. A share of positive saving buys Treasury bonds; a class short of
// cash sells non-AI equity to the rest of the world.

// incomeKinds are household receipts that count as income.
var incomeKinds = [...]ledger.Kind{kWages, kDividends, kTransfers, kInterest, kDistribution}

func (w *world) inflowTotal(acct ledger.AccountID, kinds ...ledger.Kind) float64 {
	s := 0.0
	for _, k := range kinds {
		for _, v := range w.l.Inflow(acct, k) {
			s += v
		}
	}
	return s
}

// equityWealth is class c's equity wealth at current prices.
func (w *world) equityWealth(c int) float64 {
	h := &w.hh[c]
	return h.fundUnits + h.nonAIUnit*w.nonAIPrice() + w.mk.units[c]*w.indexLevel()
}

func (w *world) nonAIPrice() float64 { return w.nonAIValue / w.nonAIUnits }

// consumeStep spends out of last month's disposable income and this
// month's opening wealth (the lag avoids solving the month simultaneously).
func (w *world) consumeStep() error {
	for c := range w.hh {
		h := &w.hh[c]
		cons := math.Max(0, h.mpc*h.lastYD+w.wealthConsumption(c))
		cons = math.Max(cons, h.aiSpend)
		nonAI := cons - h.aiSpend
		// Sell non-AI equity to the rest of the world if deposits run short.
		if need := nonAI - w.l.Balance(h.acct); need > 0 {
			if err := w.sellNonAI(c, need*1.05); err != nil {
				return err
			}
		}
		nonAI = math.Min(nonAI, w.l.Balance(h.acct))
		if err := w.post(h.acct, w.acctInd, nonAI, kConsumption, ledger.PassThrough); err != nil {
			return err
		}
		h.consumption = nonAI + h.aiSpend
	}
	return nil
}

// incomeStep taxes the month's income and saves what is not consumed.
func (w *world) incomeStep() error {
	hp := w.p.Households
	for c := range w.hh {
		h := &w.hh[c]
		h.income = w.inflowTotal(h.acct, incomeKinds[:]...)
		h.taxes = math.Min(hp.TaxRate*h.income, w.l.Balance(h.acct))
		if err := w.post(h.acct, w.acctGov, h.taxes, kTaxes, ledger.PassThrough); err != nil {
			return err
		}
		w.govNetWorth += h.taxes
		yd := h.income - h.taxes
		saving := yd - h.consumption
		h.netWorth += saving
		if saving > 0 {
			b := math.Min(hp.BondSavingShare*saving, w.l.Balance(h.acct))
			if err := w.post(h.acct, w.acctGov, b, kBondPurchase, ledger.PassThrough); err != nil {
				return err
			}
			h.bonds += b
			w.govBonds += b
		}
		h.lastYD = yd
		h.lastConsumption = h.consumption
	}
	return nil
}

// rebalanceStep keeps each class's deposits near its opening ratio to
// disposable income by trading non-AI equity: a class holding too little
// cash sells (realising gains, as the top 10 percent do to finance their
// spending), a class holding too much buys (as the bottom 90 percent do
// through pension saving). The classes trade with each other; a class with
// excess cash also buys back equity held abroad, and only a class whose
// deposits have fallen below a quarter of its target sells abroad. A
// twelfth of the gap is closed each month.
func (w *world) rebalanceStep() error {
	var want [2]float64 // > 0: wants to buy equity with excess cash
	for c := range w.hh {
		h := &w.hh[c]
		want[c] = (w.l.Balance(h.acct) - h.depositRatio*h.lastYD) / 12
	}
	price := w.nonAIPrice()
	for _, pair := range [2][2]int{{0, 1}, {1, 0}} {
		seller, buyer := pair[0], pair[1]
		if want[seller] >= 0 || want[buyer] <= 0 {
			continue
		}
		x := math.Min(math.Min(-want[seller], want[buyer]), w.hh[seller].nonAIUnit*price)
		if x <= 0 {
			continue
		}
		if err := w.post(w.hh[buyer].acct, w.hh[seller].acct, x, kEquityTrade, ledger.PassThrough); err != nil {
			return err
		}
		w.hh[seller].nonAIUnit -= x / price
		w.hh[buyer].nonAIUnit += x / price
		w.equityFlow(seller, -x)
		w.equityFlow(buyer, x)
		want[seller] += x
		want[buyer] -= x
	}
	for c := range w.hh {
		h := &w.hh[c]
		switch {
		case want[c] < 0 && w.l.Balance(h.acct) < 0.25*h.depositRatio*h.lastYD:
			// Only a class whose deposits run low sells abroad.
			if err := w.sellNonAI(c, -want[c]); err != nil {
				return err
			}
		case want[c] > 0 && w.rowNonAIUnits > 0:
			x := math.Min(want[c], w.rowNonAIUnits*price)
			if err := w.post(h.acct, w.acctRoW, x, kEquityTrade, ledger.PassThrough); err != nil {
				return err
			}
			h.nonAIUnit += x / price
			w.rowNonAIUnits -= x / price
			w.equityFlow(c, x)
		}
	}
	return nil
}

// equityFlow records that class c (0 or 1; other classes are ignored) paid
// cash for equity (positive) or received cash for equity (negative).
func (w *world) equityFlow(c int, cash float64) {
	if c >= 0 && c < len(w.hh) {
		w.hh[c].equityBuy += cash
	}
}

// sellNonAI sells class c's non-AI index units worth x to the rest of the world.
func (w *world) sellNonAI(c int, x float64) error {
	h := &w.hh[c]
	price := w.nonAIPrice()
	x = math.Min(x, h.nonAIUnit*price)
	if x <= 0 {
		return nil
	}
	if err := w.post(w.acctRoW, h.acct, x, kEquity, oForeign); err != nil {
		return err
	}
	h.nonAIUnit -= x / price
	w.rowNonAIUnits += x / price
	w.equityFlow(c, -x)
	return nil
}
