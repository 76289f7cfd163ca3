package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
)

func TestWriteCompare(t *testing.T) {
	t.Parallel()
	a := testRun(t, "baseline", 36)
	b := testRun(t, "no-export-controls", 24)
	var buf bytes.Buffer
	if err := WriteCompare(&buf, a, b); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "compare", buf.Bytes())
	s := buf.String()
	for _, want := range []string{"over the 24 months the runs share", "mechanisms.export_controls", "Key figures side by side", "difference"} {
		if !strings.Contains(s, want) {
			t.Errorf("comparison lacks %q", want)
		}
	}
	_, svg, _ := figures(t, buf.Bytes())
	got := strings.Join(seriesNames(svg["fig-cmp-foreign"]), "|")
	for _, name := range []string{"baseline (seed 1)", "no-export-controls (seed 1)", "no-export-controls (seed 1) − baseline (seed 1)"} {
		if !strings.Contains(got, name) {
			t.Errorf("foreign-demand comparison draws %q, want %q", got, name)
		}
	}
	// The same run twice: labels are told apart, parameters are the same.
	buf.Reset()
	if err := WriteCompare(&buf, a, a); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "A: baseline (seed 1)") || !strings.Contains(buf.String(), "use the same parameters") {
		t.Error("comparing a run with itself should label A and B and find no parameter difference")
	}
	// No common month.
	late := *b
	late.Months = []sim.MonthRecord{{Month: "2040-01"}}
	buf.Reset()
	if err := WriteCompare(&buf, a, &late); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "no month in common") {
		t.Error("runs without a common month should say so")
	}
	if err := WriteCompare(&buf, a, nil); err == nil {
		t.Error("a comparison with one run was written")
	}
}
