package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// abcTag separates the ABC sampler's random stream.
const abcTag = 0x6162632d736d6321

// Particle is a member of an ABC population.
type Particle struct {
	Eval   *Eval
	Weight float64
}

// Generation describes one ABC-SMC generation.
type Generation struct {
	Tolerance float64 `json:"tolerance"`
	Proposed  int     `json:"proposed"`  // proposals drawn, inside the prior box or not
	Evaluated int     `json:"evaluated"` // proposals simulated or found in the cache
	Accepted  int     `json:"accepted"`
	ESS       float64 `json:"effective_sample_size"`
	// Truncated is set when the generation reached max_proposals before
	// accepting every particle.
	Truncated bool `json:"truncated,omitempty"`
}

// ABCResult is the final population and the history of tolerances.
type ABCResult struct {
	Population  []Particle   `json:"-"`
	Generations []Generation `json:"generations"`
}

// ABC runs ABC-SMC (Toni et al. 2009; Beaumont, Cornuet, Marin and Robert
// 2009) on the unit cube, where the prior is uniform. Generation 0 draws
// ⌈particles/quantile⌉ prior points and keeps the particles nearest the
// data, so its tolerance is their largest distance. Each later generation
// sets its tolerance to the quantile of the previous population's
// distances, proposes by drawing a particle by weight and moving it by a
// Gaussian kernel with twice the population's weighted variance per
// coordinate (Beaumont et al.'s choice), discards proposals outside the
// cube, and accepts the first particles of the proposal sequence within
// the tolerance; weights are prior / Σ_j w_j K(θ | θ_j). Proposals are
// evaluated in batches of one population, and acceptance follows the
// proposal order, so the result does not depend on the number of workers.
func ABC(ctx context.Context, ev *Evaluator, particles, generations int, quantile float64, maxProposals int, seed uint64) (*ABCResult, error) {
	k := len(ev.Problem.Params)
	rng := rand.New(rand.NewPCG(seed, abcTag))
	draw := func() []float64 {
		u := make([]float64, k)
		for i := range u {
			u[i] = rng.Float64()
		}
		return u
	}
	n0 := min(int(math.Ceil(float64(particles)/quantile)), maxProposals)
	us := make([][]float64, n0)
	for i := range us {
		us[i] = draw()
	}
	evals, err := ev.Evaluate(ctx, us)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(evals))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDist(evals[a].Distance, evals[b].Distance) })
	res := &ABCResult{}
	var pop []Particle
	for _, i := range order[:min(particles, len(order))] {
		if math.IsInf(evals[i].Distance, 1) {
			break
		}
		pop = append(pop, Particle{Eval: evals[i], Weight: 1})
	}
	if len(pop) == 0 {
		return nil, fmt.Errorf("abc: every one of the %d prior draws failed; first error: %s", n0, evals[0].Err)
	}
	normalise(pop)
	res.Generations = append(res.Generations, Generation{Tolerance: pop[len(pop)-1].Eval.Distance, Proposed: n0, Evaluated: n0, Accepted: len(pop), ESS: ess(pop)})
	for g := 1; g < generations; g++ {
		eps := weightlessQuantile(pop, quantile)
		sd := kernelSD(pop, k)
		cum := make([]float64, len(pop))
		c := 0.0
		for i, p := range pop {
			c += p.Weight
			cum[i] = c
		}
		gen := Generation{Tolerance: eps}
		var next []Particle
		for len(next) < particles && gen.Proposed < maxProposals {
			var batch [][]float64
			for len(batch) < particles && gen.Proposed < maxProposals {
				gen.Proposed++
				j, _ := slices.BinarySearch(cum, rng.Float64()*c)
				j = min(j, len(pop)-1)
				u := make([]float64, k)
				inside := true
				for i := range u {
					u[i] = pop[j].Eval.U[i] + sd[i]*rng.NormFloat64()
					inside = inside && u[i] >= 0 && u[i] <= 1
				}
				if inside {
					batch = append(batch, u)
				}
			}
			evals, err := ev.Evaluate(ctx, batch)
			if err != nil {
				return nil, err
			}
			for _, e := range evals {
				if len(next) == particles {
					break
				}
				gen.Evaluated++
				if e.Distance <= eps {
					next = append(next, Particle{Eval: e})
				}
			}
		}
		gen.Accepted = len(next)
		if len(next) == 0 {
			gen.Truncated = true
			res.Generations = append(res.Generations, gen)
			break // keep the previous population: nothing met the tolerance
		}
		gen.Truncated = len(next) < particles
		for i := range next {
			s := 0.0
			for _, p := range pop {
				s += p.Weight * kernel(next[i].Eval.U, p.Eval.U, sd)
			}
			next[i].Weight = 1 / s
		}
		normalise(next)
		gen.ESS = ess(next)
		res.Generations = append(res.Generations, gen)
		pop = next
	}
	res.Population = pop
	return res, nil
}

func normalise(pop []Particle) {
	s := 0.0
	for _, p := range pop {
		s += p.Weight
	}
	for i := range pop {
		pop[i].Weight /= s
	}
}

// ess is Kish's effective sample size, 1/Σw².
func ess(pop []Particle) float64 {
	s := 0.0
	for _, p := range pop {
		s += p.Weight * p.Weight
	}
	return 1 / s
}

// weightlessQuantile is the q-quantile (lower) of the population's
// distances.
func weightlessQuantile(pop []Particle, q float64) float64 {
	d := make([]float64, len(pop))
	for i, p := range pop {
		d[i] = p.Eval.Distance
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(math.Floor(q*float64(len(d)-1))))]
}

// kernelSD is the per-coordinate kernel standard deviation: the square
// root of twice the weighted variance, with a floor so that a collapsed
// coordinate can still move.
func kernelSD(pop []Particle, k int) []float64 {
	sd := make([]float64, k)
	for i := range k {
		mu := 0.0
		for _, p := range pop {
			mu += p.Weight * p.Eval.U[i]
		}
		v := 0.0
		for _, p := range pop {
			d := p.Eval.U[i] - mu
			v += p.Weight * d * d
		}
		sd[i] = math.Max(math.Sqrt(2*v), 1e-3)
	}
	return sd
}

// kernel is the Gaussian density of u around c with standard deviations sd
// (constants that cancel in the normalised weights are left out).
func kernel(u, c, sd []float64) float64 {
	e := 0.0
	for i := range u {
		z := (u[i] - c[i]) / sd[i]
		e += z * z
	}
	return math.Exp(-e / 2)
}
