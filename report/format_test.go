package report

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		f    func(float64) string
		in   float64
		want string
	}{
		{"bn large", bn, 12345.6, "12,346"},
		{"bn hundreds", bn, 123.45, "123"},
		{"bn tens", bn, 12.345, "12.3"},
		{"bn small", bn, 1.234, "1.23"},
		{"bn negative", bn, -1234567, "−1,234,567"},
		{"bn NaN", bn, math.NaN(), "n/a"},
		{"usd", usd, 1234, "$1.23tn"},
		{"usd small", usd, 0.9466, "$0.95bn"},
		{"usd negative", usd, -12.5, "−$12.5bn"},
		{"pct", pct, 0.1234, "12.3%"},
		{"pct negative", pct, -0.0141, "−1.4%"},
		{"pct tiny negative", pct, -0.00001, "0.0%"},
		{"pct inf", pct, math.Inf(1), "n/a"},
		{"num", num, 0.0001234, "0.000123"},
		{"num large", num, -98765.4, "−98,765"},
		{"sig3", sig3, 80, "80"},
		{"sig3 decimals", sig3, 14.444, "14.4"},
		{"sig3 large", sig3, 1400, "1,400"},
		{"sig3 negative", sig3, -0.2, "−0.2"},
		{"pctPoints", pctPoints, 0.75, "75.0 pp"},
	} {
		if got := c.f(c.in); got != c.want {
			t.Errorf("%s(%v) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
