package evaldoc

import (
	"strings"
	"unicode/utf8"
)

// The table primitives: a heading, a label/value line, and a row of cells
// that wrap, drawn with borders and kept on one page.

// heading prints a section heading.
func (d *doc) heading(text string) {
	p := d.pdf
	if p.GetY() > 250 {
		p.AddPage()
	}
	p.Ln(3)
	p.SetFont(family, "B", 10)
	p.CellFormat(pageWidth, 6, text, "", 1, "L", false, 0, "")
	p.SetFont(family, "", 8.5)
}

// row prints one table row: each cell wraps within its width; the row is
// as tall as its tallest cell and starts a new page when it does not fit.
// A bold row is shaded (a header).
func (d *doc) row(widths []float64, cells []string, bold bool) {
	p := d.pdf
	style := ""
	if bold {
		style = "B"
	}
	p.SetFont(family, style, 8.5)
	lines := 1
	for i, c := range cells {
		lines = max(lines, len(p.SplitLines([]byte(clean(c)), widths[i]-2)))
	}
	h := float64(lines)*lineHeight + 1.6
	_, pageH := p.GetPageSize()
	_, _, _, bottom := p.GetMargins()
	if p.GetY()+h > pageH-max(bottom, 24) {
		p.AddPage()
		p.SetFont(family, style, 8.5)
	}
	x, y := p.GetX(), p.GetY()
	if bold {
		p.SetFillColor(225, 232, 240)
	}
	for i, c := range cells {
		p.Rect(x, y, widths[i], h, map[bool]string{true: "FD", false: "D"}[bold])
		p.SetXY(x+1, y+0.8)
		p.MultiCell(widths[i]-2, lineHeight, clean(c), "", "L", false)
		x += widths[i]
	}
	p.SetXY(margin, y+h)
	p.SetFont(family, "", 8.5)
}

// line prints "label: value" with the value in bold.
func (d *doc) line(label, value string) {
	p := d.pdf
	p.SetFont(family, "", 9.5)
	w := p.GetStringWidth(label+" ") + 1
	p.CellFormat(w, 6, label, "", 0, "L", false, 0, "")
	p.SetFont(family, "B", 9.5)
	p.MultiCell(pageWidth-w, 6, clean(value), "", "L", false)
	p.SetFont(family, "", 8.5)
}

// para prints a wrapped paragraph.
func (d *doc) para(text string) {
	d.pdf.SetFont(family, "", 8.5)
	d.pdf.MultiCell(pageWidth, lineHeight, clean(text), "", "L", false)
}

// clean drops control characters that a PDF cannot show (keeping line
// breaks) and shows an empty value as "-".
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		// The PDF library draws the Basic Multilingual Plane only and fails
		// the whole document on anything beyond (an emoji in a feedback
		// note, stored forever): such a character prints as U+FFFD.
		if r > 0xFFFF {
			return utf8.RuneError
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "-"
	}
	return s
}
