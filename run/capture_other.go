//go:build !linux

package run

import (
	"errors"
	"os"
)

// memFile is Linux's memfd; elsewhere output goes to temporary files.
func memFile() (*os.File, error) { return nil, errors.ErrUnsupported }

func freeMem(*os.File, int64, int64) {}
