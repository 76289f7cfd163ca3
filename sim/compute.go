package sim

import (
	"math"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// M10: compute capital in vintages.
//
// A vintage bought in month m for cost c buys c / P(m) units of compute,
// where P falls by half every PricePerfDoubling years. Its book value falls
// straight-line over the accounting life; its economic value is what its
// compute would cost to buy today, P(t) x units, times physical survival.
// Because P keeps falling, economic value decays much faster than book value:
// the gap is the value the accounts have not yet recognised as lost.

func pow2(x float64) float64 { return math.Exp2(x) }

// vintageBook is a vintage's book value at the end of the current month.
func (w *world) vintageBook(v vintage) float64 {
	life := 12 * w.p.Compute.AccountingLifeYears
	age := float64(w.month - v.month)
	return v.costBn * math.Max(0, 1-age/life)
}

// vintageEconomic is a vintage's replacement value at the end of the current month.
func (w *world) vintageEconomic(v vintage) float64 {
	if !w.p.Mechanisms.Obsolescence {
		return w.vintageBook(v)
	}
	age := int(w.month - v.month)
	if age < 0 || float64(age)/12 >= w.p.Compute.MaxLifeYears {
		return 0
	}
	return v.units * w.priceUnit(w.month) * w.survival(age)
}

// survival is the share of a vintage's compute still working at an age in
// months, tabulated because it is needed for every vintage every month.
func (w *world) survival(age int) float64 {
	for len(w.survivalTable) <= age {
		a := len(w.survivalTable)
		w.survivalTable = append(w.survivalTable, math.Pow(1-w.p.Compute.PhysicalDecayPerYear, float64(a)/12))
	}
	return w.survivalTable[age]
}

// computeValues returns the firm's compute at book and economic value.
func (w *world) computeValues(f *firm) (book, econ float64) {
	for _, v := range f.vintages {
		book += w.vintageBook(v)
		econ += w.vintageEconomic(v)
	}
	return book, econ
}

// ageCompute advances the firm's vintages by the month that has just begun:
// it charges book depreciation to retained earnings, scraps vintages past
// their physical life (writing off any book value left) and returns the
// depreciation charged.
func (w *world) ageCompute(f *firm) float64 {
	dep := 0.0
	life := 12 * w.p.Compute.AccountingLifeYears
	kept := f.vintages[:0]
	for _, v := range f.vintages {
		agePrev := float64(w.month - 1 - v.month)
		ageNow := agePrev + 1
		prev := v.costBn * math.Max(0, 1-math.Max(agePrev, 0)/life)
		now := v.costBn * math.Max(0, 1-ageNow/life)
		dep += prev - now
		if ageNow/12 >= w.p.Compute.MaxLifeYears {
			dep += now // scrapped: remaining book value written off
			continue
		}
		kept = append(kept, v)
	}
	f.vintages = kept
	f.retained -= dep
	return dep
}

// addVintage capitalises capex bought this month.
func (w *world) addVintage(f *firm, costBn float64) {
	if costBn <= 0 {
		return
	}
	f.book += costBn
	f.econ += costBn
	n := len(f.vintages)
	if n > 0 && f.vintages[n-1].month == w.month {
		f.vintages[n-1].costBn += costBn
		f.vintages[n-1].units += costBn / w.priceUnit(w.month)
		return
	}
	f.vintages = append(f.vintages, vintage{month: w.month, costBn: costBn, units: costBn / w.priceUnit(w.month)})
}

// buildsCompute reports whether a firm invests in data-centre capacity by
// the capex rule (hyperscalers, neoclouds and data-centre developers).
func buildsCompute(role string) bool {
	return role == dataset.RoleHyperscaler || role == dataset.RoleNeocloud || role == dataset.RoleOther
}

// capexStep invests in compute (MODEL.md section 3 step 3). Desired capacity
// covers the larger of expected revenue over the planning horizon and
// contracted revenue; economic decay is replaced as far as it opens a gap
// below that, and the rest of the gap is closed over BuildMonths. Chips bought under deals this month count towards it. Capex
// is discretionary: it is funded from cash above the buffer, then debt, then
// equity, and cut where money runs out.
func (w *world) capexStep() error {
	fp := w.p.Firms
	rho := w.p.Compute.RevenuePerCompute
	growth := math.Pow(1+w.expectedGrowth, fp.PlanningHorizon/12)
	for i := range w.firms {
		f := &w.firms[i]
		if !f.exists || f.distressed || !buildsCompute(f.role) || w.month < f.enter {
			continue
		}
		trailing := f.trailingRevenue()
		internal := f.internalUse * w.nonAIIncomeAnnual(f)
		expected := (trailing + internal) * growth
		desired := math.Max(expected, f.backlog12) / rho
		// Compute that wore out or lost value this month is replaced only as
		// far as the firm wants the capacity: a firm with more than it
		// plans to use lets the excess run down rather than renew idle
		// capacity. The rest of a gap is closed over build_months.
		decay := math.Max(0, f.econLastEnd-f.econ)
		gap := math.Max(0, desired-f.econ)
		want := math.Min(decay, gap) + math.Max(0, gap-decay)/fp.BuildMonths
		want = math.Max(0, want-f.dealCapex)
		if want <= 0 {
			continue
		}
		budget := w.fund(i, want, false)
		if budget <= 0 {
			continue
		}
		if err := w.spendCapex(i, budget); err != nil {
			return err
		}
	}
	return nil
}

// spendCapex pays amount of rule-based capex: the chip share to accelerator
// vendors, the memory share to memory vendors, the rest (buildings, power,
// networking) to domestic industry, and capitalises it.
func (w *world) spendCapex(i int, amount float64) error {
	f := &w.firms[i]
	cp := w.p.Compute
	chip := amount * cp.ChipShareOfCapex
	mem := amount * cp.MemoryShareOfCapex
	if err := w.payVendors(i, chip, dataset.RoleChipVendor); err != nil {
		return err
	}
	if err := w.payVendors(i, mem, dataset.RoleMemoryVendor); err != nil {
		return err
	}
	if err := w.post(f.acct, w.acctInd, amount-chip-mem, kConstruction, ledger.PassThrough); err != nil {
		return err
	}
	w.addVintage(f, amount)
	f.capex += amount
	return nil
}

// payVendors splits a chip or memory purchase among vendors of the role by
// their market shares (renormalised over the vendors that exist).
func (w *world) payVendors(buyer int, amount float64, role string) error {
	if amount <= 0 {
		return nil
	}
	total := 0.0
	for j := range w.firms {
		v := &w.firms[j]
		if v.role == role && v.vendorShare > 0 && j != buyer {
			total += v.vendorShare
		}
	}
	if total == 0 {
		// No vendor of this kind in the data: the purchase is imported.
		return w.post(w.firms[buyer].acct, w.acctRoW, amount, kChipSale, ledger.PassThrough)
	}
	for j := range w.firms {
		v := &w.firms[j]
		if v.role == role && v.vendorShare > 0 && j != buyer {
			x := amount * v.vendorShare / total
			if err := w.post(w.firms[buyer].acct, v.acct, x, kChipSale, ledger.PassThrough); err != nil {
				return err
			}
			v.retained += x
		}
	}
	return nil
}

// updateBacklogs sets every firm's contracted revenue (compute, leases,
// backstops) over the next 12 and 24 months, annualised, in one pass over
// the contracts.
func (w *world) updateBacklogs() {
	for i := range w.firms {
		w.firms[i].backlog12, w.firms[i].backlog24 = 0, 0
	}
	for ci := range w.contracts {
		c := &w.contracts[ci]
		if c.status == contractDone || c.status == contractDefaulted {
			continue
		}
		switch c.kind {
		case dataset.ComputePurchase, dataset.Lease, dataset.CapacityBackstop:
		default:
			continue
		}
		end := c.start + Month(c.months)
		from := max(w.month, c.start)
		n12 := float64(max(0, min(end, w.month+12)-from))
		n24 := float64(max(0, min(end, w.month+24)-from))
		if n24 == 0 {
			continue
		}
		for _, m := range c.payee.members {
			if m.kind != partyFirm {
				continue
			}
			f := &w.firms[m.index]
			f.backlog12 += c.perMonth * m.weight * n12
			f.backlog24 += c.perMonth * m.weight * n24 / 2
		}
	}
}

// share is the weight of (kind, index) among the party's members.
func (p party) share(k partyKind, index int) float64 {
	s := 0.0
	for _, m := range p.members {
		if m.kind == k && m.index == index {
			s += m.weight
		}
	}
	return s
}

// trailingRevenue is the firm's AI revenue over the last 12 months, or the
// start-of-run annual figure scaled to the months not yet observed.
func (f *firm) trailingRevenue() float64 {
	s := 0.0
	for _, r := range f.revHist {
		s += r
	}
	if f.hist < 12 {
		s += f.aiRevenue0 * float64(12-f.hist) / 12
	}
	return s
}

// trailingNetIncome is the firm's net income over the last 12 months.
func (f *firm) trailingNetIncome() float64 {
	s := 0.0
	for _, x := range f.niHist {
		s += x
	}
	return s
}

// aiRevenueGrowth is the growth of the firm's AI revenue over the last 12
// months against the 12 before.
func (f *firm) aiRevenueGrowth() float64 {
	then, now := 0.0, 0.0
	for k := 0; k < 12; k++ {
		then += f.incomeHist[(f.hist+k)%24]
		now += f.incomeHist[(f.hist+12+k)%24]
	}
	if then <= 0 {
		return 0
	}
	return now/then - 1
}

// trailingEBITDA is the firm's operating cash flow over the last 12
// months; before a year has been simulated, the months not yet observed
// count at the opening pace (ebitda0), as trailingRevenue does.
func (f *firm) trailingEBITDA() float64 {
	s := 0.0
	for _, r := range f.ebitdaHist {
		s += r
	}
	if f.hist < 12 {
		s += f.ebitda0 * float64(12-f.hist) / 12
	}
	return s
}
