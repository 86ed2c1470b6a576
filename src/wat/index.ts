// Public API of the WAT toolchain (no vscode imports: used by the language server, the debug adapter
// and the tests).
//
//   parseWat(text, uri?)       -> { module, diagnostics, lines }     error-tolerant parse of a .wat file
//   parseWast(text, uri?)      -> { script, diagnostics, lines }     .wast scripts (spec tests)
//   validate(parsed)           -> Diagnostic[]                       resolution + type checking
//   assemble(text | parsed)    -> { wasm, sourceMap, diagnostics }   byte-identical to `wat2wasm --debug-names`
//   toSourceMapV3(map, sourceName, wasmName) -> Source Map v3 JSON object (Emscripten-style wasm maps)
//   assembleFile(path)         -> writes name.wasm and name.wasm.map beside the .wat
//   disassembleAt(wasm, offset) -> text of the instruction at a code offset
//   collectSymbols(module)     -> definitions/references for go-to-definition, references, rename
//
// Positions in diagnostics are 0-based line/character (LSP). Tree nodes keep offsets; convert them
// with `parsed.lines.positionAt(offset)`.

export type { Diagnostic, Severity } from './diagnostics';
export type { Position, Range } from './lines';
export { LineIndex } from './lines';
export * from './ast';
export { SourceMapIndex, toSourceMapV3, decodeSourceMapV3 } from './sourcemap';
export type { SourceMapEntry, SourceMapV3, FunctionInfo } from './sourcemap';
export { disassembleAt, disassembleFunction, type DisasmNames } from './disasm';
export { collectSymbols } from './symbols';
export { assembleFile } from './files';
export type { AssembleFileOptions, AssembleFileResult } from './files';
export type { SymbolDef, SymbolRef, SymbolKind, SymbolTable } from './symbols';
export { parseWat, parseWast, validate, assemble } from './api';
export type { ParsedWat, ParsedWast, AssembleOptions, AssembleResult } from './api';
export { valTypeName } from './opcodes';
