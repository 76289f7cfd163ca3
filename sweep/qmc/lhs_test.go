package qmc

import (
	"fmt"
	"testing"
)

// Every stratum of every dimension holds exactly one point, for sizes that
// are and are not powers of two (cycle walking).
func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 5, 16, 17, 100, 1000, 4099} {
		for _, seed := range []uint64{0, 1, 12345} {
			h := LatinHypercube{N: n, Dim: 4, Seed: seed}
			seen := make([][]bool, h.Dim)
			for k := range seen {
				seen[k] = make([]bool, n)
			}
			x := make([]float64, h.Dim)
			for i := range n {
				if err := h.Point(i, x); err != nil {
					t.Fatal(err)
				}
				for k, v := range x {
					if !(v >= 0 && v < 1) {
						t.Fatalf("n=%d point %d dim %d = %v outside [0,1)", n, i, k, v)
					}
					j := uint64(v * float64(n))
					if seen[k][j] {
						t.Fatalf("n=%d seed %d dim %d: stratum %d holds two points", n, seed, k, j)
					}
					seen[k][j] = true
				}
			}
		}
	}
}

// The design depends on the seed and on nothing else: the same point twice
// is identical, another seed gives another design, and dimensions are not
// copies of each other.
func TestLatinHypercubeSeeded(t *testing.T) {
	a := LatinHypercube{N: 50, Dim: 3, Seed: 7}
	b := LatinHypercube{N: 50, Dim: 3, Seed: 8}
	x, y, z := make([]float64, 3), make([]float64, 3), make([]float64, 3)
	same, diffDims := 0, 0
	for i := range uint64(50) {
		a.Point(i, x)
		a.Point(i, z)
		b.Point(i, y)
		if x != nil && fmt.Sprint(x) != fmt.Sprint(z) {
			t.Fatalf("point %d not reproducible", i)
		}
		if x[0] == y[0] {
			same++
		}
		if int(x[0]*50) != int(x[1]*50) {
			diffDims++
		}
	}
	if same > 2 {
		t.Errorf("seeds 7 and 8 share %d coordinates", same)
	}
	if diffDims < 40 {
		t.Errorf("dimensions 1 and 2 share strata at %d of 50 points", 50-diffDims)
	}
}

func TestLatinHypercubeErrors(t *testing.T) {
	h := LatinHypercube{N: 4, Dim: 2}
	if err := h.Point(4, make([]float64, 2)); err == nil {
		t.Error("point 4 of 4 accepted")
	}
	if err := h.Point(0, make([]float64, 3)); err == nil {
		t.Error("wrong dst length accepted")
	}
	if err := (LatinHypercube{}).Point(0, nil); err == nil {
		t.Error("empty design accepted")
	}
}

// Mix64 test vectors: the outputs of SplitMix64 seeded with 0 are Mix64 of
// 0, γ, 2γ, ... (γ = 0x9e3779b97f4a7c15 is added inside Mix64), as in
// Vigna's reference splitmix64.c: e220a8397b1dcdaf, 6e789e6aa1b965f4,
// 06c45d188009454f.
func TestMix64(t *testing.T) {
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	for i, w := range want {
		if got := Mix64(uint64(i) * 0x9e3779b97f4a7c15); got != w {
			t.Errorf("Mix64(%d·γ) = %#x, want %#x", i, got, w)
		}
	}
}

func ExampleLatinHypercube() {
	h := LatinHypercube{N: 4, Dim: 2, Seed: 1}
	x := make([]float64, 2)
	for i := range uint64(4) {
		h.Point(i, x)
		fmt.Printf("point %d: strata %d %d\n", i, int(x[0]*4), int(x[1]*4))
	}
	// Output:
	// point 0: strata 2 3
	// point 1: strata 3 1
	// point 2: strata 1 2
	// point 3: strata 0 0
}

func ExampleSobol() {
	s, _ := NewSobol(2)
	x := make([]float64, 2)
	for i := range uint32(4) {
		s.Point(i, x)
		fmt.Println(x)
	}
	// Output:
	// [0 0]
	// [0.5 0.5]
	// [0.75 0.25]
	// [0.25 0.75]
}

// Across keys, even consecutive ones, the permutation of a small design is
// close to uniform over all n! orderings: 1200 keys give each of the 6
// orderings of 3 points 200 times in expectation (standard deviation 13);
// each count must lie within 6 standard deviations.
func TestLatinHypercubePermutationsUniform(t *testing.T) {
	counts := map[[3]uint64]int{}
	for seed := range uint64(1200) {
		var p [3]uint64
		for i := range uint64(3) {
			p[i] = permute(i, 3, seed)
		}
		counts[p]++
	}
	if len(counts) != 6 {
		t.Fatalf("%d orderings seen, want 6: %v", len(counts), counts)
	}
	for p, c := range counts {
		if c < 200-6*13 || c > 200+6*13 {
			t.Errorf("ordering %v seen %d times", p, c)
		}
	}
}
