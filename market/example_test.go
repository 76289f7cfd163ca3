package market_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bubblelab/bubblelab/market"
)

// One noiseless DCA-HPM day: at the fundamental nobody trades, and an
// exogenous demand of one unit moves the price by μ = 1%.
func ExampleParams_Next() {
	p := market.DCAHPM()
	s := p.NewState(math.Log(100))
	s = p.Next(s, market.Inputs{LogFundamental: math.Log(100)})
	fmt.Printf("price %.2f, n^f %.3f\n", math.Exp(s.LogPrice), s.ShareF)
	s = p.Next(s, market.Inputs{LogFundamental: math.Log(100), Exogenous: 1})
	fmt.Printf("price %.2f, return %.2f%%\n", math.Exp(s.LogPrice), s.Return())
	// Output:
	// price 100.00, n^f 0.419
	// price 101.01, return 1.00%
}

// A month of daily sub-steps: two AI firms whose fundamentals come from a
// discounted cash flow valuation, pushed by a sector sentiment that reacts to a
// deal announcement, and a non-AI index.
func ExampleMarket() {
	value := func(cashFlow float64) float64 {
		v, err := market.DCFValue([]float64{cashFlow, cashFlow * 1.2, cashFlow * 1.4}, 0.09, 0.03)
		if err != nil {
			panic(err)
		}
		return math.Log(v)
	}
	m, err := market.NewMarket(rand.New(rand.NewPCG(2026, 1)), []market.AssetSpec{
		{Name: "CHIP", Params: market.DCAHPM(), LogFundamental: value(10)},
		{Name: "CLOUD", Params: market.DCAHPM(), LogFundamental: value(20)},
		market.IndexSpec("NONAI", math.Log(5000)),
	})
	if err != nil {
		panic(err)
	}
	sentiment := market.SentimentParams{
		MomentumWeight: 0.2, MomentumHalfLife: 10,
		NewsWeight: 0.5, NewsScale: 10, NewsHalfLife: 5,
	}
	var mood market.SentimentState
	loading := []float64{1.5, 1, 0} // the index does not load on AI sentiment
	fund := make([]float64, 3)
	exo := make([]float64, 3)
	for day := range 21 {
		in := market.SentimentInputs{SectorReturn: m.State(0).Return()}
		if day == 3 {
			in.Deals = []float64{100} // a USD 100 bn deal is announced
		}
		if mood, err = sentiment.Next(mood, in); err != nil {
			panic(err)
		}
		fund[0], fund[1] = value(10*(1+0.002*float64(day))), value(20)
		fund[2] = math.Log(5000) + 0.0003*float64(day)
		for i := range exo {
			exo[i] = loading[i] * mood.Level
		}
		if err := m.Step(fund, exo); err != nil {
			panic(err)
		}
	}
	for i := range m.Len() {
		s := m.State(i)
		fmt.Printf("%-5s misalignment %+.2f  n^f %.2f\n", m.Name(i), s.Misalignment(), s.ShareF)
	}
	// Output:
	// CHIP  misalignment +0.12  n^f 0.39
	// CLOUD misalignment -0.11  n^f 0.24
	// NONAI misalignment -0.01  n^f 0.21
}

// The value of a firm from three years of explicit cash flows and a Gordon
// terminal value: 10/1.09 + 12/1.09² + 14/1.09³ + (14·1.03/0.06)/1.09³
// = 9.174 + 10.100 + 10.811 + 185.582 = 215.67.
func ExampleDCFValue() {
	v, err := market.DCFValue([]float64{10, 12, 14}, 0.09, 0.03)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.1f\n", v)
	// Output:
	// 215.7
}

// A deal announcement lifts sentiment, which then halves every half-life.
func ExampleSentimentParams_Next() {
	p := market.SentimentParams{NewsWeight: 1, NewsScale: 50, NewsHalfLife: 2}
	var s market.SentimentState
	for day := range 5 {
		in := market.SentimentInputs{}
		if day == 0 {
			in.Deals = []float64{50}
		}
		s, _ = p.Next(s, in)
		fmt.Printf("day %d: %.3f\n", day, s.Level)
	}
	// Output:
	// day 0: 0.693
	// day 1: 0.490
	// day 2: 0.347
	// day 3: 0.245
	// day 4: 0.173
}
