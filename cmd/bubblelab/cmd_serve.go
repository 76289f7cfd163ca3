package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bubblelab/bubblelab/internal/inputerr"
	"github.com/bubblelab/bubblelab/web"
)

// serveOptions are the flags of `bubblelab serve`.
type serveOptions struct {
	addr        string
	dataDir     string
	allowRemote bool
	maxRuns     int
	queue       int
	runTimeout  time.Duration
	maxUpload   int
	keep        int
}

func newServeCmd() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Local web app: edit a scenario, run it, read its report, compare runs, upload deals or prices",
		Long: `serve starts a local web app. Open the address it prints in a browser to:

  - pick a built-in scenario or edit every parameter in a form (units and bounds shown,
    values checked on the server), run it, watch its progress and read its report;
  - compare two runs side by side, and download a run's results (one file or a zip);
  - read the article's claims beside the data and model output that bear on them;
  - upload a deal CSV (circular financing and a default cascade) or a price CSV
    (PSY bubble detection).

It listens on 127.0.0.1 only unless --allow-remote is given, keeps its runs and uploads in
--data (by default the user's data directory, printed at start) and reads nothing outside it. At most --max-runs simulations run at once, --queue
more wait, and each stops after --run-timeout. Ctrl-C stops the app gracefully.
See docs/serve.md. Exit code 2 on bad flags.`,
		Example: `  bubblelab serve
  bubblelab serve --addr 127.0.0.1:9000 --data ~/bubblelab-runs`,
		Args: rangeArgs(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.dataDir == "" && !cmd.Flags().Changed("data") {
				d, err := serveDataDir(os.Getenv, runtime.GOOS)
				if err != nil {
					return err
				}
				o.dataDir = d
			}
			if err := o.validate(); err != nil {
				return err
			}
			return runServe(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	f.StringVar(&o.dataDir, "data", "", "folder for the app's runs and uploads, created if missing (default: $XDG_DATA_HOME/bubblelab/serve, else ~/.local/share/bubblelab/serve; macOS ~/Library/Application Support, Windows %LocalAppData%)")
	f.BoolVar(&o.allowRemote, "allow-remote", false, "allow listening on a non-loopback address and answering any Host (anyone who can reach it can run simulations)")
	f.IntVar(&o.maxRuns, "max-runs", 2, "simulations and analyses running at once")
	f.IntVar(&o.queue, "queue", 8, "runs that may wait for a free slot; more are refused (HTTP 429)")
	f.DurationVar(&o.runTimeout, "run-timeout", 2*time.Minute, "time limit of one run or upload analysis")
	f.IntVar(&o.maxUpload, "max-upload-mib", 4, "largest uploaded CSV file, in MiB")
	f.IntVar(&o.keep, "keep", 100, "finished runs and analyses kept; the oldest are deleted beyond it")
	return cmd
}

// validate checks the flags; errors are bad input.
func (o serveOptions) validate() error {
	host, port, err := net.SplitHostPort(o.addr)
	if err != nil {
		return inputerr.New("", 0, "--addr", "%q is not host:port: %v", o.addr, err)
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return inputerr.New("", 0, "--addr", "bad port %q", port)
	}
	if !o.allowRemote && !isLoopback(host) {
		return inputerr.New("", 0, "--addr", "%q is not a loopback address; the app has no login, so it listens on 127.0.0.1, ::1 or localhost unless --allow-remote is given", o.addr)
	}
	switch {
	case strings.TrimSpace(o.dataDir) == "":
		return inputerr.New("", 0, "--data", "must name a folder")
	case o.maxRuns < 1 || o.maxRuns > 64:
		return inputerr.New("", 0, "--max-runs", "must be between 1 and 64, got %d", o.maxRuns)
	case o.queue < 0 || o.queue > 10000:
		return inputerr.New("", 0, "--queue", "must be between 0 and 10000, got %d", o.queue)
	case o.runTimeout < time.Second || o.runTimeout > 24*time.Hour:
		return inputerr.New("", 0, "--run-timeout", "must be between 1s and 24h, got %s", o.runTimeout)
	case o.maxUpload < 1 || o.maxUpload > 1024:
		return inputerr.New("", 0, "--max-upload-mib", "must be between 1 and 1024, got %d", o.maxUpload)
	case o.keep < 1 || o.keep > 100000:
		return inputerr.New("", 0, "--keep", "must be between 1 and 100000, got %d", o.keep)
	}
	return nil
}

// isLoopback reports whether host names only this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runServe(ctx context.Context, stdout, stderr io.Writer, o serveOptions) error {
	queue := o.queue
	if queue == 0 {
		queue = -1 // web.Config reads 0 as "the default"
	}
	srv, err := web.New(web.Config{
		DataDir:           o.dataDir,
		MaxConcurrentRuns: o.maxRuns,
		MaxQueuedRuns:     queue,
		RunTimeout:        o.runTimeout,
		MaxUploadBytes:    int64(o.maxUpload) << 20,
		MaxStoredRuns:     o.keep,
		AllowAnyHost:      o.allowRemote,
		Log:               stderr,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		srv.Close()
		return fmt.Errorf("serve: %w", err)
	}
	if o.allowRemote && !isLoopback(strings.Trim(hostOf(o.addr), "[]")) {
		fmt.Fprintf(stderr, "bubblelab serve: warning: listening on %s; anyone who can reach it can run simulations and upload files\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "bubblelab serve: listening on http://%s/ (data in %s); Ctrl-C stops\n", ln.Addr(), o.dataDir)
	return web.Serve(ctx, ln, srv)
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}
