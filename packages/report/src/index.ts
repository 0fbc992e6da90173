export * as Charts from "./Charts.ts"
export * as Html from "./Html.ts"
export * as Reports from "./Reports.ts"
