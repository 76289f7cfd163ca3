package market

import "math/rand/v2"

// SimulateReturns runs the stand-alone trader block of FW (2012): fundamental
// p* = 0, no exogenous demand, start at the fundamental. It discards the first
// burnIn days and writes the percentage log returns r_t = 100·(p_t − p_{t−1})
// of the following len(dst) days into dst. Each day draws ε^f then ε^c from
// rng, so a path is a deterministic function of the generator's state.
func (p Params) SimulateReturns(rng *rand.Rand, burnIn int, dst []float64) {
	s := p.NewState(0)
	var in Inputs
	for t := range burnIn + len(dst) {
		in.ShockF = rng.NormFloat64()
		in.ShockC = rng.NormFloat64()
		s = p.Next(s, in)
		if t >= burnIn {
			dst[t-burnIn] = s.Return()
		}
	}
}
