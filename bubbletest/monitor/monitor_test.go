package monitor

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// testConfig is small enough for a test: short windows, few replications.
func testConfig() Config {
	return Config{Log: true, From: "2024-03-01", MinWindow: 20, Horizon: 20, Reps: 60, Seed: 3,
		LPPLSMaxWindow: 60, LPPLSMinWindow: 30, LPPLSStep: 15, LPPLSStarts: 1, LPPLSEvery: 7, LPPLSAlert: 0.1}
}

// TestLPPLSLatest checks that the newest date of each call gets an
// indicator when LPPLSLatest is set, and other dates only by cadence.
func TestLPPLSLatest(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig()
	cfg.LPPLSEvery, cfg.LPPLSLatest = 0, true
	s, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dates, p := boom(150, 4)
	for _, cut := range []int{100, 130, 150} {
		rows, err := s.Update(ctx, "X", dates[:cut], p[:cut])
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if got, want := r.LPPLSDate == r.Date, i == len(rows)-1; got != want {
				t.Fatalf("cut %d, row %d (%s): LPPLS computed %v, want %v", cut, i, r.Date, got, want)
			}
		}
	}
}

// boom is a daily series that walks, then grows explosively, then falls.
func boom(n int, seed uint64) ([]time.Time, []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var dates []time.Time
	var p []float64
	lp := 4.0
	for i := 0; i < n; i++ {
		switch {
		case i > n/2 && i < 3*n/4:
			lp += 0.02 + 0.004*rng.NormFloat64()
		default:
			lp += 0.01 * rng.NormFloat64()
		}
		dates = append(dates, d)
		p = append(p, math.Exp(lp))
		d = d.AddDate(0, 0, 1)
	}
	return dates, p
}

func saveLoad(t *testing.T, s *State) *State {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Unmarshal(b, "state")
	if err != nil {
		t.Fatal(err)
	}
	return s2
}

// TestUpdateResumes checks that monitoring in several calls, with the state
// saved and restored between them, gives the rows of a single call, and
// that every monitored BSADF equals a full batch recomputation.
func TestUpdateResumes(t *testing.T) {
	ctx := context.Background()
	dates, p := boom(240, 1)
	one, err := New(ctx, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	all, err := one.Update(ctx, "X", dates, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 240-60 { // 2024-01-01 .. 2024-02-29 is training
		t.Fatalf("%d rows, want 180", len(all))
	}
	var split []Row
	s := saveLoad(t, one) // carries the threshold; the series is replaced below
	s.Series = nil
	for _, cut := range []int{10, 61, 62, 150, 240} {
		rows, err := s.Update(ctx, "X", dates[:cut], p[:cut])
		if err != nil {
			t.Fatal(err)
		}
		split = append(split, rows...)
		s = saveLoad(t, s)
	}
	if !reflect.DeepEqual(nanless(all), nanless(split)) {
		t.Fatalf("rows differ between one call and five:\n%v\n%v", all[:3], split[:3])
	}
	want, err := one.Recompute("X")
	if err != nil {
		t.Fatal(err)
	}
	got := s.Lookup("X").BSADF()
	if len(got) != len(want) {
		t.Fatalf("%d BSADF values, want %d", len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("BSADF %d: %v, batch %v", i, got[i], want[i])
		}
	}
	var bubble, lpplsDates int
	for _, r := range all {
		if r.Status == StatusBubble {
			bubble++
			if r.Since == "" || r.Since > r.Date {
				t.Fatalf("%s: bubble since %q", r.Date, r.Since)
			}
		}
		if r.LPPLSDate == r.Date {
			lpplsDates++
		}
	}
	if bubble == 0 {
		t.Fatal("no bubble dates in an explosive series")
	}
	if lpplsDates != (180+6)/7 {
		t.Fatalf("LPPLS computed at %d dates, want every 7th of 180", lpplsDates)
	}
}

// nanless replaces NaNs, which DeepEqual never equates, by a sentinel.
func nanless(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		for _, f := range []*float64{&r.BSADF, &r.PValue, &r.LPPLSPositive, &r.LPPLSNegative} {
			if math.IsNaN(*f) {
				*f = -999
			}
		}
		out[i] = r
	}
	return out
}

func TestUpdateBadInput(t *testing.T) {
	ctx := context.Background()
	dates, p := boom(100, 2)
	s, err := New(ctx, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(ctx, "X", dates[:80], p[:80]); err != nil {
		t.Fatal(err)
	}
	revised := append([]float64(nil), p...)
	revised[5] *= 1.01
	back := append([]time.Time(nil), dates...)
	back[90] = back[89]
	neg := append([]float64(nil), p...)
	neg[85] = -1
	for _, c := range []struct {
		name  string
		dates []time.Time
		p     []float64
		want  string
	}{
		{"revised", dates, revised, "revised"},
		{"shorter", dates[:50], p[:50], "fewer"},
		{"not increasing", back, p, "does not follow"},
		{"negative", dates, neg, "logarithm"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Update(ctx, "X", c.dates, c.p)
			if !inputerr.Is(err) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want bad input mentioning %q", err, c.want)
			}
		})
	}
	for _, cfg := range []func(*Config){
		func(c *Config) { c.From = "2024-13-01" },
		func(c *Config) { c.MinWindow = 2 },
		func(c *Config) { c.Horizon = 0 },
		func(c *Config) { c.LPPLSStep = 0 },
		func(c *Config) { c.LPPLSAlert = 0 },
	} {
		c := testConfig()
		cfg(&c)
		if _, err := New(ctx, c); !inputerr.Is(err) {
			t.Fatalf("New(%+v) = %v, want bad input", c, err)
		}
	}
	if _, err := Unmarshal([]byte("not a state"), "f"); !inputerr.Is(err) {
		t.Fatalf("Unmarshal(junk) = %v", err)
	}
}

func TestLatestOrder(t *testing.T) {
	s := &State{Series: []*Series{
		{Name: "B", Rows: []Row{{Series: "B", Status: StatusCalm}}},
		{Name: "A", Rows: []Row{{Series: "A", Status: StatusCalm}}},
		{Name: "C", Rows: []Row{{Series: "C", Status: StatusCalm}, {Series: "C", Status: StatusBubble}}},
		{Name: "D"},
		{Name: "E", Rows: []Row{{Series: "E", Status: StatusWarning}}},
	}}
	var got []string
	for _, r := range s.Latest() {
		got = append(got, r.Series)
	}
	if strings.Join(got, "") != "CEAB" {
		t.Fatalf("order %v, want C E A B", got)
	}
}
