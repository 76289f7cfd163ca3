package dealnet

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Basis says how much of a multi-year commitment counts as owed.
type Basis string

// Bases of obligations.
const (
	BasisAnnual    Basis = "annual"    // amount / horizon: one year of payments
	BasisRemaining Basis = "remaining" // what is left at AsOf, paid straight-line from announcement
	BasisHeadline  Basis = "headline"  // the whole headline amount
)

// AssetRule says how external assets and liabilities are set.
type AssetRule string

// Asset rules.
const (
	AssetsFromCapital AssetRule = "capital" // equity = capital buffer for every firm
	AssetsFromRevenue AssetRule = "revenue" // external assets = revenue × years + capital
)

// Options control how deals become obligations and firms become balance
// sheets. DefaultOptions gives the documented defaults.
type Options struct {
	Basis Basis
	// AsOf is the valuation date for BasisRemaining; zero means the date
	// of the latest deal. For every basis, deals announced after a
	// non-zero AsOf are left out.
	AsOf time.Time
	// DefaultHorizonYears is used for deals without a reported horizon.
	DefaultHorizonYears float64
	// Backstops counts capacity backstops as debts of the guarantor.
	Backstops bool
	// EquityStakes turns equity investments, warrants and joint-venture
	// contributions into stakes (used by Furfine and DebtRank).
	EquityStakes bool
	// CapitalShare is the capital buffer as a share of valuation.
	CapitalShare float64
	Assets       AssetRule
	// ExcludeDeals lists deal IDs to leave out (e.g. non-binding letters
	// of intent); an ID not in the deals is an input error.
	ExcludeDeals []string
	// RevenueYears is how many years of revenue count as external assets
	// under AssetsFromRevenue.
	RevenueYears float64
}

// DefaultOptions returns the defaults documented in docs/stress.md.
func DefaultOptions() Options {
	return Options{
		Basis:               BasisAnnual,
		DefaultHorizonYears: 5,
		CapitalShare:        0.1,
		Assets:              AssetsFromCapital,
		RevenueYears:        1,
	}
}

func (o Options) validate() error {
	switch o.Basis {
	case BasisAnnual, BasisRemaining, BasisHeadline:
	default:
		return inputerr.New("", 0, "basis", "unknown basis %q (want annual, remaining or headline)", o.Basis)
	}
	switch o.Assets {
	case AssetsFromCapital, AssetsFromRevenue:
	default:
		return inputerr.New("", 0, "assets", "unknown asset rule %q (want capital or revenue)", o.Assets)
	}
	if !(o.DefaultHorizonYears > 0) || math.IsInf(o.DefaultHorizonYears, 0) {
		return inputerr.New("", 0, "default-horizon", "%v: want a positive number of years", o.DefaultHorizonYears)
	}
	if !(o.CapitalShare >= 0) || math.IsInf(o.CapitalShare, 0) {
		return inputerr.New("", 0, "capital-share", "%v: want a number ≥ 0", o.CapitalShare)
	}
	if !(o.RevenueYears >= 0) || math.IsInf(o.RevenueYears, 0) {
		return inputerr.New("", 0, "revenue-years", "%v: want a number ≥ 0", o.RevenueYears)
	}
	return nil
}

// Edge is one deal as used in the network: an obligation (Debtor owes
// Creditor AmountBn) or, for stakes, Debtor is the issuer and Creditor the
// holder.
type Edge struct {
	DealID         string           `json:"deal_id"`
	Kind           dataset.DealKind `json:"kind"`
	Debtor         string           `json:"debtor"`
	Creditor       string           `json:"creditor"`
	AmountBn       float64          `json:"amount_usd_bn"`   // amount used, after the basis
	HeadlineBn     float64          `json:"headline_usd_bn"` // the deal's amount
	HorizonYears   float64          `json:"horizon_years"`   // horizon used
	HorizonAssumed bool             `json:"horizon_assumed"` // the deal reports no horizon
	Estimated      bool             `json:"estimated"`       // the deal's amount is an estimate
}

// Exclusion is a deal left out of the network and why.
type Exclusion struct {
	DealID string `json:"deal_id"`
	Reason string `json:"reason"`
}

// Sheet is a firm's balance sheet in the network, in USD billions.
type Sheet struct {
	Firm                  string  `json:"firm"`
	Role                  string  `json:"role"`
	CapitalBn             float64 `json:"capital_usd_bn"` // equity before any shock: e + a − p̄
	CapitalRule           string  `json:"capital_rule"`   // where the capital figure comes from
	CapitalKnown          bool    `json:"capital_known"`  // false: no valuation and no override, so capital is 0
	ExternalAssetsBn      float64 `json:"external_assets_usd_bn"`
	ExternalLiabilitiesBn float64 `json:"external_liabilities_usd_bn"`
	NetworkAssetsBn       float64 `json:"network_assets_usd_bn"`      // claims on other firms
	NetworkLiabilitiesBn  float64 `json:"network_liabilities_usd_bn"` // debts to other firms
	StakesHeldBn          float64 `json:"stakes_held_usd_bn"`
	Absorbing             bool    `json:"absorbing"`
}

// Model is the network built from deals and firms.
type Model struct {
	Network    *contagion.Network
	Sheets     []Sheet
	Edges      []Edge // obligations
	StakeEdges []Edge // equity stakes (EquityStakes only)
	Excluded   []Exclusion
	Options    Options // with AsOf filled in for BasisRemaining
	index      map[string]int
}

// Build makes the network. Firms are the parties of the deals, in sorted
// order; a party missing from firms gets zero capital. balance may be nil.
// Errors from balance rows name the balance file and line.
func Build(deals []dataset.Deal, firms []dataset.Firm, balance []Balance, opts Options) (*Model, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if opts.Basis == BasisRemaining && opts.AsOf.IsZero() {
		for _, d := range deals {
			if d.Announced.After(opts.AsOf) {
				opts.AsOf = d.Announced
			}
		}
	}
	skip := make(map[string]bool, len(opts.ExcludeDeals))
	for _, id := range opts.ExcludeDeals {
		skip[id] = true
	}
	for _, d := range deals {
		delete(skip, d.ID)
	}
	for _, id := range opts.ExcludeDeals {
		if skip[id] {
			return nil, inputerr.New("", 0, "exclude-deals", "no deal with id %q", id)
		}
	}
	names := dataset.Firms(deals)
	m := &Model{Options: opts, index: make(map[string]int, len(names))}
	for i, n := range names {
		m.index[n] = i
	}
	for _, d := range deals {
		m.addDeal(d)
	}

	n := len(names)
	net := &contagion.Network{
		Names:               names,
		ExternalAssets:      make([]float64, n),
		ExternalLiabilities: make([]float64, n),
		Absorbing:           make([]bool, n),
	}
	m.Network = net
	m.Sheets = make([]Sheet, n)
	for _, e := range m.Edges {
		i, j := m.index[e.Debtor], m.index[e.Creditor]
		net.Obligations = append(net.Obligations, contagion.Obligation{Debtor: i, Creditor: j, Amount: e.AmountBn})
		m.Sheets[i].NetworkLiabilitiesBn += e.AmountBn
		m.Sheets[j].NetworkAssetsBn += e.AmountBn
	}
	for _, e := range m.StakeEdges {
		holder, issuer := m.index[e.Creditor], m.index[e.Debtor]
		net.Stakes = append(net.Stakes, contagion.Stake{Holder: holder, Issuer: issuer, Amount: e.AmountBn})
		m.Sheets[holder].StakesHeldBn += e.AmountBn
	}

	byName := make(map[string]dataset.Firm, len(firms))
	for _, f := range firms {
		byName[f.Name] = f
	}
	over := make(map[string]Balance, len(balance))
	for _, b := range balance {
		if _, ok := m.index[b.Firm]; !ok {
			return nil, inputerr.New(b.File, b.Line, "firm", "unknown firm %q: not a party to any deal%s", b.Firm, didYouMean(names, b.Firm))
		}
		over[b.Firm] = b
	}
	for i, name := range names {
		f, known := byName[name]
		s := &m.Sheets[i]
		s.Firm, s.Role = name, f.Role
		b, hasOver := over[name]
		if err := m.setSheet(s, f, known, b, hasOver); err != nil {
			return nil, err
		}
		net.ExternalAssets[i] = s.ExternalAssetsBn
		net.ExternalLiabilities[i] = s.ExternalLiabilitiesBn
		net.Absorbing[i] = s.Absorbing
	}
	if err := net.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Model) addDeal(d dataset.Deal) {
	o := m.Options
	if slices.Contains(o.ExcludeDeals, d.ID) {
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: "excluded by the user"})
		return
	}
	if !o.AsOf.IsZero() && d.Announced.After(o.AsOf) {
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: fmt.Sprintf("announced %s, after the as-of date", d.Announced.Format("2006-01-02"))})
		return
	}
	var debtor, creditor string
	stake := false
	switch d.Kind {
	case dataset.ComputePurchase, dataset.ChipPurchase, dataset.Lease:
		debtor, creditor = d.Source, d.Target
	case dataset.Loan:
		debtor, creditor = d.Target, d.Source
	case dataset.CapacityBackstop:
		if !o.Backstops {
			m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: "capacity backstop (contingent; include with backstops)"})
			return
		}
		debtor, creditor = d.Source, d.Target
	case dataset.EquityInvestment, dataset.JointVenture:
		debtor, creditor, stake = d.Target, d.Source, true
	case dataset.Warrant:
		debtor, creditor, stake = d.Source, d.Target, true
	default:
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: fmt.Sprintf("kind %q is not modelled", d.Kind)})
		return
	}
	if stake && !o.EquityStakes {
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: fmt.Sprintf("%s is not a debt (include as an equity stake with equity stakes)", d.Kind)})
		return
	}
	switch {
	case !d.Disclosed && !d.Estimated:
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: "amount not disclosed (estimate with estimate-undisclosed)"})
		return
	case d.AmountBn <= 0:
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: "amount 0 (" + firstNonEmpty(d.EstimateBasis, "no amount") + ")"})
		return
	}
	e := Edge{
		DealID: d.ID, Kind: d.Kind, Debtor: debtor, Creditor: creditor,
		HeadlineBn: d.AmountBn, HorizonYears: d.HorizonYears, Estimated: d.Estimated,
	}
	if e.HorizonYears <= 0 {
		e.HorizonYears, e.HorizonAssumed = o.DefaultHorizonYears, true
	}
	if stake {
		// A stake is held at its headline value: it is not paid over time.
		e.AmountBn = d.AmountBn
		m.StakeEdges = append(m.StakeEdges, e)
		return
	}
	switch o.Basis {
	case BasisAnnual:
		// A contract shorter than a year is all due within the year.
		e.AmountBn = d.AmountBn / math.Max(1, e.HorizonYears)
	case BasisRemaining:
		elapsed := o.AsOf.Sub(d.Announced).Hours() / (24 * 365.25)
		e.AmountBn = d.AmountBn * math.Max(0, math.Min(1, 1-elapsed/e.HorizonYears))
	case BasisHeadline:
		e.AmountBn = d.AmountBn
	}
	if e.AmountBn <= 0 {
		m.Excluded = append(m.Excluded, Exclusion{DealID: d.ID, Reason: "nothing left to pay at the as-of date"})
		return
	}
	m.Edges = append(m.Edges, e)
}

func (m *Model) setSheet(s *Sheet, f dataset.Firm, known bool, b Balance, hasOver bool) error {
	o := m.Options
	s.Absorbing = known && (f.Aggregate || (f.Role == dataset.RoleInvestor && !f.HasValuation))
	if hasOver && b.HasAbsorbing {
		s.Absorbing = b.Absorbing
	}
	pbar, a := s.NetworkLiabilitiesBn, s.NetworkAssetsBn
	if hasOver && b.HasExternalAssets {
		s.ExternalAssetsBn = b.ExternalAssetsBn
		s.ExternalLiabilitiesBn = b.ExternalLiabilitiesBn
		s.CapitalBn = s.ExternalAssetsBn + a - pbar - s.ExternalLiabilitiesBn
		s.CapitalKnown = true
		s.CapitalRule = fmt.Sprintf("%s:%d: external assets and liabilities", b.File, b.Line)
		return nil
	}
	var k float64
	switch {
	case hasOver && b.HasCapital:
		k, s.CapitalKnown = b.CapitalBn, true
		s.CapitalRule = fmt.Sprintf("%s:%d: capital", b.File, b.Line)
	case s.Absorbing:
		s.CapitalKnown = true
		s.CapitalRule = "absorbing outside creditor"
	case known && f.HasValuation:
		k, s.CapitalKnown = o.CapitalShare*f.ValuationBn, true
		s.CapitalRule = fmt.Sprintf("%g × %s %g", o.CapitalShare, f.ValuationType, f.ValuationBn)
	case known:
		s.CapitalRule = "unknown: no valuation in the firm table"
	default:
		s.CapitalRule = "unknown: firm not in the firm table"
	}
	switch {
	case o.Assets == AssetsFromRevenue && !s.Absorbing:
		rev := 0.0
		if known && f.HasRevenue {
			rev = f.RevenueBn
		}
		s.ExternalAssetsBn = o.RevenueYears*rev + k
		if s.CapitalKnown && known && !f.HasRevenue {
			s.CapitalRule += "; no revenue in the firm table"
		}
	default:
		s.ExternalAssetsBn = k + math.Max(0, pbar-a)
		s.ExternalLiabilitiesBn = math.Max(0, a-pbar)
	}
	s.CapitalBn = s.ExternalAssetsBn + a - pbar - s.ExternalLiabilitiesBn
	return nil
}

// Index returns the position of firm name in the network. Matching ignores
// case; an unknown name gives an input error listing near matches.
func (m *Model) Index(name string) (int, error) {
	if i, ok := m.index[name]; ok {
		return i, nil
	}
	for n, i := range m.index {
		if strings.EqualFold(n, strings.TrimSpace(name)) {
			return i, nil
		}
	}
	return 0, inputerr.Errorf("unknown firm %q: not a party to any deal%s", name, didYouMean(m.Network.Names, name))
}

// Fail returns the shock that puts firm name into default with all its
// external assets written off.
func (m *Model) Fail(name string) (contagion.Shock, error) {
	i, err := m.Index(name)
	if err != nil {
		return contagion.Shock{}, err
	}
	if m.Sheets[i].Absorbing {
		return contagion.Shock{}, inputerr.Errorf("cannot fail %q: it is an absorbing outside creditor (override with a balance file)", m.Network.Names[i])
	}
	return contagion.Shock{Firm: i, ExternalAssetLoss: m.Network.ExternalAssets[i], Fail: true}, nil
}

// Shock returns the contagion shock for a parsed specification: a fraction
// of the firm's capital, or an amount, written off its external assets.
func (m *Model) Shock(spec ShockSpec) (contagion.Shock, error) {
	i, err := m.Index(spec.Firm)
	if err != nil {
		return contagion.Shock{}, err
	}
	loss := spec.AmountBn
	if !spec.Absolute {
		loss = spec.Fraction * math.Max(0, m.Sheets[i].CapitalBn)
	}
	return contagion.Shock{Firm: i, ExternalAssetLoss: loss}, nil
}

// didYouMean lists up to five names close to q: those containing it or
// contained in it (ignoring case), then those within a small edit distance.
func didYouMean(names []string, q string) string {
	type cand struct {
		name string
		dist int
	}
	lq := strings.ToLower(strings.TrimSpace(q))
	var cs []cand
	for _, n := range names {
		ln := strings.ToLower(n)
		d := dataset.EditDistance(lq, ln)
		switch {
		case lq != "" && (strings.Contains(ln, lq) || strings.Contains(lq, ln)):
			cs = append(cs, cand{n, 0})
		case d <= max(2, len(lq)/3):
			cs = append(cs, cand{n, d})
		}
	}
	sort.Slice(cs, func(a, b int) bool {
		if cs[a].dist != cs[b].dist {
			return cs[a].dist < cs[b].dist
		}
		return cs[a].name < cs[b].name
	})
	if len(cs) == 0 {
		return ""
	}
	var out []string
	for k, c := range cs {
		if k == 5 {
			break
		}
		out = append(out, fmt.Sprintf("%q", c.name))
	}
	return "; near matches: " + strings.Join(out, ", ")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
