package sim

import (
	"math/rand/v2"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/ledger"
)

// Sectors are the columns of the transaction-flow matrix.
const (
	secTop ledger.Sector = iota
	secBottom
	secIndustry
	secAI
	secFinancier
	secBanks
	secGov
	secRoW
	secForeignAI
	nSectors
)

// SectorNames labels the sectors in outputs.
var sectorNames = [...]string{"households_top10", "households_bottom90", "industry", "ai_firms", "outside_investors", "banks", "government", "rest_of_world", "foreign_ai_firms"}

// Transaction kinds: the rows of the transaction-flow matrix.
const (
	kConsumption  ledger.Kind = iota // households buy non-AI goods and services
	kAIConsumer                      // households buy AI subscriptions (final demand)
	kAIEnterprise                    // domestic industry buys AI services (final demand)
	kAIForeign                       // the rest of the world buys US AI services and chips (final demand)
	kNonAIIncome                     // incumbents' non-AI operating income
	kComputeSale                     // cloud compute bought by AI firms
	kChipSale                        // chips and memory bought by AI firms
	kLeaseRent                       // data-centre rent
	kBackstop                        // capacity backstop draws
	kConstruction                    // the non-chip part of AI capex, paid to domestic industry
	kOpex                            // AI firms' energy and other inputs bought from industry
	kEquity                          // equity investments and funding rounds
	kWarrantSale                     // holders selling vested warrant shares to outside investors
	kCapitalCall                     // savers funding outside investors
	kDistribution                    // outside investors returning cash to savers
	kLoanDraw                        // new loans
	kLoanRepay                       // loan principal repaid
	kInterest                        // interest on loans and bonds
	kWages                           // wages
	kDividends                       // dividends and buybacks
	kTaxes                           // taxes
	kGovPurchases                    // government consumption and investment
	kTransfers                       // government social benefits
	kBondPurchase                    // households buying Treasury bonds
	kImports                         // payments abroad for goods and services
	kExports                         // non-AI exports
	kEquityTrade                     // secondary-market equity trades between savers
	nKinds
)

var kindNames = [...]string{"consumption", "ai_consumer", "ai_enterprise", "ai_foreign", "nonai_income", "compute_sale", "chip_sale", "lease_rent", "backstop", "construction", "ai_opex", "equity", "warrant_sale", "capital_call", "distribution", "loan_draw", "loan_repay", "interest", "wages", "dividends", "taxes", "gov_purchases", "transfers", "bond_purchase", "imports", "exports", "equity_trade"}

// revenueKinds are the sales that count as an AI firm's revenue.
var revenueKinds = [...]ledger.Kind{kAIConsumer, kAIEnterprise, kAIForeign, kComputeSale, kChipSale, kLeaseRent, kBackstop}

// Fixed provenance origins; AI firm j has origin nFixedOrigins+j.
const (
	oConsumer ledger.Origin = iota
	oIndustry
	oForeign
	oNonAI
	oOutsideEquity
	oDebt
	oGov
	oOpening
	nFixedOrigins
)

var originNames = [...]string{"final_demand_consumer", "final_demand_industry", "final_demand_foreign", "nonai_income", "outside_equity", "debt", "government", "opening"}

// pairKey identifies payments from one AI firm to another of one kind.
type pairKey struct {
	from, to int
	kind     ledger.Kind
}

// vintage is one month's compute purchase by one firm.
type vintage struct {
	month  Month
	costBn float64 // capitalised cost
	units  float64 // compute units: cost / price per unit in the month bought
}

// loan is a debt of a firm to a lender account.
type loan struct {
	lender    ledger.AccountID
	lenderIdx int // AI firm index of the lender, or -1
	principal float64
	rate      float64 // yearly
	maturity  Month   // bullet loans repay here; revolving bank credit amortises
	bullet    bool
	dealID    string
	overdue   float64 // interest and principal past due and unpaid
}

// stake is an equity position of an AI firm in another AI firm, at cost.
type stake struct {
	issuer int
	costBn float64
	shares float64 // shares of the issuer held (0 when not tracked)
}

// firm is one AI firm: a model lab, chip or memory vendor, hyperscaler,
// neocloud or data-centre developer.
type firm struct {
	name     string
	role     string
	domestic bool
	listed   bool
	acct     ledger.AccountID
	origin   ledger.Origin
	exists   bool  // private firms enter with their first deal
	enter    Month // month of entry

	// Balance sheet (cash is the ledger balance).
	vintages  []vintage
	loans     []loan
	stakes    []stake
	loansRecv float64 // loans made to other firms, at cost
	paidIn    float64 // equity raised (including warrants issued)
	retained  float64 // accumulated net income less payouts

	// Equity.
	shares     float64 // share units outstanding; price = value / shares
	value0     float64 // value at the start (floor of the fundamental value)
	basket     bool    // in the listed US AI basket (the AI index)
	value      float64 // market cap (listed) or post-money (private)
	valueMult  float64 // PLACEHOLDER: value per dollar of trailing income
	lastRound  Month
	issuedYear float64 // equity issued in the last 12 months

	// Inputs from data.
	nonAIShare    float64 // share of industry profits earned by the non-AI business
	nonAICapexBn  float64 // yearly non-AI capex at the start (grows with potential)
	internalUse   float64
	sellerWeight  float64 // weight among sellers of its role for final demand
	vendorShare   float64 // share of rule-based chip or memory spending
	aiRevenue0    float64 // annual AI revenue at the start
	distressed    bool
	distressSince Month
	// Arrears: a missed debt payment is a default event; the firm has
	// finance.cure_months to pay what is overdue before its creditors take
	// it into restructuring.
	inArrears    bool
	arrearsSince Month
	// rejected are the claims of counterparties whose contracts the firm
	// stopped paying (unsecured, ranked after lenders in a restructuring).
	rejected []rejectedClaim
	// sustHist is the AI revenue paid for by final demand in each of the
	// last 24 months (the revenue valuation treats as sustainable).
	sustHist [24]float64
	sustNow  float64 // this month's
	// growthView is fundamentalists' view of the yearly growth of the
	// firm's final-demand revenue (valuation.go).
	growthView float64

	// Cached each month: compute at book and economic value (updated as
	// vintages are added), contracted revenue ahead, and last month's
	// closing economic value (for the decay to replace).
	book, econ, econLastEnd float64
	backlog12, backlog24    float64
	bankLoan                int // index in loans of the revolving bank credit, -1 if none

	// This month's flows (reset each month).
	revenue      float64 // AI revenue (revenueKinds)
	nonAIIncome  float64
	lastNonAI    float64
	capex        float64
	dealCapex    float64
	computeSpend float64
	interestPaid float64
	depreciation float64
	defaults     float64
	opCosts      float64 // staff, energy and imported inputs paid this month
	ebitdaNow    float64
	// extraordinary is this month's gain or loss from restructuring (debt
	// forgiven, claims settled in shares, stakes cancelled): it moves
	// retained earnings but is never operating income and never enters the
	// earnings that valuation and credit look at.
	extraordinary float64
	ebitda0       float64 // opening yearly EBITDA (seeds the trailing window)

	// Records for the debt and interest reconciliations (checks.go), kept
	// apart from the loans themselves: opening debt, loan draws and
	// repayments the ledger has shown so far, changes in debt that move no
	// money (interest capitalised, debt forgiven or converted), and this
	// month's interest owed at the start of debt service and left unpaid.
	debt0, cumDrawn, cumRepaid, debtNonCash float64
	interestOwed, interestUnpaid            float64

	// Net income: retained earnings at the start of the month, payouts in
	// the month, and the last 12 months' net income; AI revenue over the
	// last 24 months, for fundamental values.
	retainedStart float64
	payouts       float64
	niHist        [12]float64
	incomeHist    [24]float64

	// Trailing 12 months of AI revenue and of EBITDA, for expectations and credit.
	revHist    [12]float64
	ebitdaHist [12]float64
	hist       int // months recorded
}

// contract is a deal executed over time.
type contract struct {
	deal      dataset.Deal
	kind      dataset.DealKind
	payer     party
	payee     party
	amountBn  float64 // total (after scale)
	start     Month
	months    int     // payment months (1 for a lump sum)
	perMonth  float64 // scheduled payment
	paid      float64
	status    contractStatus
	estimated bool
}

type contractStatus int

const (
	contractPending contractStatus = iota
	contractActive
	contractDone
	contractDefaulted
)

// partyKind tells what kind of agent a deal party is.
type partyKind int

const (
	partyFirm partyKind = iota
	partyFinancier
	partyGov
	partyIndustry
)

// party is one side of a deal; a consortium is several members with weights.
type party struct {
	members []member
	name    string
}

type member struct {
	kind   partyKind
	index  int // firm or financier index
	weight float64
}

// financier is an outside investor or lender of the deal network (a fund, a
// bank syndicate, bond investors): money it pays into the AI sector is
// outside equity or debt.
type financier struct {
	name string
	acct ledger.AccountID
	// Claims issued to savers (fund units), at cost.
	unitsTop, unitsRoW float64
	// Assets at cost.
	stakes    []stake
	loansRecv float64
	// netWorth accumulates interest earned less income distributed and loan
	// losses; returnedCapital is principal repaid but not yet distributed.
	netWorth        float64
	returnedCapital float64
}

// household is one of the two classes (top 10 percent, bottom 90 percent).
type household struct {
	acct      ledger.AccountID
	bonds     float64
	nonAIUnit float64 // units of the non-AI equity index
	fundUnits float64 // claims on outside investors, at cost
	// Last month's disposable income, wealth and consumption: this month's
	// consumption depends on them.
	lastYD, lastWealth, lastConsumption float64
	// This month.
	income, taxes, consumption, aiSpend float64
	netWorth                            float64 // accumulated: saving plus revaluation
	mpc                                 float64 // propensity to consume out of disposable income
	// Equity wealth at the start of the month and cash put into equity in
	// the month: their difference from the month-end wealth is the capital
	// gain booked to net worth.
	equityStart, equityBuy float64
	depositRatio           float64 // target deposits per dollar of monthly disposable income
}

// world is the whole simulated economy.
type world struct {
	p       Params
	rng     *rand.Rand
	l       *ledger.Ledger
	month   Month
	step    int
	firms   []firm
	byName  map[string]int
	fins    []financier
	finIdx  map[string]int
	hh      [2]household // 0 top, 1 bottom
	acctInd ledger.AccountID
	acctGov ledger.AccountID
	acctBnk ledger.AccountID
	acctRoW ledger.AccountID
	outside int // financier index of the generic outside investor

	contracts []contract

	// Sector state.
	expectedGrowth  float64 // yearly expected growth of AI revenue
	sectorRevHist   [24]float64
	competitorCap   float64
	frontierCap     float64
	nonAIValue      float64 // market value of non-AI equity
	nonAIUnits      float64 // index units outstanding
	nonAIMult       float64
	industryProfit  [12]float64
	industryProfit0 float64
	industryVA      float64
	rowNonAIUnits   float64
	govBonds        float64
	govStakes       float64 // equity and loans the government holds, at cost
	industryStakes  float64
	industryDebt    float64
	bankLoans       float64 // bank credit to AI firms
	bankOther       float64 // banks' other assets (balancing item at the start)
	bankNetWorth    float64
	govNetWorth     float64
	rowNetWorth     float64
	industryNW      float64
	mpcScale        float64
	mk              marketState
	estimates       []dataset.AmountEstimate
	acctFirm        []int // firm index of each ledger account, -1 if none
	priceCache      []float64
	survivalTable   []float64
	pairFlows       map[pairKey]float64
	aiValueHist     [13]float64
	totValueHist    [13]float64
	lastDemand      demand
	lastUSChipSpend float64 // accelerators bought by US AI firms last month
	lastGDP         float64
	policyRate      float64     // the risk-free rate this month (monetary.go)
	cumProv         [][]float64 // [firm][origin] cumulative revenue provenance
	runFlows        ledger.FlowMatrix
	events          []Event
	restructurings  []Restructuring
	checks          []checkResult // this month's accounting checks
	// monthProv and monthRev are each firm's AI revenue of the month by
	// origin and in all, closed with the month's income (closeIncome) and
	// recorded from there: no revenue is paid after it.
	monthProv      [][]float64
	monthRev       []float64
	faults         faults // injected by tests of the checks; zero in every run
	estimatedDeals []EstimatedDeal
}

// priceUnit is the price of one unit of compute in month m: falling at the
// price-performance rate, so a dollar buys more compute later. Values are
// cached by month because every vintage needs the current one.
func (w *world) priceUnit(m Month) float64 {
	if !w.p.Mechanisms.Obsolescence {
		return 1
	}
	k := int(m-w.p.Start) + priceCacheOffset
	if k >= 0 && k < len(w.priceCache) && w.priceCache[k] != 0 {
		return w.priceCache[k]
	}
	v := pow2(-float64(m-w.p.Start) / 12 / w.p.Compute.PricePerfDoubling)
	if k >= 0 {
		for len(w.priceCache) <= k {
			w.priceCache = append(w.priceCache, 0)
		}
		w.priceCache[k] = v
	}
	return v
}

// priceCacheOffset lets the price cache cover the months before the start
// in which opening vintages were bought.
const priceCacheOffset = 480
