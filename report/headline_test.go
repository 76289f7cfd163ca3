package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/sim"
)

// headlineRun is a 24-month baseline run with a burst and a no-burst
// comparison set by hand, so that the headline's numbers are known.
func headlineRun(t *testing.T) (*sim.Result, sim.Summary) {
	t.Helper()
	base := testRun(t, "baseline", 24)
	res := *base
	res.Bursts = []sim.BurstEpisode{{PeakDate: "2024-08-02", PeakBn: 50669.3, BurstDate: "2024-12-17", TroughDate: "2024-12-31", TroughBn: 5299.3, Drawdown: 0.8954}}
	s := sim.Summarize(&res)
	s.Comparisons = []sim.Comparison{{Label: "no-burst counterfactual", From: "2024-12", GDPLossBn: 12070.6, GDPLossPeak: 0.0526, GDPLossPeakMonth: "2024-12",
		ConsumptionLossBn: 13290.5, ConsumptionTopLossBn: 9820.3}}
	return &res, s
}

func TestRunHeadline(t *testing.T) {
	t.Parallel()
	res, s := headlineRun(t)
	var buf bytes.Buffer
	if err := (RunReport{Result: res, Summary: s}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	lead := between(page, `<p class="lead">`, `</p>`)
	for _, want := range []string{
		"bursts in December 2024:",                            // burst month
		"lose 89.5% of their market value",                    // depth
		"from $50.7tn at the peak on 2 August 2024 to $5.3tn", // peak and trough values
		"GDP is $12.1tn lower",                                // GDP loss against the twin
		"5.3% of GDP at worst",
		"73.9% of it by the top 10%", // 9820.3 / 13290.5
	} {
		if !strings.Contains(lead, want) {
			t.Errorf("headline lacks %q:\n%s", want, lead)
		}
	}
	// The headline comes before the table of contents and the sections.
	if i, j := strings.Index(page, `class="lead"`), strings.Index(page, `class="toc"`); i < 0 || j < 0 || i > j {
		t.Errorf("headline at %d, contents at %d", i, j)
	}
	if n := strings.Count(between(page, `<section class="headline"`, `</section>`), "<dt>"); n == 0 || n > maxKeyFacts {
		t.Errorf("%d key figures, want 1..%d", n, maxKeyFacts)
	}
}

func TestRunHeadlineWithoutBurst(t *testing.T) {
	t.Parallel()
	base := testRun(t, "baseline", 24)
	res := *base
	res.Bursts = nil
	d, err := newRunData(&res)
	if err != nil {
		t.Fatal(err)
	}
	d.summary = sim.Summarize(&res)
	d.metrics = sim.Metrics(&res)
	h := d.runHeadline()
	if res.Params.Mechanisms.Markets {
		if !strings.HasPrefix(h, "No burst occurred in this run: ") || !strings.Contains(h, pct(res.Params.Markets.BurstDrawdown)+" fall that dates a burst") {
			t.Errorf("headline without a burst: %q", h)
		}
	}
	res.Params.Mechanisms.Markets = false
	if h := d.runHeadline(); !strings.HasPrefix(h, "This run has no market model") {
		t.Errorf("headline without markets: %q", h)
	}
}

func TestCollapsedTablesAndDownloads(t *testing.T) {
	t.Parallel()
	long := &table{Caption: "Long = table", Head: []string{"firm", "USD bn"}, Numeric: []bool{false, true}}
	for i := range 20 {
		long.Rows = append(long.Rows, []cell{textCell("=cmd|x"), numCell(bn(-1234.5 * float64(i)))})
	}
	p := page{Title: "t", Sections: []section{{ID: "s", Title: "S", Blocks: []block{{Table: long}}}}}
	prepare(&p)
	if !long.Collapse || long.File != "long-table.csv" {
		t.Errorf("collapse %v, file %q", long.Collapse, long.File)
	}
	csv := tableCSV(long)
	if !strings.Contains(csv, "'=cmd|x,-12345\n") && !strings.Contains(csv, "'=cmd|x,-12346\n") {
		t.Errorf("CSV does not neutralise formulas or clean numbers:\n%s", csv[:200])
	}
}

// between returns the text of s from after the first open to the next close.
func between(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return ""
	}
	s = s[i+len(open):]
	if j := strings.Index(s, close); j >= 0 {
		return s[:j]
	}
	return s
}
