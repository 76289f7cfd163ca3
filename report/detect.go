package report

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/bubblelab/bubblelab/report/chart"
)

// DetectReport is the page of bubble detection on one price series: the
// series with its date-stamped episodes shaded, and each indicator against
// its threshold. The detect command and the web app fill it from packages
// bubbletest/psy and bubbletest/lppls.
type DetectReport struct {
	Title  string
	Source string // where the prices came from
	Series DetectSeries
	// Episodes are the date-stamped bubble periods, by method.
	Episodes []DetectEpisode
	// Indicators are sequences over time (BSADF, LPPLS confidence, ...).
	Indicators []DetectIndicator
	// Statistics are whole-sample test results (GSADF, SADF, ...).
	Statistics []DetectStat
	// Fit, when set, is drawn over the prices (see AddLPPLS).
	Fit   *DetectFit
	Notes []string
	Links []Link
}

// DetectSeries is the price series tested.
type DetectSeries struct {
	Name string
	T    []time.Time
	Y    []float64
	// LogY draws the prices on a log scale (all must be positive).
	LogY bool
	Unit chart.Unit
}

// DetectEpisode is one date-stamped bubble period.
type DetectEpisode struct {
	Method           string
	Start, Peak, End time.Time
	// Ongoing: the episode had not ended by the last observation.
	Ongoing bool
}

// DetectIndicator is a sequence compared with a threshold; Threshold has
// one value per date (NaN where there is none) or is empty.
type DetectIndicator struct {
	Name          string
	Caption       string
	T             []time.Time
	Y             []float64
	Threshold     []float64
	ThresholdName string
	Unit          chart.Unit
	YRange        chart.Range
}

// DetectStat is one whole-sample statistic with its critical value.
type DetectStat struct {
	Name     string
	Value    string
	Critical string
	Decision string
	Note     string
}

// maxLabelledEpisodes is how many episodes get a full label on the chart.
const maxLabelledEpisodes = 4

// WriteDetect writes the page of a detection.
func WriteDetect(w io.Writer, r *DetectReport) error {
	if r == nil || len(r.Series.Y) == 0 {
		return fmt.Errorf("report: a detection report needs a price series")
	}
	if len(r.Series.T) != len(r.Series.Y) {
		return fmt.Errorf("report: price series has %d dates and %d values", len(r.Series.T), len(r.Series.Y))
	}
	// Many episodes get their number only, so that the labels above the
	// chart do not run into each other; the table gives the dates.
	spans := make([]chart.Span, 0, len(r.Episodes))
	for i, e := range r.Episodes {
		label := fmt.Sprintf("%s episode %d: %s to %s", e.Method, i+1, e.Start.Format("2006-01-02"), e.End.Format("2006-01-02"))
		if e.Ongoing {
			label += " (ongoing)"
		}
		if len(r.Episodes) > maxLabelledEpisodes {
			label = strconv.Itoa(i + 1)
		}
		spans = append(spans, chart.Span{Label: label, Start: e.Start, End: e.End})
	}
	name := r.Series.Name
	if name == "" {
		name = "price"
	}
	c := chart.Line{ID: "chart-prices", Title: name, YLabel: name, YUnit: r.Series.Unit, LogY: r.Series.LogY, Spans: spans, Height: 380}
	c.Add(chart.Series{Name: name, T: r.Series.T, Y: r.Series.Y})
	if f := r.Fit; f != nil && len(f.T) > 0 {
		c.Add(chart.Series{Name: f.Name, T: f.T, Y: f.Y, Style: chart.Style{Color: "#D55E00", Stroke: chart.StrokeDashed}})
		if !f.Tc.Before(r.Series.T[0]) && !f.Tc.After(f.T[len(f.T)-1]) {
			c.Events = append(c.Events, chart.Event{Label: "tc " + f.Tc.Format("2006-01-02"), T: f.Tc})
		}
	}
	caption := fmt.Sprintf("The price series (%d observations from %s to %s) with the date-stamped bubble episodes shaded.", len(r.Series.Y),
		r.Series.T[0].Format("2006-01-02"), r.Series.T[len(r.Series.T)-1].Format("2006-01-02"))
	if len(spans) == 0 {
		caption = fmt.Sprintf("The price series (%d observations from %s to %s); no bubble episode was date-stamped.", len(r.Series.Y),
			r.Series.T[0].Format("2006-01-02"), r.Series.T[len(r.Series.T)-1].Format("2006-01-02"))
	}
	if r.Fit != nil {
		caption += " The dashed line is the LPPLS fit on the longest window ending at the last price, continued towards its critical time tc (the marked date, when it falls within the chart)."
	}
	fig, err := chartFigure("fig-prices", c, caption)
	if err != nil {
		return err
	}
	main := section{ID: "series", Title: "The series and its bubble episodes", Blocks: []block{fig}}
	for _, n := range r.Notes {
		main.Intro = append(main.Intro, n)
	}
	if len(r.Episodes) > 0 {
		t := &table{Caption: "Date-stamped episodes", Head: []string{"episode", "method", "start", "peak", "end", "status"}, Numeric: []bool{true, false, false, false, false, false}}
		for i, e := range r.Episodes {
			status := "ended"
			if e.Ongoing {
				status = "ongoing at the last observation"
			}
			peak := ""
			if !e.Peak.IsZero() {
				peak = e.Peak.Format("2006-01-02")
			}
			t.Rows = append(t.Rows, []cell{numCell(strconv.Itoa(i + 1)), textCell(e.Method), textCell(e.Start.Format("2006-01-02")), textCell(peak), textCell(e.End.Format("2006-01-02")), textCell(status)})
		}
		main.Blocks = append(main.Blocks, block{Table: t})
	}
	secs := []section{main}
	if len(r.Statistics) > 0 {
		t := &table{Caption: "Whole-sample tests", Head: []string{"statistic", "value", "critical value", "decision", "note"}, Numeric: []bool{false, true, true, false, false}}
		for _, s := range r.Statistics {
			t.Rows = append(t.Rows, []cell{textCell(s.Name), numCell(s.Value), numCell(s.Critical), textCell(s.Decision), textCell(s.Note)})
		}
		secs = append(secs, section{ID: "tests", Title: "Tests", Blocks: []block{{Table: t}}})
	}
	if len(r.Indicators) > 0 {
		ind := section{ID: "indicators", Title: "Indicators"}
		for i, in := range r.Indicators {
			lc := chart.Line{ID: fmt.Sprintf("chart-indicator-%d", i), Title: in.Name, YLabel: in.Name, YUnit: in.Unit, YRange: in.YRange, Spans: spans}
			lc.Add(chart.Series{Name: in.Name, T: in.T, Y: in.Y})
			if len(in.Threshold) > 0 {
				tn := in.ThresholdName
				if tn == "" {
					tn = "threshold"
				}
				lc.Add(chart.Series{Name: tn, T: in.T, Y: in.Threshold})
			}
			fig, err := chartFigure(fmt.Sprintf("fig-indicator-%d", i), lc, in.Caption)
			if err != nil {
				return err
			}
			ind.Blocks = append(ind.Blocks, fig)
		}
		secs = append(secs, ind)
	}
	title := r.Title
	if title == "" {
		title = "Bubble detection: " + name
	}
	return render(w, page{Title: title, Subtitle: "Prices: " + r.Source, Links: r.Links, Sections: secs})
}
