package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/winnow-project/winnow/minhash"
)

func init() { register(newDedupCmd) }

// unionFind is a disjoint-set forest over 0..n-1.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		if ra < rb {
			u[rb] = ra
		} else {
			u[ra] = rb
		}
	}
}

// dedupDoc is one document of a dedup run.
type dedupDoc struct {
	id    string
	sig   minhash.Signature
	chars int
	clean cleanliness
}

type clusterMember struct {
	ID         string  `json:"id"`
	Chars      int     `json:"chars"`
	SpamScore  float64 `json:"spam_score"`
	SpinScore  float64 `json:"spin_score"`
	Perplexity float64 `json:"perplexity"`
	Similarity float64 `json:"similarity"` // estimated Jaccard with the kept document
}

type cluster struct {
	Cluster int             `json:"cluster"`
	Size    int             `json:"size"`
	Keep    string          `json:"keep"`
	Drop    []string        `json:"drop"`
	Members []clusterMember `json:"members"`
}

// clusters groups docs whose signatures share an LSH band and whose
// estimated Jaccard is at least threshold, and picks the document to keep
// in each group: the cleanest (lowest spam score, then spin score, then
// perplexity: most likely the source of spun copies), then the longest,
// then the first.
func clusters(h *minhash.Hasher, docs []dedupDoc, threshold float64) []cluster {
	u := newUnionFind(len(docs))
	bands := make([]map[uint32][]int, h.Options().Bands)
	for b := range bands {
		bands[b] = map[uint32][]int{}
	}
	for i, d := range docs {
		for b, key := range h.Bands(d.sig) {
			for _, j := range bands[b][key] {
				if u.find(i) == u.find(j) {
					continue
				}
				if s, _ := minhash.Similarity(d.sig, docs[j].sig); s >= threshold {
					u.union(i, j)
				}
			}
			bands[b][key] = append(bands[b][key], i)
		}
	}
	groups := map[int][]int{}
	for i := range docs {
		r := u.find(i)
		groups[r] = append(groups[r], i)
	}
	var roots []int
	for r, g := range groups {
		if len(g) > 1 {
			roots = append(roots, r)
		}
	}
	sort.Ints(roots)
	var out []cluster
	for n, r := range roots {
		g := groups[r]
		keep := g[0]
		for _, i := range g[1:] {
			a, b := docs[i], docs[keep]
			if a.clean.less(b.clean) || a.clean == b.clean && a.chars > b.chars {
				keep = i
			}
		}
		c := cluster{Cluster: n, Size: len(g), Keep: docs[keep].id, Drop: []string{}}
		for _, i := range g {
			s, _ := minhash.Similarity(docs[i].sig, docs[keep].sig)
			c.Members = append(c.Members, clusterMember{ID: docs[i].id, Chars: docs[i].chars, SpamScore: docs[i].clean.Spam, SpinScore: docs[i].clean.Spin, Perplexity: docs[i].clean.Perplexity, Similarity: s})
			if i != keep {
				c.Drop = append(c.Drop, docs[i].id)
			}
		}
		out = append(out, c)
	}
	return out
}

func newDedupCmd(e *env) *cobra.Command {
	var (
		f         checkFlags
		s         sigFlags
		output    string
		threshold float64
	)
	cmd := &cobra.Command{
		Use:   "dedup CORPUS... -o clusters.jsonl",
		Short: "Group near-duplicate documents (spun copies included) and pick one to keep",
		Long: `dedup restores every document of the corpora (as check does; --raw signs the
input as given), signs it with MinHash and groups documents whose signatures
share an LSH band and agree on at least --threshold of their hashes (the
estimated Jaccard similarity of character shingles), by union-find. Each
cluster of two or more documents is one JSONL line: its members with their
length, spam and spin scores, perplexity and similarity to the kept document,
the document to keep (the lowest spam score, then spin score, then perplexity,
then the longest: the cleanest version, usually the source of the spun copies)
and the ones to drop.`,
		Example: `  winnow dedup crawl.jsonl -o clusters.jsonl
  jq -r '.drop[]' clusters.jsonl > drop-ids.txt`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return errors.New("-o FILE is required (- for standard output)")
			}
			if threshold <= 0 || threshold > 1 {
				return fmt.Errorf("--threshold %v: want a value in (0, 1]", threshold)
			}
			h, err := minhash.New(s.o)
			if err != nil {
				return err
			}
			fd, err := newFinder(e, &f, s.mode(), false)
			if err != nil {
				return err
			}
			var docs []dedupDoc
			errs := 0
			err = fd.signCorpus(cmd.Context(), e, h, args, nil, func(r signed) error {
				if r.err != nil {
					errs++
					e.log.Warn("skipped", "id", r.rec.ID, "err", r.err)
					return nil
				}
				docs = append(docs, dedupDoc{id: r.doc.ID, sig: r.doc.Sig, chars: utf8.RuneCountInString(r.doc.Text), clean: r.clean})
				return nil
			})
			if err != nil {
				return err
			}
			cs := clusters(h, docs, threshold)
			w := e.stdout
			if output != "-" {
				fo, err := os.Create(output)
				if err != nil {
					return err
				}
				defer fo.Close()
				w = fo
			}
			bw := bufio.NewWriter(w)
			enc := json.NewEncoder(bw)
			enc.SetEscapeHTML(false)
			dropped := 0
			for _, c := range cs {
				dropped += len(c.Drop)
				if err := enc.Encode(c); err != nil {
					return err
				}
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "dedup: %d documents (%d errors), %d clusters, %d near-duplicates to drop\n", len(docs), errs, len(cs), dropped)
			return nil
		},
	}
	f.add(cmd)
	s.add(cmd)
	cmd.Flags().StringVarP(&output, "output", "o", "", "clusters JSONL file (- for standard output)")
	cmd.Flags().Float64Var(&threshold, "threshold", 0.4, "estimated Jaccard at or above which two documents are near-duplicates")
	return cmd
}
