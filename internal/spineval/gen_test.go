package spineval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/winnow-project/winnow/models"
	"github.com/winnow-project/winnow/segment"
	"github.com/winnow-project/winnow/spin"
)

// TestGenerateSets writes the evaluation sets used in bench/spin/README.md
// to $WINNOW_SPINEVAL_OUT. It needs ../shared/data and skips without it.
// Sets built from the People's Daily text must not be committed.
func TestGenerateSets(t *testing.T) {
	out := os.Getenv("WINNOW_SPINEVAL_OUT")
	if out == "" {
		t.Skip("set WINNOW_SPINEVAL_OUT to generate the evaluation sets")
	}
	dir := SharedDir()
	wiki, news, ok := CleanDocs(dir)
	if !ok {
		t.Skip("shared data not available")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	seg, err := segment.New(m)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, recs []Record) {
		f, err := os.Create(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := WriteJSONL(f, recs); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d records", name, len(recs))
	}
	// Evaluation documents: odd Wikipedia paragraphs, odd news documents
	// (even ones are for fitting the decision model).
	var evalDocs []Doc
	for i, d := range wiki {
		if i%2 == 1 {
			evalDocs = append(evalDocs, d)
		}
	}
	for i, d := range news {
		if i%2 == 1 {
			evalDocs = append(evalDocs, d)
		}
	}
	// Fitting documents (even-numbered), spun with a table made of the
	// detector's own synonym source and lexicon plus pairs it does not
	// cover.
	var fitDocs []Doc
	for i, d := range wiki {
		if i%2 == 0 {
			fitDocs = append(fitDocs, d)
		}
	}
	for i, d := range news {
		if i%2 == 0 {
			fitDocs = append(fitDocs, d)
		}
	}
	train := TrainingTable(spin.DefaultSynonyms())
	for o, ss := range LexiconTable(spin.DefaultLexicon()) {
		for _, x := range ss {
			train.Add(o, x)
		}
	}
	write("synth-train.jsonl", SyntheticSet(fitDocs, seg, train, 7.5, 3))
	// Clean: all clean documents.
	var clean []Record
	f := false
	for _, d := range append(append([]Doc{}, wiki...), news...) {
		clean = append(clean, Record{ID: d.ID, Text: d.Text, Label: &f})
	}
	write("clean.jsonl", clean)
	// Out-of-domain clean writing for the document model's fit (our own
	// text, kept in the repository).
	ood, err := os.ReadFile(filepath.Join("..", "..", "bench", "spin", "ood", "ood-fit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "ood-fit.jsonl"), ood, 0o644); err != nil {
		t.Fatal(err)
	}
	// The blind farm pages' spun articles (spinning alone).
	farm, err := FarmArticles(filepath.Join("..", "..", "bench", "restore", "heldout"))
	if err != nil {
		t.Fatal(err)
	}
	write("farm-articles.jsonl", farm)
	// Lexicon halves.
	lex := spin.DefaultLexicon()
	for h := 0; h < 2; h++ {
		half := lex.Filter(func(e spin.Entry) bool { return HalfOf(e) == h })
		fh, err := os.Create(filepath.Join(out, "lexicon-half"+itoa(h)+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		half.WriteTSV(fh)
		fh.Close()
	}
	// Cilin halves: the detector gets half 0 (cilin-half0.txt, with the
	// whole lexicon), the spinner the synonym groups of half 1.
	syn := spin.DefaultSynonyms()
	fc, err := os.Create(filepath.Join(out, "cilin-half0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	syn.Filter(func(i int) bool { return SynonymHalf(syn, i) == 0 }).WriteText(fc)
	fc.Close()
	write("synth-cilin-half.jsonl", SyntheticSet(evalDocs, seg, SynonymTable(syn.Filter(func(i int) bool { return SynonymHalf(syn, i) == 1 })), 7.5, 4))
	half1 := lex.Filter(func(e spin.Entry) bool { return HalfOf(e) == 1 })
	write("synth-half.jsonl", SyntheticSet(evalDocs, seg, LexiconTable(half1), 7.5, 1))
	if tab, ok := SpinnerTable(dir); ok {
		write("synth-table.jsonl", SyntheticSet(evalDocs, seg, tab, 7.5, 2))
		// The table without the pairs the lexicon happens to share with
		// it (counted only; the lexicon is never built from the table):
		// substitutions the detector has certainly not seen.
		unseen, shared := WithoutLexicon(tab, lex)
		t.Logf("spinner table: %d pairs, %d of them also in the lexicon", tab.Pairs(), shared)
		write("synth-table-unseen.jsonl", SyntheticSet(evalDocs, seg, unseen, 7.5, 2))
	}
	// The other direction of the lexicon split: spinner on half 0 (the
	// detector gets lexicon-half1.tsv).
	half0 := lex.Filter(func(e spin.Entry) bool { return HalfOf(e) == 0 })
	write("synth-half1.jsonl", SyntheticSet(evalDocs, seg, LexiconTable(half0), 7.5, 5))
	if dev, ok := SpunDev(dir); ok {
		tr := true
		var recs []Record
		for _, d := range dev {
			recs = append(recs, Record{ID: d.ID, Text: d.Text, Label: &tr})
		}
		write("spundev.jsonl", recs)
	}
	// The seed with the hand annotation.
	seed, err := os.ReadFile("../../examples/seed-openai-48h.txt")
	if err == nil {
		af, err := os.Open("../../spin/testdata/seed-annotation.tsv")
		if err != nil {
			t.Fatal(err)
		}
		spans, err := ReadAnnotations(af, string(seed))
		af.Close()
		if err != nil {
			t.Fatal(err)
		}
		tr := true
		write("seed.jsonl", []Record{{ID: "seed-openai-48h", Text: string(seed), Label: &tr, Spans: spans}})
	}
}
