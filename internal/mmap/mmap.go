// Package mmap maps a whole file read-only into memory.
//
// It takes a path and gives the file's bytes and a function that releases
// them. On systems without mmap the file is read into memory instead, so
// callers never need to care.
package mmap

import (
	"fmt"
	"os"
)

// File is a read-only view of a file's contents.
type File struct {
	Data  []byte
	unmap func() error
}

// Close releases the mapping. Data must not be used afterwards.
func (f *File) Close() error {
	if f == nil || f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	f.Data = nil
	return err
}

// Open maps path read-only. An empty file gives empty Data.
func Open(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("mmap %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		// Pipes and devices cannot be mapped; read them.
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &File{Data: data}, nil
	}
	size := st.Size()
	if size == 0 {
		return &File{Data: []byte{}}, nil
	}
	if int64(int(size)) != size {
		return nil, fmt.Errorf("mmap %s: file too large (%d bytes)", path, size)
	}
	data, unmap, err := mapFile(fh, int(size))
	if err != nil {
		return nil, fmt.Errorf("mmap %s: %w", path, err)
	}
	return &File{Data: data, unmap: unmap}, nil
}
