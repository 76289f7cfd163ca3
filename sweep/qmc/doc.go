// Package qmc provides the point sets that bubblelab's sweeps sample
// parameters from: the Sobol low-discrepancy sequence and Latin hypercube
// designs, both computed point by point so that any shard of a sweep can
// produce its own points without generating the others.
//
// # Sobol sequence
//
// Sobol is the unscrambled Sobol sequence in base 2 (Sobol' 1967) in the
// Gray-code order of Antonov and Saleev (1979), with the primitive
// polynomials and initial direction numbers of Joe and Kuo (2008), file
// new-joe-kuo-6.21201, whose first 128 dimensions are embedded
// (joe-kuo-6.128). Point i is the XOR of the direction numbers selected by
// the bits of gray(i) = i ^ (i >> 1), so it is computed directly from i.
// The sequence matches SciPy's scipy.stats.qmc.Sobol(scramble=False)
// point for point (testdata/scipy_sobol.csv).
//
// # Latin hypercube
//
// LatinHypercube places n points in [0,1)^d so that, in every dimension,
// each of the n strata [j/n, (j+1)/n) holds exactly one point (McKay,
// Beckman and Conover 1979). The stratum of point i in dimension k is a
// pseudo-random permutation of 0..n-1 evaluated at i: a keyed Feistel
// network with cycle walking (Black and Rogaway 2002), so a point costs
// O(d) time and no memory however large n is. The position within the
// stratum is uniform, drawn from a hash of (seed, k, i).
//
// # References
//
// Sobol', I.M. (1967). On the distribution of points in a cube and the
// approximate evaluation of integrals. USSR Computational Mathematics and
// Mathematical Physics 7(4), 86-112.
//
// Antonov, I.A. and Saleev, V.M. (1979). An economic method of computing
// LP_tau-sequences. USSR Computational Mathematics and Mathematical Physics
// 19(1), 252-256.
//
// Bratley, P. and Fox, B.L. (1988). Algorithm 659: Implementing Sobol's
// quasirandom sequence generator. ACM Transactions on Mathematical Software
// 14(1), 88-100.
//
// Joe, S. and Kuo, F.Y. (2008). Constructing Sobol sequences with better
// two-dimensional projections. SIAM Journal on Scientific Computing 30(5),
// 2635-2654. Direction numbers: https://web.maths.unsw.edu.au/~fkuo/sobol/
// (new-joe-kuo-6.21201).
//
// McKay, M.D., Beckman, R.J. and Conover, W.J. (1979). A comparison of
// three methods for selecting values of input variables in the analysis of
// output from a computer code. Technometrics 21(2), 239-245.
//
// Black, J. and Rogaway, P. (2002). Ciphers with arbitrary finite domains.
// CT-RSA 2002, LNCS 2271, 114-130.
package qmc
