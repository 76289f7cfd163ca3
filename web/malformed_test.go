package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Malformed submissions get a clear 4xx answer naming what is wrong.
func TestMalformedForms(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{MaxFormBytes: 64 << 10})
	manyFields := url.Values{"_base": {"baseline"}}
	for i := range maxFormFields + 1 {
		manyFields.Set(fmt.Sprintf("x%d", i), "1")
	}
	for _, tc := range []struct {
		name   string
		values url.Values
		raw    string // raw body instead of values
		status int
		field  string
		msg    string
	}{
		{"valid", short(24), "", 200, "", ""},
		{"wrong type", url.Values{"demand.china_share": {"lots"}}, "", 400, "demand.china_share", "not a number"},
		{"out of range", url.Values{"demand.china_share": {"2"}}, "", 400, "demand.china_share", "between 0 and 1"},
		{"not whole", url.Values{"months": {"12.5"}}, "", 400, "months", "whole number"},
		{"too long a run", url.Values{"months": {"100000"}}, "", 400, "months", "between 1 and 1200"},
		{"bad month", url.Values{"start": {"2023-00"}}, "", 400, "start", "not a month"},
		{"unknown parameter", url.Values{"demand.bogus": {"1"}}, "", 400, "demand.bogus", "no such parameter"},
		{"traversal as a key", url.Values{"../../etc/passwd": {"1"}}, "", 400, "../../etc/passwd", "no such parameter"},
		{"bad seed", url.Values{"_seed": {"-1"}}, "", 400, "seed", "whole number"},
		{"unknown base", url.Values{"_base": {"../baseline"}}, "", 400, "base scenario", "unknown base scenario"},
		{"NaN", url.Values{"macro.gdp_bn": {"NaN"}}, "", 400, "macro.gdp_bn", "finite"},
		{"sum of shares", url.Values{"demand.enterprise_lab_share": {"0.9"}, "demand.enterprise_neocloud_share": {"0.9"}}, "", 400, "demand.enterprise_neocloud_share", "exceeds 1"},
		{"too many fields", manyFields, "", 400, "", "fields"},
		{"bad encoding", nil, "a=%zz", 400, "", "could not be read"},
		{"oversized body", nil, "months=" + strings.Repeat("9", 70<<10), 413, "", "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := tc.raw
			if tc.values != nil {
				body = tc.values.Encode()
			}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/validate", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := do(t, c, req)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			var v validation
			if err := json.Unmarshal([]byte(r.body), &v); err != nil {
				t.Fatalf("answer is not JSON: %v: %s", err, r.body)
			}
			if v.Valid != (tc.status == 200) || v.Field != tc.field || !strings.Contains(v.Error, tc.msg) {
				t.Errorf("got %+v, want field %q and a message containing %q", v, tc.field, tc.msg)
			}
		})
	}
}

// A bad run submission redraws the form with the problem at its field.
func TestRunFormError(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	v := short(24)
	v.Set("demand.china_share", "1.7")
	v.Set("compute.accounting_life_years", "9")
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/runs", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	r := do(t, c, req)
	if r.status != http.StatusBadRequest {
		t.Fatalf("status %d", r.status)
	}
	for _, want := range []string{`role="alert"`, "demand.china_share: 1.7 must be between 0 and 1", `href="#f-demand-china_share"`, `aria-invalid="true"`,
		`name="compute.accounting_life_years" value="9"`, `name="months" value="24"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the redrawn form lacks %q", want)
		}
	}
}

// Requests for things that are not there, or not the app's, are 4xx.
func TestBadPathsAndMethods(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	id := startRun(t, c, ts.URL, short(6))
	waitRun(t, c, ts.URL, id)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/runs/" + id + "/files/..%2Fmeta.json", 404},
		{"GET", "/runs/" + id + "/files/..%2F..%2F..%2Fetc%2Fpasswd", 404},
		{"GET", "/runs/" + id + "/files/%2Fetc%2Fpasswd", 404},
		{"GET", "/runs/" + id + "/files/nonexistent.csv", 404},
		{"GET", "/runs/" + id + "/files/.staging", 404},
		{"GET", "/runs/" + id + "/files/", 404},
		{"GET", "/runs/..%2F..%2Fetc/report", 404},
		{"GET", "/runs/0123456789abcdef/report", 404},
		{"GET", "/runs/0123456789ABCDEF", 404},
		{"GET", "/runs/" + id + "x/report", 404},
		{"GET", "/analyses/" + id, 404}, // a run is not an analysis
		{"GET", "/compare?a=" + id + "&b=../../x", 404},
		{"GET", "/scenario?from=zzzz", 404},
		{"GET", "/nothing", 404},
		{"GET", "/runs", 405},
		{"DELETE", "/", 405},
		{"PUT", "/runs", 405},
		{"GET", "/validate", 405},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		r := do(t, c, req)
		if r.status != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, r.status, tc.status)
		}
		if strings.Contains(r.body, "root:") {
			t.Errorf("%s %s served a system file", tc.method, tc.path)
		}
	}
	// Redirect-cleaned traversal never reaches a file outside the data.
	r := get(t, c, ts.URL+"/runs/"+id+"/files/../../../../etc/passwd")
	if r.status == 200 || strings.Contains(r.body, "root:") {
		t.Errorf("dot-dot path: %d", r.status)
	}
}

func TestHostAndOriginGuards(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{})
	for _, tc := range []struct {
		name, method, host, origin string
		status                     int
	}{
		{"loopback ip", "GET", "127.0.0.1:80", "", 200},
		{"localhost", "GET", "localhost:8080", "", 200},
		{"ipv6 loopback", "GET", "[::1]:8080", "", 200},
		{"rebinding", "GET", "attacker.example:8080", "", 403},
		{"lan address", "GET", "192.168.1.5:8080", "", 403},
		{"cross-origin post", "POST", "", "http://attacker.example", 403},
		{"same-origin post", "POST", "", "self", 200},
		{"sandboxed frame (Origin: null)", "POST", "", "null", 403},
		{"no Origin", "POST", "", "none", 403},
		{"https origin to an http app", "POST", "", "https-self", 403},
		{"origin on another port", "POST", "", "other-port", 403},
		{"origin with a path", "POST", "", "self/", 403},
		{"origin as a bare host", "POST", "", "bare", 403},
	} {
		for _, path := range []string{"/validate", "/runs", "/upload/deals", "/upload/prices"} {
			if tc.status == 200 && path != "/validate" {
				continue // accepted posts elsewhere would start work
			}
			if tc.method == "GET" {
				path = "/"
			}
			req, _ := http.NewRequest(tc.method, ts.URL+path, strings.NewReader(short(6).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.host != "" {
				req.Host = tc.host
			}
			host := strings.TrimPrefix(ts.URL, "http://")
			switch tc.origin {
			case "":
			case "self":
				req.Header.Set("Origin", ts.URL)
			case "self/":
				req.Header.Set("Origin", ts.URL+"/")
			case "none":
				req.Header.Set("Origin", "") // removed by the test transport
			case "https-self":
				req.Header.Set("Origin", "https://"+host)
			case "other-port":
				req.Header.Set("Origin", ts.URL+"1")
			case "bare":
				req.Header.Set("Origin", host)
			default:
				req.Header.Set("Origin", tc.origin)
			}
			if r := do(t, c, req); r.status != tc.status {
				t.Errorf("%s %s: %d, want %d (%s)", tc.name, path, r.status, tc.status, r.body)
			}
		}
	}
	// A refused post starts nothing: no run was stored.
	if r := get(t, c, ts.URL+"/"); strings.Contains(r.body, "/runs/") {
		t.Error("a refused post started a run")
	}
	_, ts2, c2 := newTestServer(t, Config{AllowAnyHost: true})
	req, _ := http.NewRequest("GET", ts2.URL+"/", nil)
	req.Host = "bubblelab.example:80"
	if r := do(t, c2, req); r.status != 200 {
		t.Errorf("AllowAnyHost: %d", r.status)
	}
}

func TestMalformedUploads(t *testing.T) {
	t.Parallel()
	_, ts, c := newTestServer(t, Config{MaxUploadBytes: 32 << 10})
	deals := "id,date_announced,source_firm,target_firm,kind,amount_usd_bn,horizon_years\nX1,2025-01-01,OpenAI,Oracle,compute_purchase,30,5\nX2,2025-02-01,Oracle,OpenAI,equity_investment,10,\n"
	for _, tc := range []struct {
		name, path, field string
		data              string
		text              map[string]string
		status            int
		msg               string
	}{
		{"no file", "/upload/deals", "", "", nil, 400, "no file"},
		{"empty file", "/upload/deals", "deals", "", nil, 400, "no file"},
		{"wrong field", "/upload/deals", "prices", deals, nil, 400, "no file"},
		{"not a CSV", "/upload/deals", "deals", "\x00\x01\x02 hello", nil, 400, ""},
		{"missing column", "/upload/deals", "deals", "id,source_firm\nX,OpenAI\n", nil, 400, "column"},
		{"bad amount", "/upload/deals", "deals", strings.Replace(deals, ",30,", ",-30,", 1), nil, 400, "x.csv:2: field"},
		{"unknown failing firm", "/upload/deals", "deals", deals, map[string]string{"fail": "Nobody Inc"}, 400, "field fail"},
		{"long text field", "/upload/deals", "deals", deals, map[string]string{"fail": strings.Repeat("x", 300)}, 400, "longer than"},
		{"oversized file", "/upload/deals", "deals", deals + strings.Repeat("#", 40<<10), nil, 413, "limit"},
		{"few prices", "/upload/prices", "prices", string(pricesCSV(10, func(i int) float64 { return 1 })), nil, 400, "at least"},
		{"negative price", "/upload/prices", "prices", string(pricesCSV(60, func(i int) float64 { return float64(i - 5) })), nil, 400, "not positive"},
		{"bad date", "/upload/prices", "prices", "date,close\n2020-13-01,5\n", nil, 400, "x.csv:2: field"},
		{"unknown column", "/upload/prices", "prices", string(pricesCSV(60, func(i int) float64 { return 1 + float64(i) })), map[string]string{"column": "volume"}, 400, "volume"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := postUpload(t, c, ts.URL+tc.path, tc.field, "x.csv", []byte(tc.data), tc.text)
			if r.status != tc.status || !strings.Contains(r.body, tc.msg) {
				t.Errorf("status %d, want %d with %q: %s", r.status, tc.status, tc.msg, r.body)
			}
		})
	}
	// Not multipart at all.
	r := postForm(t, c, ts.URL+"/upload/deals", url.Values{"deals": {"x"}})
	if r.status != 400 || !strings.Contains(r.body, "multipart") {
		t.Errorf("form post to an upload: %d %s", r.status, r.body)
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"deals.csv":             "deals.csv",
		"../../etc/passwd":      "passwd",
		`C:\Users\me\deals.csv`: "deals.csv",
		"my deals (1).csv":      "my_deals_1_.csv",
		"..":                    "upload.csv",
		"":                      "upload.csv",
		"<script>.csv":          "_script_.csv",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
