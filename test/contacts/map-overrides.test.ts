import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappingFile, mapHeader, parseMapFlags } from '../../src/contacts/header-map.js';
import { UsageError } from '../../src/errors.js';

describe('parseMapFlags', () => {
  it.each([
    [[], {}],
    [['crm_id=Lead ID'], { crm_id: 'Lead ID' }],
    [[' crm_id = Lead ID ', 'phone_number=Mobile'], { crm_id: 'Lead ID', phone_number: 'Mobile' }],
    [['additional.tier=Level = Tier'], { 'additional.tier': 'Level = Tier' }],
  ])('%j -> %j', (values, expected) => {
    expect(parseMapFlags(values)).toEqual(expected);
  });

  it.each([
    [['crm_id'], '--map "crm_id" is not field=Header (for example --map crm_id="Lead ID").'],
    [['=Lead ID'], '--map "=Lead ID" is not field=Header'],
    [['crm_id= '], '--map "crm_id= " is not field=Header'],
    [['crm_id=A', 'crm_id=B'], '--map names crm_id more than once'],
  ])('%j is a UsageError: %s', (values, message) => {
    expect(() => parseMapFlags(values)).toThrow(UsageError);
    expect(() => parseMapFlags(values)).toThrow(message);
  });
});

describe('loadMappingFile', () => {
  let dir = '';
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'contacts-map-'));
  });

  it.each([
    ['{"crm_id": "Lead ID", "additional.tier": "Level"}', { crm_id: 'Lead ID', 'additional.tier': 'Level' }],
    ['\uFEFF{"phone_number": "Mobile"}', { phone_number: 'Mobile' }],
  ])('reads %j', async (text, expected) => {
    expect(await loadMappingFile(await file('ok.json', text))).toEqual(expected);
  });

  it.each([
    ['broken.json', '{"crm_id": ', 'is not valid JSON'],
    ['array.json', '["crm_id"]', 'must hold a JSON object of field to header'],
    ['number.json', '{"crm_id": 7}', 'the header for "crm_id" must be a non-empty string'],
    ['empty.json', '{"crm_id": " "}', 'the header for "crm_id" must be a non-empty string'],
  ])('%s is a UsageError naming the file', async (name, text, message) => {
    const path = await file(name, text);
    const error: unknown = await loadMappingFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(message);
  });

  it('a missing file is a UsageError naming it', async () => {
    const path = join(dir, 'nope.json');
    await expect(loadMappingFile(path)).rejects.toThrow(`Mapping file ${path}: no such file.`);
  });

  it('flags beat the file once the caller merges them', async () => {
    const fromFile = await loadMappingFile(await file('map.json', '{"crm_id": "Lead ID", "phone_number": "Home"}'));
    const merged = { ...fromFile, ...parseMapFlags(['phone_number=Mobile']) };
    const mapping = mapHeader(['Lead ID', 'Home', 'Mobile', 'opt_in_date'], merged);
    expect(Object.fromEntries(mapping.columns)).toEqual({ crm_id: 0, phone_number: 2, opt_in_date: 3 });
    expect(mapping.ignored).toEqual(['Home']);
  });
});
