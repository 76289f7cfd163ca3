package market

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// AssetSpec describes one listed asset of a Market.
type AssetSpec struct {
	Name   string
	Params Params
	// LogFundamental is the initial log fundamental value ln V_0; the price
	// starts there.
	LogFundamental float64
}

// IndexSpec returns the spec of a broad non-AI equity index: FW's DCA-HPM
// block, whose parameters FW (2012) estimated on the S&P 500 itself, around
// the log fundamental the caller supplies each day.
func IndexSpec(name string, logFundamental float64) AssetSpec {
	return AssetSpec{Name: name, Params: DCAHPM(), LogFundamental: logFundamental}
}

// Market is a daily market of independent FW trader blocks, one per asset,
// each priced around its own log fundamental value, with an exogenous demand
// per asset supplied by the caller (for example a sector sentiment scaled by
// the asset's loading). Assets interact only through what the caller feeds
// back. A Market is not safe for concurrent use.
type Market struct {
	names  []string
	params []Params
	states []State
	rng    *rand.Rand
	day    int
}

// NewMarket returns a market of the given assets, every price at its
// fundamental. All randomness comes from rng: each day draws ε^f then ε^c for
// each asset in index order, so a run is a deterministic function of rng's
// state.
func NewMarket(rng *rand.Rand, assets []AssetSpec) (*Market, error) {
	if rng == nil {
		return nil, fmt.Errorf("market: nil random generator")
	}
	m := &Market{rng: rng}
	for _, a := range assets {
		if _, err := m.Add(a); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Add lists a new asset (an IPO, say) at its fundamental and returns its
// index; it trades from the next Step on.
func (m *Market) Add(a AssetSpec) (int, error) {
	i := len(m.states)
	if err := a.Params.Validate(); err != nil {
		return -1, fmt.Errorf("market: asset %d (%s): %w", i, a.Name, err)
	}
	if !finite(a.LogFundamental) {
		return -1, fmt.Errorf("market: asset %d (%s): log fundamental %v", i, a.Name, a.LogFundamental)
	}
	m.names = append(m.names, a.Name)
	m.params = append(m.params, a.Params)
	m.states = append(m.states, a.Params.NewState(a.LogFundamental))
	return i, nil
}

// Len returns the number of assets.
func (m *Market) Len() int { return len(m.states) }

// Name returns the name of asset i.
func (m *Market) Name(i int) string { return m.names[i] }

// Day returns the number of days stepped so far.
func (m *Market) Day() int { return m.day }

// State returns the state of asset i after the last day.
func (m *Market) State(i int) State { return m.states[i] }

// LogPrices writes each asset's current log price into dst, reallocating it
// when it is too short, and returns it.
func (m *Market) LogPrices(dst []float64) []float64 {
	dst = resize(dst, len(m.states))
	for i, s := range m.states {
		dst[i] = s.LogPrice
	}
	return dst
}

// Step advances every asset by one day. logFundamentals[i] is asset i's log
// fundamental value for the day; exogenous[i] is its exogenous demand in FW
// demand units (one unit moves the log price by μ, one percent at μ = 0.01);
// a nil exogenous means none. A failed Step changes nothing.
func (m *Market) Step(logFundamentals, exogenous []float64) error {
	if len(logFundamentals) != len(m.states) {
		return fmt.Errorf("market: %d log fundamentals for %d assets", len(logFundamentals), len(m.states))
	}
	if exogenous != nil && len(exogenous) != len(m.states) {
		return fmt.Errorf("market: %d exogenous demands for %d assets", len(exogenous), len(m.states))
	}
	for i := range m.states {
		if !finite(logFundamentals[i]) {
			return fmt.Errorf("market: asset %d (%s): log fundamental %v", i, m.names[i], logFundamentals[i])
		}
		if exogenous != nil && !finite(exogenous[i]) {
			return fmt.Errorf("market: asset %d (%s): exogenous demand %v", i, m.names[i], exogenous[i])
		}
	}
	for i, s := range m.states {
		in := Inputs{
			LogFundamental: logFundamentals[i],
			ShockF:         m.rng.NormFloat64(),
			ShockC:         m.rng.NormFloat64(),
		}
		if exogenous != nil {
			in.Exogenous = exogenous[i]
		}
		m.states[i] = m.params[i].Next(s, in)
	}
	m.day++
	return nil
}

// Rebase moves asset i's price to logPrice without a trading day: a
// corporate event (a restructuring that cancels or dilutes shares) changes
// what one share is. The previous price moves by the same amount, so
// chartists do not read the event as a return.
func (m *Market) Rebase(i int, logPrice float64) error {
	if i < 0 || i >= len(m.states) {
		return fmt.Errorf("market: rebase asset %d of %d", i, len(m.states))
	}
	if !finite(logPrice) {
		return fmt.Errorf("market: rebase asset %d (%s): log price %v", i, m.names[i], logPrice)
	}
	s := &m.states[i]
	d := logPrice - s.LogPrice
	s.LogPrice += d
	s.PrevLogPrice += d
	return nil
}

// Support raises asset i's price to minLogPrice if it has fallen below it
// and reports whether it did: a floor kept by buyers outside the trader
// block (for a firm, acquirers who would buy it for its other businesses).
// The day's return is the one the floor leaves.
func (m *Market) Support(i int, minLogPrice float64) (bool, error) {
	if i < 0 || i >= len(m.states) {
		return false, fmt.Errorf("market: support asset %d of %d", i, len(m.states))
	}
	if !finite(minLogPrice) {
		return false, fmt.Errorf("market: support asset %d (%s): log price %v", i, m.names[i], minLogPrice)
	}
	s := &m.states[i]
	if s.LogPrice >= minLogPrice {
		return false, nil
	}
	s.LogPrice = minLogPrice
	return true, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
