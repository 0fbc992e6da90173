export * as LedgerImport from "./LedgerImport.ts"
