package spineval

import "testing"

func TestFarmArticles(t *testing.T) {
	recs, err := FarmArticles("../pageeval/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	if want := "公司办理层宣布新计划。\n记者说，计划明天开始。"; r.Text != want {
		t.Errorf("text %q, want %q", r.Text, want)
	}
	if want := "公司管理层宣布新计划。\n记者说，计划明天开始。"; r.Original != want {
		t.Errorf("original %q, want %q", r.Original, want)
	}
}
