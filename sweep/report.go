package sweep

import (
	"reflect"

	"github.com/bubblelab/bubblelab/sim"
)

// SampleRunsMax bounds the runs Merge returns in Merged.Runs (for the HTML
// report); a larger sweep is sampled every k-th run (the aggregate files
// use all).
const SampleRunsMax = 50000

// RunSample is one merged run: its metrics and the values of the varied
// parameters (by path; nil when only seeds vary; booleans as 0 and 1).
type RunSample struct {
	Metrics sim.RunMetrics
	Params  map[string]float64
}

// reportCollector turns merged rows back into sim.RunMetrics and the varied
// parameters' values.
type reportCollector struct {
	cols   []Column
	params map[int]string // column index -> parameter path
	fields map[int]int    // column index -> RunMetrics field index
	every  int64
	seen   int64
	runs   []RunSample
}

func newReportCollector(plan *Plan, cols []Column) *reportCollector {
	rc := &reportCollector{cols: cols, params: map[int]string{}, fields: map[int]int{}, every: 1}
	if n := plan.Runs; n > SampleRunsMax {
		rc.every = (n + SampleRunsMax - 1) / SampleRunsMax
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
	rc.runs = append(rc.runs, RunSample{Metrics: m, Params: params})
}
