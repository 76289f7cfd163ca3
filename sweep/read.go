package sweep

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/sim"
)

// ErrShardLocked is returned by Run when another process holds the lock
// of the same shard in the same folder.
var ErrShardLocked = errors.New("locked: another process is running this shard into the same folder")

// Finished returns the number of runs of dir whose parts are written: the
// union of the runs parts' ranges. It only lists the folder, so that a
// process waiting for other shards can poll it cheaply.
func Finished(dir string) (int64, error) {
	runs, _, _, err := listParts(dir)
	if err != nil {
		return 0, err
	}
	n, at := int64(0), int64(0)
	for _, p := range runs {
		lo := max(p.span.lo, at)
		if p.span.hi > lo {
			n += p.span.hi - lo
		}
		at = max(at, p.span.hi)
	}
	return n, nil
}

// ReadMonths calls fn once per run of the finished sweep in dirs, in run
// order, with the run's monthly records: the columns the sweep kept
// (outputs.month_columns), the others zero. Coverage is checked as Merge
// checks it, against p (which must be the plan the folders were written
// with), so a missing or duplicated run is an error, not a gap.
func (p *Plan) ReadMonths(ctx context.Context, dirs []string, fn func(run int64, months []sim.MonthRecord) error) error {
	if !p.Spec.Outputs.Months {
		return inputerr.Errorf("sweep %s keeps no monthly series (outputs.months is false)", p.Spec.Name)
	}
	c, err := collectPlan(p, dirs)
	if err != nil {
		return err
	}
	cols := p.MonthColumns()
	fields := map[string]recordField{}
	for _, f := range recordFields(monthRecordType) {
		fields[f.name] = f
	}
	setters := make([]func(v reflect.Value, x Value), len(cols))
	for i := 2; i < len(cols); i++ {
		f := fields[cols[i].Name]
		idx := f.index
		switch f.kind {
		case Float64:
			setters[i] = func(v reflect.Value, x Value) { v.Field(idx).SetFloat(x.Double()) }
		case Int64:
			setters[i] = func(v reflect.Value, x Value) { v.Field(idx).SetInt(x.Int64()) }
		case Bool:
			setters[i] = func(v reflect.Value, x Value) { v.Field(idx).SetBool(x.Boolean()) }
		case String:
			setters[i] = func(v reflect.Value, x Value) { v.Field(idx).SetString(string(x.ByteArray())) }
		default:
			return fmt.Errorf("month column %s: unsupported kind %v", cols[i].Name, f.kind)
		}
	}
	cur := int64(-1)
	var months []sim.MonthRecord
	flush := func() error {
		if cur < 0 {
			return nil
		}
		return fn(cur, months)
	}
	err = eachRow(c.months, cols, p.Fingerprint, false, func(r Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		run := r[0].Int64()
		if run != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, months = run, nil
		}
		var rec sim.MonthRecord
		v := reflect.ValueOf(&rec).Elem()
		rec.Month = string(r[1].ByteArray())
		for i := 2; i < len(cols); i++ {
			setters[i](v, r[i])
		}
		months = append(months, rec)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
