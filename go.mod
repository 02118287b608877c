module github.com/winnow-project/winnow

go 1.26.8
