package sweep

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/inputerr"
)

// SlurmJob describes an sbatch job array for a sweep.
type SlurmJob struct {
	Spec, Out, Bin  string // absolute paths of the spec, the output folder and bubblelab
	Tasks, Throttle int    // array tasks, and at most this many at once
	CPUs            int    // CPUs (workers) per task
	Time, Partition string // optional sbatch --time and --partition
	Mem             string // optional sbatch --mem
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if regexp.MustCompile(`^[A-Za-z0-9_./:=@%+-]+$`).MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SlurmScript returns an sbatch script that runs the sweep as a job array
// of j.Tasks tasks, at most j.Throttle at once. Each task runs one shard:
// the shard count is on the command line and the index is
// SLURM_ARRAY_TASK_ID, so resubmitting part of the array (sbatch
// --array=3,7 SCRIPT) reruns exactly those shards.
func SlurmScript(p *Plan, j SlurmJob) string {
	var b strings.Builder
	q := shellQuote
	per := p.Runs / int64(j.Tasks)
	fmt.Fprintf(&b, "#!/bin/bash\n")
	fmt.Fprintf(&b, "# bubblelab sweep %s: %d runs in %d array tasks of about %d runs, at most %d at once.\n", p.Spec.Name, p.Runs, j.Tasks, per, j.Throttle)
	fmt.Fprintf(&b, "# Sweep fingerprint %s.\n#\n", p.Fingerprint)
	fmt.Fprintf(&b, "# Submit:           sbatch %s\n", "THIS_SCRIPT")
	fmt.Fprintf(&b, "# When all are done: %s merge %s\n", q(j.Bin), q(j.Out))
	fmt.Fprintf(&b, "# Or chain the merge after the array:\n")
	fmt.Fprintf(&b, "#   jid=$(sbatch --parsable THIS_SCRIPT) && sbatch --dependency=afterok:$jid --wrap %s\n", q(q(j.Bin)+" merge "+q(j.Out)))
	fmt.Fprintf(&b, "# A failed or killed task loses at most its unfinished batches: resubmit the\n")
	fmt.Fprintf(&b, "# same script (finished runs are kept), or only some tasks: sbatch --array=3,7 THIS_SCRIPT.\n")
	fmt.Fprintf(&b, "# 'bubblelab merge' names the shards whose runs are missing.\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", jobName(p.Spec.Name))
	fmt.Fprintf(&b, "#SBATCH --array=0-%d%%%d\n", j.Tasks-1, j.Throttle)
	fmt.Fprintf(&b, "#SBATCH --ntasks=1\n")
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", j.CPUs)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", path.Join(j.Out, "logs", "slurm-%A_%a.out"))
	if j.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", j.Time)
	}
	if j.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", j.Partition)
	}
	if j.Mem != "" {
		fmt.Fprintf(&b, "#SBATCH --mem=%s\n", j.Mem)
	}
	fmt.Fprintf(&b, "set -euo pipefail\n")
	fmt.Fprintf(&b, "exec %s sweep %s --out %s --shards %d --workers \"${SLURM_CPUS_PER_TASK:-%d}\" --quiet\n", q(j.Bin), q(j.Spec), q(j.Out), j.Tasks, j.CPUs)
	return b.String()
}

// jobName makes a Slurm and Kubernetes job name from a sweep name:
// lower-case letters, digits and '-', at most 50 characters.
func jobName(name string) string {
	n := strings.ToLower(name)
	n = regexp.MustCompile(`[^a-z0-9-]+`).ReplaceAllString(n, "-")
	n = strings.Trim(n, "-")
	if len(n) > 40 {
		n = strings.TrimRight(n[:40], "-")
	}
	if n == "" {
		n = "sweep"
	}
	return "bubblelab-" + n
}

// K8sJob describes a Kubernetes Indexed Job for a sweep.
type K8sJob struct {
	Out         string // output folder inside the container, on the claim
	Image       string // container image with bubblelab on its PATH
	Claim       string // PersistentVolumeClaim shared by all pods (ReadWriteMany)
	Mount       string // where the claim is mounted
	Tasks       int    // completions
	Parallelism int    // pods at once
	CPUs        int    // CPU request and limit per pod
	Mem         string // optional memory request and limit
}

// K8sManifest returns a ConfigMap holding the sweep's spec and resolved
// base scenario, and an Indexed Job (completionMode: Indexed) whose pod k
// runs shard k of j.Tasks (JOB_COMPLETION_INDEX) into j.Out on the shared
// claim. The spec in the ConfigMap has the same fingerprint as the
// original, so its results merge with results run elsewhere.
func K8sManifest(p *Plan, j K8sJob) ([]byte, error) {
	out := path.Clean(j.Out)
	if !path.IsAbs(out) {
		out = path.Join(j.Mount, out)
	}
	if out != j.Mount && !strings.HasPrefix(out, strings.TrimRight(j.Mount, "/")+"/") {
		return nil, inputerr.Errorf("--out %s is not on the volume mounted at %s: the results would be lost with the pods", j.Out, j.Mount)
	}
	spec, err := p.StoredSpec()
	if err != nil {
		return nil, err
	}
	name := jobName(p.Spec.Name)
	res := map[string]any{"cpu": strconv.Itoa(j.CPUs)}
	if j.Mem != "" {
		res["memory"] = j.Mem
	}
	const specDir = "/etc/bubblelab/sweep"
	configMap := map[string]any{
		"apiVersion": "v1",
		"kind":       "ConfigMap",
		"metadata":   map[string]any{"name": name + "-spec", "labels": map[string]any{"app.kubernetes.io/name": "bubblelab", "bubblelab/sweep": name}},
		"data":       map[string]any{"sweep.yaml": string(spec), "base.yaml": string(p.BaseYAML)},
	}
	job := map[string]any{
		"apiVersion": "batch/v1",
		"kind":       "Job",
		"metadata":   map[string]any{"name": name, "labels": map[string]any{"app.kubernetes.io/name": "bubblelab", "bubblelab/sweep": name}},
		"spec": map[string]any{
			"completionMode": "Indexed",
			"completions":    j.Tasks,
			"parallelism":    j.Parallelism,
			// Every pod may fail a few times (a preempted node); reruns
			// resume from the parts already written.
			"backoffLimit": 3 * j.Tasks,
			"template": map[string]any{
				"metadata": map[string]any{"labels": map[string]any{"app.kubernetes.io/name": "bubblelab", "bubblelab/sweep": name}},
				"spec": map[string]any{
					"restartPolicy": "Never",
					"containers": []any{map[string]any{
						"name":    "sweep",
						"image":   j.Image,
						"command": []any{"bubblelab", "sweep", specDir + "/sweep.yaml", "--out", out, "--shards", strconv.Itoa(j.Tasks), "--workers", strconv.Itoa(j.CPUs), "--quiet"},
						"resources": map[string]any{
							"requests": res,
							"limits":   res,
						},
						"volumeMounts": []any{
							map[string]any{"name": "results", "mountPath": j.Mount},
							map[string]any{"name": "spec", "mountPath": specDir, "readOnly": true},
						},
					}},
					"volumes": []any{
						map[string]any{"name": "results", "persistentVolumeClaim": map[string]any{"claimName": j.Claim}},
						map[string]any{"name": "spec", "configMap": map[string]any{"name": name + "-spec"}},
					},
				},
			},
		},
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# bubblelab sweep %s: %d runs in %d indexed completions of about %d runs, %d pods at once.\n", p.Spec.Name, p.Runs, j.Tasks, p.Runs/int64(j.Tasks), j.Parallelism)
	fmt.Fprintf(&b, "# Sweep fingerprint %s.\n", p.Fingerprint)
	fmt.Fprintf(&b, "# Pod k runs shard k/%d (JOB_COMPLETION_INDEX) into %s on claim %s (ReadWriteMany).\n", j.Tasks, out, j.Claim)
	fmt.Fprintf(&b, "#   kubectl apply -f THIS_FILE && kubectl wait --for=condition=complete --timeout=24h job/%s\n", name)
	fmt.Fprintf(&b, "# then, from any pod or machine that mounts the claim: bubblelab merge %s\n", out)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	for _, doc := range []any{configMap, job} {
		if err := enc.Encode(doc); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
