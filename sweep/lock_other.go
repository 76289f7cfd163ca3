//go:build !unix

package sweep

// lockFile does nothing where advisory locks are not available.
func lockFile(path string, wait bool) (unlock func(), err error) { return func() {}, nil }
