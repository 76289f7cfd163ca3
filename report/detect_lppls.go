package report

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/lppls"
	"github.com/bubblelab/bubblelab/report/chart"
)

// DetectFit is an LPPLS fit drawn over the prices: the fitted price on
// its window, continued towards the critical time tc, and the spread of
// tc over the qualified fits of the confidence indicator.
type DetectFit struct {
	Name string
	T    []time.Time
	Y    []float64
	Tc   time.Time
	// TcLow and TcHigh bound the critical times of the indicator's
	// qualified positive-bubble fits (10th and 90th percentiles); zero
	// when there are fewer than five.
	TcLow, TcHigh time.Time
	Qualified     bool
}

// LPPLSDay is the time unit of an LPPLS fit on dated prices: days since
// 1970, as the detect command and the web app fit them.
func LPPLSDay(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func lpplsDate(d float64) time.Time { return time.Unix(int64(math.Round(d*86400)), 0).UTC() }

// maxFitExtension bounds how far past the last price the fitted curve is
// continued towards tc, as a share of the window's length.
const maxFitExtension = 0.5

// AddLPPLS adds an LPPLS analysis of log prices to the page: the positive
// and negative confidence indicators at the end dates of pts, and fit, the
// fit on the longest window ending at the last price, drawn over the
// prices with its critical time. times are the dates of the prices.
func (r *DetectReport) AddLPPLS(times []time.Time, pts []lppls.IndicatorPoint, fit lppls.Fit) {
	if len(pts) > 0 {
		ts := make([]time.Time, len(pts))
		pos := make([]float64, len(pts))
		neg := make([]float64, len(pts))
		for i, p := range pts {
			ts[i], pos[i], neg[i] = times[p.End], p.Positive, p.Negative
		}
		r.Indicators = append(r.Indicators,
			DetectIndicator{Name: "LPPLS confidence (positive bubble)", T: ts, Y: pos, Unit: chart.Unit{Suffix: "%", Scale: 100}, YRange: chart.Range{Min: 0, Max: 1},
				Caption: fmt.Sprintf("Share of the %d nested windows ending at each date whose LPPLS fit qualifies as a positive (rising, B < 0) bubble (Filimonov and Sornette 2013). High values mean many time scales see a faster-than-exponential rise.", pts[0].Windows)},
			DetectIndicator{Name: "LPPLS confidence (negative bubble)", T: ts, Y: neg, Unit: chart.Unit{Suffix: "%", Scale: 100}, YRange: chart.Range{Min: 0, Max: 1},
				Caption: "The same share for negative (falling, B > 0) bubbles: an accelerating decline."})
	}
	if fit.N < lppls.MinObservations || len(times) < fit.N {
		return
	}
	n := len(times)
	f := &DetectFit{Name: fmt.Sprintf("LPPLS fit (%s to %s)", times[n-fit.N].Format("2006-01-02"), times[n-1].Format("2006-01-02")),
		Tc: lpplsDate(fit.Tc), Qualified: fit.Qualified}
	for _, t := range times[n-fit.N:] {
		f.T = append(f.T, t)
		f.Y = append(f.Y, math.Exp(fit.LogPrice(LPPLSDay(t))))
	}
	// Continue the curve past the last price, up to tc but not beyond half
	// the window: the model is undefined at tc itself.
	last := LPPLSDay(times[n-1])
	stop := math.Min(fit.Tc, last+maxFitExtension*(fit.T2-fit.T1))
	if step := (fit.T2 - fit.T1) / float64(fit.N); stop > last && step > 0 {
		for d := last + step; d < stop; d += step {
			if y := math.Exp(fit.LogPrice(d)); !math.IsNaN(y) && !math.IsInf(y, 0) {
				f.T = append(f.T, lpplsDate(d))
				f.Y = append(f.Y, y)
			}
		}
	}
	var tcs []float64
	for _, p := range pts {
		tcs = append(tcs, p.TcPositive...)
	}
	if len(tcs) >= 5 {
		slices.Sort(tcs)
		f.TcLow, f.TcHigh = lpplsDate(tcs[len(tcs)/10]), lpplsDate(tcs[len(tcs)*9/10])
	}
	r.Fit = f
	qual := "does not qualify as a bubble under the filter"
	if fit.Qualified {
		qual = "qualifies under the filter"
	}
	kind := "positive (rising)"
	if fit.B > 0 {
		kind = "negative (falling)"
	}
	note := fmt.Sprintf("LPPLS fit on the %d prices to %s: a %s bubble with critical time tc %s, m = %.2f, ω = %.1f; it %s.",
		fit.N, times[n-1].Format("2006-01-02"), kind, f.Tc.Format("2006-01-02"), fit.M, fit.Omega, qual)
	if !f.TcLow.IsZero() {
		note += fmt.Sprintf(" The qualified positive-bubble fits of the indicator put tc between %s and %s (10th to 90th percentile of %d fits).",
			f.TcLow.Format("2006-01-02"), f.TcHigh.Format("2006-01-02"), len(tcs))
	}
	r.Notes = append(r.Notes, note)
}
