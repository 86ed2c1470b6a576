/** Types of scripts/check-package.mjs for the tests (test/package). */
export declare const NON_NODE_API: RegExp;
export declare function binaryFormat(buf: Buffer): 'ELF' | 'Mach-O' | 'PE' | 'unknown';
export declare function nodeApiVerdict(file: string): { format: string; napi: number; bad: string[]; ok: boolean };
export declare function checkPackage(vsix: string, log?: (line: string) => void): { target: string; natives: number; ble: boolean; problems: string[] };
