package contagion

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// denseSystem is a network written out as a dense liabilities matrix, the
// form papers give their examples in. The helpers below work on it directly,
// independently of the sparse code under test.
type denseSystem struct {
	L       [][]float64 // L[i][j]: i owes j
	ext     []float64
	extLiab []float64 // nil: zeros
}

func (s denseSystem) network() *Network {
	net := &Network{ExternalAssets: append([]float64(nil), s.ext...)}
	if s.extLiab != nil {
		net.ExternalLiabilities = append([]float64(nil), s.extLiab...)
	}
	for i, row := range s.L {
		for j, v := range row {
			if v != 0 {
				net.Obligations = append(net.Obligations, Obligation{Debtor: i, Creditor: j, Amount: v})
			}
		}
	}
	return net
}

func (s denseSystem) pbarPi() ([]float64, [][]float64) {
	n := len(s.L)
	pbar := make([]float64, n)
	pi := make([][]float64, n)
	for i := range s.L {
		for _, v := range s.L[i] {
			pbar[i] += v
		}
		if s.extLiab != nil {
			pbar[i] += s.extLiab[i]
		}
		pi[i] = make([]float64, n)
		for j, v := range s.L[i] {
			if pbar[i] > 0 {
				pi[i][j] = v / pbar[i]
			}
		}
	}
	return pbar, pi
}

func inflowDense(pi [][]float64, x []float64) []float64 {
	in := make([]float64, len(x))
	for j := range pi {
		for i, v := range pi[j] {
			in[i] += v * x[j]
		}
	}
	return in
}

// picard iterates the Rogers–Veraart map Φ from p̄ until it stops moving.
// The iterates decrease and their limit is the greatest fixed point
// (Rogers and Veraart 2013, Section 3), so this is an independent route to
// the greatest clearing vector. Alpha = beta = 1 gives Eisenberg–Noe.
func (s denseSystem) picard(alpha, beta float64) []float64 {
	pbar, pi := s.pbarPi()
	x := append([]float64(nil), pbar...)
	for it := 0; it < 1_000_000; it++ {
		in := inflowDense(pi, x)
		var change float64
		for i := range x {
			v := pbar[i]
			if s.ext[i]+in[i] < pbar[i] {
				v = alpha*s.ext[i] + beta*in[i]
			}
			change = math.Max(change, math.Abs(v-x[i]))
			x[i] = v
		}
		if change < 1e-15 {
			break
		}
	}
	return x
}

// bruteForce returns every clearing vector: for each of the 2^n candidate
// default sets D it solves the linear system in which D pays α e + β Π^T p
// and the others pay p̄, and keeps the solution if D is exactly the set of
// firms that cannot pay in full at it.
func (s denseSystem) bruteForce(alpha, beta float64) [][]float64 {
	n := len(s.L)
	pbar, pi := s.pbarPi()
	var out [][]float64
	for mask := 0; mask < 1<<n; mask++ {
		a := mat.NewDense(n, n, nil)
		b := mat.NewVecDense(n, nil)
		for i := 0; i < n; i++ {
			a.Set(i, i, 1)
			if mask&(1<<i) == 0 {
				b.SetVec(i, pbar[i])
				continue
			}
			b.SetVec(i, alpha*s.ext[i])
			for j := 0; j < n; j++ {
				a.Set(i, j, a.At(i, j)-beta*pi[j][i])
			}
		}
		var x mat.VecDense
		if err := x.SolveVec(a, b); err != nil {
			continue
		}
		p := make([]float64, n)
		for i := range p {
			p[i] = x.AtVec(i)
		}
		in := inflowDense(pi, p)
		ok := true
		for i := 0; i < n && ok; i++ {
			inD := mask&(1<<i) != 0
			short := s.ext[i]+in[i] < pbar[i]-1e-12
			ok = inD == short && p[i] >= -1e-12 && p[i] <= pbar[i]+1e-12
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}
