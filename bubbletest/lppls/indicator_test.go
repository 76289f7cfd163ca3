package lppls

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// bubblePath is a 300-day LPPLS bubble whose critical time is 11 days after
// the last observation, with damping D = 0.5·0.05/(9·0.003) = 0.93, so that
// its fits pass Sornette2015Filter; sign −1 makes it a negative bubble.
func bubblePath(sign float64, seed uint64) (t, logp []float64) {
	p := Params{Tc: 310, M: 0.5, Omega: 9, A: 5, B: sign * -0.05, C1: sign * 0.0024, C2: sign * 0.0018}
	return path(p, 300, 0, 1, 0.005, rand.New(rand.NewPCG(seed, 5)))
}

// smallOptions fit 6 windows of 250 down to 125 days at each end date.
func smallOptions() IndicatorOptions {
	return IndicatorOptions{
		Fitter:    Fitter{Starts: 3},
		MaxWindow: 250, MinWindow: 125, WindowStep: 25,
		Ends: []int{297, 299},
		Seed: 42,
	}
}

func TestIndicatorSyntheticBubbles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sign float64
	}{{"positive", 1}, {"negative", -1}}
	for _, tt := range tests {
		ts, lp := bubblePath(tt.sign, 1)
		pts, err := Indicator(context.Background(), ts, lp, smallOptions(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pts {
			own, other := p.Positive, p.Negative
			tcs := p.TcPositive
			if tt.sign < 0 {
				own, other = other, own
				tcs = p.TcNegative
			}
			// A clean LPPLS path: most windows must qualify with the
			// right sign and none with the other.
			if own < 0.5 || other != 0 {
				t.Errorf("%s bubble, end %d: own-sign indicator %.2f, other %.2f; want ≥ 0.5 and 0", tt.name, p.End, own, other)
			}
			for _, tc := range tcs {
				if math.Abs(tc-310) > 5 {
					t.Errorf("%s bubble, end %d: qualified tc %.2f, want 310 ± 5", tt.name, p.End, tc)
				}
			}
			if p.Windows != 6 || p.T2 != ts[p.End] {
				t.Errorf("end %d: %d windows, T2 %v", p.End, p.Windows, p.T2)
			}
		}
	}
}

// TestIndicatorIsMadeOfSingleFits checks the seeding contract and the
// aggregation: every fit of the indicator is the fit Fitter.Fit returns for
// that window with the source fitSource(Seed, end, length).
func TestIndicatorIsMadeOfSingleFits(t *testing.T) {
	t.Parallel()
	ts, lp := bubblePath(1, 2)
	opt := smallOptions()
	opt.KeepFits = true
	pts, err := Indicator(context.Background(), ts, lp, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		var pos, neg int
		for j, length := range []int{250, 225, 200, 175, 150, 125} {
			f := opt.Fitter
			f.Src = fitSource(opt.Seed, p.End, length)
			want, err := f.Fit(ts[p.End-length+1:p.End+1], lp[p.End-length+1:p.End+1])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Fits[j], want) {
				t.Errorf("end %d, window %d: indicator fit %+v, single fit %+v", p.End, length, p.Fits[j], want)
			}
			if want.Qualified && want.B < 0 {
				pos++
			}
			if want.Qualified && want.B > 0 {
				neg++
			}
		}
		if p.Positive != float64(pos)/6 || p.Negative != float64(neg)/6 || len(p.TcPositive) != pos || len(p.TcNegative) != neg {
			t.Errorf("end %d: indicator %v/%v, counted %d/%d of 6", p.End, p.Positive, p.Negative, pos, neg)
		}
	}
}

// TestIndicatorWorkersInvariant checks that results do not depend on the
// number of workers.
func TestIndicatorWorkersInvariant(t *testing.T) {
	t.Parallel()
	ts, lp := bubblePath(1, 3)
	var results [][]IndicatorPoint
	for _, workers := range []int{1, 3} {
		opt := smallOptions()
		opt.Workers = workers
		opt.KeepFits = true
		pts, err := Indicator(context.Background(), ts, lp, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, pts)
	}
	if !reflect.DeepEqual(results[0], results[1]) {
		t.Error("1 worker and 3 workers give different indicators")
	}
}

func TestIndicatorProgressAndCancel(t *testing.T) {
	t.Parallel()
	ts, lp := bubblePath(1, 4)
	opt := smallOptions()
	opt.Fitter.Starts = 1
	last := 0
	_, err := Indicator(context.Background(), ts, lp, opt, func(done, total int) {
		if total != 12 || done != last+1 {
			t.Errorf("progress(%d, %d) after %d", done, total, last)
		}
		last = done
	})
	if err != nil || last != 12 {
		t.Fatalf("err %v, progress reached %d of 12", err, last)
	}

	ctx, cancel := context.WithCancel(context.Background())
	opt.Workers = 1
	_, err = Indicator(ctx, ts, lp, opt, func(done, total int) {
		if done == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: error %v, want context.Canceled", err)
	}
}

func TestIndicatorErrors(t *testing.T) {
	t.Parallel()
	ts, lp := bubblePath(1, 5)
	tests := []struct {
		name   string
		modify func(*IndicatorOptions)
		target error
	}{
		{"min window too short", func(o *IndicatorOptions) { o.MinWindow = 5 }, ErrBadOption},
		{"max below min", func(o *IndicatorOptions) { o.MaxWindow = 100 }, ErrBadOption},
		{"negative step", func(o *IndicatorOptions) { o.WindowStep = -5 }, ErrBadOption},
		{"negative workers", func(o *IndicatorOptions) { o.Workers = -1 }, ErrBadOption},
		{"window longer than the series", func(o *IndicatorOptions) { o.MaxWindow = 301; o.Ends = nil }, ErrTooShort},
		{"end too early for the longest window", func(o *IndicatorOptions) { o.Ends = []int{248} }, ErrBadOption},
		{"end past the series", func(o *IndicatorOptions) { o.Ends = []int{300} }, ErrBadOption},
		{"ends not increasing", func(o *IndicatorOptions) { o.Ends = []int{299, 297} }, ErrBadOption},
		{"bad fitter", func(o *IndicatorOptions) { o.Fitter.Starts = -2 }, ErrBadOption},
	}
	for _, tt := range tests {
		opt := smallOptions()
		tt.modify(&opt)
		_, err := Indicator(context.Background(), ts, lp, opt, nil)
		if !errors.Is(err, tt.target) || !inputerr.Is(err) {
			t.Errorf("%s: error %v, want bad input %v", tt.name, err, tt.target)
		}
	}
	bad := append([]float64(nil), lp...)
	bad[10] = math.NaN()
	if _, err := Indicator(context.Background(), ts, bad, smallOptions(), nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN price: error %v, want ErrNotFinite", err)
	}
}

// TestIndicatorGolden compares a small indicator run with
// testdata/indicator_synthetic.golden.json, written by this package with
// -update. It guards against unintended changes of the fitting procedure;
// the numbers themselves are checked by the tests above.
func TestIndicatorGolden(t *testing.T) {
	t.Parallel()
	ts, lp := bubblePath(1, 6)
	opt := smallOptions()
	opt.KeepFits = true
	pts, err := Indicator(context.Background(), ts, lp, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/indicator_synthetic.golden.json"
	if *update {
		data, err := json.MarshalIndent(pts, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var want []IndicatorPoint
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(pts) {
		t.Fatalf("%d points, golden has %d", len(pts), len(want))
	}
	// Floating-point contraction differs between architectures, so fitted
	// parameters are compared to a relative 1e-6.
	for i := range pts {
		g, w := pts[i], want[i]
		if g.End != w.End || g.Positive != w.Positive || g.Negative != w.Negative || len(g.Fits) != len(w.Fits) {
			t.Fatalf("point %d: got %+v, golden %+v", i, g, w)
		}
		for j := range g.Fits {
			a, b := g.Fits[j], w.Fits[j]
			got := []float64{a.Tc, a.M, a.Omega, a.A, a.B, a.C1, a.C2, a.RSS}
			exp := []float64{b.Tc, b.M, b.Omega, b.A, b.B, b.C1, b.C2, b.RSS}
			for k := range got {
				if math.Abs(got[k]-exp[k]) > 1e-6*math.Max(1e-3, math.Abs(exp[k])) {
					t.Errorf("point %d fit %d field %d: %.12g, golden %.12g", i, j, k, got[k], exp[k])
				}
			}
			if a.Qualified != b.Qualified {
				t.Errorf("point %d fit %d: qualified %v, golden %v", i, j, a.Qualified, b.Qualified)
			}
		}
	}
}

func BenchmarkIndicator(b *testing.B) {
	ts, lp := bubblePath(1, 7)
	opt := smallOptions()
	for range b.N {
		if _, err := Indicator(context.Background(), ts, lp, opt, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*12)/1e6, "ms/fit")
}

// TestFitContextStopsPromptly cancels one long fit (the whole Nasdaq
// 1994–2000 window with 25 starts, about a second of CPU) shortly after it
// starts: it must return the context's error well within a second, as the
// CLI's --timeout and Ctrl-C promise.
func TestFitContextStopsPromptly(t *testing.T) {
	t.Parallel()
	s := loadNasdaq(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := Fitter{Src: rand.NewPCG(1, 0)}.FitContext(ctx, s.years(), s.logp)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned %v after the start, want well under 1 s", d)
	}
}
