package qmc

import (
	"fmt"
	"math/bits"
)

// LatinHypercube is a Latin hypercube design of N points in Dim
// dimensions, keyed by Seed. Point i is computed on its own in O(Dim) time.
type LatinHypercube struct {
	N    uint64
	Dim  int
	Seed uint64
}

// Point writes the coordinates of point i < N, in [0, 1), into dst (length
// Dim). In each dimension the N points fall one in each stratum
// [j/N, (j+1)/N).
func (h LatinHypercube) Point(i uint64, dst []float64) error {
	if h.N == 0 || i >= h.N {
		return fmt.Errorf("qmc: point %d of a %d-point Latin hypercube", i, h.N)
	}
	if len(dst) != h.Dim {
		return fmt.Errorf("qmc: %d coordinates for a %d-dimensional design", len(dst), h.Dim)
	}
	for k := range h.Dim {
		key := Mix64(h.Seed ^ Mix64(uint64(k)+1))
		stratum := permute(i, h.N, key)
		// 53 random bits for the position within the stratum.
		u := float64(Mix64(key^Mix64(i+0x5bd1e995))>>11) / (1 << 53)
		dst[k] = (float64(stratum) + u) / float64(h.N)
		if dst[k] >= 1 { // rounding at the top of the last stratum
			dst[k] = 1 - 0x1p-53
		}
	}
	return nil
}

// Mix64 is the output function of SplitMix64 (Steele, Lea and Flood 2014),
// a bijection on 64-bit words that spreads nearby inputs apart.
func Mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// minFeistelBits is the smallest domain of the Feistel network. On a
// handful of bits a few rounds reach only a small, structured set of
// permutations; on 12 bits they mix well, and cycle walking costs at most
// 2^12/n steps for the small designs that need it.
const minFeistelBits = 12

// permute maps i in [0, n) to a position in [0, n) by a pseudo-random
// permutation keyed by key: a balanced six-round Feistel network on the
// smallest even number of bits (at least minFeistelBits) that covers n,
// applied repeatedly until the result falls below n (cycle walking keeps it
// a permutation of [0, n)).
func permute(i, n, key uint64) uint64 {
	if n <= 1 {
		return 0
	}
	w := max(bits.Len64(n-1), minFeistelBits)
	if w%2 == 1 {
		w++
	}
	half := uint(w / 2)
	mask := uint64(1)<<half - 1
	var roundKeys [6]uint64
	for j := range roundKeys {
		roundKeys[j] = Mix64(key + uint64(j+1)*0xd1b54a32d192ed03)
	}
	x := i
	for {
		l, r := x>>half, x&mask
		for _, rk := range roundKeys {
			// Hashing r before mixing in the round key keeps keys that
			// differ in a few low bits from giving related permutations.
			f := Mix64(Mix64(r)^rk) & mask
			l, r = r, l^f
		}
		x = l<<half | r
		if x < n {
			return x
		}
	}
}
