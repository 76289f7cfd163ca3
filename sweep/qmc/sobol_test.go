package qmc

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// gf2MulMod returns a*b mod p over GF(2), for p of degree s <= 31.
func gf2MulMod(a, b, p uint64, s int) uint64 {
	var r uint64
	for b != 0 {
		if b&1 == 1 {
			r ^= a
		}
		b >>= 1
		a <<= 1
		if a>>s&1 == 1 {
			a ^= p
		}
	}
	return r
}

func gf2PowX(e, p uint64, s int) uint64 {
	result, base := uint64(1), uint64(2)%p
	if s == 1 {
		base = 1 // x = 1 mod (x+1)
	}
	for e > 0 {
		if e&1 == 1 {
			result = gf2MulMod(result, base, p, s)
		}
		base = gf2MulMod(base, base, p, s)
		e >>= 1
	}
	return result
}

func primeFactors(n uint64) []uint64 {
	var f []uint64
	for q := uint64(2); q*q <= n; q++ {
		if n%q == 0 {
			f = append(f, q)
			for n%q == 0 {
				n /= q
			}
		}
	}
	if n > 1 {
		f = append(f, n)
	}
	return f
}

// primitive reports whether x^s + a_1 x^{s-1} + ... + a_{s-1} x + 1 (the
// inner coefficients are the bits of a, a_1 the highest) is primitive over
// GF(2): x has order 2^s - 1 modulo it.
func primitive(s int, a uint64) bool {
	p := uint64(1)<<s | a<<1 | 1
	order := uint64(1)<<s - 1
	if gf2PowX(order, p, s) != 1 {
		return false
	}
	for _, q := range primeFactors(order) {
		if q != order && gf2PowX(order/q, p, s) == 1 {
			return false
		}
	}
	return true
}

// The embedded table must be Joe and Kuo's: for each degree, the primitive
// polynomials in increasing order of a (all of them up to degree 9, whose
// counts are phi(2^s-1)/s = 1, 1, 2, 2, 6, 6, 18, 16, 48), and valid
// initial direction numbers (odd, m_i < 2^i).
func TestJoeKuoTable(t *testing.T) {
	rows, err := parseJoeKuo(joeKuoText)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != MaxSobolDim-1 {
		t.Fatalf("%d rows, want %d", len(rows), MaxSobolDim-1)
	}
	byDegree := map[int][]uint64{}
	for i, r := range rows {
		if r.dim != i+2 {
			t.Errorf("row %d is dimension %d", i, r.dim)
		}
		for j, m := range r.m {
			if m%2 == 0 || m >= 1<<(j+1) {
				t.Errorf("dimension %d: m_%d = %d is not odd and below 2^%d", r.dim, j+1, m, j+1)
			}
		}
		byDegree[r.s] = append(byDegree[r.s], uint64(r.a))
	}
	wantCount := map[int]int{1: 1, 2: 1, 3: 2, 4: 2, 5: 6, 6: 6, 7: 18, 8: 16, 9: 48, 10: 27}
	for s := 1; s <= 10; s++ {
		var want []uint64
		for a := uint64(0); a < 1<<(s-1) && len(want) < wantCount[s]; a++ {
			if primitive(s, a) {
				want = append(want, a)
			}
		}
		if len(want) != wantCount[s] {
			t.Fatalf("degree %d: found %d primitive polynomials, want %d", s, len(want), wantCount[s])
		}
		got := byDegree[s]
		if len(got) != len(want) {
			t.Errorf("degree %d: table has %d polynomials, want %d", s, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("degree %d polynomial %d: a = %d, want %d", s, i, got[i], want[i])
			}
		}
	}
}

// The first eight points in three dimensions, worked by hand from the
// recurrence (dimension 3: m = 1, 3, polynomial x^2+x+1) and equal to
// SciPy's qmc.Sobol(d=3, scramble=False).random_base2(3).
func TestSobolFirstPoints(t *testing.T) {
	want := [][3]float64{
		{0, 0, 0}, {0.5, 0.5, 0.5}, {0.75, 0.25, 0.25}, {0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375},
	}
	s, err := NewSobol(3)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, 3)
	for i, w := range want {
		s.Point(uint32(i), got)
		for k := range w {
			if got[k] != w[k] {
				t.Errorf("point %d dimension %d = %v, want %v", i, k+1, got[k], w[k])
			}
		}
	}
}

// Peer run: every dimension up to 128 at small and large indices equals
// SciPy 1.10.1 (testdata/scipy_sobol.py).
func TestAgainstSciPy(t *testing.T) {
	f, err := os.Open("testdata/scipy_sobol.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := NewSobol(MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]uint32, MaxSobolDim)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != MaxSobolDim+1 {
			t.Fatalf("%d fields", len(fields))
		}
		idx, _ := strconv.ParseUint(fields[0], 10, 32)
		s.PointBits(uint32(idx), got)
		for k := range MaxSobolDim {
			want, _ := strconv.ParseUint(fields[k+1], 10, 32)
			// SciPy keeps 30 bits; points below 2^30 have no lower bits.
			if uint64(got[k]) != want<<2 {
				t.Errorf("point %d dimension %d: %d/2^32, SciPy %d/2^30", idx, k+1, got[k], want)
			}
		}
		n++
	}
	if n < 40 {
		t.Fatalf("only %d reference points", n)
	}
}

// The first 2^m points of every dimension are a (0,m,1)-net: each interval
// [j/2^m, (j+1)/2^m) holds exactly one of them.
func TestSobolStratification(t *testing.T) {
	s, err := NewSobol(MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	const m = 10
	counts := make([][]int, MaxSobolDim)
	for k := range counts {
		counts[k] = make([]int, 1<<m)
	}
	bits := make([]uint32, MaxSobolDim)
	for i := range uint32(1 << m) {
		s.PointBits(i, bits)
		for k, b := range bits {
			counts[k][b>>(32-m)]++
		}
	}
	for k := range counts {
		for j, c := range counts[k] {
			if c != 1 {
				t.Fatalf("dimension %d: interval %d holds %d points", k+1, j, c)
			}
		}
	}
}

func TestSobolDimRange(t *testing.T) {
	for _, d := range []int{0, -1, MaxSobolDim + 1} {
		if _, err := NewSobol(d); err == nil {
			t.Errorf("NewSobol(%d) succeeded", d)
		}
	}
}

// Integrating a smooth function converges at close to 1/N, far faster than
// Monte Carlo's 1/sqrt(N): the mean of prod_k (1 + (x_k - 1/2)) over [0,1)^8
// is 1, and 4096 Sobol points get within 1e-3.
func TestSobolIntegration(t *testing.T) {
	s, err := NewSobol(8)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 8)
	sum := 0.0
	const n = 4096
	for i := range uint32(n) {
		s.Point(i, x)
		p := 1.0
		for _, v := range x {
			p *= 1 + (v - 0.5)
		}
		sum += p
	}
	if err := math.Abs(sum/n - 1); err > 1e-3 {
		t.Errorf("integral error %g", err)
	}
}

func BenchmarkSobolPoint(b *testing.B) {
	s, err := NewSobol(20)
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float64, 20)
	for i := 0; b.Loop(); i++ {
		s.Point(uint32(i), x)
	}
}
