package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/calibrate"
)

type calibrateOptions struct {
	out     string
	workers int
	quiet   bool
}

func newCalibrateCmd() *cobra.Command {
	var o calibrateOptions
	cmd := &cobra.Command{
		Use:   "calibrate SPEC --out DIR",
		Short: "Estimate model parameters on the observed AI basket (SMM and ABC-SMC)",
		Long: `Estimate the parameters a calibration spec lists on the observed path of the
listed US AI basket (each firm's opening value times its price ratio, from the
shipped daily prices): simulated method of moments (Sobol global stage, then
Nelder-Mead) and ABC-SMC, with bootstrap weights, common random numbers and a
holdout window never used in fitting.

Writes DIR/evals.jsonl (every evaluated point; rerun the same command after an
interruption and it resumes from it), DIR/calibration.json (moments, weights,
estimates, RMSE of log(model/observed) over the fit and holdout windows,
identification profile), DIR/posterior.csv (a posterior design for 'bubblelab
sweep') and DIR/estimate.yaml (the SMM estimate as a runnable scenario).`,
		Example: `  bubblelab calibrate calib.yaml --out out/calib`,
		Args:    rangeArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out == "" {
				return usageError{fmt.Errorf("%s: --out DIR is required", cmd.CommandPath())}
			}
			spec, err := calibrate.LoadSpec(args[0])
			if err != nil {
				return err
			}
			opt := calibrate.Options{Dir: o.out, Workers: o.workers}
			if opt.Workers <= 0 {
				opt.Workers = runtime.GOMAXPROCS(0)
			}
			if !o.quiet {
				opt.Progress = cmd.ErrOrStderr()
			}
			rep, err := calibrate.Run(cmd.Context(), spec, opt)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "calibration %s: %d points simulated, %d from the log\n", rep.Name, rep.Simulated, rep.Reused)
			if rep.SMM != nil {
				e := rep.SMM.Estimate
				fmt.Fprintf(w, "SMM estimate %v: distance %.4g, RMSE log(model/observed) fit %.3f, holdout %.3f\n", e.X, e.Distance, e.RMSEFit, e.RMSEHoldout)
			}
			if rep.ABC != nil {
				b := rep.ABC.MeanFit
				fmt.Fprintf(w, "ABC posterior mean %v; best particle RMSE fit %.3f, holdout %.3f\n", rep.ABC.PosteriorMean, b.RMSEFit, b.RMSEHoldout)
			}
			fmt.Fprintf(w, "wrote %s/calibration.json, posterior.csv\n", o.out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "output folder (required); rerun into it to resume")
	f.IntVar(&o.workers, "workers", 0, "runs simulated at once (default: all cores)")
	f.BoolVar(&o.quiet, "quiet", false, "no progress output")
	return cmd
}
