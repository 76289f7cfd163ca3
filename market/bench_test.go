package market

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSimulateReturns times one FW-length path (6750 measured days) of
// the stand-alone DCA-HPM block, without and with the validation burn-in.
func BenchmarkSimulateReturns(b *testing.B) {
	for _, burnIn := range []int{0, 2000} {
		b.Run(fmt.Sprintf("days=6750/burnin=%d", burnIn), func(b *testing.B) {
			p := DCAHPM()
			rng := rand.New(rand.NewPCG(1, 2))
			r := make([]float64, 6750)
			for b.Loop() {
				p.SimulateReturns(rng, burnIn, r)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "paths/s")
		})
	}
}

// BenchmarkMarketStep times one engine day with 10 and 100 assets, half of
// them DCA-HPM and half DCA-WP, with moving fundamentals and exogenous demand.
func BenchmarkMarketStep(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			specs := make([]AssetSpec, n)
			for i := range specs {
				p := DCAHPM()
				if i%2 == 1 {
					p = DCAWP()
				}
				specs[i] = AssetSpec{Name: fmt.Sprint(i), Params: p, LogFundamental: float64(i % 7)}
			}
			m, err := NewMarket(rand.New(rand.NewPCG(3, 4)), specs)
			if err != nil {
				b.Fatal(err)
			}
			fund, exo := make([]float64, n), make([]float64, n)
			for i := range fund {
				fund[i] = float64(i % 7)
				exo[i] = 0.05
			}
			for b.Loop() {
				if err := m.Step(fund, exo); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "days/s")
		})
	}
}
