/**
 * The page around the charts: one self-contained HTML file (inline styles,
 * inline SVG, nothing fetched), readable offline and printable.
 */
import { fontFamily } from "./Charts.ts"

export const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const style = `
  body { font-family: ${fontFamily}; margin: 24px auto; max-width: 980px; color: #222; line-height: 1.5; }
  h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
  .meta { color: #666; font-size: 13px; } .warning { background: #fff4e5; padding: 8px 12px; border-left: 3px solid #d97706; } .question { background: #f6f6f6; padding: 8px 12px; border-left: 3px solid #999; }
  table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 8px; }
  th { background: #f3f3f3; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 12px 0; page-break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
  @media print { body { margin: 0; } h2 { page-break-after: avoid; } }
`

export interface Section {
  readonly title: string
  readonly body: string
  /** A class on the section, e.g. for page breaks. */
  readonly className?: string
}

/** A page; `options` sets the document's language and adds styles (e.g. print layout). */
export const page = (title: string, meta: string, sections: ReadonlyArray<Section>, options: { readonly lang?: string; readonly style?: string } = {}): string =>
  `<!doctype html>
<html lang="${options.lang ?? "zh-CN"}">
<head><meta charset="utf-8"><title>${escape(title)}</title><style>${style}${options.style ?? ""}</style></head>
<body>
<h1>${escape(title)}</h1>
<div class="meta">${meta}</div>
${sections.map((s) => `<section${s.className === undefined ? "" : ` class="${s.className}"`}><h2>${escape(s.title)}</h2>\n${s.body}</section>`).join("\n")}
<p class="meta">Groundbreak · 离线报告, 无需联网 (self-contained: no network needed)</p>
</body>
</html>
`

export const figure = (svg: string, caption: string): string =>
  `<figure class="chart">${svg}<figcaption class="meta">${escape(caption)}</figcaption></figure>`

export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, numeric: (column: number) => boolean = (c) => c > 0): string =>
  `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric(i) ? ' class="n"' : ""}>${escape(c)}</td>`).join("")}</tr>`).join("")
  }</tbody></table>`
