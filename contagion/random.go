package contagion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RandomNetwork describes a random network for benchmarks and property
// tests: each firm owes MeanDegree creditors on average (a directed
// Erdős–Rényi-like graph, drawn without self-loops or repeated pairs), with
// exponentially distributed amounts of mean 1. Each firm holds external
// assets covering its net network debt plus a capital buffer of
// CapitalRatio times its gross network position (assets plus liabilities),
// and owes ExternalLiabilityShare of its external assets to outside
// creditors.
type RandomNetwork struct {
	Firms                  int
	MeanDegree             float64
	CapitalRatio           float64
	ExternalLiabilityShare float64
}

// Generate draws a network from rng.
func (s RandomNetwork) Generate(rng *rand.Rand) (*Network, error) {
	if s.Firms < 1 || !(s.MeanDegree >= 0) || s.MeanDegree > float64(s.Firms-1) ||
		!(s.CapitalRatio >= 0) || !(s.ExternalLiabilityShare >= 0 && s.ExternalLiabilityShare < 1) {
		return nil, fmt.Errorf("contagion: invalid random network %+v", s)
	}
	n := s.Firms
	net := &Network{
		ExternalAssets:      make([]float64, n),
		ExternalLiabilities: make([]float64, n),
	}
	whole, frac := math.Modf(s.MeanDegree)
	seen := make(map[int]bool)
	assets := make([]float64, n)
	debts := make([]float64, n)
	for i := 0; i < n; i++ {
		k := int(whole)
		if rng.Float64() < frac {
			k++
		}
		clear(seen)
		for len(seen) < k {
			j := rng.IntN(n - 1)
			if j >= i {
				j++
			}
			if seen[j] {
				continue
			}
			seen[j] = true
			amt := rng.ExpFloat64()
			net.Obligations = append(net.Obligations, Obligation{Debtor: i, Creditor: j, Amount: amt})
			debts[i] += amt
			assets[j] += amt
		}
	}
	for i := 0; i < n; i++ {
		// Solve e − ℓ = max(0, debts − assets) + buffer with ℓ = share·e.
		need := math.Max(0, debts[i]-assets[i]) + s.CapitalRatio*(assets[i]+debts[i])
		e := need / (1 - s.ExternalLiabilityShare)
		net.ExternalAssets[i] = e
		net.ExternalLiabilities[i] = s.ExternalLiabilityShare * e
	}
	return net, nil
}
