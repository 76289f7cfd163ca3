package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/bubblelab/bubblelab/sweep"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolveShard(t *testing.T) {
	for _, c := range []struct {
		name   string
		flag   string
		shards int
		env    map[string]string
		want   sweep.Shard
		ok     bool
	}{
		{"whole", "", 0, nil, sweep.Shard{Index: 0, Count: 1}, true},
		{"flag", "2/4", 0, nil, sweep.Shard{Index: 2, Count: 4}, true},
		{"flag beats env", "1/3", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "5"}, sweep.Shard{Index: 1, Count: 3}, true},
		{"flag and shards disagree", "1/3", 4, nil, sweep.Shard{}, false},
		{"slurm", "", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"}, sweep.Shard{Index: 3, Count: 4}, true},
		{"slurm offset and step", "", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "2"}, sweep.Shard{Index: 2, Count: 4}, true},
		{"slurm with shards: absolute index", "", 8, map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "5"}, sweep.Shard{Index: 5, Count: 8}, true},
		{"slurm index beyond shards", "", 4, map[string]string{"SLURM_ARRAY_TASK_ID": "4"}, sweep.Shard{}, false},
		{"slurm off step", "", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, sweep.Shard{}, false},
		{"slurm without count", "", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, sweep.Shard{}, false},
		{"slurm garbage", "", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, sweep.Shard{}, false},
		{"k8s", "", 6, map[string]string{"JOB_COMPLETION_INDEX": "5"}, sweep.Shard{Index: 5, Count: 6}, true},
		{"k8s count from env", "", 0, map[string]string{"JOB_COMPLETION_INDEX": "0", "BUBBLELAB_SHARDS": "3"}, sweep.Shard{Index: 0, Count: 3}, true},
		{"k8s without count", "", 0, map[string]string{"JOB_COMPLETION_INDEX": "0"}, sweep.Shard{}, false},
		{"k8s index too large", "", 2, map[string]string{"JOB_COMPLETION_INDEX": "2"}, sweep.Shard{}, false},
		{"shards without index", "", 4, nil, sweep.Shard{}, false},
	} {
		got, _, err := resolveShard(c.flag, c.shards, envOf(c.env))
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("%s: got %v, %v; want %v (ok %v)", c.name, got, err, c.want, c.ok)
		}
	}
}

func TestResolveWorkers(t *testing.T) {
	if n, _ := resolveWorkers(3, envOf(map[string]string{"SLURM_CPUS_PER_TASK": "8"})); n != 3 {
		t.Errorf("flag: %d", n)
	}
	if n, _ := resolveWorkers(0, envOf(map[string]string{"SLURM_CPUS_PER_TASK": "8"})); n != 8 {
		t.Errorf("slurm: %d", n)
	}
	if _, err := resolveWorkers(-1, envOf(nil)); err == nil {
		t.Error("negative workers accepted")
	}
}

func TestCheckEmit(t *testing.T) {
	for _, c := range []struct {
		name string
		e    emitOptions
		runs int64
		ok   bool
	}{
		{"slurm defaults", emitOptions{kind: "slurm", cpus: 4}, 100000, true},
		{"unknown", emitOptions{kind: "pbs", cpus: 4}, 10, false},
		{"more tasks than runs", emitOptions{kind: "slurm", tasks: 11, cpus: 4}, 10, false},
		{"k8s without image", emitOptions{kind: "k8s", cpus: 4, pvc: "x", mount: "/data"}, 10, false},
		{"k8s", emitOptions{kind: "k8s", cpus: 4, image: "img", pvc: "results", mount: "/data"}, 10, true},
		{"k8s bad claim", emitOptions{kind: "k8s", cpus: 4, image: "img", pvc: "Results!", mount: "/data"}, 10, false},
		{"quote in time", emitOptions{kind: "slurm", cpus: 4, timeLimit: "1'00"}, 10, false},
	} {
		got, err := checkEmit(c.e, c.runs)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.name == "slurm defaults" && (got.tasks != 50 || got.throttle != 50) {
			t.Errorf("defaults: %d tasks, throttle %d", got.tasks, got.throttle)
		}
	}
}

func bubblelab(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// The CLI's merged results are the same bytes with 1 worker, 2 workers,
// 4 shards into one folder and 2 Slurm array tasks into two folders.
func TestSweepMergeCLI(t *testing.T) {
	spec := "testdata/sweep/small.yaml"
	tmp := t.TempDir()
	mergeTo := func(name string, dirs ...string) string {
		out := filepath.Join(tmp, "merged-"+name)
		args := append([]string{"merge", "--out", out, "--quiet"}, dirs...)
		if _, stderr, code := bubblelab(t, args...); code != 0 {
			t.Fatalf("merge %s: exit %d: %s", name, code, stderr)
		}
		return out
	}
	one := filepath.Join(tmp, "one")
	stdout, stderr, code := bubblelab(t, "sweep", spec, "--out", one, "--workers", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "runs 0-7 of 8 done") || !strings.Contains(stderr, "[") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
	ref := mergeTo("one", one)

	two := filepath.Join(tmp, "two")
	if _, stderr, code := bubblelab(t, "sweep", spec, "--out", two, "--workers", "2", "--batch", "1", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	four := filepath.Join(tmp, "four")
	for i := range 4 {
		if _, stderr, code := bubblelab(t, "sweep", spec, "--out", four, "--shard", []string{"0/4", "1/4", "2/4", "3/4"}[i], "--quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	var slurmDirs []string
	for i := range 2 {
		t.Setenv("SLURM_ARRAY_TASK_ID", []string{"0", "1"}[i])
		t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
		t.Setenv("SLURM_ARRAY_TASK_MIN", "0")
		d := filepath.Join(tmp, "slurm", []string{"a", "b"}[i])
		if _, stderr, code := bubblelab(t, "sweep", spec, "--out", d, "--quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		slurmDirs = append(slurmDirs, d)
	}
	os.Unsetenv("SLURM_ARRAY_TASK_ID")
	for name, out := range map[string]string{"two": mergeTo("two", two), "four": mergeTo("four", four), "slurm": mergeTo("slurm", slurmDirs...)} {
		entries, _ := os.ReadDir(ref)
		for _, e := range entries {
			a, _ := os.ReadFile(filepath.Join(ref, e.Name()))
			b, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs from the 1-worker merge", name, e.Name())
			}
		}
	}
	// The text aggregate is printed and names the burst table.
	stdout, _, code = bubblelab(t, "merge", "--out", filepath.Join(tmp, "again"), one)
	if code != 0 || !strings.Contains(stdout, "Burst") || !strings.Contains(stdout, "peak_ai_value_bn") {
		t.Errorf("merge output: %s", stdout)
	}
}

// Bad input exits 2 naming the file, line and field, and writes nothing.
func TestSweepBadInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := bubblelab(t, "sweep", "testdata/sweep/bad.yaml", "--out", out)
	if code != exitBadInput || !strings.Contains(stderr, "testdata/sweep/bad.yaml:8") || !strings.Contains(stderr, "design.parameters") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output folder created for a bad spec")
	}
	for _, args := range [][]string{
		{"sweep", "testdata/sweep/small.yaml"},
		{"sweep", "testdata/sweep/small.yaml", "--out", out, "--shard", "4/4"},
		{"sweep", "testdata/sweep/nosuch.yaml", "--out", out},
		{"merge", filepath.Join(t.TempDir(), "empty")},
	} {
		if _, stderr, code := bubblelab(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// A merge with missing shards fails (exit 1), naming them.
func TestMergeMissingShardCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	for _, s := range []string{"0/3", "2/3"} {
		if _, stderr, code := bubblelab(t, "sweep", "testdata/sweep/small.yaml", "--out", dir, "--shard", s, "--quiet"); code != 0 {
			t.Fatal(stderr)
		}
	}
	_, stderr, code := bubblelab(t, "merge", dir)
	if code != exitFailure || !strings.Contains(stderr, "shard 1/3") || !strings.Contains(stderr, "missing") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestEmitSlurm(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	script, stderr, code := bubblelab(t, "sweep", "testdata/sweep/small.yaml", "--out", out, "--emit", "slurm", "--tasks", "4", "--throttle", "2", "--cpus", "1", "--bin", "/opt/bubblelab", "--time", "01:00:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"#!/bin/bash\n",
		"#SBATCH --array=0-3%2\n",
		"#SBATCH --cpus-per-task=1\n",
		"#SBATCH --time=01:00:00\n",
		"#SBATCH --output=" + out + "/logs/slurm-%A_%a.out\n",
		"--shards 4",
		"merge " + out,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	abs, _ := filepath.Abs("testdata/sweep/small.yaml")
	if !strings.Contains(script, "exec /opt/bubblelab sweep "+abs+" --out "+out) {
		t.Errorf("exec line:\n%s", script)
	}
	// #SBATCH lines must precede the first command.
	seenCmd := false
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(line, "#SBATCH") && seenCmd {
			t.Errorf("#SBATCH after a command: %s", line)
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			seenCmd = true
		}
	}
	if st, err := os.Stat(filepath.Join(out, "logs")); err != nil || !st.IsDir() {
		t.Error("logs folder not created")
	}
	if _, stderr, code := bubblelab(t, "sweep", "testdata/sweep/small.yaml", "--out", out, "--emit", "slurm", "--tasks", "9"); code != exitBadInput {
		t.Errorf("9 tasks for 8 runs: exit %d %s", code, stderr)
	}
}

func TestEmitK8s(t *testing.T) {
	manifest, stderr, code := bubblelab(t, "sweep", "testdata/sweep/small.yaml", "--out", "/data/sweeps/small", "--emit", "k8s", "--tasks", "4", "--throttle", "2", "--cpus", "2", "--image", "registry.example/bubblelab:1", "--pvc", "results", "--mem", "2Gi")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dec := yaml.NewDecoder(strings.NewReader(manifest))
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			break
		}
		docs = append(docs, d)
	}
	if len(docs) != 2 || docs[0]["kind"] != "ConfigMap" || docs[1]["kind"] != "Job" {
		t.Fatalf("documents: %v", docs)
	}
	get := func(m any, path ...any) any {
		for _, p := range path {
			switch k := p.(type) {
			case string:
				m = m.(map[string]any)[k]
			case int:
				m = m.([]any)[k]
			}
		}
		return m
	}
	job := docs[1]
	if get(job, "apiVersion") != "batch/v1" || get(job, "spec", "completionMode") != "Indexed" || get(job, "spec", "completions") != 4 || get(job, "spec", "parallelism") != 2 {
		t.Errorf("job spec: %v", get(job, "spec"))
	}
	pod := get(job, "spec", "template", "spec")
	if get(pod, "restartPolicy") != "Never" {
		t.Error("restartPolicy")
	}
	c := get(pod, "containers", 0)
	cmd := strings.Join(func() []string {
		var s []string
		for _, x := range get(c, "command").([]any) {
			s = append(s, x.(string))
		}
		return s
	}(), " ")
	if cmd != "bubblelab sweep /etc/bubblelab/sweep/sweep.yaml --out /data/sweeps/small --shards 4 --workers 2 --quiet" {
		t.Errorf("command %q", cmd)
	}
	if get(c, "image") != "registry.example/bubblelab:1" || get(c, "resources", "limits", "cpu") != "2" || get(c, "resources", "limits", "memory") != "2Gi" {
		t.Errorf("container %v", c)
	}
	if get(pod, "volumes", 0, "persistentVolumeClaim", "claimName") != "results" || get(pod, "volumes", 1, "configMap", "name") != get(docs[0], "metadata", "name") {
		t.Errorf("volumes %v", get(pod, "volumes"))
	}
	// The ConfigMap's spec is the same sweep: same fingerprint.
	dir := t.TempDir()
	for _, f := range []string{"sweep.yaml", "base.yaml"} {
		os.WriteFile(filepath.Join(dir, f), []byte(get(docs[0], "data", f).(string)), 0o644)
	}
	s, err := sweep.LoadSpec(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	inPod, err := sweep.NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	s0, _ := sweep.LoadSpec("testdata/sweep/small.yaml")
	orig, _ := sweep.NewPlan(s0)
	if inPod.Fingerprint != orig.Fingerprint {
		t.Errorf("fingerprint in the pod %s, here %s", inPod.Fingerprint, orig.Fingerprint)
	}
	// Pod k of the Job runs shard k/4.
	for k := range 4 {
		sh, _, err := resolveShard("", 4, envOf(map[string]string{"JOB_COMPLETION_INDEX": []string{"0", "1", "2", "3"}[k]}))
		if err != nil || sh != (sweep.Shard{Index: k, Count: 4}) {
			t.Errorf("pod %d: %v %v", k, sh, err)
		}
	}
	// Results off the volume are refused.
	if _, _, code := bubblelab(t, "sweep", "testdata/sweep/small.yaml", "--out", "/tmp/x", "--emit", "k8s", "--image", "i", "--pvc", "results"); code != exitBadInput {
		t.Errorf("--out off the volume: exit %d", code)
	}
}
