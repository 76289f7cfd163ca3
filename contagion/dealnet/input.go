package dealnet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// ShockSpec is a parsed --shock FIRM=X: a loss of Fraction of the firm's
// capital or, when Absolute, of AmountBn USD billions, written off its
// external assets.
type ShockSpec struct {
	Firm     string
	Fraction float64 // in [0,1]
	AmountBn float64 // ≥ 0
	Absolute bool
}

// String formats the spec so that ParseShock reads it back.
func (s ShockSpec) String() string {
	if s.Absolute {
		return s.Firm + "=" + strconv.FormatFloat(s.AmountBn, 'g', -1, 64) + "bn"
	}
	return s.Firm + "=" + strconv.FormatFloat(s.Fraction, 'g', -1, 64)
}

// ParseShock parses FIRM=X, where X is a fraction of the firm's capital in
// [0,1] ("OpenAI=0.5"), a percentage ("OpenAI=50%") or an amount in USD
// billions ("OpenAI=12.5bn"). The firm name is everything before the last
// "=", trimmed; it is resolved against the network later.
func ParseShock(s string) (ShockSpec, error) {
	bad := func(format string, args ...any) (ShockSpec, error) {
		return ShockSpec{}, inputerr.New("", 0, "--shock", "%q: %s", s, fmt.Sprintf(format, args...))
	}
	k := strings.LastIndexByte(s, '=')
	if k < 0 {
		return bad("want FIRM=X (X a fraction of capital in [0,1], a percentage like 50%%, or an amount like 12.5bn)")
	}
	spec := ShockSpec{Firm: strings.TrimSpace(s[:k])}
	if spec.Firm == "" {
		return bad("no firm name before '='")
	}
	v := strings.TrimSpace(s[k+1:])
	switch {
	case len(v) >= 2 && strings.EqualFold(v[len(v)-2:], "bn"):
		x, err := parseNumber(v[:len(v)-2])
		if err != nil {
			return bad("amount: %v", err)
		}
		spec.AmountBn, spec.Absolute = x, true
	case strings.HasSuffix(v, "%"):
		x, err := parseNumber(v[:len(v)-1])
		if err != nil {
			return bad("percentage: %v", err)
		}
		if x > 100 {
			return bad("percentage %v is above 100", x)
		}
		spec.Fraction = x / 100
	default:
		x, err := parseNumber(v)
		if err != nil {
			return bad("%v", err)
		}
		if x > 1 {
			return bad("fraction %v is above 1 (write %vbn for an amount in USD billions, or %v%% for a percentage)", x, v, v)
		}
		spec.Fraction = x
	}
	return spec, nil
}

// parseNumber accepts a finite decimal number ≥ 0.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("missing number")
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	if x < 0 {
		return 0, fmt.Errorf("%v is negative", x)
	}
	return x, nil
}

// Balance is one row of a balance file: overrides for one firm, in USD
// billions. Has* report which columns were filled in.
type Balance struct {
	Firm                  string
	CapitalBn             float64
	HasCapital            bool
	ExternalAssetsBn      float64
	HasExternalAssets     bool
	ExternalLiabilitiesBn float64
	HasExternalLiab       bool
	Absorbing             bool
	HasAbsorbing          bool
	Note                  string
	File                  string
	Line                  int
}

var balanceColumns = []string{"firm", "capital_usd_bn", "external_assets_usd_bn", "external_liabilities_usd_bn", "absorbing", "note"}

// ReadBalance parses a balance file: CSV with a header naming "firm" and
// any of capital_usd_bn, external_assets_usd_bn,
// external_liabilities_usd_bn, absorbing and note, in any order. Blank
// cells keep the default. A row sets either capital or external assets
// (with optional external liabilities), not both; absorbing is true or
// false. Lines starting with '#' are comments. Errors are *inputerr.Error
// naming name, the line and the column.
func ReadBalance(r io.Reader, name string) ([]Balance, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	header, err := cr.Read()
	if err == io.EOF {
		return nil, inputerr.New(name, 1, "", "empty file: want a header with the column firm")
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	hline, _ := cr.FieldPos(0)
	col := map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !contains(balanceColumns, h) {
			return nil, inputerr.New(name, hline, h, "unknown column %q (known: %s)", h, strings.Join(balanceColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, inputerr.New(name, hline, h, "column %q appears twice", h)
		}
		col[h] = k
	}
	if _, ok := col["firm"]; !ok {
		return nil, inputerr.New(name, hline, "firm", "missing column firm")
	}
	var out []Balance
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		b := Balance{File: name, Line: line}
		cell := func(c string) string {
			if k, ok := col[c]; ok {
				return strings.TrimSpace(rec[k])
			}
			return ""
		}
		num := func(c string) (float64, bool, error) {
			v := cell(c)
			if v == "" {
				return 0, false, nil
			}
			x, err := parseNumber(v)
			if err != nil {
				return 0, false, inputerr.New(name, line, c, "%v", err)
			}
			return x, true, nil
		}
		if b.Firm = cell("firm"); b.Firm == "" {
			return nil, inputerr.New(name, line, "firm", "empty firm name")
		}
		if prev, dup := seen[b.Firm]; dup {
			return nil, inputerr.New(name, line, "firm", "firm %q already given on line %d", b.Firm, prev)
		}
		seen[b.Firm] = line
		if b.CapitalBn, b.HasCapital, err = num("capital_usd_bn"); err != nil {
			return nil, err
		}
		if b.ExternalAssetsBn, b.HasExternalAssets, err = num("external_assets_usd_bn"); err != nil {
			return nil, err
		}
		if b.ExternalLiabilitiesBn, b.HasExternalLiab, err = num("external_liabilities_usd_bn"); err != nil {
			return nil, err
		}
		switch {
		case b.HasCapital && b.HasExternalAssets:
			return nil, inputerr.New(name, line, "capital_usd_bn", "give capital or external assets, not both (capital follows from external assets)")
		case b.HasExternalLiab && !b.HasExternalAssets:
			return nil, inputerr.New(name, line, "external_liabilities_usd_bn", "external liabilities need external_assets_usd_bn on the same row")
		}
		switch v := strings.ToLower(cell("absorbing")); v {
		case "":
		case "true", "yes", "1":
			b.Absorbing, b.HasAbsorbing = true, true
		case "false", "no", "0":
			b.HasAbsorbing = true
		default:
			return nil, inputerr.New(name, line, "absorbing", "%q: want true or false", cell("absorbing"))
		}
		b.Note = cell("note")
		out = append(out, b)
	}
	return out, nil
}

// LoadBalance reads a balance file from path.
func LoadBalance(path string) ([]Balance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerr.Wrap(fmt.Errorf("open balance file: %w", err))
	}
	defer f.Close()
	return ReadBalance(f, path)
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return inputerr.New(name, pe.Line, "", "%v", pe.Err)
	}
	return inputerr.New(name, 0, "", "%v", err)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
