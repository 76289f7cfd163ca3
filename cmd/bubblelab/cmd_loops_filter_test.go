package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLoopsCycleFilters runs loops on the shipped deals with --min-len,
// --through and --time-respecting and checks that the counts shrink as the
// filters say, that every listed cycle obeys them, and that bad values are
// bad input.
func TestLoopsCycleFilters(t *testing.T) {
	t.Parallel()
	count := func(args ...string) (int64, []loopsCycle) {
		t.Helper()
		code, stdout, stderr := runCLI(t, append([]string{"loops", "--json", "--count-only=false"}, args...)...)
		if code != exitOK {
			t.Fatalf("loops %v: exit %d: %s", args, code, stderr)
		}
		var rep struct {
			Cycles struct {
				Count int64        `json:"count"`
				Items []loopsCycle `json:"items"`
			} `json:"cycles"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		return rep.Cycles.Count, rep.Cycles.Items
	}
	all, _ := count()
	long, items := count("--min-len", "3")
	for _, c := range items {
		if c.Length < 3 {
			t.Fatalf("--min-len 3 listed a cycle of %d deals", c.Length)
		}
	}
	forward, _ := count("--time-respecting")
	nv, items := count("--through", "Nvidia")
	for _, c := range items {
		if !strings.Contains(strings.Join(c.Firms, ","), "Nvidia") {
			t.Fatalf("--through Nvidia listed %v", c.Firms)
		}
	}
	if !(long < all && forward < all && nv < all && long > 0 && forward > 0 && nv > 0) {
		t.Fatalf("counts: all %d, min-len 3 %d, time-respecting %d, through Nvidia %d", all, long, forward, nv)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"loops", "--min-len", "9"}, "--min-len"},
		{[]string{"loops", "--through", "Nvidiaa"}, "did you mean Nvidia"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("bubblelab %s: exit %d, %q; want exit 2 with %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}
