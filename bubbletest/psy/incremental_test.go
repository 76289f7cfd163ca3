package psy

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// sameFloats reports the first index where a and b differ by more than tol
// (NaNs equal to NaNs), or -1.
func sameFloats(a, b []float64, tol float64) int {
	if len(a) != len(b) {
		return 0
	}
	for i := range a {
		if math.IsNaN(a[i]) != math.IsNaN(b[i]) || math.Abs(a[i]-b[i]) > tol {
			return i
		}
	}
	return -1
}

// TestIncrementalMatchesBatch appends a series one price at a time and
// checks that the sequences equal a full recomputation by Test, bit for
// bit, at every tested prefix and for every path of the sweep; the state
// is saved and restored half way to check that a monitor carries on as if
// it had never stopped.
func TestIncrementalMatchesBatch(t *testing.T) {
	walk := randomWalk(260, 7)
	// An explosive stretch so that the suprema move late in the sample.
	for i := 180; i < 230; i++ {
		walk[i] = walk[i-1]*1.03 + 0.2
	}
	for i := 230; i < len(walk); i++ {
		walk[i] = walk[i-1] + walk[i]
	}
	flat := make([]float64, 60) // constant start: undefined windows are NaN
	flat = append(flat, walk[:120]...)
	cases := []struct {
		name string
		opt  Options
		y    []float64
		init int
	}{
		{"lag0", Options{MinWindow: 30}, walk, 10},
		{"lag0/flat start", Options{MinWindow: 20}, flat, 0},
		{"lag2", Options{MinWindow: 30, Lag: 2}, walk, 40},
		{"aic4", Options{MinWindow: 30, LagSelect: AIC, MaxLag: 4}, walk, 40},
		{"bic3/psymonitor", Options{MinWindow: 36, LagSelect: BIC, MaxLag: 3, SelectRule: PSYMonitorRows, WindowInPrices: true}, walk, 50},
		{"default window", Options{}, walk, 120},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inc, err := NewIncremental(c.opt, c.y[:max(c.init, 1)])
			if err != nil {
				t.Fatal(err)
			}
			half := (c.init + len(c.y)) / 2
			for i := max(c.init, 1); i < len(c.y); i++ {
				if err := inc.Append(c.y[i]); err != nil {
					t.Fatal(err)
				}
				if i == half {
					b, err := inc.MarshalBinary()
					if err != nil {
						t.Fatal(err)
					}
					inc = new(Incremental)
					if err := inc.UnmarshalBinary(b); err != nil {
						t.Fatal(err)
					}
				}
				if i%37 != 0 && i != len(c.y)-1 {
					continue
				}
				n := i + 1
				if n < inc.Offset()+1 {
					if len(inc.BSADF()) != 0 {
						t.Fatalf("n=%d: %d BSADF values before the first window", n, len(inc.BSADF()))
					}
					continue
				}
				want, err := Test(c.y[:n], inc.Options())
				if err != nil {
					// Only a prefix with no defined window may fail, and
					// then the monitor has nothing either.
					if _, ierr := inc.Result(); ierr == nil || !math.IsNaN(nanMax(inc.BSADF())) {
						t.Fatalf("n=%d: Test: %v, but the monitor has BSADF %v", n, err, inc.BSADF())
					}
					continue
				}
				if k := sameFloats(inc.BSADF(), want.BSADF, 0); k >= 0 {
					t.Fatalf("n=%d: BSADF differs at %d of %d", n, k, len(want.BSADF))
				}
				if k := sameFloats(inc.BADF(), want.BADF, 0); k >= 0 {
					t.Fatalf("n=%d: BADF differs at %d", n, k)
				}
				got, err := inc.Result()
				if err != nil {
					t.Fatal(err)
				}
				if got.GSADF != want.GSADF || got.SADF != want.SADF || got.ADF != want.ADF || got.Offset != want.Offset {
					t.Fatalf("n=%d: summary %v %v %v %d, want %v %v %v %d", n, got.GSADF, got.SADF, got.ADF, got.Offset, want.GSADF, want.SADF, want.ADF, want.Offset)
				}
			}
		})
	}
}

func TestIncrementalBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Options
		y    []float64
	}{
		{"empty with default window", Options{}, nil},
		{"window too small for the lag", Options{MinWindow: 3, Lag: 2}, nil},
		{"negative lag", Options{MinWindow: 10, Lag: -1}, nil},
		{"NaN price", Options{MinWindow: 10}, []float64{1, 2, math.NaN()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewIncremental(c.opt, c.y)
			if !inputerr.Is(err) {
				t.Fatalf("err = %v, want bad input", err)
			}
		})
	}
	inc, err := NewIncremental(Options{MinWindow: 10}, randomWalk(30, 1))
	if err != nil {
		t.Fatal(err)
	}
	before := inc.Len()
	if err := inc.Append(math.Inf(1)); !inputerr.Is(err) || inc.Len() != before {
		t.Fatalf("Append(+Inf) = %v, length %d -> %d", err, before, inc.Len())
	}
	if _, err := (&Incremental{}).Result(); err == nil {
		t.Fatal("Result of an empty monitor: no error")
	}
	b, err := inc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("something else"), b[:len(b)-8], append(b[:len(b):len(b)], 0)} {
		if err := new(Incremental).UnmarshalBinary(bad); !errors.Is(err, errBadState) {
			t.Fatalf("UnmarshalBinary(%d bytes) = %v, want errBadState", len(bad), err)
		}
	}
}

// BenchmarkIncremental compares appending one date to a monitor of T prices
// with recomputing the whole sequence by Test at the same T. The append
// cost per date should grow linearly in T (one row update and one t-ratio
// per start point), the recomputation quadratically.
func BenchmarkIncremental(b *testing.B) {
	for _, lag := range []int{0, 2} {
		for _, n := range []int{1000, 2000, 4000, 8000} {
			opt := Options{MinWindow: 100, Lag: lag}
			y := randomWalk(n+1, 3)
			b.Run(fmt.Sprintf("append/lag=%d/T=%d", lag, n), func(b *testing.B) {
				inc, err := NewIncremental(opt, y[:n])
				if err != nil {
					b.Fatal(err)
				}
				saved, err := inc.MarshalBinary()
				if err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					// Every append starts from the same T-price state so
					// that the cost is that of the T-th date, not a
					// growing one; restoring is not timed.
					if i > 0 && i%64 == 0 {
						b.StopTimer()
						if err := inc.UnmarshalBinary(saved); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					if err := inc.Append(y[n]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("recompute/lag=%d/T=%d", lag, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := Test(y, opt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
