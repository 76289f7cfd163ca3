package psy

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// decodeSeries turns fuzz bytes into at most 160 float64 values, eight
// bytes each, so that the fuzzer can reach NaN, infinities, subnormals and
// huge magnitudes.
func decodeSeries(data []byte) []float64 {
	n := min(len(data)/8, 160)
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return y
}

func encodeSeries(y []float64) []byte {
	b := make([]byte, 8*len(y))
	for i, v := range y {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

// FuzzTest feeds arbitrary series and options to Test. It must never
// panic; it either returns an input error or a result whose sequences have
// the documented lengths and whose defined statistics are ordered.
func FuzzTest(f *testing.F) {
	f.Add(encodeSeries(randomWalk(40, 1)), 0, 0, 0, 0)
	f.Add(encodeSeries(bubbleSeries(60, 2)), 10, 1, 0, 0)
	f.Add(encodeSeries(bubbleSeries(50, 3)), 12, 0, 2, 3)
	f.Add(encodeSeries([]float64{1, 2, math.NaN(), 4}), 0, 0, 0, 0)
	f.Add(encodeSeries([]float64{1e308, -1e308, 1e308, 0, 5, 1e-310, 7, 8, 9, 10}), 3, 0, 0, 0)
	f.Add(encodeSeries(make([]float64, 30)), 5, 0, 0, 0)
	f.Add([]byte{1, 2, 3}, -1, -1, 9, -1)
	f.Fuzz(func(t *testing.T, data []byte, minw, lag, sel, maxLag int) {
		y := decodeSeries(data)
		opt := Options{MinWindow: minw % 200, Lag: lag % 12, LagSelect: LagSelection(sel % 4), MaxLag: maxLag % 8}
		r, err := Test(y, opt)
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as input error: %v", err)
			}
			return
		}
		if len(r.BADF) != len(y)-r.Offset || len(r.BSADF) != len(r.BADF) {
			t.Fatalf("T=%d offset %d: sequence lengths %d, %d", len(y), r.Offset, len(r.BADF), len(r.BSADF))
		}
		for i := range r.BSADF {
			if !math.IsNaN(r.BADF[i]) && r.BSADF[i] < r.BADF[i] {
				t.Fatalf("BSADF[%d] = %v < BADF = %v", i, r.BSADF[i], r.BADF[i])
			}
		}
		if !math.IsNaN(r.SADF) && r.GSADF < r.SADF {
			t.Fatalf("GSADF %v < SADF %v", r.GSADF, r.SADF)
		}
		if _, err := r.DateStamp([]float64{0}, Stamping{MinDuration: 2}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzStamp checks that Stamp returns ordered, non-overlapping spans that
// start at exceedances, for any statistics and critical values.
func FuzzStamp(f *testing.F) {
	f.Add(encodeSeries([]float64{0, 2, 2, 0, 2}), encodeSeries([]float64{1}), 0, 0)
	f.Add(encodeSeries([]float64{0, 2, math.NaN(), 3, 2, 0}), encodeSeries([]float64{1, 1, 1, 1, 1, 1}), 2, 1)
	f.Fuzz(func(t *testing.T, statBytes, cvBytes []byte, minDuration, rule int) {
		stat, cv := decodeSeries(statBytes), decodeSeries(cvBytes)
		spans, err := Stamp(stat, cv, minDuration%20, StampRule(rule%3))
		if err != nil {
			if !inputerr.Is(err) {
				t.Fatalf("error not marked as input error: %v", err)
			}
			return
		}
		prev := -1
		for _, s := range spans {
			c := cv[0]
			if len(cv) > 1 {
				c = cv[s.Start]
			}
			if s.Start <= prev || s.End <= s.Start || s.End > len(stat) || !(stat[s.Start] > c) || s.Ongoing != (s.End == len(stat)) {
				t.Fatalf("bad span %+v after %d in %v", s, prev, spans)
			}
			prev = s.End
		}
	})
}
