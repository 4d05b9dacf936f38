// The scan sources: serial scanner modules, FIFOs and stdin (the camera source lives beside them).
export type { Scan, ScanSource } from './scan-source.ts'
export { ScannerError, SCANNER_ERROR_CODES, type ScannerErrorCode } from './scanner-error.ts'
export { SerialScanner, type SerialScannerOptions } from './serial-scanner.ts'
export { LineSource, type LineSourceOptions } from './line-source.ts'
export { LineSplitter, DEFAULT_MAX_LINE_BYTES, type SplitLine } from './line-splitter.ts'
