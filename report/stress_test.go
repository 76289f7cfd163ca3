package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bubblelab/bubblelab/contagion"
	"github.com/bubblelab/bubblelab/contagion/dealnet"
	"github.com/bubblelab/bubblelab/dataset"
)

func TestWriteStressAndLoops(t *testing.T) {
	t.Parallel()
	deals, err := dataset.DefaultDeals()
	if err != nil {
		t.Fatal(err)
	}
	firms, err := dataset.DefaultFirms()
	if err != nil {
		t.Fatal(err)
	}
	m, err := dealnet.Build(deals, firms, nil, dealnet.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	shock, err := m.Fail("OpenAI")
	if err != nil {
		t.Fatal(err)
	}
	en, err := contagion.EisenbergNoe{}.Clear(m.Network, []contagion.Shock{shock})
	if err != nil {
		t.Fatal(err)
	}
	dr, err := contagion.DebtRank{}.Run(m.Network, []contagion.Shock{shock})
	if err != nil {
		t.Fatal(err)
	}
	net, err := AnalyseDeals(t.Context(), "data/ai_deals.csv", deals, firms)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteStress(&buf, &StressReport{Source: "data/ai_deals.csv", Shocks: []string{"OpenAI fails"}, Model: m,
		Results: []*contagion.Result{en, dr}, Network: net}); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "stress", buf.Bytes())
	s := buf.String()
	for _, want := range []string{"OpenAI fails", "Eisenberg–Noe clearing", "DebtRank", "Equity lost by firm", "The largest cycles"} {
		if !strings.Contains(s, want) {
			t.Errorf("stress page lacks %q", want)
		}
	}
	buf.Reset()
	if err := WriteLoops(&buf, net); err != nil {
		t.Fatal(err)
	}
	checkPage(t, "loops", buf.Bytes())
	if net.Count.Total == 0 || net.Circulation == nil || !strings.Contains(buf.String(), "Circularity index") {
		t.Error("the shipped network should have cycles and a circularity index")
	}
	if err := WriteLoops(&buf, nil); err == nil {
		t.Error("a loops page without a network was written")
	}
}
