package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateFWTable(t *testing.T) {
	var out, errOut bytes.Buffer
	code := execute(context.Background(), []string{"validate", "fw", "--seeds", "4", "--days", "500", "--burn-in", "100"}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	for _, want := range []string{"DCA-HPM", "4 paths of 500 days after 100 burn-in days", "mean_abs", "inv_hill_5", "acf_raw_1", "acf_abs_100", "FW target", "S&P 1980-2007"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr is not a terminal but got %q", errOut.String())
	}
}

func TestValidateFWJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := execute(context.Background(), []string{"validate", "fw", "--variant", "wealth", "--seeds", "3", "--days", "400", "--burn-in", "50", "--json", "--workers", "1"}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	var got fwJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if got.Variant != "wealth" || got.Seeds != 3 || got.Days != 400 || got.Params.AlphaW != 2668 {
		t.Errorf("header %+v", got)
	}
	if len(got.Moments) != 9 || len(got.MeanACFAbs) != 100 || len(got.MeanACFRaw) != 100 {
		t.Fatalf("%d moments, %d and %d ACF lags", len(got.Moments), len(got.MeanACFRaw), len(got.MeanACFAbs))
	}
	hill := got.Moments[1]
	if hill.Name != "inv_hill_5" || hill.FWTarget == nil || *hill.FWTarget != 0.30 || *hill.DiffFW != hill.Mean-0.30 {
		t.Errorf("Hill moment %+v", hill)
	}
	if lag5 := got.Moments[4]; lag5.Name != "acf_abs_5" || lag5.FWTarget != nil {
		t.Errorf("lag-5 moment %+v has a FW target; the issue gives none", lag5)
	}
}

func TestValidateBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "fw", "--seeds", "1"},
		{"validate", "fw", "--days", "100"},
		{"validate", "fw", "--burn-in", "-1"},
		{"validate", "fw", "--workers", "-2"},
		{"validate", "fw", "--variant", "tpa"},
		{"validate", "fw", "--seeds", "many"},
		{"validate", "fw", "extra"},
		{"validate", "nosuchcheck"},
	} {
		var out, errOut bytes.Buffer
		if code := execute(context.Background(), args, &out, &errOut); code != exitBadInput {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitBadInput, errOut.String())
		}
	}
}

func TestValidateFWCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	if code := execute(ctx, []string{"validate", "fw", "--seeds", "1000"}, &out, &errOut); code != exitFailure {
		t.Errorf("exit %d with a cancelled context, want %d", code, exitFailure)
	}
}
