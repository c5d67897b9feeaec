package console

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/kinerja/kinerja/domain/performance"
)

// chart is a unit's predikat distribution and the pattern it must meet.
type chart struct {
	bars  []bar
	n     int
	org   string
	rules []performance.PatternRule
}

// bar is the head count of one predikat.
type bar struct {
	predikat string
	count    int
}

// Geometry of the chart, in SVG user units.
const (
	chartW, chartRowH, chartLabelW, chartTop = 640, 44, 150, 30
)

// limitsOf returns, per predikat, the maximum and minimum head counts the
// rules on that predikat alone allow (-1 when none).
func (ch chart) limitsOf(p string) (maxN, minN int) {
	maxN, minN = -1, -1
	for _, r := range ch.rules {
		if len(r.Predikats) != 1 || string(r.Predikats[0]) != p {
			continue
		}
		switch r.Rule {
		case performance.RuleMaxShare, performance.RuleNoneAllowed:
			maxN = r.Limit
		case performance.RuleMinShare, performance.RuleAtLeastOne:
			minN = r.Limit
		}
	}
	return maxN, minN
}

// svg draws one horizontal bar per predikat (head count), with the
// pattern's maximum as a red dashed line and minimum as a blue dotted
// line; a bar beyond its limits is drawn in the warning colour. The text
// alternative lists the same numbers.
func (ch chart) svg() template.HTML {
	labels := labelTable()
	label := func(v any) string { return labelFrom(labels, v) }
	scale := max(ch.n, 1)
	plot := float64(chartW - chartLabelW - 60)
	x := func(n int) float64 { return float64(chartLabelW) + plot*float64(n)/float64(scale) }
	h := chartTop + chartRowH*len(ch.bars) + 20
	var b strings.Builder
	var desc []string
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" class="chart">`, chartW, h)
	fmt.Fprintf(&b, `<title id="chart-title">Sebaran predikat %d pegawai terhadap pola predikat organisasi %s</title>`, ch.n, template.HTMLEscapeString(label(ch.org)))
	for i, br := range ch.bars {
		y := chartTop + i*chartRowH
		maxN, minN := ch.limitsOf(br.predikat)
		bad := (maxN >= 0 && br.count > maxN) || (minN >= 0 && br.count < minN && ch.n > 0)
		fill := "#1f6f8b"
		if bad {
			fill = "#b3261e"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="lbl">%s</text>`, chartLabelW-8, y+24, template.HTMLEscapeString(label(br.predikat)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="26" fill="%s" data-predikat="%s" data-count="%d"/>`,
			chartLabelW, y+6, x(br.count)-float64(chartLabelW), fill, br.predikat, br.count)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="val">%d</text>`, x(br.count)+6, y+24, br.count)
		d := fmt.Sprintf("%s: %d", label(br.predikat), br.count)
		if maxN >= 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#b3261e" stroke-width="3" stroke-dasharray="6 3" data-max="%d"/>`, x(maxN), x(maxN), y+2, y+36, maxN)
			d += fmt.Sprintf(", paling banyak %d", maxN)
		}
		if minN >= 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#0b57d0" stroke-width="3" stroke-dasharray="2 3" data-min="%d"/>`, x(minN), x(minN), y+2, y+36, minN)
			d += fmt.Sprintf(", paling sedikit %d", minN)
		}
		desc = append(desc, d)
	}
	fmt.Fprintf(&b, `<desc id="chart-desc">%s</desc></svg>`, template.HTMLEscapeString(strings.Join(desc, "; ")))
	return template.HTML(b.String()) // #nosec: every text is escaped above
}
