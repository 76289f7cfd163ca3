package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bubblelab/bubblelab/sim"
)

// bootstrapTag separates the bootstrap's random stream from the others
// drawn from the same master seed.
const bootstrapTag = 0x626f6f7473747270

// BootstrapVariance estimates the sampling variance of BasketMoments(_, w)
// on the observed daily path d by a moving-block bootstrap (Künsch 1989):
// the daily log returns of d up to the end of w are resampled in blocks of
// block consecutive days (start days uniform over all full blocks), the
// blocks concatenated to the original length, cumulated from d's first
// log value onto d's own dates, sampled at month ends, and their moments
// computed; the variance over reps replications is returned per moment.
// Blocks keep the returns' short-run dependence (volatility clusters) that
// drawing single days would destroy. Days after w are not read, so a
// holdout window never informs the weights.
func BootstrapVariance(d Daily, w Window, reps, block int, seed uint64) ([]float64, error) {
	n := 0
	for i, t := range d.Dates {
		if sim.MonthOf(t) > w.To {
			break
		}
		n = i + 1
	}
	if n < 2 {
		return nil, fmt.Errorf("bootstrap: fewer than two days up to %s", w.To)
	}
	if block < 1 || block > n-1 {
		return nil, fmt.Errorf("bootstrap: block of %d days for %d daily returns", block, n-1)
	}
	if reps < 2 {
		return nil, fmt.Errorf("bootstrap: %d replications; at least 2", reps)
	}
	rets := make([]float64, n-1)
	for i := range rets {
		rets[i] = math.Log(d.Values[i+1] / d.Values[i])
	}
	rng := rand.New(rand.NewPCG(seed, bootstrapTag))
	var sum, sumsq []float64
	path := Daily{Dates: d.Dates[:n], Values: make([]float64, n)}
	for range reps {
		l := math.Log(d.Values[0])
		path.Values[0] = d.Values[0]
		for k := 1; k < n; {
			s := rng.IntN(len(rets) - block + 1)
			for j := 0; j < block && k < n; j++ {
				l += rets[s+j]
				path.Values[k] = math.Exp(l)
				k++
			}
		}
		m, err := MonthEnds(path)
		if err != nil {
			return nil, fmt.Errorf("bootstrap: %w", err)
		}
		mom, err := BasketMoments(m, w)
		if err != nil {
			return nil, fmt.Errorf("bootstrap: %w", err)
		}
		if sum == nil {
			sum, sumsq = make([]float64, len(mom)), make([]float64, len(mom))
		}
		for j, x := range mom {
			sum[j] += x
			sumsq[j] += x * x
		}
	}
	out := make([]float64, len(sum))
	r := float64(reps)
	for j := range out {
		mu := sum[j] / r
		out[j] = math.Max(0, (sumsq[j]-r*mu*mu)/(r-1))
	}
	return out, nil
}
