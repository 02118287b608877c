// Command winnow finds and undoes content-farm manipulation in Chinese web
// text. See `winnow --help`; all the work is done by the library packages.
package main

import (
	"os"

	"github.com/winnow-project/winnow/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
