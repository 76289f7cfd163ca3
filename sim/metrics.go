package sim

import (
	"math"
	"sort"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// big4 are the hyperscalers whose capex data/macro_facts.csv reports.
var big4 = map[string]bool{"Microsoft": true, "Google": true, "Amazon": true, "Meta": true}

var purchaseKinds = [...]ledger.Kind{kComputeSale, kChipSale, kLeaseRent, kBackstop}

// revenueOf sums the firm's revenue inflows of this month by origin into prov
// and returns the total.
func (w *world) revenueOf(f *firm, prov []float64) float64 {
	clear(prov)
	total := 0.0
	for _, k := range revenueKinds {
		for o, v := range w.l.Inflow(f.acct, k) {
			prov[o] += v
			total += v
		}
	}
	return total
}

// record appends the month's records and checks the invariants.
func (w *world) record(res *Result) {
	mr := MonthRecord{Month: w.month.String()}
	d := w.lastDemand
	mr.FinalDemandConsumer = d.consumer
	mr.FinalDemandEnterprise = d.enterprise
	mr.FinalDemandForeign = d.foreignServices + d.foreignHardware
	mr.FinalDemand = d.total()
	mr.ExportStringency = d.stringency
	mr.CompetitorCapability = w.competitorCap / w.frontierCap
	mr.CompetitorShareChina = d.compShareCN
	mr.ManufacturingShare = w.manufacturingShare(w.month)
	mr.ExpectedGrowth = w.expectedGrowth
	mr.PolicyRate = w.riskFree()
	mr.ObservedGrowth = w.observedGrowth()

	rho := w.p.Compute.RevenuePerCompute
	var chipVendorTotal float64
	for i := range w.firms {
		f := &w.firms[i]
		if f.role == dataset.RoleChipVendor && f.domestic {
			chipVendorTotal += f.vendorShare
		}
	}
	for i := range w.firms {
		f := &w.firms[i]
		prov, rev := w.monthProv[i], w.monthRev[i]
		fm := FirmMonth{Month: mr.Month, Firm: f.name, Role: f.role, Revenue: rev, NonAIIncome: f.nonAIIncome,
			Cash: w.l.Balance(f.acct), Debt: f.debt(), Capex: f.capex, Value: f.value, Defaults: f.defaults, Distressed: f.distressed}
		for o, v := range prov {
			w.cumProv[i][o] += v
			switch {
			case o <= int(oForeign):
				fm.RevenueFinalDemand += v
			case o == int(oNonAI):
				fm.RevenueNonAIIncome += v
			case o == int(oOutsideEquity):
				fm.RevenueOutsideEquity += v
			case o == int(oDebt):
				fm.RevenueDebt += v
			case o < int(nFixedOrigins):
				fm.RevenueOther += v
			default:
				fm.RevenueAIInvestments += v
				if ledger.Origin(o) == f.origin {
					fm.RevenueOwn += v
				}
			}
		}
		mr.AIRevenue += rev
		mr.RevenueFinalDemand += fm.RevenueFinalDemand
		mr.RevenueNonAIIncome += fm.RevenueNonAIIncome
		mr.RevenueOutsideEquity += fm.RevenueOutsideEquity
		mr.RevenueDebt += fm.RevenueDebt
		mr.RevenueGovernment += prov[oGov]
		mr.RevenueOpening += prov[oOpening]
		mr.RevenueAIInvestments += fm.RevenueAIInvestments
		mr.RevenueOwnRoundTrip += fm.RevenueOwn
		book, econ := w.computeValues(f)
		f.econLastEnd = econ
		fm.ComputeBook, fm.ComputeEconomic = book, econ
		mr.ComputeBook += book
		mr.ComputeEconomic += econ
		used := f.trailingRevenue() + f.internalUse*w.nonAIIncomeAnnual(f)
		util := 1.0
		if econ > 0 {
			util = math.Min(1, used/(rho*econ))
		}
		stranded := math.Max(0, book-econ*util)
		obsolete := math.Max(0, book-econ)
		mr.ComputeStranded += stranded
		mr.ComputeObsolescence += obsolete
		mr.ComputeIdle += stranded - obsolete
		mr.Depreciation += f.depreciation
		if f.domestic {
			mr.AICapex += f.capex
		}
		if big4[f.name] {
			mr.Big4Capex += f.capex + f.nonAICapexBn/12*w.potentialOutput(w.month)/w.potentialOutput(w.p.Start)
		}
		if f.name == "Nvidia" {
			mr.NvidiaRevenue = rev
			if rev > 0 && chipVendorTotal > 0 {
				mr.NvidiaChinaShare = d.foreignChinaHardware * f.vendorShare / chipVendorTotal / rev
			}
		}
		if f.name == "OpenAI" {
			mr.OpenAIRevenue = rev
			mr.OpenAICash = w.l.Balance(f.acct)
		}
		mr.AIDebt += f.debt()
		mr.Defaults += f.defaults
		if f.distressed {
			mr.DistressedFirms++
		}
		if w.inBasket(i) {
			mr.AIMarketValue += f.value
		} else if f.exists && !f.listed {
			mr.PrivateAIValue += f.value
		}
		res.Firms = append(res.Firms, fm)
	}
	if mr.ComputeEconomic > 0 {
		mr.ComputeUtilisation = 1 - mr.ComputeStranded/math.Max(mr.ComputeBook, 1e-9)
	}
	mr.ShovelGap = mr.AICapex - mr.FinalDemand
	mr.RevenueFinalDemandNet = w.flowSum(kAIConsumer, kAIEnterprise, kAIForeign)
	mr.IntraSectorRevenue = mr.AIRevenue - mr.RevenueFinalDemandNet
	mr.SequoiaRevenueNeeded = mr.NvidiaRevenue * 12 * 2 * 2
	mr.OutsideEquityRaised = w.flowsInto(secAI, kEquity, kWarrantSale) - w.l.Flow(kEquity, secAI, secAI) - w.l.Flow(kWarrantSale, secAI, secAI)
	mr.DebtDrawn = w.flowsInto(secAI, kLoanDraw) - w.l.Flow(kLoanDraw, secAI, secAI)

	mr.NonAIMarketValue = w.nonAIValue
	mr.AIIndex = w.indexLevel()
	mr.AIDrawdown = w.mk.drawdown
	mr.Sentiment = w.mk.sentiment.Level
	mr.GovernmentSupport = w.mk.putActive > 0
	if n := len(w.mk.days); n > 0 {
		mr.ChartistShare = w.mk.days[n-1].ChartistShare
		mr.AIFundamentalValue = w.mk.days[n-1].AIFundamental
	}
	copy(w.aiValueHist[:], w.aiValueHist[1:])
	copy(w.totValueHist[:], w.totValueHist[1:])
	w.aiValueHist[12] = mr.AIMarketValue
	w.totValueHist[12] = mr.AIMarketValue + mr.NonAIMarketValue
	if w.step >= 12 {
		if dt := w.totValueHist[12] - w.totValueHist[0]; dt != 0 {
			mr.AIShareOfIndexGains12m = (w.aiValueHist[12] - w.aiValueHist[0]) / dt
		}
	}
	mr.HouseholdEquityWealth = w.equityWealth(0) + w.equityWealth(1)
	mr.ConsumptionTop = w.hh[0].consumption
	mr.ConsumptionBottom = w.hh[1].consumption
	if c := mr.ConsumptionTop + mr.ConsumptionBottom; c > 0 {
		mr.TopConsumptionShare = mr.ConsumptionTop / c
	}
	w.nationalAccounts(&mr)

	// Invariants.
	sum, gross := w.l.Totals()
	mr.MoneyError = math.Abs(sum) / math.Max(1, gross)
	mr.ProvenanceError = w.l.ProvenanceError()
	tfm, err := w.l.FlowMatrix(kindNames[:], sectorNames[:])
	if err == nil {
		worst, g := tfm.MaxImbalance()
		mr.FlowMatrixError = worst / math.Max(1, g)
		w.runFlows.Add(tfm)
	}
	bs := w.balanceSheetCheck()
	mr.BalanceSheetError = bs.err
	w.checks = append(w.checks[:0],
		checkResult{name: "money conservation", account: "all accounts", err: mr.MoneyError},
		checkResult{name: "provenance", account: "all accounts", err: mr.ProvenanceError},
		checkResult{name: "flow matrix", account: "all sectors", err: mr.FlowMatrixError},
		bs, w.debtCheck(), w.interestCheck())
	res.Months = append(res.Months, mr)
}

// flowSum is the total of the month's flows of the given kinds.
func (w *world) flowSum(kinds ...ledger.Kind) float64 {
	s := 0.0
	for _, k := range kinds {
		for a := ledger.Sector(0); a < nSectors; a++ {
			for b := ledger.Sector(0); b < nSectors; b++ {
				s += w.l.Flow(k, a, b)
			}
		}
	}
	return s
}

// flowsInto is the month's flows of the given kinds into sector to.
func (w *world) flowsInto(to ledger.Sector, kinds ...ledger.Kind) float64 {
	s := 0.0
	for _, k := range kinds {
		for a := ledger.Sector(0); a < nSectors; a++ {
			s += w.l.Flow(k, a, to)
		}
	}
	return s
}

// nationalAccounts computes GDP by expenditure and by production (value
// added), which must agree.
func (w *world) nationalAccounts(mr *MonthRecord) {
	l := w.l
	y := w.potentialOutput(w.month)
	in := w.p.Macro.NonAIInvestShare * y
	mr.PotentialGDP = y
	mr.Consumption = w.hh[0].consumption + w.hh[1].consumption
	mr.Investment = in + mr.AICapex
	mr.Government = w.flowSum(kGovPurchases)
	for _, k := range purchaseKinds {
		mr.Government += l.Flow(k, secGov, secAI)
	}
	mr.Exports = l.Flow(kExports, secRoW, secIndustry) + l.Flow(kAIForeign, secRoW, secAI) +
		l.Flow(kConstruction, secForeignAI, secIndustry)
	mr.Imports = l.Flow(kImports, secIndustry, secRoW) + l.Flow(kImports, secAI, secRoW) + l.Flow(kChipSale, secAI, secRoW)
	for _, k := range purchaseKinds {
		mr.Exports += l.Flow(k, secForeignAI, secAI) + l.Flow(k, secFinancier, secAI) + l.Flow(k, secForeignAI, secFinancier)
		mr.Imports += l.Flow(k, secAI, secForeignAI)
	}
	mr.GDP = mr.Consumption + mr.Investment + mr.Government + mr.Exports - mr.Imports
	w.lastGDP = mr.GDP

	// Outside investors that own data centres (lease-backs) produce the
	// rental services they are paid for.
	prod := w.industryVA
	for _, k := range purchaseKinds {
		prod += l.Flow(k, secAI, secFinancier) + l.Flow(k, secForeignAI, secFinancier)
	}
	for i := range w.firms {
		f := &w.firms[i]
		if !f.domestic {
			continue
		}
		sales := w.inflowTotal(f.acct, revenueKinds[:]...)
		interm := l.Outflow(f.acct, kComputeSale) + l.Outflow(f.acct, kLeaseRent) + l.Outflow(f.acct, kBackstop) +
			l.Outflow(f.acct, kOpex) + l.Outflow(f.acct, kImports)
		prod += sales - interm
	}
	mr.GDPProduction = prod
}

// observedGrowth is the growth of the sector's AI revenue over the last 12
// months against the 12 months before.
func (w *world) observedGrowth() float64 {
	h := w.sectorRevHist
	then, now := 0.0, 0.0
	for k := 0; k < 12; k++ {
		then += h[k]
		now += h[k+12]
	}
	if then <= 0 {
		return 0
	}
	return now/then - 1
}

// pairFlowList returns the run's firm-to-firm payments in a fixed order.
func (w *world) pairFlowList() []PairFlow {
	keys := make([]pairKey, 0, len(w.pairFlows))
	for k := range w.pairFlows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.from != b.from {
			return a.from < b.from
		}
		if a.to != b.to {
			return a.to < b.to
		}
		return a.kind < b.kind
	})
	out := make([]PairFlow, len(keys))
	for i, k := range keys {
		out[i] = PairFlow{From: w.firms[k.from].name, To: w.firms[k.to].name, Kind: kindNames[k.kind], AmountBn: w.pairFlows[k]}
	}
	return out
}
