package psy

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestKernelsMatchLoops checks every generated kernel (matrix sizes 3 to 8,
// lags 0 to 5) against the looped code it replaces: the rank-one updates
// must be identical and the t-ratios equal to rounding.
func TestKernelsMatchLoops(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	for m := 3; m <= 8; m++ {
		unrolled := make([]float64, m*m)
		looped := make([]float64, m*m)
		v := make([]float64, m)
		rows := 5 * m
		for range rows {
			for i := range v {
				v[i] = rng.NormFloat64()
			}
			if !addRowUnrolled(unrolled, v, m) {
				t.Fatalf("no kernel for m = %d", m)
			}
			for i := 0; i < m; i++ {
				for j := 0; j <= i; j++ {
					looped[i*m+j] += v[i] * v[j]
				}
			}
		}
		for i := range looped {
			if unrolled[i] != looped[i] {
				t.Fatalf("m = %d: entry %d %v, loop %v", m, i, unrolled[i], looped[i])
			}
		}
		got, ok := tstatUnrolled(unrolled, m, rows)
		w := append([]float64(nil), looped...)
		want := tstatLast(w, make([]float64, m), m, rows)
		if !ok || math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("m = %d: t = %v (kernel %v), loop %v", m, got, ok, want)
		}
	}
	if addRowUnrolled(make([]float64, 81), make([]float64, 9), 9) {
		t.Error("a kernel for m = 9 exists but is not tested")
	}
}

// TestKernelsGenerated checks that kernels_gen.go is what gen_kernels.go
// writes, so that `go generate` is a no-op on a clean tree.
func TestKernelsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH")
	}
	out := filepath.Join(t.TempDir(), "kernels.out") // a .go argument would be taken for a source file
	if b, err := exec.Command(goTool, "run", "gen_kernels.go", out).CombinedOutput(); err != nil {
		t.Fatalf("go run gen_kernels.go: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("kernels_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("kernels_gen.go differs from what gen_kernels.go writes: run go generate ./bubbletest/psy")
	}
}
