package winnow_test

import (
	"context"
	"fmt"

	"github.com/winnow-project/winnow"
)

// Check a page and print the verdict, the edits and the restored text.
// This example runs without a language model (winnow.WithoutModel), so
// only the boilerplate and punctuation detectors take part; winnow.New()
// with no options uses the bundled Chinese model.
func Example() {
	a, err := winnow.New(winnow.WithoutModel())
	if err != nil {
		fmt.Println(err)
		return
	}
	page := "新闻中心\n" +
		"湖边的水鸟\n" +
		"研究人员在湖边观察到一种罕见的水鸟 ,它们每年春天从南方飞来 。\n" +
		"它们在芦苇丛中筑巢 ,直到秋天才离开 。\n" +
		"当地居民说 ,以前很少见到这种鸟 。\n" +
		"上一篇:家用净水器滤芯更换步骤详解 下一篇:夏季防晒霜选购指南\n"
	r, err := a.Check(context.Background(), []byte(page))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict.Label, r.Title)
	for _, l := range r.Lines {
		fmt.Println(l.Line, l.Label)
	}
	fmt.Print(r.Restored)
	// Output:
	// spam 湖边的水鸟
	// 1 boilerplate
	// 2 title
	// 3 body
	// 4 body
	// 5 body
	// 6 boilerplate
	// 湖边的水鸟
	// 研究人员在湖边观察到一种罕见的水鸟，它们每年春天从南方飞来。
	// 它们在芦苇丛中筑巢，直到秋天才离开。
	// 当地居民说，以前很少见到这种鸟。
}

// Options switch detectors off and change thresholds; a JSON file does
// the same with winnow.LoadConfig.
func ExampleNew() {
	cfg := winnow.DefaultConfig()
	cfg.Verdict.Spam = 0.8
	a, err := winnow.New(winnow.WithoutModel(), winnow.WithConfig(cfg), winnow.WithDisabled("quality"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := a.Check(context.Background(), []byte("一段普通的文字，没有任何问题。"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict.Label, len(r.Edits), len(r.Signals))
	// Output:
	// clean 0 3
}
