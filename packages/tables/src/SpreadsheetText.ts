/**
 * Text that a spreadsheet would take for a formula (it starts with =, +, -
 * or @) is written with a leading apostrophe, so that opening an exported
 * CSV never runs what a project's name or a clerk's note says (CSV injection).
 */
export const neutralize = (text: string): string => (/^[=+\-@]/.test(text) ? `'${text}` : text)
