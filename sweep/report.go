package sweep

import (
	"fmt"
	"io"
	"reflect"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/sim"
)

// reportRunsMax bounds the runs the HTML report of a merge is drawn from;
// a larger sweep is sampled every k-th run (the aggregate files use all).
const reportRunsMax = 50000

// reportCollector turns merged rows back into sim.RunMetrics and the varied
// parameters' values for report.WriteSweep.
type reportCollector struct {
	cols   []Column
	params map[int]string // column index -> parameter path
	fields map[int]int    // column index -> RunMetrics field index
	every  int64
	seen   int64
	runs   []report.SweepRun
}

func newReportCollector(plan *Plan, cols []Column) *reportCollector {
	rc := &reportCollector{cols: cols, params: map[int]string{}, fields: map[int]int{}, every: 1}
	if n := plan.Runs; n > reportRunsMax {
		rc.every = (n + reportRunsMax - 1) / reportRunsMax
	}
	byName := map[string]int{}
	for _, f := range recordFields(runMetricsType) {
		byName[f.name] = f.index
	}
	byColumn := map[string]string{}
	for _, par := range plan.Params {
		byColumn[par.Column] = par.Path
	}
	for i, c := range cols {
		if path, ok := byColumn[c.Name]; ok {
			rc.params[i] = path
		} else if fi, ok := byName[c.Name]; ok {
			rc.fields[i] = fi
		}
	}
	return rc
}

func (rc *reportCollector) add(r Row) {
	rc.seen++
	if (rc.seen-1)%rc.every != 0 {
		return
	}
	var m sim.RunMetrics
	mv := reflect.ValueOf(&m).Elem()
	var params map[string]float64
	for i, v := range r {
		if i >= len(rc.cols) {
			break
		}
		if path, ok := rc.params[i]; ok {
			if params == nil {
				params = map[string]float64{}
			}
			switch rc.cols[i].Kind {
			case Float64:
				params[path] = v.Double()
			case Int64:
				params[path] = float64(v.Int64())
			case Bool:
				if v.Boolean() {
					params[path] = 1
				} else {
					params[path] = 0
				}
			}
			continue
		}
		fi, ok := rc.fields[i]
		if !ok {
			continue
		}
		f := mv.Field(fi)
		switch rc.cols[i].Kind {
		case Float64:
			f.SetFloat(v.Double())
		case Int64:
			f.SetInt(v.Int64())
		case Uint64:
			f.SetUint(uint64(v.Int64()))
		case String:
			f.SetString(string(v.ByteArray()))
		case Bool:
			f.SetBool(v.Boolean())
		}
	}
	rc.runs = append(rc.runs, report.SweepRun{Metrics: m, Params: params})
}

func (rc *reportCollector) write(w io.Writer, plan *Plan) error {
	title := fmt.Sprintf("Sweep %s: %d runs", plan.Spec.Name, plan.Runs)
	if rc.every > 1 {
		title += fmt.Sprintf(" (report drawn from every %d-th run)", rc.every)
	}
	return report.WriteSweep(w, &report.SweepReport{Title: title, Scenario: plan.Spec.Base, Runs: rc.runs})
}
