# Regenerates testdata/scipy_sobol.csv, the reference points of the
# unscrambled Sobol sequence in 128 dimensions, from SciPy's implementation
# (scipy.stats.qmc.Sobol, which uses Joe and Kuo's new-joe-kuo-6.21201
# direction numbers), as a peer run for TestAgainstSciPy.
#
#   apt-get install python3-scipy   # Debian 12: SciPy 1.10.1
#   /usr/bin/python3 testdata/scipy_sobol.py > testdata/scipy_sobol.csv
import scipy
from scipy.stats import qmc

D = 128
INDICES = list(range(32)) + [1023, 1024, 2047, 4096, 65535, 100000, 1048575, 2**24 + 3, 2**29 + 12345]

print("# scipy %s qmc.Sobol(d=%d, scramble=False): index, then x*2^30 per dimension" % (scipy.__version__, D))
for i in INDICES:
    s = qmc.Sobol(d=D, scramble=False)
    if i > 0:
        s.fast_forward(i)
    x = s.random(1)[0]
    print(",".join([str(i)] + [str(int(round(v * 2**30))) for v in x]))
