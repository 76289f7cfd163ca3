package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// freePort returns a TCP port on the loopback that was free a moment ago,
// so that the test's Slurm does not collide with another on the machine.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestSlurmJobArray runs a sweep as a 4-task Slurm job array on a private
// single-node cluster (scripts/slurm/start.sh: munged, slurmctld and slurmd
// under a temporary folder, proctrack/linuxproc, task/none, no accounting),
// merges the shards and checks the merge equals the single-process result.
// It stops exactly the daemons it started, also when it fails.
func TestSlurmJobArray(t *testing.T) {
	for _, cmd := range []string{"slurmctld", "slurmd", "munged", "sbatch", "squeue", "sinfo"} {
		if _, err := exec.LookPath(cmd); err != nil {
			t.Skipf("%s not installed: apt-get install slurmctld slurmd slurm-client munge to run the Slurm integration test", cmd)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("the private Slurm cluster runs its daemons as root (SlurmUser=root)")
	}
	if testing.Short() {
		t.Skip("Slurm cluster")
	}
	start := time.Now()
	tmp := t.TempDir()
	os.Chmod(tmp, 0o711)
	scripts, err := filepath.Abs("../../scripts/slurm")
	if err != nil {
		t.Fatal(err)
	}

	// The binary the job array runs.
	bin := filepath.Join(tmp, "bubblelab")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	built := time.Now()

	cluster := filepath.Join(tmp, "slurm")
	env := append(os.Environ(),
		"SLURM_CONF="+filepath.Join(cluster, "etc", "slurm.conf"),
		fmt.Sprintf("SLURM_CTLD_PORT=%d", freePort(t)),
		fmt.Sprintf("SLURM_D_PORT=%d", freePort(t)),
	)
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	t.Cleanup(func() {
		if out, err := run(filepath.Join(scripts, "stop.sh"), cluster); err != nil {
			t.Errorf("stop.sh: %v\n%s", err, out)
		}
	})
	if out, err := run(filepath.Join(scripts, "start.sh"), cluster); err != nil {
		logs, _ := os.ReadFile(filepath.Join(cluster, "log", "slurmctld.log"))
		t.Fatalf("start.sh: %v\n%s\n%s", err, out, logs)
	}
	up := time.Now()

	spec, _ := filepath.Abs("testdata/sweep/small.yaml")
	out := filepath.Join(tmp, "sweep")
	emit := exec.Command(bin, "sweep", spec, "--out", out, "--emit", "slurm", "--tasks", "4", "--throttle", "2", "--cpus", "1", "--bin", bin)
	emit.Env = env
	script, err := emit.Output()
	if err != nil {
		t.Fatalf("emit: %v\n%s", err, script)
	}
	scriptPath := filepath.Join(tmp, "sweep.sbatch")
	os.WriteFile(scriptPath, script, 0o755)
	jobID, err := run("sbatch", "--parsable", scriptPath)
	if err != nil {
		t.Fatalf("sbatch: %v\n%s", err, jobID)
	}
	jobID = strings.TrimSpace(strings.Split(jobID, ";")[0])
	deadline := time.Now().Add(90 * time.Second)
	for {
		q, err := run("squeue", "-h", "-j", jobID, "-o", "%i %T")
		if err == nil && strings.TrimSpace(q) == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still queued after 90 s:\n%s", jobID, q)
		}
		time.Sleep(200 * time.Millisecond)
	}
	done := time.Now()
	for i := range 4 {
		marker := filepath.Join(out, "shards", fmt.Sprintf("shard-%d-of-4.json", i))
		if _, err := os.Stat(marker); err != nil {
			logs, _ := filepath.Glob(filepath.Join(out, "logs", "*"))
			var b strings.Builder
			for _, l := range logs {
				c, _ := os.ReadFile(l)
				fmt.Fprintf(&b, "%s:\n%s\n", l, c)
			}
			t.Fatalf("shard %d did not finish: %v\n%s", i, err, b.String())
		}
	}
	if msg, err := run(bin, "merge", out, "--out", filepath.Join(tmp, "merged-slurm"), "--quiet"); err != nil {
		t.Fatalf("merge: %v\n%s", err, msg)
	}
	if _, stderr, code := bubblelab(t, "sweep", spec, "--out", filepath.Join(tmp, "local"), "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := bubblelab(t, "merge", filepath.Join(tmp, "local"), "--out", filepath.Join(tmp, "merged-local"), "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(tmp, "merged-local"))
	if len(entries) < 5 {
		t.Fatalf("%d merged files", len(entries))
	}
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(tmp, "merged-local", e.Name()))
		b, _ := os.ReadFile(filepath.Join(tmp, "merged-slurm", e.Name()))
		if !bytes.Equal(a, b) {
			t.Errorf("%s from the Slurm array differs from the single-process merge", e.Name())
		}
	}
	t.Logf("build %.1fs, cluster up %.1fs, 4-task array %.1fs, merge and compare %.1fs",
		built.Sub(start).Seconds(), up.Sub(built).Seconds(), done.Sub(up).Seconds(), time.Since(done).Seconds())
}
