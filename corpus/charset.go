package corpus

import (
	"mime"

	"github.com/winnow-project/winnow/page"
)

// toUTF8 gives data as UTF-8 and the charset it was decoded from ("" when
// it already was UTF-8), by page.Decode: a byte-order mark, the charset
// declared by the container (HTTP Content-Type of a WARC record), the
// bytes when they are valid UTF-8, a <meta> charset in the first 4 KB,
// else GB18030 or Big5 when one of them gives common Chinese text.
// Binary data and bytes no charset explains are an error.
func toUTF8(data []byte, declared string, html bool) ([]byte, string, error) {
	ct := ""
	if declared != "" {
		typ := "text/plain"
		if html {
			typ = "text/html"
		}
		ct = mime.FormatMediaType(typ, map[string]string{"charset": declared})
	}
	out, cs, err := page.Decode(data, ct)
	if err != nil {
		return nil, "", err
	}
	if cs.Name == "utf-8" {
		return out, "", nil
	}
	return out, cs.Name, nil
}
