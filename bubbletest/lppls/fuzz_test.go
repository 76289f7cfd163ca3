package lppls

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// quickFitter keeps each fuzz execution short.
func quickFitter() Fitter {
	return Fitter{Starts: 1, Candidates: 4, MaxEvaluations: 60, Src: rand.NewPCG(1, 2)}
}

// checkFitResult is what any input must give: bad input reported as such,
// or a finite fit whose filter verdict matches its reasons.
func checkFitResult(t *testing.T, fit Fit, err error) {
	t.Helper()
	if err != nil {
		if !inputerr.Is(err) {
			t.Fatalf("error %v is not marked as bad input", err)
		}
		for _, target := range []error{ErrTooShort, ErrNotFinite, ErrTimeOrder, ErrLengthMismatch, ErrBadOption, ErrNoFit} {
			if errors.Is(err, target) {
				return
			}
		}
		t.Fatalf("error %v is none of the package's errors", err)
	}
	if !allFinite(fit.RSS, fit.Tc, fit.M, fit.Omega, fit.A, fit.B, fit.C1, fit.C2) || fit.RSS < 0 {
		t.Fatalf("fit without error is not finite: %+v", fit)
	}
	if fit.Qualified != (len(fit.Reasons) == 0) {
		t.Fatalf("qualified %v with reasons %q", fit.Qualified, fit.Reasons)
	}
}

// FuzzFitFloats feeds raw float64 pairs (time, log price), NaN, infinities,
// huge and equal values included.
func FuzzFitFloats(f *testing.F) {
	pairs := func(xs ...float64) []byte {
		b := make([]byte, 8*len(xs))
		for i, x := range xs {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(pairs(0, 1, 1, 1.1, 2, 1.3, 3, 1.2, 4, 1.5, 5, 1.6, 6, 1.4, 7, 1.8, 8, 2, 9, 2.1, 10, 2.4))
	f.Add(pairs(0, 1, 1, math.NaN(), 2, 1, 3, 1, 4, 1, 5, 1, 6, 1, 7, 1, 8, 1, 9, 1))
	f.Add(pairs(0, 1, 1e308, 1, -1e308, 1, 3, 1, 4, 1, 5, 1, 6, 1, 7, 1, 8, 1, 9, 1))
	f.Add(pairs(0, 5, 1e-300, 5, 2e-300, 5, 3e-300, 5, 4e-300, 5, 5e-300, 5, 6e-300, 5, 7e-300, 5, 8e-300, 5, 9e-300, 5))
	f.Add(pairs(1, 1e200, 2, -1e200, 3, 1e200, 4, -1e200, 5, 1e200, 6, -1e200, 7, 1e200, 8, -1e200, 9, 1e200, 10, -1e200))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := len(data) / 16
		if n > 200 {
			n = 200
		}
		ts, lp := make([]float64, n), make([]float64, n)
		for i := range n {
			ts[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[16*i:]))
			lp[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[16*i+8:]))
		}
		fit, err := quickFitter().Fit(ts, lp)
		checkFitResult(t, fit, err)
	})
}

// FuzzFitWalk builds plausible series from bytes: each byte pair moves time
// forward by 1 + a/64 (not forward when a ≤ −64) and the log price by b/100.
func FuzzFitWalk(f *testing.F) {
	f.Add([]byte{0, 5, 0, 3, 0, 250, 0, 7, 0, 9, 0, 1, 0, 12, 0, 3, 0, 8, 0, 20, 0, 2, 0, 15})
	f.Add([]byte{190, 5, 0, 3, 0, 1, 0, 7, 0, 9, 0, 1, 0, 2, 0, 3, 0, 8, 0, 20})
	f.Add([]byte{127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		n := min(len(data)/2, 300)
		ts, lp := make([]float64, n), make([]float64, n)
		var tt, y float64
		for i := range n {
			tt += 1 + float64(int8(data[2*i]))/64
			y += float64(int8(data[2*i+1])) / 100
			ts[i], lp[i] = tt, y
		}
		fit, err := quickFitter().Fit(ts, lp)
		checkFitResult(t, fit, err)
		if err == nil && (fit.N != n || fit.T1 != ts[0] || fit.T2 != ts[n-1]) {
			t.Fatalf("fit window N=%d [%v, %v], want %d [%v, %v]", fit.N, fit.T1, fit.T2, n, ts[0], ts[n-1])
		}
	})
}
