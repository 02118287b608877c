package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/winnow-project/winnow/page"
)

// metaCharset finds <meta charset=X> and <meta http-equiv content="…charset=X">.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)`)

// toUTF8 gives data as UTF-8 and the charset it was decoded from ("" when
// it already was UTF-8). declared is a charset named by the container
// (HTTP Content-Type); for HTML, a <meta> charset in the first 4 KB counts
// as declared too. Undeclared text that is not UTF-8 is taken as GB18030
// (a superset of GBK and GB2312) when it decodes cleanly to mostly Chinese
// text; anything else is an error.
func toUTF8(data []byte, declared string, html bool) ([]byte, string, error) {
	declared = strings.ToLower(strings.TrimSpace(declared))
	if declared == "" && html && !utf8.Valid(data) {
		head := data[:min(len(data), 4096)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			declared = strings.ToLower(string(m[1]))
		}
	}
	switch declared {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		if utf8.Valid(data) {
			return data, "", nil
		}
	default:
		enc, err := htmlindex.Get(declared)
		if err != nil {
			return nil, "", fmt.Errorf("unknown charset %q", declared)
		}
		name, _ := htmlindex.Name(enc)
		if name == "utf-8" {
			if utf8.Valid(data) {
				return data, "", nil
			}
			break
		}
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", fmt.Errorf("decode %s: %w", name, err)
		}
		return out, name, nil
	}
	if out, ok := detectGB18030(data); ok {
		return out, "gb18030", nil
	}
	return nil, "", fmt.Errorf("text is not UTF-8 (first bad byte at offset %d) and no charset is declared or detected", page.FirstInvalid(data))
}

// detectGB18030 decodes data as GB18030 and accepts the result when no
// byte was undecodable and most non-ASCII characters are Chinese.
func detectGB18030(data []byte) ([]byte, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	if bytes.Count(out, []byte("\uFFFD")) > bytes.Count(data, []byte("\uFFFD")) {
		return nil, false
	}
	var nonASCII, chinese int
	for _, r := range string(out) {
		if r < 0x80 {
			continue
		}
		nonASCII++
		if r >= 0x4E00 && r <= 0x9FFF || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
			chinese++
		}
	}
	return out, nonASCII > 0 && chinese*10 >= nonASCII*7
}
