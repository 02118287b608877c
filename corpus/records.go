package corpus

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
)

// Records reads the records of inputs (files, folders, globs or "-" for
// stdin, as Options.Inputs) in order and calls fn for each, including
// records with Err set. It reuses Run's readers, for commands that need
// the documents but not Run's checking and output (index, dedup).
// textField and idField name the JSONL fields ("" for "text" and "id").
// It stops at the first error fn returns, or when ctx is done.
func Records(ctx context.Context, inputs []string, stdin io.Reader, textField, idField string, fn func(Record) error) error {
	if len(inputs) == 0 {
		return errors.New("corpus: no inputs")
	}
	opt := &Options{TextField: textField, IDField: idField}
	if opt.TextField == "" {
		opt.TextField = "text"
	}
	if opt.IDField == "" {
		opt.IDField = "id"
	}
	ins, err := expand(inputs)
	if err != nil {
		return err
	}
	var total atomic.Int64
	for _, in := range ins {
		rr, err := open(in, stdin, opt, &total)
		if err != nil {
			return err
		}
		for {
			if err := ctx.Err(); err != nil {
				rr.Close()
				return err
			}
			rec, err := rr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rr.Close()
				return err
			}
			if err := fn(rec); err != nil {
				rr.Close()
				return err
			}
		}
		if err := rr.Close(); err != nil {
			return err
		}
	}
	return nil
}
