package spin

// WithExtraLexicon adds l's entries to the lexicon in use when the option
// is applied (the embedded one, or the one of an earlier WithLexicon), so
// learned substitutions work on top of the built-in ones. nil adds
// nothing.
func WithExtraLexicon(l *Lexicon) Option {
	return func(d *Detector) {
		if l == nil || l.Len() == 0 {
			return
		}
		var es []Entry
		if d.lex != nil {
			es = d.lex.Entries()
		}
		d.lex = NewLexicon(append(es, l.entries...))
	}
}
