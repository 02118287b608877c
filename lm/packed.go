package lm

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// packed is a read-only array of fixed-width unsigned integers stored
// little-endian, bit-packed, with 8 bytes of padding so that every read is
// one unaligned 64-bit load.
type packed struct {
	data  []byte
	n     uint64
	width uint
	mask  uint64
}

func (p *packed) get(i uint64) uint64 {
	bit := i * uint64(p.width)
	return binary.LittleEndian.Uint64(p.data[bit>>3:]) >> (bit & 7) & p.mask
}

// bitsFor is the number of bits needed to store values 0..max (at least 1).
func bitsFor(max uint64) uint {
	if max == 0 {
		return 1
	}
	return uint(bits.Len64(max))
}

// packedBytes is the size of n values of width bits, with padding.
func packedBytes(n uint64, width uint) uint64 { return (n*uint64(width)+7)/8 + 8 }

// appendPacked writes values as a packed array of the given width.
func appendPacked(dst []byte, vals []uint64, width uint) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, packedBytes(uint64(len(vals)), width))...)
	buf := dst[start:]
	for i, v := range vals {
		bit := uint64(i) * uint64(width)
		for k := uint(0); k < width; k++ {
			if v>>k&1 != 0 {
				b := bit + uint64(k)
				buf[b>>3] |= 1 << (b & 7)
			}
		}
	}
	return dst
}

// valueColumn holds float32 values, either raw (32-bit patterns) or as
// indices into a codebook of distinct values. The codebook is lossless:
// every value reads back bit for bit.
type valueColumn struct {
	codes    packed
	codebook []byte // n float32, little-endian; empty when raw
}

func (c *valueColumn) get(i uint64) float32 {
	v := c.codes.get(i)
	if len(c.codebook) == 0 {
		return math.Float32frombits(uint32(v))
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(c.codebook[4*v:]))
}

// encoder appends 8-byte-aligned chunks.
type encoder struct{ buf []byte }

func (e *encoder) u64(v uint64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, v) }

func (e *encoder) align() {
	for len(e.buf)%8 != 0 {
		e.buf = append(e.buf, 0)
	}
}

// blob writes a length-prefixed byte string.
func (e *encoder) blob(b []byte) {
	e.u64(uint64(len(b)))
	e.buf = append(e.buf, b...)
	e.align()
}

func (e *encoder) packed(vals []uint64, width uint) {
	e.u64(uint64(len(vals)))
	e.u64(uint64(width))
	e.buf = appendPacked(e.buf, vals, width)
	e.align()
}

// values writes a value column, choosing a codebook when it is smaller.
func (e *encoder) values(vals []float32) {
	// A codebook can only pay off with fewer distinct values than half
	// the entries; stop counting beyond that.
	distinct := make(map[uint32]struct{})
	complete := true
	for _, v := range vals {
		distinct[math.Float32bits(v)] = struct{}{}
		if len(distinct) > len(vals)/2 {
			complete = false
			break
		}
	}
	n := uint64(len(vals))
	codes := make([]uint64, len(vals))
	cbWidth := bitsFor(uint64(len(distinct)) - 1)
	if complete && len(distinct) > 0 && n*uint64(cbWidth)+uint64(len(distinct))*32 < n*32 {
		book := make([]float32, 0, len(distinct))
		for b := range distinct {
			book = append(book, math.Float32frombits(b))
		}
		sortFloatsBits(book)
		index := make(map[uint32]uint64, len(book))
		cb := make([]byte, 0, 4*len(book))
		for i, v := range book {
			index[math.Float32bits(v)] = uint64(i)
			cb = binary.LittleEndian.AppendUint32(cb, math.Float32bits(v))
		}
		for i, v := range vals {
			codes[i] = index[math.Float32bits(v)]
		}
		e.blob(cb)
		e.packed(codes, cbWidth)
		return
	}
	for i, v := range vals {
		codes[i] = uint64(math.Float32bits(v))
	}
	e.blob(nil)
	e.packed(codes, 32)
}

// decoder reads what encoder wrote, checking every length.
type decoder struct {
	data []byte
	off  uint64
	err  error
	what string
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d: %s", ErrFormat, d.what, d.off, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	if uint64(len(d.data))-d.off < 8 || d.off > uint64(len(d.data)) {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.data[d.off:])
	d.off += 8
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.data))-d.off {
		d.fail("truncated (need %d bytes)", n)
		return nil
	}
	b := d.data[d.off : d.off+n : d.off+n]
	d.off += (n + 7) &^ 7
	if d.off > uint64(len(d.data)) {
		d.off = uint64(len(d.data))
	}
	return b
}

func (d *decoder) blob() []byte { return d.bytes(d.u64()) }

func (d *decoder) packed(wantN uint64, maxWidth uint) packed {
	n := d.u64()
	w := d.u64()
	if d.err != nil {
		return packed{}
	}
	if n != wantN {
		d.fail("array has %d entries, want %d", n, wantN)
		return packed{}
	}
	if w == 0 || w > uint64(maxWidth) || w > 57 {
		d.fail("bad bit width %d", w)
		return packed{}
	}
	if n > (1<<56)/w {
		d.fail("array too large")
		return packed{}
	}
	size := packedBytes(n, uint(w))
	data := d.bytes(size)
	if d.err != nil {
		return packed{}
	}
	return packed{data: data, n: n, width: uint(w), mask: 1<<w - 1}
}

func (d *decoder) values(wantN uint64) valueColumn {
	cb := d.blob()
	if d.err != nil {
		return valueColumn{}
	}
	if len(cb)%4 != 0 {
		d.fail("codebook length %d", len(cb))
		return valueColumn{}
	}
	codes := d.packed(wantN, 32)
	if d.err != nil {
		return valueColumn{}
	}
	if len(cb) == 0 {
		if codes.width != 32 {
			d.fail("raw values must be 32 bits wide")
		}
		return valueColumn{codes: codes}
	}
	// Every code must index the codebook.
	if uint64(len(cb)/4) <= codes.mask {
		for i := uint64(0); i < codes.n; i++ {
			if codes.get(i) >= uint64(len(cb)/4) {
				d.fail("code %d out of codebook", codes.get(i))
				return valueColumn{}
			}
		}
	}
	return valueColumn{codes: codes, codebook: cb}
}
