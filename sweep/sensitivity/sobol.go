package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"
)

// Sample holds the outputs of a model at the Saltelli design with N base
// rows and K inputs: FA[j] and FB[j] at rows j of A and B, FAB[i][j] at row
// j of AB_i (A with column i from B).
type Sample struct {
	FA, FB []float64
	FAB    [][]float64
}

// check validates the shape and finiteness of s.
func (s Sample) check() error {
	n := len(s.FA)
	if n < 2 {
		return fmt.Errorf("sensitivity: %d base rows, need at least 2", n)
	}
	if len(s.FB) != n {
		return fmt.Errorf("sensitivity: %d outputs for A but %d for B", n, len(s.FB))
	}
	if len(s.FAB) == 0 {
		return errors.New("sensitivity: no inputs (no AB matrices)")
	}
	for i, f := range s.FAB {
		if len(f) != n {
			return fmt.Errorf("sensitivity: %d outputs for AB_%d, want %d", len(f), i+1, n)
		}
	}
	all := [][]float64{s.FA, s.FB}
	all = append(all, s.FAB...)
	for _, f := range all {
		for _, v := range f {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.New("sensitivity: an output is NaN or infinite")
			}
		}
	}
	return nil
}

// ErrNoVariance is returned when the output does not vary over A and B,
// so that no share of its variance can be attributed.
var ErrNoVariance = errors.New("sensitivity: the output has no variance")

// estimate computes V and the indices over the base rows rows (nil: all),
// writing S_i into first and ST_i into total.
func estimate(s Sample, rows []int, first, total []float64) (float64, error) {
	n := len(s.FA)
	if rows != nil {
		n = len(rows)
	}
	row := func(j int) int {
		if rows == nil {
			return j
		}
		return rows[j]
	}
	// Variance of f_A and f_B together, two-pass for accuracy.
	mean := 0.0
	for j := range n {
		r := row(j)
		mean += s.FA[r] + s.FB[r]
	}
	mean /= float64(2 * n)
	v := 0.0
	for j := range n {
		r := row(j)
		da, db := s.FA[r]-mean, s.FB[r]-mean
		v += da*da + db*db
	}
	v /= float64(2 * n)
	if !(v > 0) {
		return v, ErrNoVariance
	}
	for i, fab := range s.FAB {
		sf, st := 0.0, 0.0
		for j := range n {
			r := row(j)
			// Centring f_B leaves the estimator's expectation unchanged
			// (Σ (f_ABi − f_A) has expectation zero) and reduces its
			// rounding error when the output's mean is far from zero.
			sf += (s.FB[r] - mean) * (fab[r] - s.FA[r])
			d := s.FA[r] - fab[r]
			st += d * d
		}
		first[i] = sf / float64(n) / v
		total[i] = st / float64(2*n) / v
	}
	return v, nil
}

// Indices are the estimated Sobol indices of one output.
type Indices struct {
	// Variance is V, the variance of the outputs at A and B.
	Variance float64
	// First[i] and Total[i] are S_i and ST_i.
	First, Total []float64
	// FirstCI[i] and TotalCI[i] are the bootstrap percentile intervals
	// [low, high]; nil when no bootstrap was requested.
	FirstCI, TotalCI [][2]float64
}

// Bootstrap configures the confidence intervals of Estimate.
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples; zero means no
	// intervals.
	Resamples int
	// Confidence is the coverage of the intervals, in (0, 1).
	Confidence float64
	// Seed keys the resamples.
	Seed uint64
	// Workers is the number of goroutines; zero means GOMAXPROCS.
	Workers int
}

// Estimate returns the first-order and total indices of the output in s,
// with bootstrap intervals when bs.Resamples > 0. It returns ErrNoVariance
// for an output that is constant over A and B.
func Estimate(s Sample, bs Bootstrap) (*Indices, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	k := len(s.FAB)
	res := &Indices{First: make([]float64, k), Total: make([]float64, k)}
	v, err := estimate(s, nil, res.First, res.Total)
	res.Variance = v
	if err != nil {
		return nil, err
	}
	if bs.Resamples <= 0 {
		return res, nil
	}
	if !(bs.Confidence > 0 && bs.Confidence < 1) {
		return nil, fmt.Errorf("sensitivity: confidence %v is not in (0, 1)", bs.Confidence)
	}
	n := len(s.FA)
	firsts := make([][]float64, k) // [input][resample]
	totals := make([][]float64, k)
	for i := range k {
		firsts[i] = make([]float64, bs.Resamples)
		totals[i] = make([]float64, bs.Resamples)
	}
	workers := bs.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, bs.Resamples)
	// Resample r draws from its own generator keyed by (seed, r), so the
	// intervals do not depend on the number of workers or the order.
	var g errgroup.Group
	for w := range workers {
		g.Go(func() error {
			rows := make([]int, n)
			f, t := make([]float64, k), make([]float64, k)
			for r := w; r < bs.Resamples; r += workers {
				rng := rand.New(rand.NewPCG(bs.Seed, uint64(r)))
				for j := range rows {
					rows[j] = rng.IntN(n)
				}
				if _, err := estimate(s, rows, f, t); err != nil {
					// A resample that happens to be constant carries no
					// information about the spread; count it as zero.
					clear(f)
					clear(t)
				}
				for i := range k {
					firsts[i][r], totals[i][r] = f[i], t[i]
				}
			}
			return nil
		})
	}
	g.Wait() // the tasks return no errors
	lo, hi := (1-bs.Confidence)/2, (1+bs.Confidence)/2
	res.FirstCI = make([][2]float64, k)
	res.TotalCI = make([][2]float64, k)
	for i := range k {
		slices.Sort(firsts[i])
		slices.Sort(totals[i])
		res.FirstCI[i] = [2]float64{Quantile(firsts[i], lo), Quantile(firsts[i], hi)}
		res.TotalCI[i] = [2]float64{Quantile(totals[i], lo), Quantile(totals[i], hi)}
	}
	return res, nil
}

// Quantile returns the p-quantile of sorted by linear interpolation between
// order statistics, R's default (type 7; Hyndman and Fan 1996). sorted
// must be in ascending order and not empty.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
