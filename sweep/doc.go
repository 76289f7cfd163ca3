// Package sweep provides Monte Carlo sweeps of the bubblelab model that run
// the same way on one laptop and on a cluster: a YAML spec of the base
// scenario, the seeds and the parameters to vary (grid, Latin hypercube,
// the Saltelli scheme for Sobol indices, an explicit table of points, or
// weighted draws from a posterior sample); deterministic run identities and
// seeds; sharding into contiguous slices for Slurm job arrays and
// Kubernetes Indexed Jobs; resumable, atomic Parquet part files; and a
// merge that checks every run is present exactly once and aggregates the
// runs into burst probabilities by year, quantiles of every outcome, Sobol
// indices and early-warning scores.
//
// # Runs and seeds
//
// A sweep has Points design points and Replications runs per point; run k
// is point k / Replications, replication k % Replications. Its seed is
// RunSeed(master, stream), SplitMix64 output number stream for the master
// seed, where stream is k (seeds: independent), the replication (seeds:
// common), or, under Saltelli with common seeds, base sample j ·
// Replications + replication so that A_j, B_j and every AB_ij share a
// seed. Nothing depends on the number of workers, the batch size or the
// sharding.
//
// # Shards and parts
//
// Shard i of N owns the contiguous runs [⌊i·R/N⌋, ⌊(i+1)·R/N⌋) of a sweep
// of R runs. Workers simulate batches of consecutive runs, handed out one
// at a time (the first of each worker one run long, then doubling up to the
// batch size), and write each batch as parts/runs-LO-HI-SUM.parquet (and
// parts/months-LO-HI-SUM.parquet when monthly series are kept) through a
// temporary file renamed to a name carrying SUM, the start of the file's
// SHA-256; a batch is finished when its runs part exists. A rerun skips
// finished runs whose parts match their checksums (re-running damaged
// ones), removes its shard's leftover temporary files and month parts
// without a runs part, and runs the rest, so SIGKILL loses at most the
// batches in flight. shards/shard-I-of-N.json marks a finished shard. The
// manifest sweep.json is checked and written under the lock sweep.lock.
//
// # Merge
//
// Merge reads the parts of one or more folders, checks coverage (missing
// ranges are reported with the shards that own them; overlapping parts are
// an error), and writes the runs in run order with the aggregate. Columns
// of the runs table come from reflection over sim.RunMetrics, so fields
// the model adds become columns and measures without changes here; every
// numeric column that is not an index, a parameter (param.*), an
// early-warning column (ew_*) or a calendar year is summarised.
//
// Sub-packages: qmc (Sobol sequence with Joe–Kuo direction numbers, Latin
// hypercube by keyed permutation) and sensitivity (Saltelli and Jansen
// estimators with bootstrap intervals). docs/sweep.md documents the spec,
// docs/cluster.md running on Slurm and Kubernetes.
package sweep
