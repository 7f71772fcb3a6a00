// The few web-platform globals main/core may use: Node and browsers both have them, but only @types/node or the
// DOM lib declare them, and tsconfig.core.json gives core neither (so `process` or `document` fails there).
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { new (): TextEncoder };
interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare var TextDecoder: { new (label?: string, options?: { fatal?: boolean }): TextDecoder };
declare function structuredClone<T>(value: T): T;
