package calibrate

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/bubblelab/bubblelab/sweep/qmc"
)

// SMMResult is the simulated method of moments' estimate.
type SMMResult struct {
	// Best is the evaluated point of least distance.
	Best *Eval `json:"-"`
	// GlobalBest is the best point of the Sobol stage, where the local
	// stage started.
	GlobalBest *Eval `json:"-"`
	// Evaluations are the points asked for by each stage.
	GlobalEvals, LocalEvals int
	// Profile holds, per parameter, the distance at the estimate moved
	// by ±ProfileStep of its prior range (clipped to the box): a parameter
	// whose distance barely moves is not pinned down by the moments.
	Profile     []ProfilePoint `json:"profile"`
	ProfileStep float64        `json:"profile_step"`
}

// ProfilePoint is the distance at the estimate with one parameter moved.
type ProfilePoint struct {
	Path      string  `json:"path"`
	Lower     float64 `json:"lower_value"`
	Upper     float64 `json:"upper_value"`
	DistLower float64 `json:"distance_lower"`
	DistUpper float64 `json:"distance_upper"`
	// Curvature is (d(lower) + d(upper) − 2 d(best)) / 2, in squared
	// distance units per step²: larger is better identified.
	Curvature float64 `json:"curvature"`
}

// SMM minimises the distance: global Sobol points (skipping the origin,
// which is a corner of the box), then Nelder–Mead (Nelder and Mead 1965,
// standard coefficients) from the best of them in the unit cube, with
// trial points clipped to the cube, for at most local evaluations.
// Nelder–Mead suits the objective: with common random numbers it is a
// fixed but not smooth function of the parameters, so derivatives are
// unreliable.
func SMM(ctx context.Context, ev *Evaluator, global, local int) (*SMMResult, error) {
	k := len(ev.Problem.Params)
	sob, err := qmc.NewSobol(k)
	if err != nil {
		return nil, fmt.Errorf("smm: %w", err)
	}
	us := make([][]float64, global)
	for i := range us {
		us[i] = make([]float64, k)
		sob.Point(uint32(i+1), us[i])
	}
	evals, err := ev.Evaluate(ctx, us)
	if err != nil {
		return nil, err
	}
	res := &SMMResult{GlobalEvals: global}
	for _, e := range evals {
		if res.GlobalBest == nil || e.Distance < res.GlobalBest.Distance {
			res.GlobalBest = e
		}
	}
	res.Best = res.GlobalBest
	if math.IsInf(res.Best.Distance, 1) {
		return nil, fmt.Errorf("smm: every one of the %d global points failed; first error: %s", global, evals[0].Err)
	}
	if local > 0 {
		best, n, err := nelderMead(ctx, ev, res.GlobalBest.U, local)
		if err != nil {
			return nil, err
		}
		res.LocalEvals = n
		if best.Distance < res.Best.Distance {
			res.Best = best
		}
	}
	res.ProfileStep = 0.05
	if err := res.profile(ctx, ev); err != nil {
		return nil, err
	}
	return res, nil
}

func (r *SMMResult) profile(ctx context.Context, ev *Evaluator) error {
	k := len(r.Best.U)
	var us [][]float64
	for i := range k {
		for _, s := range []float64{-1, 1} {
			u := slices.Clone(r.Best.U)
			u[i] = clip01(u[i] + s*r.ProfileStep)
			us = append(us, u)
		}
	}
	evals, err := ev.Evaluate(ctx, us)
	if err != nil {
		return err
	}
	d0 := r.Best.Distance
	for i, p := range ev.Problem.Params {
		lo, hi := evals[2*i], evals[2*i+1]
		r.Profile = append(r.Profile, ProfilePoint{Path: p.Path, Lower: lo.X[i], Upper: hi.X[i],
			DistLower: finite(lo.Distance), DistUpper: finite(hi.Distance),
			Curvature: finite((lo.Distance*lo.Distance + hi.Distance*hi.Distance - 2*d0*d0) / 2)})
	}
	return nil
}

// finite maps ±Inf and NaN to −1 for JSON, which has no infinities; the
// fields documented as distances are otherwise never negative.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return -1
	}
	return x
}

func clip01(x float64) float64 { return math.Min(1, math.Max(0, x)) }

// nelderMead minimises from u0 with an initial simplex of steps of 0.1
// along each axis (away from the nearer face), for at most budget
// evaluations (cache hits count, so a resumed run takes the same steps).
func nelderMead(ctx context.Context, ev *Evaluator, u0 []float64, budget int) (*Eval, int, error) {
	k := len(u0)
	used := 0
	eval := func(u []float64) (*Eval, error) {
		for i := range u {
			u[i] = clip01(u[i])
		}
		used++
		es, err := ev.Evaluate(ctx, [][]float64{u})
		if err != nil {
			return nil, err
		}
		return es[0], nil
	}
	// The initial simplex's points are independent: evaluate them at once.
	simplex := [][]float64{slices.Clone(u0)}
	for i := range k {
		u := slices.Clone(u0)
		if u[i]+0.1 <= 1 {
			u[i] += 0.1
		} else {
			u[i] -= 0.1
		}
		simplex = append(simplex, u)
	}
	n := min(len(simplex), budget)
	pts, err := ev.Evaluate(ctx, simplex[:n])
	if err != nil {
		return nil, 0, err
	}
	used += n
	if n < len(simplex) {
		return bestOf(pts), used, nil
	}
	for used < budget {
		slices.SortStableFunc(pts, func(a, b *Eval) int { return cmpDist(a.Distance, b.Distance) })
		cent := make([]float64, k)
		for _, p := range pts[:k] {
			for i, v := range p.U {
				cent[i] += v / float64(k)
			}
		}
		worst := pts[k]
		along := func(t float64) []float64 {
			u := make([]float64, k)
			for i := range u {
				u[i] = cent[i] + t*(worst.U[i]-cent[i])
			}
			return u
		}
		r, err := eval(along(-1))
		if err != nil {
			return nil, 0, err
		}
		switch {
		case r.Distance < pts[0].Distance:
			if used >= budget {
				pts[k] = r
				break
			}
			e, err := eval(along(-2))
			if err != nil {
				return nil, 0, err
			}
			if e.Distance < r.Distance {
				pts[k] = e
			} else {
				pts[k] = r
			}
		case r.Distance < pts[k-1].Distance:
			pts[k] = r
		default:
			if used >= budget {
				break
			}
			// Contract outside (towards r) when r beat the worst point,
			// inside (towards the worst) when it did not.
			t := 0.5
			if r.Distance < worst.Distance {
				t = -0.5
			}
			c, err := eval(along(t))
			if err != nil {
				return nil, 0, err
			}
			if c.Distance < math.Min(r.Distance, worst.Distance) {
				pts[k] = c
				break
			}
			// Shrink towards the best point.
			m := min(k, budget-used)
			if m <= 0 {
				break
			}
			us := make([][]float64, m)
			for j := range m {
				u := make([]float64, k)
				for i := range u {
					u[i] = clip01(pts[0].U[i] + 0.5*(pts[j+1].U[i]-pts[0].U[i]))
				}
				us[j] = u
			}
			shrunk, err := ev.Evaluate(ctx, us)
			if err != nil {
				return nil, 0, err
			}
			used += m
			copy(pts[1:], shrunk)
		}
		if spread(pts) < 1e-6 {
			break
		}
	}
	return bestOf(pts), used, nil
}

func cmpDist(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func bestOf(pts []*Eval) *Eval {
	b := pts[0]
	for _, p := range pts[1:] {
		if p.Distance < b.Distance {
			b = p
		}
	}
	return b
}

// spread is the largest coordinate distance of a simplex's points from
// its first: below it the simplex has collapsed.
func spread(pts []*Eval) float64 {
	s := 0.0
	for _, p := range pts[1:] {
		for i, v := range p.U {
			s = math.Max(s, math.Abs(v-pts[0].U[i]))
		}
	}
	return s
}
