package main

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/bubblelab/bubblelab/bubbletest/monitor"
)

// monitorCard is one series' tile on the dashboard.
type monitorCard struct {
	monitor.Row
	Class     string
	BSADF     string
	PValue    string
	LPPLS     string
	Spark     template.HTML
	Months    []monthCell
	Monitored int
}

// monthCell is one month of a series' history strip: its worst status.
type monthCell struct {
	Month, Status, Class string
}

type monitorPage struct {
	AsOf      string
	Config    monitor.Config
	Threshold monitor.Threshold
	Counts    []statusCount
	Cards     []monitorCard
	Months    []string
}

type statusCount struct {
	Status, Class string
	N             int
}

func statusClass(s string) string { return strings.ReplaceAll(s, " ", "-") }

// writeMonitorHTML writes the bubble-status dashboard: counts by status, a
// tile per series (status, BSADF against the 95% threshold, LPPLS
// confidence, a sparkline of BSADF over the monitored dates) and a strip of
// monthly statuses per series.
func writeMonitorHTML(w io.Writer, st *monitor.State, latest []monitor.Row, asOf string) error {
	p := monitorPage{AsOf: asOf, Config: st.Config, Threshold: st.Threshold}
	months := map[string]bool{}
	for _, sr := range st.Series {
		for _, r := range sr.Rows {
			months[r.Date[:7]] = true
		}
	}
	for m := range months {
		p.Months = append(p.Months, m)
	}
	slices.Sort(p.Months)
	count := map[string]int{}
	for _, r := range latest {
		count[r.Status]++
		sr := st.Lookup(r.Series)
		c := monitorCard{Row: r, Class: statusClass(r.Status), BSADF: fmtNum(r.BSADF, 2), PValue: fmtNum(r.PValue, 3), Monitored: len(sr.Rows)}
		c.LPPLS = "–"
		if !math.IsNaN(r.LPPLSPositive) {
			c.LPPLS = fmt.Sprintf("%.0f%% up, %.0f%% down (%s)", 100*r.LPPLSPositive, 100*r.LPPLSNegative, r.LPPLSDate)
		}
		c.Spark = sparkline(sr.Rows, st.Threshold.CV95)
		worst := map[string]string{}
		for _, row := range sr.Rows {
			m := row.Date[:7]
			if s, ok := worst[m]; !ok || monitor.Severity(row.Status) < monitor.Severity(s) {
				worst[m] = row.Status
			}
		}
		for _, m := range p.Months {
			s := worst[m]
			if s == "" {
				s = monitor.StatusNoData
			}
			c.Months = append(c.Months, monthCell{Month: m, Status: s, Class: statusClass(s)})
		}
		p.Cards = append(p.Cards, c)
	}
	for _, s := range []string{monitor.StatusBubble, monitor.StatusWarning, monitor.StatusCalm, monitor.StatusWarmUp} {
		p.Counts = append(p.Counts, statusCount{Status: s, Class: statusClass(s), N: count[s]})
	}
	return monitorTemplate.Execute(w, p)
}

// sparkline draws the BSADF of the monitored dates with the 95% threshold
// as a dashed line, as a small inline SVG.
func sparkline(rows []monitor.Row, cv float64) template.HTML {
	const wd, ht = 240.0, 48.0
	lo, hi := cv, cv
	for _, r := range rows {
		if !math.IsNaN(r.BSADF) {
			lo, hi = min(lo, r.BSADF), max(hi, r.BSADF)
		}
	}
	if hi-lo < 1e-9 || len(rows) < 2 {
		return ""
	}
	y := func(v float64) float64 { return ht - 2 - (v-lo)/(hi-lo)*(ht-4) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" role="img" aria-label="BSADF against the 95%% threshold">`, wd, ht)
	fmt.Fprintf(&b, `<line x1="0" x2="%g" y1="%.1f" y2="%.1f" class="cv"/>`, wd, y(cv), y(cv))
	b.WriteString(`<polyline points="`)
	for i, r := range rows {
		if math.IsNaN(r.BSADF) {
			continue
		}
		fmt.Fprintf(&b, "%.1f,%.1f ", float64(i)/float64(len(rows)-1)*wd, y(r.BSADF))
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()) // built from numbers only
}

var monitorTemplate = template.Must(template.New("monitor").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bubble status {{.AsOf}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:20px} header p{margin:4px 0 0;color:#c8cdd8}
main{padding:16px 24px}
.counts{display:flex;gap:12px;margin-bottom:16px}
.count{padding:8px 14px;border-radius:6px;background:#fff;border-left:6px solid #999}
.count b{font-size:20px;margin-right:6px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:12px}
.card{background:#fff;border-radius:8px;padding:12px;border-top:6px solid #999;box-shadow:0 1px 2px #0002}
.card h2{margin:0;font-size:17px;display:flex;justify-content:space-between;align-items:center}
.badge{font-size:12px;padding:2px 8px;border-radius:10px;color:#fff;background:#999}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:8px 0}
.card dt{color:#5b6475} .card dd{margin:0;font-variant-numeric:tabular-nums}
.spark{width:100%;height:48px} .spark polyline{fill:none;stroke:#1d2330;stroke-width:1.3} .spark .cv{stroke:#c0392b;stroke-dasharray:4 3}
.strip{display:flex;gap:1px;margin-top:6px} .strip span{flex:1;height:10px;background:#ddd}
.bubble{border-color:#c0392b} .bubble .badge,.strip .bubble,.count.bubble{background:#c0392b}
.warning{border-color:#e67e22} .warning .badge,.strip .warning{background:#e67e22}
.calm{border-color:#27ae60} .calm .badge,.strip .calm{background:#27ae60}
.warming-up .badge,.strip .warming-up{background:#95a5a6}
.count.bubble,.count.warning,.count.calm,.count.warming-up{background:#fff}
footer{padding:16px 24px;color:#5b6475;font-size:12px}
</style></head><body>
<header><h1>Bubble status as of {{.AsOf}}</h1>
<p>PSY real-time BSADF against a family-wise threshold (95%: {{printf "%.3f" .Threshold.CV95}}, 90%: {{printf "%.3f" .Threshold.CV90}}) and the LPPLS confidence indicator, monitored daily from {{.Config.From}}.</p></header>
<main>
<div class="counts">{{range .Counts}}<div class="count {{.Class}}"><b>{{.N}}</b>{{.Status}}</div>{{end}}</div>
<div class="grid">
{{range .Cards}}<section class="card {{.Class}}">
<h2>{{.Series}} <span class="badge">{{.Status}}</span></h2>
<dl>
<dt>date</dt><dd>{{.Date}} · {{printf "%.2f" .Price}}</dd>
<dt>BSADF</dt><dd>{{.BSADF}} (95% threshold {{printf "%.2f" .CV95}})</dd>
<dt>p-value</dt><dd>{{.PValue}}</dd>
{{if .Since}}<dt>explosive since</dt><dd>{{.Since}}</dd>{{end}}
<dt>LPPLS</dt><dd>{{.LPPLS}}</dd>
</dl>
{{.Spark}}
<div class="strip" title="worst status of each month">{{range .Months}}<span class="{{.Class}}" title="{{.Month}}: {{.Status}}"></span>{{end}}</div>
</section>
{{end}}</div>
</main>
<footer>Minimum window {{.Config.MinWindow}} observations, lag {{.Config.Lag}}, horizon {{.Config.Horizon}} dates
({{.Threshold.Length}}-price Monte Carlo samples, {{.Config.Reps}} replications, seed {{.Config.Seed}}).
LPPLS: windows {{.Config.LPPLSMaxWindow}} down to {{.Config.LPPLSMinWindow}} in steps of {{.Config.LPPLSStep}}, every {{.Config.LPPLSEvery}} dates; a warning from {{.Config.LPPLSAlert}}.
The monthly strip shows each month's worst status, {{len .Months}} months. Not investment advice.</footer>
</body></html>
`))
