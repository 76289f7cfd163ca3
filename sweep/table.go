package sweep

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/bubblelab/bubblelab/results"
)

// Kind is the type of a table column.
type Kind uint8

// Column kinds; Parquet physical types INT64, INT64 (unsigned), DOUBLE,
// BYTE_ARRAY (UTF-8) and BOOLEAN.
const (
	Int64 Kind = iota
	Uint64
	Float64
	String
	Bool
)

func (k Kind) String() string {
	switch k {
	case Int64:
		return "int64"
	case Uint64:
		return "uint64"
	case Float64:
		return "double"
	case String:
		return "string"
	case Bool:
		return "bool"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one column of a result table.
type Column struct {
	Name string
	Kind Kind
}

// Value is one cell of a row in a table: a Parquet value at its column.
type Value = parquet.Value

// Row is one row of a table, a value per column in column order.
type Row = parquet.Row

// table is a flat Parquet schema with required columns in a fixed order.
type table struct {
	cols   []Column
	schema *parquet.Schema
}

func reflectTypeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// newTable builds the Parquet schema of cols. Columns keep their order
// (parquet.Group would sort them by name), which is why the schema is
// derived from a struct type built at run time.
func newTable(cols []Column) (*table, error) {
	fields := make([]reflect.StructField, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		if c.Name == "" || strings.ContainsAny(c.Name, ",\"`") || seen[c.Name] {
			return nil, fmt.Errorf("column name %q is empty, repeated or holds a comma or quote", c.Name)
		}
		seen[c.Name] = true
		var t reflect.Type
		switch c.Kind {
		case Int64:
			t = reflect.TypeFor[int64]()
		case Uint64:
			t = reflect.TypeFor[uint64]()
		case Float64:
			t = reflect.TypeFor[float64]()
		case String:
			t = reflect.TypeFor[string]()
		case Bool:
			t = reflect.TypeFor[bool]()
		default:
			return nil, fmt.Errorf("column %s: unknown kind %v", c.Name, c.Kind)
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: t, Tag: reflect.StructTag(fmt.Sprintf(`parquet:"%s"`, c.Name))}
	}
	st := reflect.StructOf(fields)
	s := parquet.SchemaOf(reflect.New(st).Elem().Interface())
	if got := s.Columns(); len(got) != len(cols) {
		return nil, fmt.Errorf("schema has %d columns, want %d", len(got), len(cols))
	}
	return &table{cols: cols, schema: s}, nil
}

// index returns the position of the named column, or -1.
func (t *table) index(name string) int {
	for i, c := range t.cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// cell makes the value of column i from a Go value of the column's kind.
func cell(i int, k Kind, v any) Value {
	var pv Value
	switch k {
	case Int64:
		pv = parquet.Int64Value(v.(int64))
	case Uint64:
		pv = parquet.Int64Value(int64(v.(uint64)))
	case Float64:
		pv = parquet.DoubleValue(v.(float64))
	case String:
		pv = parquet.ByteArrayValue([]byte(v.(string)))
	case Bool:
		pv = parquet.BooleanValue(v.(bool))
	}
	return pv.Level(0, 0, i)
}

// float returns a numeric cell as float64 (NaN for text).
func float(k Kind, v Value) float64 {
	switch k {
	case Int64:
		return float64(v.Int64())
	case Uint64:
		return float64(uint64(v.Int64()))
	case Float64:
		return v.Double()
	case Bool:
		if v.Boolean() {
			return 1
		}
		return 0
	}
	return math.NaN()
}

// format writes a cell as CSV text: numbers in the shortest form that
// reads back exactly, as results.EncodeCSV does.
func formatCell(k Kind, v Value) string {
	switch k {
	case Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case Uint64:
		return strconv.FormatUint(uint64(v.Int64()), 10)
	case Float64:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case String:
		return string(v.ByteArray())
	case Bool:
		return strconv.FormatBool(v.Boolean())
	}
	return ""
}

// rowsPerGroup bounds a Parquet row group, so that writing a large merged
// table needs bounded memory; the boundaries depend on row counts only, so
// output stays deterministic.
const rowsPerGroup = 1 << 16

// Metadata keys written into every Parquet file of a sweep.
const (
	metaFingerprint = "bubblelab.sweep.fingerprint"
	metaTable       = "bubblelab.sweep.table"
)

// tableWriter writes rows of a table as zstd-compressed Parquet.
type tableWriter struct {
	t *table
	w *parquet.Writer
}

func (t *table) newWriter(w io.Writer, fingerprint, name string) *tableWriter {
	pw := parquet.NewWriter(w, t.schema,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("bubblelab", results.Version, ""),
		parquet.MaxRowsPerRowGroup(rowsPerGroup),
		parquet.KeyValueMetadata(metaFingerprint, fingerprint),
		parquet.KeyValueMetadata(metaTable, name),
	)
	return &tableWriter{t: t, w: pw}
}

func (tw *tableWriter) write(rows []Row) error {
	_, err := tw.w.WriteRows(rows)
	return err
}

func (tw *tableWriter) close() error { return tw.w.Close() }

// tableFile is an open Parquet file of a sweep.
type tableFile struct {
	f    *os.File
	pf   *parquet.File
	cols []Column
}

// openTable opens a Parquet file written by tableWriter and reads its
// column names and kinds.
func openTable(path string) (*tableFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	tf := &tableFile{f: f, pf: pf}
	for _, field := range pf.Schema().Fields() {
		if !field.Leaf() || field.Optional() || field.Repeated() {
			f.Close()
			return nil, fmt.Errorf("%s: column %s is not a flat required column", path, field.Name())
		}
		var k Kind
		switch typ := field.Type(); {
		case typ.Kind() == parquet.Boolean:
			k = Bool
		case typ.Kind() == parquet.Double:
			k = Float64
		case typ.Kind() == parquet.ByteArray:
			k = String
		case typ.Kind() == parquet.Int64:
			k = Int64
			if lt := typ.LogicalType(); lt != nil {
				if it, ok := lt.Value.(*format.IntType); ok && !it.IsSigned {
					k = Uint64
				}
			}
		default:
			f.Close()
			return nil, fmt.Errorf("%s: column %s has unsupported type %v", path, field.Name(), typ)
		}
		tf.cols = append(tf.cols, Column{Name: field.Name(), Kind: k})
	}
	return tf, nil
}

func (tf *tableFile) close() error { return tf.f.Close() }

func (tf *tableFile) meta(key string) string {
	v, _ := tf.pf.Lookup(key)
	return v
}

// each calls fn with every row in order. The row is reused between calls.
func (tf *tableFile) each(fn func(Row) error) error {
	r := parquet.NewReader(tf.pf)
	defer r.Close()
	buf := make([]Row, 256)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			if len(row) != len(tf.cols) {
				return fmt.Errorf("row of %d values for %d columns", len(row), len(tf.cols))
			}
			if ferr := fn(row); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// csvWriter writes rows as CSV with a header of column names.
type csvWriter struct {
	cols []Column
	w    *results.CSVWriter
	rec  []string
}

func newCSVWriter(w io.Writer, cols []Column) (*csvWriter, error) {
	cw := &csvWriter{cols: cols, w: results.NewCSVWriter(w), rec: make([]string, len(cols))}
	for i, c := range cols {
		cw.rec[i] = c.Name
	}
	return cw, cw.w.Write(cw.rec)
}

func (cw *csvWriter) write(row Row) error {
	for i, c := range cw.cols {
		cw.rec[i] = formatCell(c.Kind, row[i])
	}
	return cw.w.Write(cw.rec)
}

func (cw *csvWriter) flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// recordField is a flat field of a result struct (sim.RunMetrics,
// sim.MonthRecord) that becomes a column.
type recordField struct {
	name  string
	index int
	kind  Kind
}

// recordFields lists the exported fields of struct type t that have a
// parquet tag and a number, text or boolean type, in declaration order.
// Reflecting over the struct lets fields the model adds flow into sweeps
// without changes here.
func recordFields(t reflect.Type) []recordField {
	var fs []recordField
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("parquet"), ",")[0]
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		var k Kind
		switch f.Type.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			k = Int64
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			k = Uint64
		case reflect.Float32, reflect.Float64:
			k = Float64
		case reflect.String:
			k = String
		case reflect.Bool:
			k = Bool
		default:
			continue
		}
		fs = append(fs, recordField{name: name, index: i, kind: k})
	}
	return fs
}

// goValue converts a reflected field to the Go value cell expects.
func goValue(k Kind, v reflect.Value) any {
	switch k {
	case Int64:
		return v.Int()
	case Uint64:
		return v.Uint()
	case Float64:
		return v.Float()
	case String:
		return v.String()
	case Bool:
		return v.Bool()
	}
	return nil
}
