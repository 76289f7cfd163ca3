package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/bubblelab/bubblelab/inputerr"
	"github.com/bubblelab/bubblelab/scenario"
	"github.com/bubblelab/bubblelab/sweep/qmc"
)

// MaxPointsBytes bounds the table of points of a points or posterior
// design.
const MaxPointsBytes = 256 << 20

// WeightColumn is the column of a posterior sample that weighs its rows.
const WeightColumn = "weight"

// pointTable is the table of points of a points or posterior design: one
// row per point, a column per parameter, and optional weights.
type pointTable struct {
	// file is the path read, ext its extension (.csv or .parquet) and
	// raw its bytes, stored into the output folder.
	file, ext string
	raw       []byte
	// paths are the parameters, in column order.
	paths []string
	// cells[row][param] are the values as read: float64, int64, bool or
	// string (CSV cells are strings until typed).
	cells [][]any
	// lines locate each row for messages: the CSV line, or the Parquet
	// row number counted from 1.
	lines []int
	// weights are the normalised row weights (nil: the file has none).
	weights []float64
	// draws are the rows of the posterior draws, in point order.
	draws []int
}

// readPointTable reads a points file: CSV with a header, or Parquet with
// flat required columns.
func readPointTable(path string) (*pointTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerr.Wrap(fmt.Errorf("load points: %w", err))
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, MaxPointsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read points %s: %w", path, err)
	}
	if len(raw) > MaxPointsBytes {
		return nil, inputerr.New(path, 0, "", "larger than the %d MiB limit for a table of points", MaxPointsBytes>>20)
	}
	t := &pointTable{file: path, ext: strings.ToLower(filepath.Ext(path)), raw: raw}
	switch t.ext {
	case ".csv":
		err = t.parseCSV()
	case ".parquet":
		err = t.parseParquet()
	default:
		return nil, inputerr.New(path, 0, "", "a table of points is a .csv or .parquet file")
	}
	if err != nil {
		return nil, err
	}
	if len(t.cells) == 0 {
		return nil, inputerr.New(path, 0, "", "no rows: a table of points needs at least one")
	}
	return t, nil
}

// columnRoles says which columns of a header are parameters and which
// holds the weights; in a CSV file without param. columns every column but
// weight is a parameter.
func columnRoles(file string, header []string, csvFile bool) (params []int, paths []string, weight int, err error) {
	weight = -1
	prefixed := slices.ContainsFunc(header, func(h string) bool { return strings.HasPrefix(h, ParamColumnPrefix) })
	for i, h := range header {
		switch {
		case h == WeightColumn:
			if weight >= 0 {
				return nil, nil, 0, inputerr.New(file, 1, h, "column listed twice")
			}
			weight = i
		case strings.HasPrefix(h, ParamColumnPrefix) || (csvFile && !prefixed):
			path := strings.TrimPrefix(h, ParamColumnPrefix)
			if !pathRE.MatchString(path) {
				return nil, nil, 0, inputerr.New(file, 1, h, "%q is not a dotted parameter path such as demand.china_share", path)
			}
			if slices.Contains(paths, path) {
				return nil, nil, 0, inputerr.New(file, 1, h, "parameter %s has two columns", path)
			}
			params = append(params, i)
			paths = append(paths, path)
		}
	}
	if len(params) == 0 {
		return nil, nil, 0, inputerr.New(file, 1, "", "no parameter columns: name them param.PATH (e.g. param.demand.china_share)")
	}
	if len(params) > 64 {
		return nil, nil, 0, inputerr.New(file, 1, "", "%d parameter columns; at most 64", len(params))
	}
	return params, paths, weight, nil
}

func (t *pointTable) parseCSV() error {
	r := csv.NewReader(bytes.NewReader(t.raw))
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return inputerr.New(t.file, 1, "", "no header: %v", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	params, paths, weight, err := columnRoles(t.file, header, true)
	if err != nil {
		return err
	}
	t.paths = paths
	var weights []float64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return inputerr.New(t.file, pe.Line, "", "%v", pe.Err)
			}
			return inputerr.New(t.file, line, "", "%v", err)
		}
		row := make([]any, len(params))
		for k, c := range params {
			row[k] = strings.TrimSpace(rec[c])
		}
		t.cells = append(t.cells, row)
		t.lines = append(t.lines, line)
		if weight >= 0 {
			w, err := strconv.ParseFloat(strings.TrimSpace(rec[weight]), 64)
			if err != nil {
				return inputerr.New(t.file, line, WeightColumn, "%q is not a number", rec[weight])
			}
			weights = append(weights, w)
		}
	}
	if weight >= 0 {
		return t.setWeights(weights)
	}
	return nil
}

func (t *pointTable) parseParquet() error {
	pf, err := parquet.OpenFile(bytes.NewReader(t.raw), int64(len(t.raw)))
	if err != nil {
		return inputerr.New(t.file, 0, "", "not a readable Parquet file: %v", err)
	}
	var header []string
	for _, field := range pf.Schema().Fields() {
		if !field.Leaf() || field.Optional() || field.Repeated() {
			return inputerr.New(t.file, 0, field.Name(), "not a flat required column")
		}
		header = append(header, field.Name())
	}
	params, paths, weight, err := columnRoles(t.file, header, false)
	if err != nil {
		return err
	}
	t.paths = paths
	fields := pf.Schema().Fields()
	var weights []float64
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, 256)
	n := 0
	for {
		k, err := r.ReadRows(buf)
		for _, rowv := range buf[:k] {
			n++
			row := make([]any, len(params))
			for j, c := range params {
				v, ok := parquetCell(fields[c].Type().Kind(), rowv[c])
				if !ok {
					return inputerr.New(t.file, n, header[c], "unsupported column type %v", fields[c].Type())
				}
				row[j] = v
			}
			t.cells = append(t.cells, row)
			t.lines = append(t.lines, n)
			if weight >= 0 {
				v, ok := parquetCell(fields[weight].Type().Kind(), rowv[weight])
				w, num := toFloat(v)
				if !ok || !num {
					return inputerr.New(t.file, n, WeightColumn, "weights must be numbers")
				}
				weights = append(weights, w)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return inputerr.New(t.file, n, "", "%v", err)
		}
	}
	if weight >= 0 {
		return t.setWeights(weights)
	}
	return nil
}

func parquetCell(k parquet.Kind, v parquet.Value) (any, bool) {
	switch k {
	case parquet.Double:
		return v.Double(), true
	case parquet.Float:
		return float64(v.Float()), true
	case parquet.Int64:
		return v.Int64(), true
	case parquet.Int32:
		return int64(v.Int32()), true
	case parquet.Boolean:
		return v.Boolean(), true
	case parquet.ByteArray:
		return string(v.ByteArray()), true
	}
	return nil, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// setWeights checks and normalises the weights.
func (t *pointTable) setWeights(w []float64) error {
	sum := 0.0
	for i, x := range w {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return inputerr.New(t.file, t.lines[i], WeightColumn, "weight %v: weights are finite and not negative", x)
		}
		sum += x
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return inputerr.New(t.file, 0, WeightColumn, "the weights sum to %v; they must have a positive, finite sum", sum)
	}
	t.weights = make([]float64, len(w))
	for i, x := range w {
		t.weights[i] = x / sum
	}
	return nil
}

// SystematicResample returns n row indices drawn from weights (which sum
// to one) by systematic resampling (Kitagawa 1996; Douc, Cappé and
// Moulines 2005): the k-th draw is the row whose cumulative weight first
// exceeds (u + k) / n for one uniform u. Every row is drawn ⌊n·w⌋ or
// ⌈n·w⌉ times, with less variance than independent draws; the draws come
// out in row order. u is taken from seed alone.
func SystematicResample(weights []float64, n int, seed uint64) []int {
	u := float64(qmc.Mix64(seed)>>11) / (1 << 53)
	// Thresholds are scaled by the weights' sum as added up here, so that
	// rounding never lets a draw fall past the last row of positive
	// weight.
	total := 0.0
	for _, w := range weights {
		total += w
	}
	out := make([]int, 0, n)
	cum, i := weights[0], 0
	for k := range n {
		x := total * (u + float64(k)) / float64(n)
		for x >= cum && i < len(weights)-1 {
			i++
			cum += weights[i]
		}
		out = append(out, i)
	}
	return out
}

// posteriorSeedTag separates the posterior draws' stream from the other
// uses of the master seed.
const posteriorSeedTag = 0x706f73746572696f

// loadTable reads the design's table of points, checks its hash, types
// its values by the parameters' kinds, checks every used row against the
// base scenario, and fills in the plan's parameters.
func (p *Plan) loadTable(kinds func(string) (Kind, bool)) error {
	spec := p.Spec
	d := &spec.Design
	path := d.File
	if !filepath.IsAbs(path) && spec.File != "" {
		path = filepath.Join(filepath.Dir(spec.File), path)
	}
	t, err := readPointTable(path)
	if err != nil {
		return located(spec.File, spec.line("design.file"), "design.file", err)
	}
	sum := sha256.Sum256(t.raw)
	hash := hex.EncodeToString(sum[:])
	if d.SHA256 != "" && d.SHA256 != hash {
		return inputerr.New(spec.File, spec.line("design.sha256"), "design.sha256", "%s has SHA-256 %.12s…, the spec pins %.12s…: the points changed", path, hash, d.SHA256)
	}
	d.SHA256 = hash
	for _, path := range t.paths {
		info := ParamInfo{Path: path, Column: ParamColumnPrefix + path, Kind: Float64}
		if k, ok := kinds(path); ok {
			info.Kind = k
		}
		p.Params = append(p.Params, info)
	}
	for r, row := range t.cells {
		for i, v := range row {
			tv, err := typedCell(p.Params[i].Kind, v)
			if err != nil {
				return inputerr.New(t.file, t.lines[r], p.Params[i].Column, "%v", err)
			}
			row[i] = tv
		}
	}
	rows := int64(len(t.cells))
	if d.Method == Posterior {
		w := t.weights
		if w == nil {
			w = make([]float64, rows)
			for i := range w {
				w[i] = 1 / float64(rows)
			}
		}
		t.draws = SystematicResample(w, d.Samples, spec.Seed^posteriorSeedTag)
	}
	// Check the rows the design uses, each once.
	used := make([]bool, rows)
	if t.draws == nil {
		for i := range used {
			used[i] = true
		}
	}
	for _, r := range t.draws {
		used[r] = true
	}
	for r, ok := range used {
		if !ok {
			continue
		}
		q := p.Base
		if err := scenario.SetMany(&q, t.paths, t.cells[r]); err != nil {
			return located(t.file, t.lines[r], "", err)
		}
	}
	p.table = t
	if p.Points, p.Runs, err = spec.countRuns(rows); err != nil {
		return inputerr.New(spec.File, spec.line("design"), "design", "%v", err)
	}
	return nil
}

// typedCell converts a value read from a table to the Go type of a
// parameter of kind k.
func typedCell(k Kind, v any) (any, error) {
	s, text := v.(string)
	switch k {
	case Float64:
		if text {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not a number", s)
			}
			return x, nil
		}
		if x, ok := toFloat(v); ok {
			return x, nil
		}
	case Int64:
		if text {
			x, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not a whole number", s)
			}
			return x, nil
		}
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
		return nil, fmt.Errorf("%v is not a whole number", v)
	case Bool:
		if text {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return nil, fmt.Errorf("%q is not true or false", s)
			}
			return b, nil
		}
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case String:
		if text {
			return s, nil
		}
	}
	return nil, fmt.Errorf("%v is not a %v", v, k)
}

// tableValues returns the values of a points or posterior design point.
func (p *Plan) tableValues(point int64) []any {
	row := point
	if p.table.draws != nil {
		row = int64(p.table.draws[point])
	}
	return slices.Clone(p.table.cells[row])
}

// TableRow returns the row of the table of points that design point point
// uses (methods points and posterior), counting from 0; -1 for other
// methods.
func (p *Plan) TableRow(point int64) int {
	switch {
	case p.table == nil:
		return -1
	case p.table.draws != nil:
		return p.table.draws[point]
	}
	return int(point)
}

// storedTableName is the name of the copy of the table of points in an
// output folder.
func (p *Plan) storedTableName() string { return "points" + p.table.ext }
