package calibrate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinySpec = `name: tiny
seed: 5
seeds: 2
parameters:
  - {path: markets.fundamental_news, min: 0.2, max: 1.2}
bootstrap: {replications: 20}
smm: {global: 4, local: 4}
abc: {particles: 4, generations: 2, quantile: 0.5, max_proposals: 16}
`

// The same spec and seed give byte-identical outputs in two folders, and a
// rerun into a finished folder simulates nothing and writes the same.
func TestRunDeterministicAndResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the model")
	}
	spec, err := ParseSpec([]byte(tinySpec), "tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if _, err := Run(context.Background(), spec, Options{Dir: d, Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(d, f string) []byte {
		b, err := os.ReadFile(filepath.Join(d, f))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, f := range []string{"calibration.json", "posterior.csv", "estimate.yaml"} {
		if !bytes.Equal(read(dirs[0], f), read(dirs[1], f)) {
			t.Errorf("%s differs between two runs of the same spec", f)
		}
	}
	rep, err := Run(context.Background(), spec, Options{Dir: dirs[0], Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Simulated != 0 || rep.Reused == 0 {
		t.Errorf("rerun simulated %d points, reused %d", rep.Simulated, rep.Reused)
	}
	if !bytes.Equal(read(dirs[0], "posterior.csv"), read(dirs[1], "posterior.csv")) {
		t.Error("posterior changed on resume")
	}
	if h := strings.SplitN(string(read(dirs[0], "posterior.csv")), "\n", 2)[0]; h != "param.markets.fundamental_news,weight,distance" {
		t.Errorf("posterior header %q", h)
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"parameters:\n  - {path: no.such, min: 0, max: 1}\n", "not a parameter"},
		{"parameters:\n  - {path: markets.fundamental_news, min: 1, max: 0.5}\n", "max"},
		{"parameters:\n  - {path: markets.fundamental_news, min: 0, max: 1}\nfit: {from: 2023-01, to: 2026-02}\n", "holdout"},
		{"parameters:\n  - {path: markets.fundamental_news, min: 0, max: 1}\nbogus: 1\n", "bogus"},
	} {
		_, err := ParseSpec([]byte(c.yaml), "s.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "s.yaml") {
			t.Errorf("%q: error %v, want one naming s.yaml and %q", c.yaml, err, c.want)
		}
	}
}
