// The part of the `qrcode` package the pages use: building a symbol's module matrix.
declare module 'qrcode' {
  export type QRCodeSegment =
    | { mode: 'numeric'; data: string }
    | { mode: 'alphanumeric'; data: string }
    | { mode: 'byte'; data: Uint8Array }

  export interface QRCode {
    modules: { size: number; get(row: number, col: number): number }
    version: number
  }

  export function create(
    data: string | QRCodeSegment[],
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; version?: number },
  ): QRCode
}
