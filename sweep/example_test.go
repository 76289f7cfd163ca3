package sweep_test

import (
	"fmt"
	"log"

	"github.com/bubblelab/bubblelab/sweep"
)

// A grid of two values with three seeds each: six runs, run k at point
// k/3.
func ExampleNewPlan() {
	spec, err := sweep.ParseSpec([]byte(`
name: china
base: baseline
set:
  months: 36
seed: 1
replications: 3
design:
  method: grid
  parameters:
    - path: demand.china_share
      values: [0.2, 0.4]
`), "china.yaml")
	if err != nil {
		log.Fatal(err)
	}
	plan, err := sweep.NewPlan(spec)
	if err != nil {
		log.Fatal(err)
	}
	for run := range plan.Runs {
		point, rep := plan.Locate(run)
		v, _ := plan.Values(point)
		fmt.Printf("run %d: point %d replication %d china_share %v seed %#x\n", run, point, rep, v[0], plan.Seed(run))
	}
	// Output:
	// run 0: point 0 replication 0 china_share 0.2 seed 0x5e41ab087439611e
	// run 1: point 0 replication 1 china_share 0.2 seed 0xf18d6ce93d6cf1ee
	// run 2: point 0 replication 2 china_share 0.2 seed 0xb95f66d327e8d78
	// run 3: point 1 replication 0 china_share 0.4 seed 0xc7061b1b93322ba9
	// run 4: point 1 replication 1 china_share 0.4 seed 0x3817edddf9257651
	// run 5: point 1 replication 2 china_share 0.4 seed 0xc63f062c5c30e3d4
}

// Shards are contiguous slices that differ in size by at most one run.
func ExampleShard_Range() {
	for i := range 3 {
		sh := sweep.Shard{Index: i, Count: 3}
		lo, hi := sh.Range(10)
		fmt.Printf("shard %s: runs %d-%d\n", sh, lo, hi-1)
	}
	// Output:
	// shard 0/3: runs 0-2
	// shard 1/3: runs 3-5
	// shard 2/3: runs 6-9
}
