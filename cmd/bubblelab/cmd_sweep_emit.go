package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/sweep"
)

// emitOptions are the flags of sweep --emit.
type emitOptions struct {
	kind      string // slurm or k8s
	tasks     int
	throttle  int
	cpus      int
	timeLimit string
	partition string
	mem       string
	bin       string
	image     string
	pvc       string
	mount     string
}

func addEmitFlags(cmd *cobra.Command, e *emitOptions) {
	f := cmd.Flags()
	f.StringVar(&e.kind, "emit", "", "write a cluster job instead of running: slurm (sbatch script) or k8s (Indexed Job manifest)")
	f.IntVar(&e.tasks, "tasks", 0, "--emit: array tasks / completions (default: about 2000 runs each, at most 1000)")
	f.IntVar(&e.throttle, "throttle", 0, "--emit: tasks running at once (default: min(tasks, 50))")
	f.IntVar(&e.cpus, "cpus", 4, "--emit: CPUs per task (workers)")
	f.StringVar(&e.timeLimit, "time", "", "--emit slurm: time limit per task (sbatch --time)")
	f.StringVar(&e.partition, "partition", "", "--emit slurm: partition")
	f.StringVar(&e.mem, "mem", "", "--emit: memory per task (sbatch --mem, e.g. 4G; k8s, e.g. 4Gi)")
	f.StringVar(&e.bin, "bin", "", "--emit slurm: path of the bubblelab binary on the cluster (default: this binary)")
	f.StringVar(&e.image, "image", "", "--emit k8s: container image with bubblelab on its PATH (required)")
	f.StringVar(&e.pvc, "pvc", "", "--emit k8s: PersistentVolumeClaim shared by all pods, for --out (required)")
	f.StringVar(&e.mount, "mount", "/data", "--emit k8s: where the claim is mounted; --out must lie under it")
}

// defaultTasks gives each task about 2000 runs, since every array task
// costs the scheduler about a second (see docs/cluster.md).
func defaultTasks(runs int64) int {
	t := (runs + 1999) / 2000
	return int(max(1, min(t, 1000)))
}

// checkEmit validates the emit flags against the plan; a pure function.
func checkEmit(e emitOptions, runs int64) (emitOptions, error) {
	switch e.kind {
	case "slurm", "k8s":
	default:
		return e, inputerr.Errorf("--emit %q: want slurm or k8s", e.kind)
	}
	if e.tasks == 0 {
		e.tasks = defaultTasks(runs)
	}
	if e.tasks < 1 || int64(e.tasks) > runs {
		return e, inputerr.Errorf("--tasks %d: want 1 to %d (the sweep's runs; a task should carry many runs)", e.tasks, runs)
	}
	if e.throttle == 0 {
		e.throttle = min(e.tasks, 50)
	}
	if e.throttle < 1 {
		return e, inputerr.Errorf("--throttle %d: want a positive number", e.throttle)
	}
	if e.cpus < 1 || e.cpus > 1024 {
		return e, inputerr.Errorf("--cpus %d: want 1 to 1024", e.cpus)
	}
	for flag, v := range map[string]string{"--time": e.timeLimit, "--partition": e.partition, "--mem": e.mem} {
		if strings.ContainsAny(v, " \t\n'\"\\$`") {
			return e, inputerr.Errorf("%s %q: no spaces or quotes", flag, v)
		}
	}
	if e.kind == "k8s" {
		if e.image == "" || e.pvc == "" {
			return e, inputerr.Errorf("--emit k8s needs --image (a container image with bubblelab) and --pvc (a claim all pods share)")
		}
		if !regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`).MatchString(e.pvc) {
			return e, inputerr.Errorf("--pvc %q is not a Kubernetes object name", e.pvc)
		}
		if !filepath.IsAbs(e.mount) {
			return e, inputerr.Errorf("--mount %q: want an absolute path", e.mount)
		}
	}
	return e, nil
}

func emitJob(stdout, stderr io.Writer, specPath string, o sweepOptions, plan *sweep.Plan) error {
	e, err := checkEmit(o.emit, plan.Runs)
	if err != nil {
		return err
	}
	if per := plan.Runs / int64(e.tasks); per < 100 {
		fmt.Fprintf(stderr, "note: %d tasks carry about %d runs each; each task costs the scheduler about a second, so fewer, larger tasks are faster\n", e.tasks, per)
	}
	switch e.kind {
	case "slurm":
		spec, err := filepath.Abs(specPath)
		if err != nil {
			return err
		}
		out, err := filepath.Abs(o.out)
		if err != nil {
			return err
		}
		bin := e.bin
		if bin == "" {
			if bin, err = os.Executable(); err != nil {
				return fmt.Errorf("find this binary (pass --bin): %w", err)
			}
		}
		// sbatch does not create the folder of --output, and a task whose
		// log folder is missing fails without a trace; say so, since the
		// command otherwise only prints.
		logs := filepath.Join(out, "logs")
		if _, err := os.Stat(logs); err != nil {
			if err := os.MkdirAll(logs, 0o755); err != nil {
				return fmt.Errorf("create %s (sbatch needs the folder of the task logs): %w", logs, err)
			}
			fmt.Fprintf(stderr, "created %s for the task logs (sbatch does not create it)\n", logs)
		}
		_, err = io.WriteString(stdout, sweep.SlurmScript(plan, sweep.SlurmJob{
			Spec: spec, Out: out, Bin: bin, Tasks: e.tasks, Throttle: e.throttle, CPUs: e.cpus,
			Time: e.timeLimit, Partition: e.partition, Mem: e.mem,
		}))
		return err
	default:
		b, err := sweep.K8sManifest(plan, sweep.K8sJob{
			Out: o.out, Image: e.image, Claim: e.pvc, Mount: e.mount, Tasks: e.tasks, Parallelism: e.throttle, CPUs: e.cpus, Mem: e.mem,
		})
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}
}
