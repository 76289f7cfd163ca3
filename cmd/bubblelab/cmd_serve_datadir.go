package main

import (
	"path/filepath"

	"github.com/bubblelab/bubblelab/internal/inputerr"
)

// serveDataDir is the default --data folder of serve: the user's data
// directory, never the working directory, so that starting the app from a
// checkout or a download folder leaves nothing there. XDG_DATA_HOME (when
// absolute, as the XDG Base Directory specification requires) wins on
// every system; otherwise ~/Library/Application Support on macOS,
// %LocalAppData% on Windows, ~/.local/share elsewhere. getenv and goos are
// parameters so that the choice is testable.
func serveDataDir(getenv func(string) string, goos string) (string, error) {
	const sub = "bubblelab/serve"
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, filepath.FromSlash(sub)), nil
	}
	home := getenv("HOME")
	switch goos {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "bubblelab", "serve"), nil
		}
		home = getenv("USERPROFILE")
		if home != "" {
			return filepath.Join(home, "AppData", "Local", "bubblelab", "serve"), nil
		}
	case "darwin", "ios":
		if home != "" {
			return filepath.Join(home, "Library", "Application Support", "bubblelab", "serve"), nil
		}
	default:
		if home != "" && filepath.IsAbs(home) {
			return filepath.Join(home, ".local", "share", filepath.FromSlash(sub)), nil
		}
	}
	return "", inputerr.New("", 0, "--data", "no user data directory (neither XDG_DATA_HOME nor HOME is set): name the folder for the app's runs with --data")
}
