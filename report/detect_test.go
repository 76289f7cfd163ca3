package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestWriteDetect(t *testing.T) {
	t.Parallel()
	n := 300
	ts := make([]time.Time, n)
	y := make([]float64, n)
	stat, cv := make([]float64, n), make([]float64, n)
	t0 := time.Date(1995, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range n {
		ts[i] = t0.AddDate(0, 0, 7*i)
		y[i] = 100 * math.Exp(0.002*float64(i)+0.3*math.Sin(float64(i)/30))
		stat[i], cv[i] = math.Sin(float64(i)/20), 0.5
	}
	r := &DetectReport{Source: "synthetic.csv", Series: DetectSeries{Name: "index", T: ts, Y: y, LogY: true},
		Episodes:   []DetectEpisode{{Method: "PSY", Start: ts[40], Peak: ts[60], End: ts[80]}, {Method: "PSY", Start: ts[280], End: ts[299], Ongoing: true}},
		Indicators: []DetectIndicator{{Name: "BSADF", Caption: "BSADF against its 95% critical value.", T: ts, Y: stat, Threshold: cv, ThresholdName: "95% critical value"}},
		Statistics: []DetectStat{{Name: "GSADF", Value: "3.1", Critical: "2.2", Decision: "reject"}}}
	var buf bytes.Buffer
	if err := WriteDetect(&buf, r); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "detect", buf.Bytes())
	_, svg, _ := figures(t, buf.Bytes())
	if got := seriesNames(svg["fig-indicator-0"]); !strings.Contains(strings.Join(got, "|"), "95% critical value") {
		t.Errorf("indicator chart draws %q, want the critical value", got)
	}
	if !strings.Contains(svg["fig-prices"], "PSY episode 2") || !strings.Contains(buf.String(), "ongoing at the last observation") {
		t.Error("episodes are not shaded and listed")
	}
	r.Series.T = r.Series.T[:10]
	if err := WriteDetect(&buf, r); err == nil {
		t.Error("mismatched dates and values were written")
	}
}
