package report

import (
	"fmt"
	"time"

	"github.com/bubblelab/bubblelab/bubbletest/psy"
	"github.com/bubblelab/bubblelab/report/numfmt"
)

// AddPSY adds a PSY detection to the page: its episodes (bubbles, crises
// and, with the reverse regression, collapses), the BSADF sequence against
// its threshold, and the whole-sample statistics with their p-values.
// times holds the date of every price of the tested series. The detect
// command and the web app both render PSY results through it.
func (r *DetectReport) AddPSY(d *psy.Detection, times []time.Time) {
	res, cv, l := d.Result, d.CV, d.LevelIndex
	pct := 100 * d.Options.Level
	for _, e := range d.Episodes {
		method := "PSY"
		peak := times[e.Peak]
		if e.Signal == psy.Negative {
			method, peak = "PSY (falling)", times[e.Trough]
		}
		r.Episodes = append(r.Episodes, DetectEpisode{Method: method, Start: times[e.Start], Peak: peak, End: times[e.End], Ongoing: e.Ongoing})
	}
	for _, e := range d.Collapses {
		r.Episodes = append(r.Episodes, DetectEpisode{Method: "PSY collapse (reverse)", Start: times[e.Start], Peak: times[e.Trough], End: times[e.End]})
	}
	seq := "BSADF"
	stat := res.BSADF
	if d.Options.Stamping.Sequence == psy.BADFSequence {
		seq, stat = "BADF", res.BADF
	}
	r.Indicators = append(r.Indicators, DetectIndicator{Name: seq, T: times[res.Offset : res.Offset+len(stat)], Y: stat,
		Threshold: d.Threshold, ThresholdName: fmt.Sprintf("%.0f%% critical value (%s)", pct, d.Options.Threshold),
		Caption: fmt.Sprintf("The %s statistic (Phillips, Shi and Yu 2015) at each date against its %.0f%% critical value (%s, %d replications). Where it runs above the critical value for at least %d observations (%s rule), an episode is date-stamped.",
			seq, pct, cv.Method, cv.Reps, d.MinDuration, d.Options.Stamping.Rule)})
	if d.Reverse != nil {
		r.Indicators = append(r.Indicators, DetectIndicator{Name: "reverse " + seq, T: times[:len(d.ReverseStat)], Y: d.ReverseStat,
			Threshold: d.ReverseThreshold, ThresholdName: fmt.Sprintf("%.0f%% critical value", pct),
			Caption: "The same statistic of the time-reversed series, mapped back to the original dates (Phillips and Shi 2018): at each date it looks forward, and where it exceeds its critical value the series collapses."})
	}
	decide := func(v, c float64) string {
		if v > c {
			return fmt.Sprintf("explosive at %.0f%%", 100-pct)
		}
		return fmt.Sprintf("no evidence at %.0f%%", 100-pct)
	}
	for _, s := range []struct {
		name    string
		v, p    float64
		crit    []float64
		critSEs []float64
	}{
		{"GSADF", res.GSADF, d.GSADFPValue, cv.GSADF, cv.GSADFStdErr},
		{"SADF", res.SADF, d.SADFPValue, cv.SADF, cv.SADFStdErr},
		{"ADF", res.ADF, d.ADFPValue, cv.ADF, cv.ADFStdErr},
	} {
		r.Statistics = append(r.Statistics, DetectStat{Name: s.name, Value: numfmt.Fixed(s.v, 3),
			Critical: fmt.Sprintf("%s (± %s)", numfmt.Fixed(s.crit[l], 3), numfmt.Fixed(s.critSEs[l], 3)), Decision: decide(s.v, s.crit[l]),
			Note: fmt.Sprintf("p = %s (%s, %s replications)", numfmt.Fixed(s.p, 3), cv.Method, numfmt.Count(int64(cv.Reps)))})
	}
}
