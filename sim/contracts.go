package sim

import (
	"fmt"
	"math"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// M6: the deal network executed as contracts (MODEL.md section 3 step 2).
//
// Each month every live contract pays its scheduled amount. Purchases
// (compute, chips, leases) pass the payer's money on with its provenance;
// investments and financing (equity, joint ventures, backstops, warrants,
// loans) are relabelled with the investor's origin: an AI firm's own origin,
// or outside equity, debt or government for outside payers (MODEL.md
// section 4). A payer short of cash raises debt or equity; what it still
// cannot pay is a default that ends the contract and cuts the counterparty's
// revenue.

// contractStep executes the month's scheduled payments.
func (w *world) contractStep() error {
	for ci := range w.contracts {
		c := &w.contracts[ci]
		if c.status == contractDone || c.status == contractDefaulted || w.month < c.start {
			continue
		}
		if c.status == contractPending {
			c.status = contractActive
			w.event("deal_start", c.payer.name, c.payee.name, c.deal.ID, c.amountBn, w.dealDetail(c))
		}
		due := c.perMonth
		if idx := int(w.month - c.start); idx >= c.months-1 {
			due = c.amountBn - c.paid
		}
		if c.kind == dataset.Loan {
			due = c.amountBn
		}
		if c.kind == dataset.CapacityBackstop {
			due = w.backstopDraw(c, due)
		}
		if due > 1e-12 {
			paid, err := w.payContract(c, due)
			if err != nil {
				return fmt.Errorf("deal %s: %w", c.deal.ID, err)
			}
			c.paid += paid
			if paid < due-1e-9 {
				c.status = contractDefaulted
				lost := c.amountBn - c.paid
				w.rejectContract(c, lost)
				w.event("contract_default", c.payer.name, c.payee.name, c.deal.ID, due-paid,
					fmt.Sprintf("%s: paid %.2f of %.2f due; %.2f bn of remaining commitment lost to the payee", c.kind, paid, due, lost))
				continue
			}
		}
		if c.kind == dataset.Loan || int(w.month-c.start) >= c.months-1 {
			c.status = contractDone
		}
	}
	return nil
}

// rejectContract records the counterparties' claim on each payer firm of a
// contract it stopped paying: its share of the commitment left unpaid.
// Loans are money already lent, claimed as loans, not here.
func (w *world) rejectContract(c *contract, lost float64) {
	if c.kind == dataset.Loan || lost <= 1e-9 {
		return
	}
	for _, pm := range c.payer.members {
		if pm.kind != partyFirm {
			continue
		}
		f := &w.firms[pm.index]
		if !f.distressed { // this member paid its part
			continue
		}
		f.rejected = append(f.rejected, rejectedClaim{payee: c.payee, amountBn: lost * pm.weight, dealID: c.deal.ID})
	}
}

func (w *world) dealDetail(c *contract) string {
	s := fmt.Sprintf("%s over %d months", c.kind, c.months)
	if c.estimated {
		s += " (amount estimated: " + c.deal.EstimateBasis + ")"
	}
	return s
}

// backstopDraw is what a capacity backstop pays this month: the payee's
// unsold capacity, up to the scheduled monthly cap.
func (w *world) backstopDraw(c *contract, cap float64) float64 {
	unsold := 0.0
	for _, m := range c.payee.members {
		if m.kind != partyFirm {
			continue
		}
		f := &w.firms[m.index]
		potential := f.econ * w.p.Compute.RevenuePerCompute / 12
		sold := 0.0
		if f.hist > 0 {
			sold = f.revHist[(f.hist-1)%12]
		}
		unsold += m.weight * math.Max(0, potential-sold)
	}
	return math.Min(cap, unsold)
}

// payContract pays due from the payer's members to the payee's members and
// returns the amount paid.
func (w *world) payContract(c *contract, due float64) (float64, error) {
	total := 0.0
	for _, pm := range c.payer.members {
		part := due * pm.weight
		from, ok, err := w.payerAccount(pm, part, c.kind)
		if err != nil {
			return total, err
		}
		if !ok {
			continue
		}
		paid := part
		if pm.kind == partyFirm {
			if avail := w.fund(pm.index, part, true); avail < part {
				paid = math.Max(0, math.Min(avail, w.cash(pm.index)))
				w.firms[pm.index].defaults += part - paid
				if part-paid > 1e-9 {
					w.setDistressed(pm.index)
				}
			}
		}
		for _, qm := range c.payee.members {
			x := paid * qm.weight
			if err := w.transfer(c, pm, qm, from, x); err != nil {
				return total, err
			}
			total += x
		}
	}
	return total, nil
}

// payerAccount returns the account a party member pays from; outside
// investors call capital as needed inside transfer.
func (w *world) payerAccount(m member, amount float64, k dataset.DealKind) (ledger.AccountID, bool, error) {
	switch m.kind {
	case partyFirm:
		return w.firms[m.index].acct, true, nil
	case partyFinancier:
		return w.fins[m.index].acct, true, nil
	case partyGov:
		return w.acctGov, true, nil
	case partyIndustry:
		return w.acctInd, true, nil
	}
	return 0, false, fmt.Errorf("unknown payer kind %d", m.kind)
}

// receiverAccount is the account of a payee member.
func (w *world) receiverAccount(m member) ledger.AccountID {
	switch m.kind {
	case partyFirm:
		return w.firms[m.index].acct
	case partyFinancier:
		return w.fins[m.index].acct
	case partyGov:
		return w.acctGov
	default:
		return w.acctInd
	}
}

// transfer posts one payer member's payment to one payee member with the
// kind and label the deal's type implies, and books the balance-sheet side.
func (w *world) transfer(c *contract, pm, qm member, from ledger.AccountID, x float64) error {
	if x <= 0 {
		return nil
	}
	to := w.receiverAccount(qm)
	var k ledger.Kind
	label := ledger.PassThrough
	financing := false
	switch c.kind {
	case dataset.ComputePurchase:
		k = kComputeSale
	case dataset.ChipPurchase:
		k = kChipSale
	case dataset.Lease:
		k = kLeaseRent
	case dataset.CapacityBackstop:
		k, financing = kBackstop, true
	case dataset.EquityInvestment, dataset.JointVenture:
		k, financing = kEquity, true
	case dataset.Warrant:
		return w.vestWarrant(c, pm, qm, x)
	case dataset.Loan:
		k, financing = kLoanDraw, true
	}
	switch pm.kind {
	case partyFirm:
		if financing {
			label = w.firms[pm.index].origin
		}
	case partyFinancier:
		switch {
		case c.kind == dataset.Loan:
			label = oDebt
		case financing:
			label = oOutsideEquity
		default:
			label = oIndustry // a non-AI buyer's purchase is final demand
		}
	case partyGov:
		label = oGov
	case partyIndustry:
		if financing {
			label = oOutsideEquity
		} else {
			label = oIndustry
		}
	}
	// Payments from outside investors call capital first.
	var err error
	if pm.kind == partyFinancier {
		err = w.financierPay(pm.index, to, x, k, label)
	} else {
		err = w.post(from, to, x, k, label)
	}
	if err != nil {
		return err
	}
	w.bookDeal(c, pm, qm, x)
	return nil
}

// bookDeal records the non-cash side of a deal payment on both balance sheets.
func (w *world) bookDeal(c *contract, pm, qm member, x float64) {
	payerFirm := pm.kind == partyFirm
	payeeFirm := qm.kind == partyFirm
	switch c.kind {
	case dataset.ComputePurchase, dataset.Lease, dataset.CapacityBackstop:
		// An expense for the payer, revenue for the payee.
		switch pm.kind {
		case partyFirm:
			w.firms[pm.index].retained -= x
			w.firms[pm.index].computeSpend += x
		case partyFinancier:
			w.fins[pm.index].netWorth -= x
		case partyGov:
			w.govNetWorth -= x
		}
		switch qm.kind {
		case partyFirm:
			w.firms[qm.index].retained += x
		case partyFinancier:
			w.fins[qm.index].netWorth += x
		case partyGov:
			w.govNetWorth += x
		}
	case dataset.ChipPurchase:
		// Capitalised by the buyer, revenue for the vendor.
		if payerFirm {
			f := &w.firms[pm.index]
			w.addVintage(f, x)
			f.capex += x
			f.dealCapex += x
		}
		if payeeFirm {
			w.firms[qm.index].retained += x
		}
	case dataset.EquityInvestment, dataset.JointVenture:
		newShares := 0.0
		if payeeFirm {
			w.firms[qm.index].paidIn += x
			holder := -1
			if pm.kind == partyGov {
				holder = clsGov
			}
			q := &w.firms[qm.index]
			newShares = w.issueShares(qm.index, x, q.value, holder)
		}
		if qm.kind == partyFinancier {
			// An outside vehicle raising money issues units to the payer.
			w.fins[qm.index].unitsRoW += x
		}
		switch {
		case payerFirm && payeeFirm:
			w.firms[pm.index].stakes = append(w.firms[pm.index].stakes, stake{issuer: qm.index, costBn: x, shares: newShares})
		case payerFirm:
			// An AI firm investing outside the AI sector: held at cost.
			w.firms[pm.index].stakes = append(w.firms[pm.index].stakes, stake{issuer: -1, costBn: x})
		case pm.kind == partyFinancier:
			w.fins[pm.index].stakes = append(w.fins[pm.index].stakes, stake{issuer: qm.index, costBn: x, shares: newShares})
		case pm.kind == partyGov:
			w.govStakes += x
		case pm.kind == partyIndustry:
			w.industryStakes += x
		}
	case dataset.Loan:
		if payeeFirm {
			f := &w.firms[qm.index]
			ln := loan{lender: w.payerAcct(pm), lenderIdx: -1, principal: x, bullet: true,
				maturity: w.month + Month(12*w.p.Deals.LoanTermYears), dealID: c.deal.ID,
				rate: w.riskFree() + w.spread(qm.index, x)}
			if payerFirm {
				ln.lenderIdx = pm.index
			}
			f.loans = append(f.loans, ln)
		}
		switch pm.kind {
		case partyFirm:
			w.firms[pm.index].loansRecv += x
		case partyFinancier:
			w.fins[pm.index].loansRecv += x
		case partyGov:
			w.govStakes += x
		}
	}
}

// payerAcct is the ledger account of a payer member.
func (w *world) payerAcct(m member) ledger.AccountID {
	a, _, _ := w.payerAccount(m, 0, "")
	return a
}

// vestWarrant books a month of warrant vesting: the issuer hands the holder
// shares worth x (an expense to the issuer, income to the holder), and the
// holder sells them to outside investors. The cash the holder receives is
// the issuer's equity paying for the holder's purchases, so it carries the
// issuer's origin (vendor financing in shares).
func (w *world) vestWarrant(c *contract, pm, qm member, x float64) error {
	if pm.kind != partyFirm {
		return nil
	}
	issuer := &w.firms[pm.index]
	issuer.paidIn += x
	issuer.retained -= x
	// New shares go to outside investors, who pay the holder for them. An
	// issuer the model has not valued (no market value in the data) issues
	// shares it cannot price: only the cash side is booked.
	n := 0.0
	if issuer.value > 0 {
		n = w.issueShares(pm.index, x, issuer.value, -1)
		issuer.value -= x // no cash came in: the new shares dilute the holders
	}
	to := w.receiverAccount(qm)
	if err := w.financierPay(w.outside, to, x, kWarrantSale, issuer.origin); err != nil {
		return err
	}
	w.fins[w.outside].stakes = append(w.fins[w.outside].stakes, stake{issuer: pm.index, costBn: x, shares: n})
	if qm.kind == partyFirm {
		w.firms[qm.index].retained += x
	}
	return nil
}

// executes reports whether deal d is executed: every deal with the
// circular_deals mechanism on; without it, only deals that are not circular
// financing (scenario no-circular-deals).
func (w *world) executes(d dataset.Deal) bool {
	return w.p.Mechanisms.CircularDeals || !w.circularFinancing(d)
}

// circularFinancing reports whether deal d is one of the AI sector
// financing itself, the deals the article calls circular: an equity stake,
// joint venture or warrant between two AI firms (equity for compute), a
// loan from an AI firm (vendor financing), a capacity backstop, or a lease
// (lease-backs of data centres). Purchases of compute and chips, and money
// from outside investors and lenders, are not.
func (w *world) circularFinancing(d dataset.Deal) bool {
	aiFirm := func(name string) bool {
		p, err := w.resolveParty(name)
		if err != nil {
			return false
		}
		for _, m := range p.members {
			if m.kind == partyFirm {
				return true
			}
		}
		return false
	}
	switch d.Kind {
	case dataset.CapacityBackstop, dataset.Lease:
		return true
	case dataset.EquityInvestment, dataset.JointVenture, dataset.Warrant:
		return aiFirm(d.Source) && aiFirm(d.Target)
	case dataset.Loan:
		return aiFirm(d.Source)
	}
	return false
}

// settlementRank orders a month's contract payments down the supply chain:
// payers from outside the AI sector and investments and loans first (0-1),
// then purchases by model labs (2), by clouds (3) and by everyone else (4).
func (w *world) settlementRank(c *contract) int {
	payer := -1
	for _, m := range c.payer.members {
		if m.kind == partyFirm {
			payer = m.index
			break
		}
	}
	switch {
	case payer < 0:
		return 0
	case !isPurchase(c.kind):
		return 1
	}
	switch w.firms[payer].role {
	case dataset.RoleModelLab:
		return 2
	case dataset.RoleHyperscaler, dataset.RoleNeocloud:
		return 3
	}
	return 4
}

// isPurchase reports whether a deal kind buys goods or services (as
// opposed to investing or lending).
func isPurchase(k dataset.DealKind) bool {
	switch k {
	case dataset.ComputePurchase, dataset.ChipPurchase, dataset.Lease, dataset.CapacityBackstop:
		return true
	}
	return false
}
