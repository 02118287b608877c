// Package cli is the winnow command line: cobra commands that parse flags,
// open inputs and print what the library packages return. It holds no
// analysis of its own.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/winnow-project/winnow/lm"
	"github.com/winnow-project/winnow/models"
)

// Version is set at link time (-ldflags "-X …/internal/cli.Version=v1.2.3");
// otherwise the module version or VCS revision from the build info is used.
var Version = ""

// env is what every command shares: streams, global flags, the model.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	modelPath      string
	logLevel       string
	log            *slog.Logger
}

// model loads the language model named by --model ($WINNOW_MODEL), or the
// bundled one.
func (e *env) model() (lm.Model, error) { return models.Load(e.modelPath) }

// isTTY reports whether w is a terminal (for colour and progress bars).
func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// registry collects subcommands added by other files of this package.
var registry []func(*env) *cobra.Command

func register(f func(*env) *cobra.Command) { registry = append(registry, f) }

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "winnow",
		Short: "Find and undo content-farm manipulation in Chinese web text",
		Long: `winnow separates an article from its template, detects synonym spinning
(伪原创), keyword stuffing and punctuation noise with spans and reasons,
restores the likely original wording, and scores quality.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(e.logLevel)); err != nil {
				return fmt.Errorf("--log-level: %w", err)
			}
			e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
			slog.SetDefault(e.log)
			return nil
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.PersistentFlags().StringVar(&e.modelPath, "model", "", "language model file (compact, KenLM binary or ARPA); default: $"+models.EnvModel+", else the bundled Chinese model")
	root.PersistentFlags().StringVar(&e.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	root.AddCommand(newVersionCmd(e), newLMCmd(e))
	for _, f := range registry {
		root.AddCommand(f(e))
	}
	return root
}

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, log: slog.Default()}
	root := newRoot(e)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(stderr, "winnow:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
}

func versionString() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		v = "devel-" + rev[:min(12, len(rev))] + dirty
	}
	if v == "" {
		v = "(devel)"
	}
	return v + " " + bi.GoVersion
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print winnow's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(e.stdout, "winnow", versionString())
			return err
		},
	}
}

// openInput opens a file argument, "-" meaning standard input.
func (e *env) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return os.Open(name)
}

// readInput reads a whole file argument ("-" = stdin).
func (e *env) readInput(name string) ([]byte, error) {
	r, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

func trimExt(name string) string {
	for _, ext := range []string{".xz", ".gz", ".arpa"} {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}
