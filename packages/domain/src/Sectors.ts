/**
 * The sectors of key projects and the names they go by. Ledgers write a
 * sector as a code (`industrial`) or in Chinese (`工业`, `产业项目`); a
 * scenario may name it either way. This is the one mapping between them:
 * two names denote the same sector when they have the same code.
 */

export type Code = "industrial" | "infrastructure" | "social" | "services" | "agriculture" | "energy" | "transport"

export const codes: ReadonlyArray<Code> = ["industrial", "infrastructure", "social", "services", "agriculture", "energy", "transport"]

const names: Readonly<Record<Code, { readonly zh: string; readonly en: string; readonly aliases: ReadonlyArray<string> }>> = {
  industrial: { zh: "工业", en: "industrial", aliases: ["industry", "工业项目", "产业", "产业项目", "重点产业项目", "工业和产业"] },
  infrastructure: { zh: "基础设施", en: "infrastructure", aliases: ["基础设施项目", "基础设施类", "基建", "城建", "城市建设"] },
  social: { zh: "社会事业", en: "social", aliases: ["社会事业项目", "民生", "民生项目", "社会民生", "社会民生项目", "公共服务"] },
  services: { zh: "服务业", en: "services", aliases: ["service", "服务业项目", "现代服务业"] },
  agriculture: { zh: "农业", en: "agriculture", aliases: ["农业项目", "现代农业"] },
  energy: { zh: "能源", en: "energy", aliases: ["能源项目"] },
  transport: { zh: "交通", en: "transport", aliases: ["交通项目", "交通运输"] }
}

/** A name as compared: Unicode NFKC (full-width letters and digits folded), trimmed, lower case. */
export const normalize = (name: string): string => name.normalize("NFKC").trim().toLowerCase()

const byName = new Map<string, Code>()
for (const code of codes) {
  for (const name of [code, names[code].zh, names[code].en, ...names[code].aliases]) byName.set(normalize(name), code)
}

/** The sector code a name denotes, if it is one Groundbreak knows. */
export const codeOf = (name: string): Code | undefined => byName.get(normalize(name))

/** The sector's name in a language (a name Groundbreak does not know is shown as written). */
export const label = (name: string, lang: "zh" | "en"): string => {
  const code = codeOf(name)
  return code === undefined ? name : names[code][lang]
}

/** Whether two names denote the same sector: the same text, or the same code. */
export const same = (a: string, b: string): boolean => {
  if (normalize(a) === normalize(b)) return true
  const code = codeOf(a)
  return code !== undefined && code === codeOf(b)
}
