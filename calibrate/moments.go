package calibrate

import (
	"fmt"
	"math"

	"github.com/bubblelab/bubblelab/sim"
)

// Window is an inclusive range of months.
type Window struct {
	From sim.Month `json:"from"`
	To   sim.Month `json:"to"`
}

// Len is the number of months in the window.
func (w Window) Len() int { return int(w.To-w.From) + 1 }

func (w Window) String() string { return w.From.String() + ".." + w.To.String() }

// Moment names of BasketMoments beyond the monthly levels.
const (
	VolatilityMoment      = "volatility"
	AutocorrelationMoment = "autocorrelation"
)

// LevelName is the name of the log-level moment of month t.
func LevelName(t sim.Month) string { return "log_basket:" + t.String() }

// BasketMomentNames lists the names of BasketMoments(_, w) in order.
func BasketMomentNames(w Window) []string {
	var out []string
	for t := w.From; t <= w.To; t++ {
		out = append(out, LevelName(t))
	}
	return append(out, VolatilityMoment, AutocorrelationMoment)
}

// BasketMoments returns the moments of a monthly path in window w: the
// natural log of each month's value, then the sample standard deviation
// (n−1) of the monthly log returns between consecutive months of the
// window, then their first-order sample autocorrelation (deviations from
// the mean, normalised by the sum of squares over all returns). Returns
// start inside the window, so a window of n months has n−1 of them; the
// volatility needs two returns and the autocorrelation three.
func BasketMoments(m Monthly, w Window) ([]float64, error) {
	n := w.Len()
	if n < 4 {
		return nil, fmt.Errorf("moments: window %s has %d months; at least 4 are needed for an autocorrelation", w, n)
	}
	logs := make([]float64, n)
	for i := range logs {
		v, ok := m.At(w.From + sim.Month(i))
		if !ok {
			return nil, fmt.Errorf("moments: the path has no value in %s (window %s)", w.From+sim.Month(i), w)
		}
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("moments: value %v in %s has no logarithm", v, w.From+sim.Month(i))
		}
		logs[i] = math.Log(v)
	}
	rets := make([]float64, n-1)
	for i := range rets {
		rets[i] = logs[i+1] - logs[i]
	}
	vol, ac := volatility(rets), autocorrelation(rets)
	return append(logs, vol, ac), nil
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func volatility(r []float64) float64 {
	mu, ss := mean(r), 0.0
	for _, x := range r {
		ss += (x - mu) * (x - mu)
	}
	return math.Sqrt(ss / float64(len(r)-1))
}

// autocorrelation is the lag-1 sample autocorrelation; 0 for a series
// that is constant up to rounding (no variation to correlate: deviations
// of 1e-10 of the values' size are rounding of the mean, not signal).
func autocorrelation(r []float64) float64 {
	mu, num, den, sq := mean(r), 0.0, 0.0, 0.0
	for i, x := range r {
		den += (x - mu) * (x - mu)
		sq += x * x
		if i > 0 {
			num += (x - mu) * (r[i-1] - mu)
		}
	}
	if den <= 1e-20*sq {
		return 0
	}
	return num / den
}

// LogRMSE is the root mean square of log(model/observed) over the months
// of w, with the model given as log values from month start on.
func LogRMSE(modelLog []float64, start sim.Month, obs Monthly, w Window) (float64, error) {
	ss := 0.0
	for t := w.From; t <= w.To; t++ {
		i := int(t - start)
		if i < 0 || i >= len(modelLog) {
			return math.NaN(), fmt.Errorf("log RMSE: the model path does not cover %s", t)
		}
		o, ok := obs.At(t)
		if !ok || !(o > 0) {
			return math.NaN(), fmt.Errorf("log RMSE: no positive observed value in %s", t)
		}
		d := modelLog[i] - math.Log(o)
		ss += d * d
	}
	return math.Sqrt(ss / float64(w.Len())), nil
}
