// Stands in for etcd's lock_flock.go when building for GOOS=wasip1 (validator/build passes it
// with go build -overlay): WASI has no flock. The validator's storage is empty and never opens
// an etcd data directory, so nothing asks for a lock.

package fileutil

import (
	"errors"
	"os"
)

var errNoFlock = errors.New("fileutil: file locks are not supported under WASI")

func flockTryLockFile(string, int, os.FileMode) (*LockedFile, error) { return nil, errNoFlock }

func flockLockFile(string, int, os.FileMode) (*LockedFile, error) { return nil, errNoFlock }
