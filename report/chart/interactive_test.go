package chart

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestInteractiveData(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2027, 1, d, 0, 0, 0, 0, time.UTC) }
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		c    Interactive
		want string // the JSON, or a part of it
	}{
		{"line series on different dates share one x", Line{Title: "t", YUnit: Unit{Prefix: "$", Suffix: "bn"}, Series: []Series{
			{Name: "a", T: []time.Time{day(1), day(3)}, Y: []float64{1, 2}},
			{Name: "b", T: []time.Time{day(2), day(3)}, Y: []float64{nan, 0.1234567891}, Right: true},
		}}, `"x":[1798761600,1798848000,1798934400]`},
		{"gaps are null and values keep seven digits", Line{Series: []Series{
			{Name: "a", T: []time.Time{day(1), day(3)}, Y: []float64{1, 2}},
			{Name: "b", T: []time.Time{day(2), day(3)}, Y: []float64{nan, 0.1234567891}, Right: true},
		}}, `"name":"b","color":"#D55E00","dash":[7,4],"right":true,"y":[null,null,0.1234568]`},
		{"a right series alone goes left", Line{Series: []Series{{Name: "r", Y: []float64{1, 2}, Right: true}}}, `"name":"r","color":"#0072B2","y":[1,2]`},
		{"stacked layers read their own amounts", Area{Series: []Series{
			{Name: "low", Y: []float64{1, 2}}, {Name: "high", Y: []float64{3, 4}},
		}}, `{"name":"high","color":"#D55E00","y":[4,6],"value":[3,4]},{"name":"high (lower edge)","color":"#D55E00","noLine":true,"hidden":true,"y":[1,2]}],"bands":[{"upper":0,"lower":1,"color":"#0072B2"},{"upper":2,"lower":3,"color":"#D55E00"}]`},
		{"fan bands and median", Fan{X: []float64{0, 1}, Bands: []Band{{Name: "5–95%", Lo: []float64{0, 1}, Hi: []float64{2, 3}}}, Median: []float64{1, 2}},
			`"series":[{"name":"5–95% upper","color":"#0072B2","noLine":true,"y":[2,3]},{"name":"5–95% lower","color":"#0072B2","noLine":true,"y":[0,1]},{"name":"median","color":"#0072B2","y":[1,2]}],"bands":[{"upper":0,"lower":1,"color":"#0072B2"}]`},
		{"monthly dates read as months", Line{Series: []Series{{Name: "m", T: []time.Time{day(1), day(1).AddDate(0, 1, 0)}, Y: []float64{1, 2}}}}, `"xLayout":"month"`},
		{"spans and events", Line{Series: []Series{{Name: "m", X: []float64{0, 10}, Y: []float64{1, 2}}}, Spans: []Span{{Label: "s", From: 8, To: 2}}, Events: []Event{{Label: "e", X: 5}}},
			`"spans":[{"label":"s","from":2,"to":8}],"events":[{"label":"e","from":5}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.c.Data()
			if err != nil {
				t.Fatal(err)
			}
			b, err := d.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("JSON\n%s\nlacks\n%s", b, tc.want)
			}
			var back map[string]any
			if err := json.Unmarshal(b, &back); err != nil {
				t.Errorf("not valid JSON: %v", err)
			}
		})
	}
}

// Text in the data cannot close the script element it is inlined in.
func TestInteractiveDataEscapes(t *testing.T) {
	t.Parallel()
	d, err := Line{Title: "</script><script>alert(1)</script>", Series: []Series{{Name: "<!--", Y: []float64{1}}}}.Data()
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "<") || strings.Contains(s, ">") {
		t.Errorf("unescaped markup in %s", s)
	}
}

// Invalid charts give the same errors as their SVG.
func TestInteractiveDataErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []Interactive{
		Line{Series: []Series{{Name: "inf", Y: []float64{math.Inf(1)}}}},
		Area{Series: []Series{{Name: "a", X: []float64{0, 1}, Y: []float64{1, 2}}, {Name: "b", X: []float64{0, 2}, Y: []float64{1, 2}}}},
		Fan{X: []float64{0, 1}, Median: []float64{1}},
	} {
		if _, err := c.Data(); err == nil {
			t.Errorf("%T: no error", c)
		}
	}
}
