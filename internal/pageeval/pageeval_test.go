package pageeval

import (
	"context"
	"testing"

	"github.com/winnow-project/winnow/document"
	"github.com/winnow-project/winnow/report"
)

// fixed is a Checker that returns the same report for every page.
type fixed struct{ rep report.Report }

func (f fixed) Check(context.Context, []byte) (*report.Report, error) { r := f.rep; return &r, nil }

func TestRun(t *testing.T) {
	tests := []struct {
		name              string
		restored          string
		edits             []document.Edit
		right, wrong, rem int
		after             int
	}{
		{"perfect", "公司管理层宣布新计划。\n记者说，计划明天开始。", []document.Edit{
			{Kind: document.KindSpin, From: "办理层", To: "管理层"},
			{Kind: document.KindStuffing, From: "减肥茶"},
		}, 1, 0, 1, 0},
		{"wrong edit, keyword kept", "公司办理层宣布新规划。减肥茶\n记者说，计划明天开始。", []document.Edit{
			{Kind: document.KindSpin, From: "计划", To: "规划"},
		}, 0, 1, 0, 2 + 3},
		{"same pair twice counts once", "公司管理层宣布新计划。记者说，计划明天开始。", []document.Edit{
			{Kind: document.KindSpin, From: "办理", To: "管理"},
			{Kind: document.KindSpin, From: "办理", To: "管理"},
		}, 1, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := fixed{report.Report{Restored: tc.restored, Edits: tc.edits}}
			r, err := Run(context.Background(), c, "testdata/cases")
			if err != nil {
				t.Fatal(err)
			}
			cs := r.Cases[0]
			if cs.SpinRight != tc.right || len(cs.Wrong) != tc.wrong || cs.Removed != tc.rem || cs.After != tc.after {
				t.Errorf("right %d wrong %d removed %d after %d, want %d %d %d %d",
					cs.SpinRight, len(cs.Wrong), cs.Removed, cs.After, tc.right, tc.wrong, tc.rem, tc.after)
			}
			if cs.Subs != 1 || cs.Inserted != 1 || r.Spun != 1 || cs.Before == 0 {
				t.Errorf("subs %d inserted %d spun %d before %d", cs.Subs, cs.Inserted, r.Spun, cs.Before)
			}
		})
	}
	if _, err := Run(context.Background(), fixed{}, t.TempDir()); err == nil {
		t.Error("empty folder: no error")
	}
}
