package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// Inputs is the data a run starts from. DefaultInputs returns the shipped
// data; a caller may substitute its own deal or firm tables.
type Inputs struct {
	Deals      []dataset.Deal
	Unverified []dataset.Deal
	Firms      []dataset.Firm
	States     []dataset.FirmState
	Estimates  []dataset.AmountEstimate
	DealsName  string // file name for messages
}

// DefaultInputs loads the embedded shipped data.
func DefaultInputs() (Inputs, error) {
	var in Inputs
	var err error
	if in.Deals, err = dataset.DefaultDeals(); err != nil {
		return in, err
	}
	if in.Unverified, err = dataset.UnverifiedDeals(); err != nil {
		return in, err
	}
	if in.Firms, err = dataset.DefaultFirms(); err != nil {
		return in, err
	}
	if in.States, err = dataset.DefaultFirmStates(); err != nil {
		return in, err
	}
	if in.Estimates, err = dataset.DefaultEstimates(); err != nil {
		return in, err
	}
	in.DealsName = "data/ai_deals.csv"
	return in, nil
}

// roleOverrides reclassify firms of the firm table for the simulation: the
// AI Infrastructure Partnership is listed as an investor but its money
// builds AI data centres, so it is modelled as a data-centre developer.
var roleOverrides = map[string]string{"AI Infrastructure Partnership": dataset.RoleOther}

// nonAIFirms are firms of the firm table that are customers or public bodies,
// not AI producers; their deals come from the domestic economy.
var nonAIFirms = map[string]partyKind{"US Government": partyGov, "Disney": partyIndustry}

// genericOutside is the financier standing for unnamed outside investors
// (consortium members not in the firm table, such as MGX or BlackRock).
const genericOutside = "Other outside investors"

func newWorld(p Params, in Inputs, seed uint64) (*world, error) {
	// The opening balance sheets are those at the end of the month before
	// the start; Run advances the clock to Start before the first step.
	w := &world{p: p, rng: rand.New(rand.NewPCG(seed, 0x62756262)), month: p.Start - 1,
		byName: map[string]int{}, finIdx: map[string]int{}}

	// Classify the firm table: AI firms, outside investors, others.
	var aiFirms []dataset.Firm
	var finNames []string
	for _, f := range in.Firms {
		if _, ok := nonAIFirms[f.Name]; ok {
			continue
		}
		if r, ok := roleOverrides[f.Name]; ok {
			f.Role = r
		}
		if f.Role == dataset.RoleInvestor {
			finNames = append(finNames, f.Name)
			continue
		}
		aiFirms = append(aiFirms, f)
	}
	finNames = append(finNames, genericOutside)
	nAI := len(aiFirms)
	w.l = ledger.New(int(nFixedOrigins)+nAI, int(nKinds), int(nSectors))

	states := map[string]dataset.FirmState{}
	for _, s := range in.States {
		states[s.Firm] = s
	}
	listedTotal := 0.0
	for i, f := range aiFirms {
		s, hasState := states[f.Name]
		fm := firm{name: f.Name, role: f.Role, domestic: f.Country == "US", listed: f.Listed,
			origin: nFixedOrigins + ledger.Origin(i), exists: hasState, enter: p.Start, bankLoan: -1}
		if !hasState {
			s = dataset.FirmState{Firm: f.Name}
		}
		sec := secAI
		if !fm.domestic {
			sec = secForeignAI
		}
		acct, err := w.l.Open(f.Name, sec, false, s.CashBn, oOpening)
		if err != nil {
			return nil, err
		}
		fm.acct = acct
		fm.aiRevenue0 = s.AIRevenueBn
		fm.nonAICapexBn = s.NonAICapexBn
		// Compute capital at the start: spread evenly over the accounting
		// life, so book depreciation runs at its steady rate.
		if s.ComputeBookBn > 0 {
			w.seedVintages(&fm, s.ComputeBookBn)
		}
		fm.book, fm.econ = w.computeValues(&fm)
		fm.econLastEnd = fm.econ
		fm.debt0 = math.Max(0, s.DebtBn)
		if s.DebtBn > 0 {
			fm.loans = append(fm.loans, loan{lender: -1, lenderIdx: -1, principal: s.DebtBn,
				rate: p.Finance.BaseRate, maturity: p.Start + Month(12*p.Deals.LoanTermYears)})
		}
		fm.value = s.ValuationBn
		if fm.value == 0 && f.HasValuation {
			// Firms without a start state: their latest valuation, scaled back
			// to the start by a role-level ratio (see docs/model.md).
			fm.value = f.ValuationBn * 0.1
		}
		fm.nonAIShare = s.NonAIOpIncomeBn // converted to a share of industry profit below
		fm.value0 = fm.value
		if fm.value > 0 {
			fm.shares = fm.value // price 1 at the start
			if fm.listed && fm.domestic {
				listedTotal += fm.value
			}
		}
		base := s.AIRevenueBn + s.NonAIOpIncomeBn
		if base > 0 && fm.value > 0 {
			fm.valueMult = fm.value / base
		}
		fm.lastRound = p.Start - Month(p.Finance.RoundIntervalMonths)
		w.byName[f.Name] = i
		w.firms = append(w.firms, fm)
	}

	// Outside investors.
	for _, n := range finNames {
		acct, err := w.l.Open(n, secFinancier, false, 0, oOpening)
		if err != nil {
			return nil, err
		}
		w.finIdx[n] = len(w.fins)
		w.fins = append(w.fins, financier{name: n, acct: acct})
	}
	w.outside = w.finIdx[genericOutside]

	// Households, industry and the public and foreign sectors.
	hp := p.Households
	for c, share := range [2]float64{hp.TopDepositShare, 1 - hp.TopDepositShare} {
		sec := secTop
		if c == 1 {
			sec = secBottom
		}
		acct, err := w.l.Open(sectorNames[sec], sec, false, hp.DepositsBn*share, oOpening)
		if err != nil {
			return nil, err
		}
		w.hh[c].acct = acct
	}
	w.hh[0].bonds = hp.BondsBn * hp.TopDepositShare
	w.hh[1].bonds = hp.BondsBn * (1 - hp.TopDepositShare)
	ybar := p.Macro.GDPBn / 12
	var err error
	// Industry holds a month of its receipts as working cash.
	if w.acctInd, err = w.l.Open(sectorNames[secIndustry], secIndustry, false, ybar, oOpening); err != nil {
		return nil, err
	}
	if w.acctGov, err = w.l.Open(sectorNames[secGov], secGov, true, 0, oGov); err != nil {
		return nil, err
	}
	if w.acctRoW, err = w.l.Open(sectorNames[secRoW], secRoW, true, 0, oForeign); err != nil {
		return nil, err
	}
	// The banking system's opening liability is every deposit above, so the
	// money stock sums to zero across accounts (MODEL.md section 5).
	sum, _ := w.l.Totals()
	if w.acctBnk, err = w.l.Open(sectorNames[secBanks], secBanks, true, -sum, oOpening); err != nil {
		return nil, err
	}

	// Equity ownership at the start: households own HouseholdOwnShare of
	// the listed US AI firms (split by TopEquityShare; see initMarkets), the
	// rest of the world the remainder; the non-AI index is the rest of
	// household equity.
	own := hp.HouseholdOwnShare
	nonAIHousehold := hp.EquityWealthBn - own*listedTotal
	if nonAIHousehold <= 0 {
		return nil, fmt.Errorf("households.equity_wealth_bn %.0f is smaller than their share of listed AI firms (%.0f)", hp.EquityWealthBn, own*listedTotal)
	}
	w.nonAIValue = nonAIHousehold / own
	w.nonAIUnits = w.nonAIValue
	w.hh[0].nonAIUnit = nonAIHousehold * hp.TopEquityShare
	w.hh[1].nonAIUnit = nonAIHousehold * (1 - hp.TopEquityShare)

	// Compute for internal use: each builder's opening compute is what it
	// planned at the growth expected before the start, so the part of that
	// plan not explained by AI revenue is for internal use, per dollar of
	// non-AI income.
	planned := math.Pow(1+p.Firms.GrowthBefore, p.Firms.PlanningHorizon/12)
	for i := range w.firms {
		f := &w.firms[i]
		nonAI := f.nonAIShare // still the annual figure here
		if !buildsCompute(f.role) || nonAI <= 0 {
			continue
		}
		f.internalUse = math.Max(0, p.Compute.RevenuePerCompute*f.econ/planned-f.aiRevenue0) / nonAI
	}

	w.initHoldings()
	// Steady-state flows of the non-AI economy in the start month, used to
	// seed lagged income and to scale the propensities to consume.
	w.initMacro()

	// Seller and vendor weights.
	w.initWeights()

	// Net income and AI revenue before the start: a rough year of income
	// (AI revenue at a 40 percent margin plus non-AI income) and AI revenue
	// growing at the growth expected before the start.
	for i := range w.firms {
		f := &w.firms[i]
		for k := range f.incomeHist {
			age := float64(len(f.incomeHist) - k)
			f.incomeHist[k] = f.aiRevenue0 * math.Pow(1+p.Firms.GrowthBefore, -age/12) / 12
		}
		ni := (0.4*f.aiRevenue0 + w.nonAIIncomeAnnual(f)) / 12
		for k := range f.niHist {
			f.niHist[k] = ni
		}
		// The same rough year seeds EBITDA, a year of straight-line
		// depreciation of the opening compute added back.
		life := 12 * p.Compute.AccountingLifeYears
		dep := 0.0
		for _, v := range f.vintages {
			if float64(p.Start-v.month) < life {
				dep += v.costBn / life
			}
		}
		f.depreciation = dep
		f.ebitda0 = 12 * (ni + dep)
		f.growthView = math.Max(p.Markets.GrowthFloor, math.Min(p.Markets.GrowthCap, f.aiRevenueGrowth()))
	}
	w.policyRate = p.Finance.BaseRate
	w.priceOpeningDebt()

	w.estimates = in.Estimates
	if err := w.initEngine(in.Deals); err != nil {
		return nil, err
	}

	// Balance sheets: retained earnings make every AI firm's sheet balance.
	for i := range w.firms {
		f := &w.firms[i]
		f.retained = w.l.Balance(f.acct) + f.bookValue(w) - f.debt()
	}
	for c := range w.hh {
		w.hh[c].netWorth = w.l.Balance(w.hh[c].acct) + w.hh[c].bonds + w.equityWealth(c)
	}

	// Contracts from the deal network (without circular_deals, only the
	// deals that are not circular financing).
	if err := w.buildContracts(in); err != nil {
		return nil, err
	}
	w.expectedGrowth = p.Firms.InitialExpectedGrowth
	w.competitorCap = p.Competitor.InitialCapability
	w.frontierCap = 1
	w.acctFirm = make([]int, w.l.Len())
	for a := range w.acctFirm {
		w.acctFirm[a] = -1
	}
	for i := range w.firms {
		w.acctFirm[w.firms[i].acct] = i
	}
	w.pairFlows = map[pairKey]float64{}
	w.cumProv = make([][]float64, len(w.firms))
	for i := range w.cumProv {
		w.cumProv[i] = make([]float64, w.l.Origins())
	}
	// Sector revenue before the start, for the first year's observed growth:
	// the start run-rate discounted at the initial expected growth.
	rev0 := 0.0
	for i := range w.firms {
		rev0 += w.firms[i].aiRevenue0 / 12
	}
	for k := range w.sectorRevHist {
		age := float64(len(w.sectorRevHist) - k)
		w.sectorRevHist[k] = rev0 * math.Pow(1+p.Firms.GrowthBefore, -age/12)
	}
	// Accelerator purchases by US AI firms before the start: the vendors'
	// opening AI revenue less the foreign share.
	vendors := 0.0
	for i := range w.firms {
		if r := w.firms[i].role; r == dataset.RoleChipVendor || r == dataset.RoleMemoryVendor {
			vendors += w.firms[i].aiRevenue0 / 12
		}
	}
	w.lastUSChipSpend = vendors / (1 + p.Demand.ForeignChipRatio)
	return w, nil
}

// seedVintages spreads a compute book over the accounting life so the firm
// starts in a steady state of book depreciation.
func (w *world) seedVintages(f *firm, bookBn float64) {
	life := int(math.Round(12 * w.p.Compute.AccountingLifeYears))
	if life < 1 {
		life = 1
	}
	// Vintage of age a (months) has book fraction 1 - a/life; choose equal
	// costs c so that sum of c(1 - a/life) over a = 0..life-1 equals bookBn.
	frac := 0.0
	for a := 0; a < life; a++ {
		frac += 1 - float64(a)/float64(life)
	}
	c := bookBn / frac
	for a := life - 1; a >= 0; a-- {
		m := w.p.Start - Month(a) - 1
		f.vintages = append(f.vintages, vintage{month: m, costBn: c, units: c / w.priceUnit(m)})
	}
}

// initWeights sets each firm's share of final demand among sellers of its
// role and each vendor's share of rule-based chip and memory spending.
func (w *world) initWeights() {
	dp := w.p.Demand
	minLab := math.Inf(1)
	for _, v := range dp.LabWeights {
		minLab = math.Min(minLab, v)
	}
	if math.IsInf(minLab, 1) {
		minLab = 1
	}
	for i := range w.firms {
		f := &w.firms[i]
		switch f.role {
		case dataset.RoleModelLab:
			if v, ok := dp.LabWeights[f.name]; ok {
				f.sellerWeight = v
			} else {
				f.sellerWeight = minLab
			}
		case dataset.RoleHyperscaler:
			f.sellerWeight = dp.CloudWeights[f.name]
		case dataset.RoleNeocloud:
			f.sellerWeight = 1 // neoclouds share by capacity (see demand.go)
		case dataset.RoleChipVendor:
			f.vendorShare = w.p.Compute.ChipVendorShares[f.name]
		case dataset.RoleMemoryVendor:
			f.vendorShare = w.p.Compute.MemoryVendorShares[f.name]
		}
	}
}

// buildContracts turns deals into contracts with payment schedules.
func (w *world) buildContracts(in Inputs) error {
	deals := append([]dataset.Deal(nil), in.Deals...)
	if w.p.Deals.IncludeUnverified {
		deals = append(deals, in.Unverified...)
	}
	if w.p.Deals.EstimateUndisclosed {
		est := dataset.EstimateUndisclosedWith(deals, in.Estimates)
		for i, d := range est {
			if d.Estimated && !deals[i].Estimated {
				w.estimatedDeals = append(w.estimatedDeals, EstimatedDeal{ID: d.ID, Source: d.Source, Target: d.Target,
					Kind: string(d.Kind), AmountBn: d.AmountBn, Basis: d.EstimateBasis})
			}
		}
		deals = est
	}
	exclude := map[string]bool{}
	for _, id := range w.p.Deals.Exclude {
		exclude[id] = true
	}
	end := w.p.Start + Month(w.p.Months)
	newlyEntered := map[int]bool{} // firms that exist because of a deal
	for _, d := range deals {
		if exclude[d.ID] || d.AmountBn <= 0 || !w.executes(d) {
			continue
		}
		payer, err := w.resolveParty(d.Source)
		if err != nil {
			return fmt.Errorf("deal %s (line %d): %w", d.ID, d.Line, err)
		}
		payee, err := w.resolveParty(d.Target)
		if err != nil {
			return fmt.Errorf("deal %s (line %d): %w", d.ID, d.Line, err)
		}
		c := contract{deal: d, kind: d.Kind, payer: payer, payee: payee, amountBn: d.AmountBn * w.p.Deals.Scale, estimated: d.Estimated}
		announced := MonthOf(d.Announced)
		dp := w.p.Deals
		horizon := d.HorizonYears
		lag := 0
		switch d.Kind {
		case dataset.ComputePurchase:
			lag = dp.ComputeStartLag
			horizon = orDefault(horizon, dp.ComputeHorizon)
		case dataset.ChipPurchase:
			lag = dp.ChipStartLag
			horizon = orDefault(horizon, dp.ChipHorizon)
		case dataset.Lease:
			lag = dp.LeaseStartLag
			horizon = orDefault(horizon, dp.LeaseHorizon)
		case dataset.CapacityBackstop:
			lag = dp.ComputeStartLag
			horizon = orDefault(horizon, dp.BackstopHorizon)
		case dataset.Warrant:
			horizon = orDefault(horizon, dp.WarrantVesting)
		case dataset.Loan:
			horizon = 0 // disbursed at once; the term is the loan's maturity
		case dataset.EquityInvestment, dataset.JointVenture:
			if horizon == 0 {
				horizon = float64(dp.EquityTranches) / 4
			}
		}
		c.start = announced + Month(lag)
		c.months = max(1, int(math.Round(horizon*12)))
		if d.Kind == dataset.EquityInvestment || d.Kind == dataset.JointVenture {
			if d.HorizonYears == 0 {
				// Quarterly tranches: spread monthly over the same span.
				c.months = max(1, dp.EquityTranches*3)
			}
		}
		c.perMonth = c.amountBn / float64(c.months)
		if c.start >= end {
			continue
		}
		w.contracts = append(w.contracts, c)
		// A private firm exists from its earliest deal (whatever the order
		// of the deal file).
		for _, side := range []party{payer, payee} {
			for _, m := range side.members {
				if m.kind != partyFirm {
					continue
				}
				f := &w.firms[m.index]
				if enter := max(w.p.Start, announced); !f.exists || (newlyEntered[m.index] && enter < f.enter) {
					if !f.exists {
						newlyEntered[m.index] = true
					}
					f.exists = true
					f.enter = enter
				}
			}
		}
	}
	// Contracts pay one after another within a month, and a payment passes
	// on the provenance of the cash the payer holds at that moment, so the
	// order matters. It is set by what the contracts are, never by deal IDs
	// or the order of the deal file, so renaming or reordering deals changes
	// no result: money flows down the supply chain within a month, outside
	// money and investments first, then labs' purchases, then the clouds',
	// then the rest; then by parties, kind, size and schedule. Contracts
	// equal in all of these are interchangeable, so the ID only breaks ties
	// among identical twins.
	sort.SliceStable(w.contracts, func(i, j int) bool {
		a, b := &w.contracts[i], &w.contracts[j]
		ra, rb := w.settlementRank(a), w.settlementRank(b)
		switch {
		case a.start != b.start:
			return a.start < b.start
		case ra != rb:
			return ra < rb
		case a.payer.name != b.payer.name:
			return a.payer.name < b.payer.name
		case a.payee.name != b.payee.name:
			return a.payee.name < b.payee.name
		case a.kind != b.kind:
			return a.kind < b.kind
		case a.amountBn != b.amountBn:
			return a.amountBn < b.amountBn
		case a.months != b.months:
			return a.months < b.months
		}
		return a.deal.ID < b.deal.ID
	})
	return nil
}

func orDefault(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// resolveParty maps a deal's firm name to the agents that pay or receive:
// an AI firm, an outside investor, the government, or, for a consortium
// written "A+B+C", its members in equal parts (members not in the firm
// table are unnamed outside investors).
func (w *world) resolveParty(name string) (party, error) {
	if i, ok := w.byName[name]; ok {
		return party{name: name, members: []member{{kind: partyFirm, index: i, weight: 1}}}, nil
	}
	if i, ok := w.finIdx[name]; ok {
		return party{name: name, members: []member{{kind: partyFinancier, index: i, weight: 1}}}, nil
	}
	if k, ok := nonAIFirms[name]; ok {
		return party{name: name, members: []member{{kind: k, weight: 1}}}, nil
	}
	if strings.Contains(name, "+") {
		parts := strings.Split(name, "+")
		p := party{name: name}
		for _, part := range parts {
			part = strings.TrimSpace(part)
			wgt := 1 / float64(len(parts))
			if i, ok := w.byName[part]; ok {
				p.members = append(p.members, member{kind: partyFirm, index: i, weight: wgt})
			} else if i, ok := w.finIdx[part]; ok {
				p.members = append(p.members, member{kind: partyFinancier, index: i, weight: wgt})
			} else {
				p.members = append(p.members, member{kind: partyFinancier, index: w.outside, weight: wgt})
			}
		}
		return p, nil
	}
	return party{}, fmt.Errorf("unknown firm %q (not in the firm table)", name)
}

// debt is the firm's total loan principal.
func (f *firm) debt() float64 {
	d := 0.0
	for _, l := range f.loans {
		d += l.principal
	}
	return d
}

// bookValue is the firm's assets other than cash at book value.
func (f *firm) bookValue(w *world) float64 {
	b := f.loansRecv
	for _, s := range f.stakes {
		b += s.costBn
	}
	for _, v := range f.vintages {
		b += w.vintageBook(v)
	}
	return b
}
