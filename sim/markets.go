package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bubblelab/bubblelab/dataset"
	"github.com/bubblelab/bubblelab/market"
)

// M5, M7, M9: markets (MODEL.md section 3 step 5; docs/model.md section 9).
//
// Every listed AI firm and the non-AI index are priced each trading day by a
// Franke-Westerhoff block of fundamentalists and chartists (package market)
// around a fundamental value from the firm's simulated cash flows, plus a
// sector sentiment common to the AI firms (momentum, deal announcements,
// defaults, government support). Investors hold the listed US AI firms as a
// basket in index units; each month's net buyers form a cohort whose
// realised and unrealised profit and loss is tracked to the end of the run.

// Holder classes of the listed AI basket.
const (
	clsTop = iota
	clsBottom
	clsForeign
	clsGov
	nClasses
)

var classNames = [nClasses]string{"top10", "bottom90", "foreign", "government"}

// cohort is what one class bought in one month, and what became of it.
type cohort struct {
	month    Month
	class    int
	units    float64 // index units still held
	bought   float64 // index units bought
	cost     float64 // USD bn paid for the units still held
	realised float64 // profit realised on units sold
	proceeds float64 // cash received for units sold
}

// marketState is the markets block of the world.
type marketState struct {
	engine        *market.Market
	asset         []int // asset index of each firm in the engine, -1 if not traded
	index         int   // asset index of the non-AI index
	logFund       []float64
	logPrice0     []float64 // log price when steady prices began for the firm (counterfactual)
	steadyFrom    []Month   // month steady prices began for the firm, or 0
	lastIndexLogF float64   // the non-AI index's log fundamental last month
	lastLogF      []float64
	floorDays     int // asset-days on which a price was held at its non-AI floor
	sentiment     market.SentimentState
	sentParams    market.SentimentParams
	exo           []float64
	fund          []float64

	units      [nClasses]float64 // index units held by each class
	otherUnits float64           // held by AI firms and outside investors
	cohorts    []cohort

	indexHist []float64 // month-end index level, for returns
	peak      float64   // running peak of the basket value (daily)
	peakDay   string
	drawdown  float64 // current drawdown of the basket value from its peak
	// yearHigh holds the last tradingDaysPerYear daily basket values as a
	// monotone queue (decreasing values, increasing day numbers), so its
	// front is the high of the past year; creditDrawdown is the fall from it.
	yearHigh       []dayValue
	dayNo          int
	creditDrawdown float64
	episodes       []BurstEpisode
	inBurst        bool

	putActive   int // months of support left
	putTriggers int
	putDisarmed bool
	putCost     float64

	pending     []int // listed firms to add to the trader blocks
	days        []DayRecord
	prices      []PriceRecord
	dealsByDay  map[string][]float64 // announcement date -> sizes (USD bn)
	shockActive int                  // months of funding freeze left
}

// DayRecord is one trading day of the simulated markets.
type DayRecord struct {
	Date          string  `json:"date" parquet:"date"`
	AIIndex       float64 `json:"ai_index" parquet:"ai_index"`
	AIMarketValue float64 `json:"ai_market_value" parquet:"ai_market_value"`
	AIFundamental float64 `json:"ai_fundamental_value" parquet:"ai_fundamental_value"`
	NonAIIndex    float64 `json:"nonai_index" parquet:"nonai_index"`
	Sentiment     float64 `json:"sentiment" parquet:"sentiment"`
	ChartistShare float64 `json:"chartist_share" parquet:"chartist_share"`
	Drawdown      float64 `json:"drawdown" parquet:"drawdown"`
}

// PriceRecord is one listed firm's share price and fundamental value per
// share at the end of a month.
type PriceRecord struct {
	Month       string  `json:"month" parquet:"month"`
	Firm        string  `json:"firm" parquet:"firm"`
	Price       float64 `json:"price" parquet:"price"`
	Fundamental float64 `json:"fundamental" parquet:"fundamental"`
	ValueBn     float64 `json:"value_bn" parquet:"value_bn"`
	FundValueBn float64 `json:"fundamental_value_bn" parquet:"fundamental_value_bn"`
	// NonAIValueBn is the firm's non-AI business as the fundamental values
	// it; NonAIFloorBn that less net debt (debt less cash), the floor under
	// its market value.
	NonAIValueBn float64 `json:"nonai_value_bn" parquet:"nonai_value_bn"`
	NonAIFloorBn float64 `json:"nonai_floor_bn" parquet:"nonai_floor_bn"`
	// EnterpriseBn is the fundamental value of the firm's businesses (non-AI
	// and AI), before financial assets and debt.
	EnterpriseBn float64 `json:"enterprise_value_bn" parquet:"enterprise_value_bn"`
}

// BurstEpisode is a fall of the listed AI market value of at least
// markets.burst_drawdown from its running peak.
type BurstEpisode struct {
	PeakDate    string  `json:"peak_date"`
	PeakBn      float64 `json:"peak_value_bn"`
	BurstDate   string  `json:"burst_date"`
	TroughDate  string  `json:"trough_date"`
	TroughBn    float64 `json:"trough_value_bn"`
	Drawdown    float64 `json:"peak_to_trough"`
	Months      float64 `json:"peak_to_trough_months"`
	Recovered   string  `json:"recovered_date,omitempty"`
	troughMonth Month
}

// inBasket reports whether firm i is in the listed US AI basket.
func (w *world) inBasket(i int) bool { return w.firms[i].basket }

// basketValue is the market value of the listed US AI firms.
func (w *world) basketValue() float64 {
	v := 0.0
	for i := range w.firms {
		if w.inBasket(i) {
			v += w.firms[i].value
		}
	}
	return v
}

// unitsTotal is the number of basket index units outstanding.
func (w *world) unitsTotal() float64 {
	u := w.mk.otherUnits
	for _, x := range w.mk.units {
		u += x
	}
	return u
}

// indexLevel is the value of one basket index unit.
func (w *world) indexLevel() float64 {
	u := w.unitsTotal()
	if u <= 0 {
		return 1
	}
	return w.basketValue() / u
}

// initHoldings sets the opening holdings of the listed US AI basket and the
// opening cohorts (bought before the start, at cost equal to their value).
func (w *world) initHoldings() {
	for i := range w.firms {
		f := &w.firms[i]
		f.basket = f.listed && f.domestic && f.shares > 0
	}
	hp := w.p.Households
	own := hp.HouseholdOwnShare
	v := w.basketValue()
	w.mk.units[clsTop] = v * own * hp.TopEquityShare
	w.mk.units[clsBottom] = v * own * (1 - hp.TopEquityShare)
	w.mk.units[clsForeign] = v * (1 - own)
	for c := 0; c < clsGov; c++ {
		w.mk.cohorts = append(w.mk.cohorts, cohort{month: w.p.Start - 1, class: c, units: w.mk.units[c], bought: w.mk.units[c], cost: w.mk.units[c]})
	}
	w.mk.indexHist = []float64{1}
	w.mk.peak = v
	w.mk.peakDay = (w.p.Start - 1).String()
}

// initEngine sets the sentiment, the deal announcements it hears of and,
// when markets are on, one trader block per listed firm and the non-AI index.
func (w *world) initEngine(deals []dataset.Deal) error {
	w.mk.dealsByDay = map[string][]float64{}
	sized := deals
	if w.p.Deals.EstimateUndisclosed {
		sized = dataset.EstimateUndisclosedWith(deals, w.estimates)
	}
	for _, d := range sized {
		// Deals a scenario removes are not announced either.
		if d.AmountBn > 0 && w.executes(d) {
			day := d.Announced.Format("2006-01-02")
			w.mk.dealsByDay[day] = append(w.mk.dealsByDay[day], d.AmountBn*w.p.Deals.Scale)
		}
	}
	// In size order, so the order of the deal file cannot change a sum.
	for _, sizes := range w.mk.dealsByDay {
		slices.Sort(sizes)
	}
	mk := w.p.Markets
	w.mk.sentParams = market.SentimentParams{MomentumWeight: mk.MomentumWeight, MomentumHalfLife: mk.MomentumHalfLife,
		NewsWeight: mk.NewsWeight, NewsScale: mk.NewsScale, NewsHalfLife: mk.NewsHalfLife, SupportWeight: mk.SupportWeight}
	if err := w.mk.sentParams.Validate(); err != nil {
		return fmt.Errorf("markets: %w", err)
	}
	w.mk.asset = make([]int, len(w.firms))
	w.mk.logFund = make([]float64, len(w.firms))
	w.mk.lastLogF = make([]float64, len(w.firms))
	w.mk.logPrice0 = make([]float64, len(w.firms))
	w.mk.steadyFrom = make([]Month, len(w.firms))
	w.mk.fund = make([]float64, len(w.firms))
	if !w.p.Mechanisms.Markets {
		return nil
	}
	params := market.DCAHPM()
	if mk.Variant == "wealth" {
		params = market.DCAWP()
	}
	var specs []market.AssetSpec
	for i := range w.firms {
		f := &w.firms[i]
		w.mk.asset[i] = -1
		if !f.listed || f.shares <= 0 {
			continue
		}
		w.mk.asset[i] = len(specs)
		lf := math.Log(w.valueFirm(f).equity() / f.shares)
		w.mk.lastLogF[i] = lf
		// The block starts at the observed price, not at the fundamental:
		// the opening misalignment is data.
		spec := market.AssetSpec{Name: f.name, Params: params, LogFundamental: math.Log(f.value / f.shares)}
		specs = append(specs, spec)
	}
	w.mk.index = len(specs)
	specs = append(specs, market.IndexSpec("non-AI index", math.Log(w.nonAIPrice())))
	w.mk.lastIndexLogF = math.Log(w.nonAIFundamental() / w.nonAIUnits)
	eng, err := market.NewMarket(w.rng, specs)
	if err != nil {
		return fmt.Errorf("markets: %w", err)
	}
	w.mk.engine = eng
	w.mk.exo = make([]float64, len(specs))
	return nil
}

// marketStep runs the month's trading days: fundamentals move from last
// month's to this month's values, sentiment updates each day, every listed
// firm's price moves, and the basket's value and bursts are tracked.
func (w *world) marketStep() error {
	mp := w.p.Markets
	// Listed firms valued for the first time start trading at their price.
	params := market.DCAHPM()
	if mp.Variant == "wealth" {
		params = market.DCAWP()
	}
	for _, i := range w.mk.pending {
		f := &w.firms[i]
		if w.mk.asset[i] >= 0 || f.shares <= 0 || f.value <= 0 {
			continue
		}
		a, err := w.mk.engine.Add(market.AssetSpec{Name: f.name, Params: params, LogFundamental: math.Log(f.value / f.shares)})
		if err != nil {
			return fmt.Errorf("markets: list %s: %w", f.name, err)
		}
		w.mk.asset[i] = a
		w.mk.lastLogF[i] = math.Log(f.value / f.shares)
		for len(w.mk.exo) <= a {
			w.mk.exo = append(w.mk.exo, 0)
		}
	}
	w.mk.pending = w.mk.pending[:0]
	// Fundamentals at the end of this month, and the floor each price keeps
	// (its non-AI business less net debt).
	floor := make([]float64, len(w.firms))
	values := make([]firmValue, len(w.firms))
	for i := range w.firms {
		f := &w.firms[i]
		floor[i] = math.Inf(-1)
		if w.mk.asset[i] >= 0 {
			v := w.valueFirm(f)
			values[i] = v
			w.mk.fund[i] = v.equity()
			w.mk.logFund[i] = math.Log(w.mk.fund[i] / f.shares)
			if fl := v.nonAI - (v.debt - w.cash(i)); fl > 0 {
				floor[i] = math.Log(fl / f.shares)
			}
			if w.step == 0 {
				// The opening values are data: the first month's change is
				// not news about the business.
				w.mk.lastLogF[i] = w.mk.logFund[i]
			}
		}
	}
	nonAIFund := w.nonAIFundamental()
	days := tradingDays(w.month)
	support := 0.0
	if w.mk.putActive > 0 {
		support = w.p.Put.Support
	}
	if w.p.Shocks.MarketShockMonth == w.month && w.p.Shocks.MarketShockSize != 0 {
		w.mk.sentiment.News += w.p.Shocks.MarketShockSize
		w.mk.shockActive = w.p.Shocks.FundingFreeze
		w.event("market_shock", "", "", "", 0, fmt.Sprintf("exogenous sentiment shock %+.1f, equity funding frozen for %d months", w.p.Shocks.MarketShockSize, w.p.Shocks.FundingFreeze))
	}
	// Missed payments of the month are bad news on its first trading day.
	defaults := 0.0
	for i := range w.firms {
		defaults += w.firms[i].defaults
	}
	defaultNews := 0.0
	if defaults > 0 {
		defaultNews = mp.DefaultNews * math.Log1p(defaults/mp.NewsScale)
	}
	eng := w.mk.engine
	logF := make([]float64, eng.Len())
	prevLevel := w.indexLevel()
	// The counterfactual's steady prices start from each firm's price at
	// the start of the first steady month (or of its listing, if later).
	steadyNow := mp.SteadyPrices && w.month >= mp.HoldFrom
	if steadyNow {
		for i := range w.firms {
			if w.mk.asset[i] >= 0 && w.mk.steadyFrom[i] == 0 {
				w.mk.steadyFrom[i] = w.month
				w.mk.logPrice0[i] = math.Log(w.firms[i].value / w.firms[i].shares)
			}
		}
	}
	for d, day := range days {
		frac := float64(d+1) / float64(len(days))
		// Public news about fundamentals: a share of the day's change in
		// the log fundamental moves the price at once (in percent).
		news := mp.FundamentalNews * 100 / float64(len(days))
		putDemand := w.putDemand(len(days))
		for i := range w.firms {
			if a := w.mk.asset[i]; a >= 0 {
				logF[a] = w.mk.lastLogF[i] + frac*(w.mk.logFund[i]-w.mk.lastLogF[i])
				w.mk.exo[a] = news * (w.mk.logFund[i] - w.mk.lastLogF[i])
				if w.firms[i].domestic {
					w.mk.exo[a] += w.mk.sentiment.Level
				}
				if w.inBasket(i) {
					w.mk.exo[a] += putDemand
				}
			}
		}
		logF[w.mk.index] = math.Log(nonAIFund / w.nonAIUnits)
		w.mk.exo[w.mk.index] = news * (math.Log(nonAIFund/w.nonAIUnits) - w.mk.lastIndexLogF)
		if err := eng.Step(logF, w.mk.exo); err != nil {
			return fmt.Errorf("market day %s: %w", day.Format("2006-01-02"), err)
		}
		// Prices to values.
		chartists, n := 0.0, 0
		for i := range w.firms {
			a := w.mk.asset[i]
			if a < 0 {
				continue
			}
			f := &w.firms[i]
			if !steadyNow && !mp.FundamentalPrices && !math.IsInf(floor[i], -1) {
				raised, err := eng.Support(a, floor[i])
				if err != nil {
					return err
				}
				if raised {
					w.mk.floorDays++
				}
			}
			lp := eng.State(a).LogPrice
			if mp.FundamentalPrices {
				// The no-boom twin: the price is the fundamental itself (the
				// trader block still steps, so the random draws are the
				// same as in the run it is compared with).
				lp = logF[a]
			}
			if steadyNow {
				lp = w.mk.logPrice0[i] + math.Log(1+mp.LongGrowth)*(float64(w.month-w.mk.steadyFrom[i])+frac)/12
			}
			f.value = math.Exp(lp) * f.shares
			if f.domestic {
				chartists += eng.State(a).ShareC()
				n++
			}
		}
		// The non-AI index trades as usual in the counterfactual too, so that
		// the two runs differ only in AI prices.
		w.nonAIValue = math.Exp(eng.State(w.mk.index).LogPrice) * w.nonAIUnits
		level := w.indexLevel()
		ret := 100 * math.Log(level/prevLevel)
		prevLevel = level
		// Sentiment for tomorrow.
		in := market.SentimentInputs{SectorReturn: ret, Deals: w.mk.dealsByDay[day.Format("2006-01-02")], Support: support}
		s, err := w.mk.sentParams.Next(w.mk.sentiment, in)
		if err != nil {
			return err
		}
		if d == 0 && defaultNews > 0 {
			s.News -= defaultNews
		}
		s.Level = mp.MomentumWeight*s.Momentum + s.News + mp.SupportWeight*s.Support
		w.mk.sentiment = s
		w.trackBurst(day, w.basketValue())
		if w.putTrigger() {
			support = w.p.Put.Support
		}
		rec := DayRecord{Date: day.Format("2006-01-02"), AIIndex: level, AIMarketValue: w.basketValue(),
			NonAIIndex: w.nonAIPrice(), Sentiment: s.Level, Drawdown: w.mk.drawdown}
		for i := range w.firms {
			if w.inBasket(i) {
				rec.AIFundamental += math.Exp(logF[w.mk.asset[i]]) * w.firms[i].shares
			}
		}
		if n > 0 {
			rec.ChartistShare = chartists / float64(n)
		}
		w.mk.days = append(w.mk.days, rec)
	}
	copy(w.mk.lastLogF, w.mk.logFund)
	w.mk.lastIndexLogF = math.Log(nonAIFund / w.nonAIUnits)
	for i := range w.firms {
		f := &w.firms[i]
		if w.mk.asset[i] >= 0 {
			// Nothing a firm owns or owes changes over the trading days.
			v := values[i]
			w.mk.prices = append(w.mk.prices, PriceRecord{Month: w.month.String(), Firm: f.name, Price: f.value / f.shares,
				Fundamental: w.mk.fund[i] / f.shares, ValueBn: f.value, FundValueBn: w.mk.fund[i],
				NonAIValueBn: v.nonAI, NonAIFloorBn: v.nonAI - (v.debt - w.cash(i)), EnterpriseBn: v.enterprise()})
		}
	}
	return nil
}

// nonAIFundamental is the non-AI index's fundamental value: the constant
// multiple of after-tax industry profit that values it at the start.
func (w *world) nonAIFundamental() float64 {
	profit := 0.0
	for _, p := range w.industryProfit {
		profit += p
	}
	return math.Max(w.nonAIMult*profit, 1e-6)
}

// tradingDays lists the weekdays of month m: every weekday is a trading day.
func tradingDays(m Month) []time.Time {
	var days []time.Time
	for d := m.Time(); d.Month() == m.Time().Month(); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	return days
}

// dayValue is the basket value on a numbered trading day.
type dayValue struct {
	day   int
	value float64
}

// appetite is how much equity investors will fund relative to normal: it
// rises with the AI index's 12-month return (zero during a funding freeze).
func (w *world) appetite() float64 {
	if w.mk.shockActive > 0 {
		return 0
	}
	if !w.p.Mechanisms.Markets {
		return 1
	}
	h := w.mk.indexHist
	if len(h) < 2 {
		return 1
	}
	back := max(0, len(h)-13)
	r12 := h[len(h)-1]/h[back] - 1
	return math.Max(0, math.Min(2, 1+w.p.Markets.IssuanceMomentum*r12))
}

// peerMultiple is the listed US AI firms' market value per dollar of trailing
// income (AI revenue plus non-AI income): what private rounds are priced off.
func (w *world) peerMultiple() float64 {
	v, inc := 0.0, 0.0
	for i := range w.firms {
		if w.inBasket(i) {
			f := &w.firms[i]
			v += f.value
			inc += f.trailingRevenue() + w.nonAIIncomeAnnual(f)
		}
	}
	if inc <= 0 {
		return w.p.Valuation.PrivateMultiple
	}
	return v / inc
}

// closeMarketMonth records the month-end index level and counts down the
// funding freeze.
func (w *world) closeMarketMonth() {
	w.mk.indexHist = append(w.mk.indexHist, w.indexLevel())
	if w.mk.shockActive > 0 {
		w.mk.shockActive--
	}
}
