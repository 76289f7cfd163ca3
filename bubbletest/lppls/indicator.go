package lppls

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// Default nested windows of the confidence indicator: for each end date t2
// the start t1 moves from 750 to 125 observations back in steps of 5, the
// scheme of Sornette et al. (2015) for daily data (126 fits per end date).
const (
	DefaultMaxWindow  = 750
	DefaultMinWindow  = 125
	DefaultWindowStep = 5
)

// DefaultIndicatorStarts replaces DefaultStarts in the indicator's fits when
// IndicatorOptions.Fitter.Starts is zero. The indicator is a fraction over
// many windows, and on Nasdaq end dates around the 2000 peak 5 searches gave
// the indicator of 25 searches within one window in 78 fits, at a fifth of
// the cost (docs/detect-lppls.md).
const DefaultIndicatorStarts = 5

// IndicatorOptions configure Indicator. Zero fields select the defaults.
type IndicatorOptions struct {
	// Fitter configures each fit; a zero Starts selects
	// DefaultIndicatorStarts. Its Src is not used: each fit draws from its
	// own source seeded by Seed, the end index and the window length.
	Fitter Fitter

	// Windows are [end−L+1, end] for lengths L (in observations) from
	// MaxWindow down to MinWindow in steps of WindowStep.
	MaxWindow, MinWindow, WindowStep int

	// Ends are the indices of the end dates t2, strictly increasing and at
	// least MaxWindow−1. Nil selects every index from MaxWindow−1 to the
	// last.
	Ends []int

	// Seed seeds the random starts of every fit.
	Seed uint64

	// Workers is the number of fits run at once; zero selects
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int

	// KeepFits keeps every fit in the result.
	KeepFits bool
}

// IndicatorPoint is the LPPLS confidence indicator at one end date.
type IndicatorPoint struct {
	End     int     // index of t2 in the series
	T2      float64 // time of the end date
	Windows int     // number of nested windows fitted

	// Positive and Negative are the fractions of windows whose fit
	// qualifies with B < 0 and with B > 0: the positive- and
	// negative-bubble confidence indicators. Under a filter with
	// PerSignIndicator they are fractions of the fits with that sign of B.
	Positive, Negative float64

	// PositiveFits and NegativeFits count the fits with B < 0 and B > 0,
	// qualified or not.
	PositiveFits, NegativeFits int

	// TcPositive and TcNegative are the critical times of those qualified
	// fits, longest window first: the spread of the predicted end.
	TcPositive, TcNegative []float64

	// Fits holds every fit, longest window first, when KeepFits is set.
	Fits []Fit
}

func (o IndicatorOptions) withDefaults(n int) (IndicatorOptions, error) {
	if o.MaxWindow == 0 {
		o.MaxWindow = DefaultMaxWindow
	}
	if o.MinWindow == 0 {
		o.MinWindow = DefaultMinWindow
	}
	if o.WindowStep == 0 {
		o.WindowStep = DefaultWindowStep
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case o.MinWindow < MinObservations:
		return o, badOption("MinWindow = %d, want at least %d", o.MinWindow, MinObservations)
	case o.MaxWindow < o.MinWindow:
		return o, badOption("MaxWindow = %d is below MinWindow = %d", o.MaxWindow, o.MinWindow)
	case o.WindowStep < 1:
		return o, badOption("WindowStep = %d, want > 0", o.WindowStep)
	case o.Workers < 0:
		return o, badOption("Workers = %d, want > 0", o.Workers)
	case o.MaxWindow > n:
		return o, inputerr.Wrap(fmt.Errorf("%w: %d observations, the longest window needs %d", ErrTooShort, n, o.MaxWindow))
	}
	if o.Ends == nil {
		o.Ends = make([]int, 0, n-o.MaxWindow+1)
		for e := o.MaxWindow - 1; e < n; e++ {
			o.Ends = append(o.Ends, e)
		}
	}
	for i, e := range o.Ends {
		switch {
		case e < o.MaxWindow-1 || e >= n:
			return o, badOption("Ends[%d] = %d, want an index in [%d, %d] so that the longest window fits", i, e, o.MaxWindow-1, n-1)
		case i > 0 && e <= o.Ends[i-1]:
			return o, badOption("Ends are not strictly increasing at %d: %d after %d", i, e, o.Ends[i-1])
		}
	}
	if o.Fitter.Starts == 0 {
		o.Fitter.Starts = DefaultIndicatorStarts
	}
	f, err := o.Fitter.withDefaults()
	if err != nil {
		return o, err
	}
	o.Fitter = f
	return o, nil
}

// windowLengths lists the window lengths, longest first.
func (o IndicatorOptions) windowLengths() []int {
	var ls []int
	for l := o.MaxWindow; l >= o.MinWindow; l -= o.WindowStep {
		ls = append(ls, l)
	}
	return ls
}

// fitSource returns the random source of the fit of the window of length
// length ending at index end. It depends only on the seed, the end index and
// the length, so a fit is the same whatever other windows, end dates or
// worker counts are requested.
func fitSource(seed uint64, end, length int) rand.Source {
	return rand.NewPCG(seed, splitmix64(uint64(end)<<32|uint64(length)))
}

// splitmix64 is the finaliser of Steele, Lea & Flood's SplitMix64, a
// bijection that spreads nearby stream numbers apart.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Indicator computes the LPPLS confidence indicators of the series (t, logp)
// at the end dates of opt: for each end date, the fraction of nested windows
// whose best fit qualifies under opt.Fitter.Filter, separately for positive
// (B < 0) and negative (B > 0) bubbles.
//
// The fits run on opt.Workers goroutines. progress, if not nil, is called
// from the calling goroutine after each fit with the number done and the
// total. When ctx is cancelled Indicator stops the fits under way within
// milliseconds and returns ctx.Err(), wrapped.
func Indicator(ctx context.Context, t, logp []float64, opt IndicatorOptions, progress func(done, total int)) ([]IndicatorPoint, error) {
	if err := checkSeries(t, logp); err != nil {
		return nil, err
	}
	opt, err := opt.withDefaults(len(t))
	if err != nil {
		return nil, err
	}
	lengths := opt.windowLengths()
	total := len(opt.Ends) * len(lengths)
	fits := make([]Fit, total)

	var next atomic.Int64
	done := make(chan struct{}, opt.Workers)
	var wg sync.WaitGroup
	for range min(opt.Workers, total) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w workspace
			for ctx.Err() == nil {
				k := int(next.Add(1) - 1)
				if k >= total {
					return
				}
				end, length := opt.Ends[k/len(lengths)], lengths[k%len(lengths)]
				w.load(t[end-length+1:end+1], logp[end-length+1:end+1])
				fits[k] = opt.Fitter.fit(ctx, &w, rand.New(fitSource(opt.Seed, end, length)))
				done <- struct{}{}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	finished := 0
	for range done {
		finished++
		if progress != nil {
			progress(finished, total)
		}
	}
	// A fit cut short by the context is not a fit, so any cancellation
	// fails the whole indicator.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lppls indicator stopped after %d of %d fits: %w", finished, total, err)
	}

	points := make([]IndicatorPoint, len(opt.Ends))
	for i, end := range opt.Ends {
		own := fits[i*len(lengths) : (i+1)*len(lengths)]
		p := IndicatorPoint{End: end, T2: t[end], Windows: len(own)}
		for _, f := range own {
			switch f.Bubble() {
			case Positive:
				p.PositiveFits++
				if f.Qualified {
					p.TcPositive = append(p.TcPositive, f.Tc)
				}
			case Negative:
				p.NegativeFits++
				if f.Qualified {
					p.TcNegative = append(p.TcNegative, f.Tc)
				}
			}
		}
		posDen, negDen := p.Windows, p.Windows
		if opt.Fitter.Filter.PerSignIndicator {
			posDen, negDen = p.PositiveFits, p.NegativeFits
		}
		p.Positive = fraction(len(p.TcPositive), posDen)
		p.Negative = fraction(len(p.TcNegative), negDen)
		if opt.KeepFits {
			p.Fits = own
		}
		points[i] = p
	}
	return points, nil
}

// fraction is k/n, 0 when n is 0.
func fraction(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}
