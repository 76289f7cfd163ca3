package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// MaxFileBytes bounds the size of any table a reader accepts, so that a
// mistaken path (a disk image, a log) fails fast with a clear message instead
// of exhausting memory. The largest shipped table is under 2 MiB.
const MaxFileBytes = 256 << 20

// table is a CSV file with a header, read row by row with line numbers.
type table struct {
	name   string
	r      *csv.Reader
	col    map[string]int
	header []string
	limit  *limitedReader
}

// limitedReader fails with errTooLarge once more than n bytes are read.
type limitedReader struct {
	r io.Reader
	n int64
}

var errTooLarge = errors.New("file too large")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// openTable reads the header of a CSV stream and checks that every required
// column is present. Extra columns are allowed and ignored.
func openTable(r io.Reader, name string, required []string) (*table, error) {
	lr := &limitedReader{r: r, n: MaxFileBytes}
	cr := csv.NewReader(lr)
	cr.ReuseRecord = false
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err == io.EOF {
		return nil, inputerr.New(name, 1, "", "empty file: expected a header row with columns %s", strings.Join(required, ","))
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	t := &table{name: name, r: cr, col: make(map[string]int, len(header)), header: header, limit: lr}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			return nil, inputerr.New(name, 1, fmt.Sprintf("#%d", i+1), "empty column name in header")
		}
		if _, dup := t.col[h]; dup {
			return nil, inputerr.New(name, 1, h, "column appears twice in header")
		}
		t.col[h] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, inputerr.New(name, 1, strings.Join(missing, ","), "missing column(s); header has %s", strings.Join(header, ","))
	}
	return t, nil
}

// row is one data record with its line number.
type row struct {
	t      *table
	line   int
	fields []string
}

// next returns the next row, or io.EOF at the end.
func (t *table) next() (row, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return row{}, io.EOF
	}
	if err != nil {
		return row{}, csvError(t.name, err)
	}
	line, _ := t.r.FieldPos(0)
	return row{t: t, line: line, fields: rec}, nil
}

// csvError converts encoding/csv errors (which carry the line) and the size
// limit into located input errors.
func csvError(name string, err error) error {
	if errors.Is(err, errTooLarge) {
		return inputerr.New(name, 0, "", "larger than the %d MiB limit for a table", MaxFileBytes>>20)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return inputerr.New(name, pe.Line, fmt.Sprintf("#%d", pe.Column), "malformed CSV: %v", pe.Err)
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// str returns the trimmed text of column c ("" when the row is short).
func (r row) str(c string) string {
	i, ok := r.t.col[c]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// errf builds a located error for column c of this row.
func (r row) errf(c, format string, args ...any) error {
	return inputerr.New(r.t.name, r.line, c, format, args...)
}

// required returns the text of column c or an error if it is empty or not
// valid UTF-8.
func (r row) required(c string) (string, error) {
	s := r.str(c)
	if s == "" {
		return "", r.errf(c, "empty; a value is required")
	}
	if !utf8.ValidString(s) {
		return "", r.errf(c, "not valid UTF-8")
	}
	return s, nil
}

// optionalFloat parses column c as a finite number; ok is false for an empty cell.
func (r row) optionalFloat(c string) (v float64, ok bool, err error) {
	s := r.str(c)
	if s == "" {
		return 0, false, nil
	}
	v, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, r.errf(c, "%q is not a number", s)
	}
	return v, true, nil
}

// positiveFloat is optionalFloat that also rejects zero and negative values.
func (r row) positiveFloat(c string) (float64, bool, error) {
	v, ok, err := r.optionalFloat(c)
	if err != nil || !ok {
		return v, ok, err
	}
	if v <= 0 {
		return 0, false, r.errf(c, "%v must be positive", v)
	}
	return v, true, nil
}
