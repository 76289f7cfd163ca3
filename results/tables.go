package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Version is written into Parquet metadata.
const Version = "0.1.0"

// EncodeParquet writes rows as a zstd-compressed Parquet file. The column
// names are the fields' parquet tags.
func EncodeParquet[T any](w io.Writer, rows []T) error {
	return parquet.Write(w, rows, parquet.Compression(&parquet.Zstd), parquet.CreatedBy("bubblelab", Version, ""))
}

// EncodeCSV writes rows as CSV with a header of the fields' json tags.
// Numbers are written in the shortest form that reads back exactly; text
// cells are neutralised against formula injection (see CSVWriter).
func EncodeCSV[T any](w io.Writer, rows []T) error {
	cw := NewCSVWriter(w)
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("csv: %s is not a struct", t)
	}
	var cols []int
	var header []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String, reflect.Float64, reflect.Int, reflect.Int64, reflect.Uint64, reflect.Bool:
		default:
			continue
		}
		cols = append(cols, i)
		header = append(header, name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for _, r := range rows {
		v := reflect.ValueOf(r)
		for j, i := range cols {
			rec[j] = formatValue(v.Field(i))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return ""
}

// EncodeJSONLines writes one JSON object per line.
func EncodeJSONLines[T any](w io.Writer, rows []T) error {
	enc := json.NewEncoder(w)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// EncodeJSON writes v as indented JSON with a final newline.
func EncodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
