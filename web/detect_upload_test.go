package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseDetectForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		fields map[string]string
		want   detectForm
		err    string
	}{
		{"defaults", nil, detectForm{freq: "auto", log: true, method: "both"}, ""},
		{"daily", map[string]string{"freq": "as-given"}, detectForm{log: true, method: "both"}, ""},
		{"weekly psy without log", map[string]string{"freq": "weekly", "log": "false", "method": "psy"}, detectForm{freq: "weekly", method: "psy"}, ""},
		{"monthly from a month", map[string]string{"freq": "Monthly", "from": "2015-01", "method": "lppls"},
			detectForm{freq: "monthly", log: true, from: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), method: "lppls"}, ""},
		{"from a day", map[string]string{"from": "2020-03-16"}, detectForm{freq: "auto", log: true, method: "both", from: time.Date(2020, 3, 16, 0, 0, 0, 0, time.UTC)}, ""},
		{"bad frequency", map[string]string{"freq": "hourly"}, detectForm{}, "field freq"},
		{"bad log", map[string]string{"log": "maybe"}, detectForm{}, "field log"},
		{"bad start", map[string]string{"from": "15/01/2020"}, detectForm{}, "field from"},
		{"bad method", map[string]string{"method": "sornette"}, detectForm{}, "field method"},
		{"lppls needs log", map[string]string{"log": "false"}, detectForm{}, "LPPLS models log prices"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseDetectForm(tc.fields)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// The project's own daily NVDA prices (6,642 of them, 339 KB) go through
// the upload: PSY and LPPLS both run, by default on weekly prices.
func TestUploadNVDA(t *testing.T) {
	if testing.Short() {
		t.Skip("runs PSY and LPPLS on NVDA")
	}
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "data", "prices", "stocks", "NVDA.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, ts, c := newTestServer(t, Config{})
	r := postUpload(t, c, ts.URL+"/upload/prices", "prices", "NVDA.csv", data, nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	p := get(t, c, ts.URL+r.header.Get("Location"))
	for _, want := range []string{"GSADF", "BSADF", "LPPLS confidence (positive bubble)", "LPPLS fit (", "critical time tc", "prices, weekly:"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("detect page lacks %q", want)
		}
	}
	if i := strings.Index(p.body, "PSY test on the"); i < 0 || !strings.Contains(p.body[i:i+80], "of 1,") {
		t.Errorf("the PSY note does not give the weekly count with a separator")
	}
	// Resampling and the start date apply before the minimum length.
	r = postUpload(t, c, ts.URL+"/upload/prices", "prices", "NVDA.csv", data, map[string]string{"freq": "monthly", "from": "2024-06"})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "monthly from 2024-06-01; the test needs at least") {
		t.Errorf("short monthly series: %d %s", r.status, r.body)
	}
}
