/**
 * The dependency rules of ARCHITECTURE.md hold only if eslint.config.js really applies them: in a
 * flat config the last block that sets a rule for a file replaces the earlier ones, which once
 * dropped the features/ui restrictions without anyone noticing. Each probe below is a file that
 * breaks one rule; linting it with the project's own config must report exactly that import.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

// The first lint loads the config and the TypeScript parser: seconds on a busy machine, which
// used to push the first probe past the default test timeout.
beforeAll(async () => { await eslint.lintText('export {};\n', { filePath: 'src/core/warm-up.ts' }); }, 60_000);

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

const breaking: Array<{ rule: string; file: string; code: string }> = [
  { rule: 'core imports no framework', file: 'src/core/probe.ts', code: "import { h } from 'preact';\nexport const x = h;\n" },
  { rule: 'core imports no node built-ins', file: 'src/core/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" },
  { rule: 'core imports nothing else from src', file: 'src/core/focus/probe.ts', code: "import { AmoHttp } from '../../amo/http';\nexport const x = AmoHttp;\n" },
  { rule: 'amo imports no widget code', file: 'src/amo/probe.ts', code: "import { t } from '../widget/i18n';\nexport const x = t;\n" },
  { rule: 'features do not touch the host', file: 'src/widget/features/focus/probe.ts', code: "import { render } from '../../host/render';\nexport const x = render;\n" },
  { rule: 'features do not use the raw amoCRM HTTP layer', file: 'src/widget/features/focus/probe.ts', code: "import { AmoHttp } from '../../../amo/http';\nexport const x = AmoHttp;\n" },
  { rule: 'features do not call amoCRM\'s read helpers at run time', file: 'src/widget/features/focus/probe.ts', code: "import { listLeads } from '../../../amo/leads';\nexport const x = listLeads;\n" },
  { rule: 'features do not build amoCRM errors or mappings at run time', file: 'src/widget/features/probe.ts', code: "import { AmoForbidden } from '../../amo/errors';\nexport const x = AmoForbidden;\n" },
  { rule: 'features see amoCRM only through the port, even as types', file: 'src/widget/features/focus/probe.ts', code: "import type { AmoHttp } from '../../../amo/http';\nexport type X = AmoHttp;\n" },
  { rule: 'features do not use jQuery', file: 'src/widget/features/focus/probe.ts', code: "import $ from 'jquery';\nexport const x = $;\n" },
  { rule: 'ui does not import models', file: 'src/widget/ui/probe.ts', code: "import { createFocusModel } from '../features/focus/FocusModel';\nexport const x = createFocusModel;\n" },
  { rule: 'ui does not call amoCRM', file: 'src/widget/ui/probe.ts', code: "import { listLeads } from '../../amo/leads';\nexport const x = listLeads;\n" },
  { rule: 'ui does not import the host', file: 'src/widget/ui/probe.ts', code: "import { render } from '../host/render';\nexport const x = render;\n" },
  { rule: 'ui does not call the service', file: 'src/widget/ui/probe.ts', code: "import { createServiceClient } from '../service-client';\nexport const x = createServiceClient;\n" },
  { rule: 'the widget never imports the service', file: 'src/widget/host/probe.ts', code: "import { startService } from '../../service/server';\nexport const x = startService;\n" },
  { rule: 'the widget never imports node built-ins', file: 'src/widget/features/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" },
  { rule: 'the service never imports widget code', file: 'src/service/probe.ts', code: "import { t } from '../widget/i18n';\nexport const x = t;\n" },
  { rule: 'the sandbox imports no runtime code from src', file: 'test/emulator/probe.ts', code: "import { listLeads } from '../../src/amo/leads';\nexport const x = listLeads;\n" },
];

// The first lint loads the whole ESLint config and typescript-eslint: seconds on a loaded machine.
describe('dependency rules (eslint.config.js)', { timeout: 60_000 }, () => {
  it.each(breaking)('reports a probe that breaks "$rule"', async ({ file, code }) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it.each([
    { what: 'features importing the amoCRM port as types', file: 'src/widget/features/focus/probe.ts', code: "import type { WidgetAmoPort } from '../../../amo/port';\nexport type X = WidgetAmoPort;\n" },
    { what: 'ui importing core types', file: 'src/widget/ui/probe.ts', code: "import type { LeadId } from '../../core/brand';\nexport type X = LeadId;\n" },
    { what: 'the host importing features and amo', file: 'src/widget/host/probe.ts', code: "import { AmoHttp } from '../../amo/http';\nimport { createFocusModel } from '../features/focus/FocusModel';\nexport const x = [AmoHttp, createFocusModel];\n" },
    { what: 'the sandbox importing amo wire types', file: 'test/emulator/probe.ts', code: "import type { LeadWire } from '../../src/amo/wire';\nexport type X = LeadWire;\n" },
  ])('allows $what', async ({ file, code }) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

/** The service reads the time only through its one Clock (src/service/clock.ts builds it). */
async function clockReadings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-properties' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('one clock in the service (eslint.config.js)', () => {
  it.each([
    { what: 'Date.now()', code: 'export const at = Date.now();\n' },
    { what: 'Date.now passed as a function', code: 'export const now = Date.now;\n' },
    { what: 'new Date() with no argument', code: 'export const at = new Date();\n' },
  ])('reports $what in a service module', async ({ code }) => {
    expect(await clockReadings('src/service/jobs/probe.ts', code)).toHaveLength(1);
  });

  it('allows the clock module itself, and Dates made from a given time', async () => {
    expect(await clockReadings('src/service/clock.ts', 'export const at = Date.now();\n')).toEqual([]);
    expect(await clockReadings('src/service/jobs/probe.ts', 'export const at = (ms: number) => new Date(ms);\n')).toEqual([]);
  });
});

describe('the contract module (src/contract) holds types only', () => {
  const syntaxErrors = async (code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: 'src/contract/probe.ts' });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it.each([
    { what: 'a value import', code: "import { toEpochMs } from '../core/brand';\nexport type X = typeof toEpochMs;\n" },
    { what: 'a runtime constant', code: "export const PAGE = 200;\n" },
    { what: 'a function', code: "export function periodQuery(): string { return ''; }\n" },
    { what: 'a value re-export', code: "export { STATUS_LOST } from '../core/brand';\n" },
  ])('reports $what', async ({ code }) => {
    expect(await syntaxErrors(code)).toHaveLength(1);
  });

  it('allows type imports and type declarations', async () => {
    expect(await syntaxErrors("import type { LeadId } from '../core/brand';\nexport type { UserId } from '../core/brand';\nexport interface X { id: LeadId }\n")).toEqual([]);
  });

  it('reports a contract that names widget code, even as a type', async () => {
    expect(await restrictedImports('src/contract/probe.ts', "import type { AppEnv } from '../widget/features/app-env';\nexport type X = AppEnv;\n")).toHaveLength(1);
  });

  it('reports a contract that names service code, even as a type', async () => {
    expect(await restrictedImports('src/contract/probe.ts', "import type { Feature } from '../service/feature';\nexport type X = Feature;\n")).toHaveLength(1);
  });
});
