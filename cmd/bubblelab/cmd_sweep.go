package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/results"
	"github.com/bubblelab/bubblelab/sweep"
)

type sweepOptions struct {
	out     string
	workers int
	shard   string
	shards  int
	batch   int
	quiet   bool
	json    bool
	emit    emitOptions
}

func newSweepCmd() *cobra.Command {
	var o sweepOptions
	cmd := &cobra.Command{
		Use:   "sweep SPEC --out DIR",
		Short: "Run a Monte Carlo sweep of the model on all cores, a shard of a cluster job, or write the job",
		Long: `Run the runs of a sweep spec (docs/sweep.md): a base scenario, seeds, parameters
varied on a grid, a Latin hypercube or the Saltelli scheme for Sobol indices.

Each run's seed is derived from the spec's master seed and the run's index, so
results do not depend on the number of workers, their order or the sharding.
Finished runs are written in batches as Parquet part files under DIR/parts,
each written to a temporary file and renamed; interrupted (Ctrl-C, SIGKILL, a
lost node) and rerun with the same command, the sweep resumes and loses no
finished run. Combine the parts with 'bubblelab merge DIR'.

Sharding: --shard i/N runs the i-th of N contiguous slices of the runs. Without
it, the shard comes from a Slurm job array (SLURM_ARRAY_TASK_ID and
SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with
--shards N or BUBBLELAB_SHARDS), else the whole sweep runs here.

--emit slurm writes an sbatch script for a job array, --emit k8s an Indexed Job
manifest, to standard output; see docs/cluster.md.`,
		Example: `  bubblelab sweep sweep.yaml --out out/sw
  bubblelab sweep sweep.yaml --out out/sw --shard 2/8
  bubblelab sweep sweep.yaml --out /scratch/sw --emit slurm --tasks 100 --throttle 20 > sw.sbatch
  bubblelab sweep sweep.yaml --out /data/sw --emit k8s --tasks 50 --image registry/bubblelab:v1 --pvc results > job.yaml`,
		Args: rangeArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweep(cmd, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "output folder (required); shards of one sweep may share it")
	f.IntVar(&o.workers, "workers", 0, "runs simulated at once (default: SLURM_CPUS_PER_TASK, else all cores)")
	f.StringVar(&o.shard, "shard", "", "run shard i of N (i/N, 0-based) instead of the whole sweep")
	f.IntVar(&o.shards, "shards", 0, "number of shards, with the index taken from the array job's environment")
	f.IntVar(&o.batch, "batch", 0, "runs per part file (default: the spec's outputs.batch_runs, else automatic)")
	f.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	addEmitFlags(cmd, &o.emit)
	return cmd
}

func runSweep(cmd *cobra.Command, specPath string, o sweepOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if o.out == "" {
		return usageError{fmt.Errorf("%s: --out DIR is required", cmd.CommandPath())}
	}
	spec, err := sweep.LoadSpec(specPath)
	if err != nil {
		return err
	}
	plan, err := sweep.NewPlan(spec)
	if err != nil {
		return err
	}
	if o.emit.kind != "" {
		return emitJob(stdout, stderr, specPath, o, plan)
	}
	sh, source, err := resolveShard(o.shard, o.shards, os.Getenv)
	if err != nil {
		return err
	}
	workers, err := resolveWorkers(o.workers, os.Getenv)
	if err != nil {
		return err
	}
	opt := sweep.Options{Dir: o.out, Shard: sh, Workers: workers, BatchRuns: o.batch}
	if !o.quiet {
		opt.Progress = stderr
		opt.Log = stderr
	}
	if lo, hi := sh.Range(plan.Runs); !o.quiet && hi == lo {
		fmt.Fprintf(stderr, "shard %s owns no runs: the sweep has %d runs for %d shards\n", sh, plan.Runs, sh.Count)
	}
	rep, err := sweep.Run(cmd.Context(), plan, opt)
	if err != nil {
		return fmt.Errorf("sweep %s: %w", spec.Name, err)
	}
	if o.quiet {
		return nil
	}
	if o.json {
		return results.EncodeJSON(stdout, struct {
			Sweep       string `json:"sweep"`
			Fingerprint string `json:"fingerprint"`
			Out         string `json:"out"`
			Shard       string `json:"shard"`
			ShardFrom   string `json:"shard_from"`
			FirstRun    int64  `json:"first_run"`
			EndRun      int64  `json:"end_run"`
			AlreadyDone int64  `json:"already_done"`
			Ran         int64  `json:"ran"`
			Parts       int    `json:"parts"`
			Workers     int    `json:"workers"`
			TotalRuns   int64  `json:"total_runs"`
		}{spec.Name, plan.Fingerprint, o.out, sh.String(), source, rep.FirstRun, rep.EndRun, rep.AlreadyDone, rep.Ran, rep.Parts, rep.WorkersUsed, plan.Runs})
	}
	fmt.Fprintf(stdout, "sweep %s, shard %s (%s): runs %d-%d of %d done (%d were already done, %d run now, %d part files) in %s\n",
		spec.Name, sh, source, rep.FirstRun, rep.EndRun-1, plan.Runs, rep.AlreadyDone, rep.Ran, rep.Parts, o.out)
	if sh.Count == 1 {
		fmt.Fprintf(stdout, "Merge with: bubblelab merge %s\n", o.out)
	} else {
		fmt.Fprintf(stdout, "When all %d shards are done, merge with: bubblelab merge %s\n", sh.Count, o.out)
	}
	return nil
}

// resolveShard chooses the shard: --shard i/N; else a Slurm array task
// (index from SLURM_ARRAY_TASK_ID; count from --shards, or relative to
// SLURM_ARRAY_TASK_MIN/STEP out of SLURM_ARRAY_TASK_COUNT); else a
// Kubernetes Indexed Job (JOB_COMPLETION_INDEX with --shards or
// BUBBLELAB_SHARDS); else the whole sweep. source says which.
func resolveShard(flag string, shards int, getenv func(string) string) (sweep.Shard, string, error) {
	if shards < 0 {
		return sweep.Shard{}, "", inputerr.Errorf("--shards %d: want a positive count", shards)
	}
	if flag != "" {
		sh, err := sweep.ParseShard(flag)
		if err != nil {
			return sh, "", err
		}
		if shards != 0 && shards != sh.Count {
			return sh, "", inputerr.Errorf("--shard %s and --shards %d disagree", flag, shards)
		}
		return sh, "--shard", nil
	}
	num := func(name string, def int) (int, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, inputerr.Errorf("%s=%q is not a whole number", name, v)
		}
		return n, nil
	}
	if getenv("SLURM_ARRAY_TASK_ID") != "" {
		id, err := num("SLURM_ARRAY_TASK_ID", 0)
		if err != nil {
			return sweep.Shard{}, "", err
		}
		if shards > 0 {
			sh := sweep.Shard{Index: id, Count: shards}
			if id >= shards {
				return sh, "", inputerr.Errorf("SLURM_ARRAY_TASK_ID=%d is not below --shards %d: submit the array as --array=0-%d", id, shards, shards-1)
			}
			return sh, "Slurm array task", nil
		}
		count, err := num("SLURM_ARRAY_TASK_COUNT", 0)
		if err != nil {
			return sweep.Shard{}, "", err
		}
		lo, err := num("SLURM_ARRAY_TASK_MIN", 0)
		if err != nil {
			return sweep.Shard{}, "", err
		}
		step, err := num("SLURM_ARRAY_TASK_STEP", 1)
		if err != nil {
			return sweep.Shard{}, "", err
		}
		if count == 0 || step == 0 || id < lo || (id-lo)%step != 0 {
			return sweep.Shard{}, "", inputerr.Errorf("cannot place SLURM_ARRAY_TASK_ID=%d in an array of SLURM_ARRAY_TASK_COUNT=%d from SLURM_ARRAY_TASK_MIN=%d in steps of %d; pass --shards N", id, count, lo, step)
		}
		sh := sweep.Shard{Index: (id - lo) / step, Count: count}
		if sh.Index >= sh.Count {
			return sh, "", inputerr.Errorf("Slurm array task %d is beyond the array's %d tasks; pass --shards N", id, count)
		}
		return sh, "Slurm array task", nil
	}
	if getenv("JOB_COMPLETION_INDEX") != "" {
		id, err := num("JOB_COMPLETION_INDEX", 0)
		if err != nil {
			return sweep.Shard{}, "", err
		}
		if shards == 0 {
			if shards, err = num("BUBBLELAB_SHARDS", 0); err != nil {
				return sweep.Shard{}, "", err
			}
		}
		if shards == 0 {
			return sweep.Shard{}, "", inputerr.Errorf("JOB_COMPLETION_INDEX=%d is set but the number of shards is not: pass --shards N (the Job's completions) or set BUBBLELAB_SHARDS", id)
		}
		sh := sweep.Shard{Index: id, Count: shards}
		if id >= shards {
			return sh, "", inputerr.Errorf("JOB_COMPLETION_INDEX=%d is not below the %d shards", id, shards)
		}
		return sh, "Kubernetes completion index", nil
	}
	if shards > 1 {
		return sweep.Shard{}, "", inputerr.Errorf("--shards %d needs an array index (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX); to run one shard here use --shard i/%d", shards, shards)
	}
	return sweep.Shard{Index: 0, Count: 1}, "whole sweep", nil
}

// resolveWorkers chooses the number of workers: --workers, else the CPUs
// Slurm gave the task, else all cores.
func resolveWorkers(flag int, getenv func(string) string) (int, error) {
	if flag < 0 {
		return 0, inputerr.Errorf("--workers %d: want a positive number", flag)
	}
	if flag > 0 {
		return flag, nil
	}
	if v := getenv("SLURM_CPUS_PER_TASK"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n, nil
		}
	}
	return runtime.GOMAXPROCS(0), nil
}
