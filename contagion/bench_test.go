package contagion

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchNetwork is a random network of n firms (mean degree 5, capital 5% of
// the gross network position, 20% of external assets owed outside) in which
// every tenth firm loses 60% of its external assets: enough to start
// multi-round cascades.
func benchNetwork(b *testing.B, n int) (*Network, []Shock) {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	net, err := RandomNetwork{Firms: n, MeanDegree: 5, CapitalRatio: 0.05, ExternalLiabilityShare: 0.2}.Generate(rng)
	if err != nil {
		b.Fatal(err)
	}
	var shocks []Shock
	for i := 0; i < n; i += 10 {
		shocks = append(shocks, Shock{Firm: i, ExternalAssetLoss: 0.6 * net.ExternalAssets[i]})
	}
	return net, shocks
}

var benchSizes = []int{100, 1000, 10000}

func benchModel(b *testing.B, run func(*Network, []Shock) (*Result, error)) {
	for _, n := range benchSizes {
		net, shocks := benchNetwork(b, n)
		b.Run(fmt.Sprintf("firms=%d", n), func(b *testing.B) {
			var res *Result
			for b.Loop() {
				var err error
				if res, err = run(net, shocks); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Defaulters())), "defaults")
			b.ReportMetric(float64(len(res.Rounds)), "rounds")
		})
	}
}

func BenchmarkEisenbergNoe(b *testing.B) { benchModel(b, EisenbergNoe{}.Clear) }

func BenchmarkRogersVeraart(b *testing.B) {
	benchModel(b, RogersVeraart{Alpha: 0.7, Beta: 0.9}.Clear)
}

// BenchmarkRogersVeraartIterative forces Gauss–Seidel at every size.
func BenchmarkRogersVeraartIterative(b *testing.B) {
	benchModel(b, RogersVeraart{Alpha: 0.7, Beta: 0.9, Solver: Solver{DenseLimit: -1}}.Clear)
}

func BenchmarkFurfine(b *testing.B) { benchModel(b, Furfine{LossGivenDefault: 1}.Run) }

func BenchmarkDebtRank(b *testing.B) { benchModel(b, DebtRank{}.Run) }

func BenchmarkLinearDebtRank(b *testing.B) { benchModel(b, LinearDebtRank{}.Run) }

// BenchmarkCompiled runs each model on a network of 100,000 firms compiled
// once, so that the time is the model's alone.
func BenchmarkCompiled(b *testing.B) {
	net, shocks := benchNetwork(b, 100000)
	c, err := Compile(net)
	if err != nil {
		b.Fatal(err)
	}
	for _, md := range []struct {
		name string
		m    Model
	}{
		{"eisenberg-noe", EisenbergNoe{}},
		{"rogers-veraart", RogersVeraart{Alpha: 0.7, Beta: 0.9}},
		{"furfine", Furfine{LossGivenDefault: 1}},
		{"debtrank", DebtRank{}},
		{"linear-debtrank", LinearDebtRank{}},
	} {
		b.Run(md.name+"/firms=100000", func(b *testing.B) {
			for b.Loop() {
				if _, err := md.m.RunCompiled(c, shocks); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompile measures building the compiled form of a network of
// 100,000 firms and about 500,000 obligations.
func BenchmarkCompile(b *testing.B) {
	net, _ := benchNetwork(b, 100000)
	for b.Loop() {
		if _, err := Compile(net); err != nil {
			b.Fatal(err)
		}
	}
}
