package stylized

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkMeasure times FW's moments of one 6750-day path: Hill on the upper
// 5% and the autocorrelations of r and |r| at lags 1..100.
func BenchmarkMeasure(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	r := make([]float64, 6750)
	for i := range r {
		r[i] = rng.NormFloat64()
	}
	for b.Loop() {
		if _, err := Measure(r); err != nil {
			b.Fatal(err)
		}
	}
}
