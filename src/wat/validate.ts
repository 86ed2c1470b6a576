import { Module } from './ast';
import { RawDiagnostic } from './diagnostics';
export function validateModule(mod: Module): RawDiagnostic[] {
  void mod;
  return [];
}
