//go:build unix

package sweep

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/bubblelab/bubblelab/inputerr"
)

// lockFile takes an exclusive advisory lock on path, so that two processes
// never run the same shard into the same folder at once (wait false: fail
// if it is held) or never set up a folder at once (wait true). File
// systems that do not support locks (some network file systems) are let
// through.
func lockFile(path string, wait bool) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, &inputerr.Error{Err: fmt.Errorf("%s: %w", path, ErrShardLocked)}
		}
		// ENOLCK, ENOTSUP: no locking here; carry on unprotected.
	}
	return func() { f.Close() }, nil
}
