package lppls_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
)

// A positive bubble whose critical time is 20 days after the last of 400
// daily observations, observed with 1% noise.
func bubble() (t, logp []float64) {
	truth := lppls.Params{Tc: 420, M: 0.5, Omega: 9, A: 8, B: -0.05, C1: 0.004, C2: -0.003}
	noise := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		t = append(t, float64(i))
		logp = append(logp, truth.LogPrice(float64(i))+0.01*noise.NormFloat64())
	}
	return t, logp
}

func ExampleFitter_Fit() {
	t, logp := bubble()
	fit, err := lppls.Fitter{Src: rand.NewPCG(7, 0)}.Fit(t, logp)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("tc ≈ %.0f, m ≈ %.1f, ω ≈ %.1f, a %v bubble\n", fit.Tc, fit.M, fit.Omega, fit.Bubble())
	fmt.Printf("oscillations %.1f, damping %.2f\n", fit.Oscillations(), fit.Damping())
	// The default filter (Sornette et al. 2015) asks for damping ≥ 0.8.
	fmt.Println("qualified:", fit.Qualified, len(fit.Reasons), "reason")
	// Output:
	// tc ≈ 420, m ≈ 0.5, ω ≈ 9.0, a positive bubble
	// oscillations 4.3, damping 0.56
	// qualified: false 1 reason
}

func ExampleFilter_Qualifies() {
	fit := lppls.Fit{
		Params: lppls.Params{Tc: 105, M: 0.5, Omega: 8, A: 5, B: -1, C1: 0.3, C2: 0.4},
		T1:     0, T2: 100,
	}
	for _, f := range []lppls.Filter{lppls.Sornette2015Filter(), lppls.LPPLSPackageFilter()} {
		ok, reasons := f.Qualifies(fit)
		fmt.Println(ok, reasons)
	}
	// Output:
	// false [damping D = 0.125, want ≥ 0.8]
	// false [damping D = 0.125, want > 0.5]
}

func ExampleIndicator() {
	t, logp := bubble()
	opt := lppls.IndicatorOptions{
		MaxWindow: 300, MinWindow: 150, WindowStep: 50,
		Ends:   []int{380, 399},
		Fitter: lppls.Fitter{Filter: lppls.LPPLSPackageFilter()},
		Seed:   1,
	}
	points, err := lppls.Indicator(context.Background(), t, logp, opt, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range points {
		fmt.Printf("t2 = %.0f: positive %.2f, negative %.2f over %d windows\n", p.T2, p.Positive, p.Negative, p.Windows)
	}
	// Output:
	// t2 = 380: positive 0.75, negative 0.00 over 4 windows
	// t2 = 399: positive 1.00, negative 0.00 over 4 windows
}

func ExampleParams_LogPrice() {
	p := lppls.Params{Tc: 100, M: 0.5, Omega: 8, A: 5, B: -0.1, C1: 0.01, C2: 0}
	for _, t := range []float64{0, 99, 100} {
		fmt.Printf("ln p(%v) = %.4f\n", t, p.LogPrice(t))
	}
	// Output:
	// ln p(0) = 4.0654
	// ln p(99) = 4.9100
	// ln p(100) = 5.0000
}
