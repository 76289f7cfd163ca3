package qmc

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// sobolBits is the number of bits of each coordinate; points up to index
// 2^32-1 are distinct.
const sobolBits = 32

// MaxSobolDim is the number of dimensions whose direction numbers are
// embedded.
const MaxSobolDim = 128

//go:embed joe-kuo-6.128
var joeKuoText string

// directionRow is one line of Joe and Kuo's file: the degree s of the
// primitive polynomial, its inner coefficients a, and the initial direction
// numbers m_1..m_s.
type directionRow struct {
	dim, s int
	a      uint32
	m      []uint32
}

// parseJoeKuo reads the embedded table. It is run once per Sobol value and
// panics only if the embedded file is corrupt, which the tests rule out.
func parseJoeKuo(text string) ([]directionRow, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	rows := make([]directionRow, 0, len(lines))
	for n, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) < 4 {
			return nil, fmt.Errorf("joe-kuo line %d: %d fields", n+2, len(f))
		}
		var v [3]int
		for i := range v {
			x, err := strconv.Atoi(f[i])
			if err != nil {
				return nil, fmt.Errorf("joe-kuo line %d: %w", n+2, err)
			}
			v[i] = x
		}
		r := directionRow{dim: v[0], s: v[1], a: uint32(v[2])}
		if len(f)-3 != r.s {
			return nil, fmt.Errorf("joe-kuo line %d: degree %d with %d direction numbers", n+2, r.s, len(f)-3)
		}
		for _, s := range f[3:] {
			x, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("joe-kuo line %d: %w", n+2, err)
			}
			r.m = append(r.m, uint32(x))
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Sobol is the first Dim dimensions of the Sobol sequence. The zero value
// is not usable; call NewSobol. A Sobol is read-only after construction and
// safe for concurrent use.
type Sobol struct {
	dim int
	// v[k][j] is direction number j of dimension k, scaled to 32 bits:
	// v_{k,j} = m_{k,j+1} / 2^{j+1} as a binary fraction.
	v [][sobolBits]uint32
}

// NewSobol returns the Sobol sequence in dim dimensions, 1 <= dim <=
// MaxSobolDim.
func NewSobol(dim int) (*Sobol, error) {
	if dim < 1 || dim > MaxSobolDim {
		return nil, fmt.Errorf("qmc: Sobol dimension %d outside 1..%d", dim, MaxSobolDim)
	}
	rows, err := parseJoeKuo(joeKuoText)
	if err != nil {
		return nil, err
	}
	s := &Sobol{dim: dim, v: make([][sobolBits]uint32, dim)}
	// Dimension 1 is the van der Corput sequence in base 2.
	for j := range sobolBits {
		s.v[0][j] = 1 << (sobolBits - 1 - j)
	}
	for k := 1; k < dim; k++ {
		r := rows[k-1]
		v := &s.v[k]
		for j := 0; j < r.s && j < sobolBits; j++ {
			v[j] = r.m[j] << (sobolBits - 1 - j)
		}
		// Bratley and Fox (1988), eq. (3) in the notation of Joe and Kuo:
		// v_j = a_1 v_{j-1} ^ ... ^ a_{s-1} v_{j-s+1} ^ v_{j-s} ^ (v_{j-s} >> s).
		for j := r.s; j < sobolBits; j++ {
			x := v[j-r.s] ^ (v[j-r.s] >> r.s)
			for i := 1; i < r.s; i++ {
				if (r.a>>(r.s-1-i))&1 == 1 {
					x ^= v[j-i]
				}
			}
			v[j] = x
		}
	}
	return s, nil
}

// Dim returns the number of dimensions.
func (s *Sobol) Dim() int { return s.dim }

// PointBits writes the coordinates of point i as 32-bit binary fractions
// (coordinate = bits / 2^32) into dst, which must have length Dim.
func (s *Sobol) PointBits(i uint32, dst []uint32) {
	g := i ^ (i >> 1)
	for k := range s.dim {
		var x uint32
		for j, b := 0, g; b != 0; j, b = j+1, b>>1 {
			if b&1 == 1 {
				x ^= s.v[k][j]
			}
		}
		dst[k] = x
	}
}

// Point writes the coordinates of point i, in [0, 1), into dst, which must
// have length Dim. Point 0 is the origin.
func (s *Sobol) Point(i uint32, dst []float64) {
	bits := make([]uint32, s.dim)
	s.PointBits(i, bits)
	for k, b := range bits {
		dst[k] = float64(b) / (1 << sobolBits)
	}
}
