/**
 * Reading import files and mapping their columns: headers of HubSpot, Salesforce and Twenty
 * exports and of a hand-made sheet are recognised; CSV edge cases (BOM, quoted newlines and
 * delimiters, `;` lists, empty lines, trailing delimiters, a 10 MB cell), encodings (UTF-16,
 * Latin-1), delimiters, XLSX and ZIP files come out as the same rows; a row becomes the values
 * it will be stored with, or its refusal.
 */
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PropertyDefinition } from '../../lib/crm/custom-properties.labels';
import { importFields } from '../../lib/imports/fields';
import { headerSignature, mappingByHeader, suggestMapping } from '../../lib/imports/mapping';
import { addMonths } from '../../lib/imports/apply-training';
import { foldCells, isRefusal, parseAmount, prepareRow, type RowContext } from '../../lib/imports/prepare';
import { detectDelimiter, detectEncoding, fileRecords, formatOf, sniffCsv, zipRecords } from '../../lib/imports/read-file';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  // In uneven pieces, as a network or the database hands them over.
  for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
}
async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
async function rowsOf(bytes: Uint8Array, name = 'file.csv', pieces = once): Promise<string[][]> {
  const format = formatOf(name, bytes);
  if (!format) throw new Error('unknown format');
  const out: string[][] = [];
  for await (const r of fileRecords(pieces(bytes), format, format === 'csv' ? sniffCsv(bytes) : null)) out.push(r);
  return out;
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const fieldsFor = (mapping: Record<string, string>, headers: string[]) => Object.fromEntries(Object.entries(mapping).map(([i, k]) => [headers[Number(i)], k]));

describe('header recognition', () => {
  const contactFields = importFields('contacts');
  it('maps a HubSpot contacts export', () => {
    const headers = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Lifecycle Stage', 'Contact owner', 'Marketing contact status', 'Company Name', 'Create Date'];
    expect(fieldsFor(suggestMapping(headers, contactFields), headers)).toEqual({
      'Record ID': 'external_id',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Lifecycle Stage': 'lifecycle_stage',
      'Contact owner': 'owner',
      'Company Name': 'account',
    });
  });
  it('maps a Salesforce contacts export', () => {
    const headers = ['Contact ID', 'First Name', 'Last Name', 'Title', 'Email', 'Phone', 'Account Name', 'Contact Owner', 'Lead Source'];
    expect(fieldsFor(suggestMapping(headers, contactFields), headers)).toEqual({
      'Contact ID': 'external_id',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'job_title',
      Email: 'email',
      Phone: 'phone',
      'Account Name': 'account',
      'Contact Owner': 'owner',
      'Lead Source': 'source',
    });
  });
  it('maps a Twenty people export', () => {
    const headers = ['Id', 'Name / First Name', 'Name / Last Name', 'Emails / Primary Email', 'Phones / Primary Phone Number', 'Job Title', 'Company / Name'];
    expect(fieldsFor(suggestMapping(headers, contactFields), headers)).toEqual({
      Id: 'external_id',
      'Name / First Name': 'first_name',
      'Name / Last Name': 'last_name',
      'Emails / Primary Email': 'email',
      'Phones / Primary Phone Number': 'phone',
      'Job Title': 'job_title',
      'Company / Name': 'account',
    });
  });
  it('maps a hand-made attendee sheet, custom properties by their label, and each field from one column only', () => {
    const properties = [{ key: 'dietary_needs', label: 'Dietary needs', archived: false }];
    const headers = ['Full name', 'E-mail', 'E-mail address', 'Mobile', 'dietary needs', 'Notes'];
    expect(fieldsFor(suggestMapping(headers, importFields('contacts', properties)), headers)).toEqual({
      'Full name': 'full_name',
      'E-mail': 'email',
      Mobile: 'phone',
      'dietary needs': 'custom:dietary_needs',
    });
  });
  it('maps an accounts export on domain, and a leads export with its status', () => {
    const accounts = ['Company name', 'Company Domain Name', 'Industry', 'Number of Employees'];
    expect(Object.values(suggestMapping(accounts, importFields('accounts')))).toEqual(['name', 'domain', 'industry', 'employee_count']);
    const leads = ['Email', 'Last Name', 'Lead Status', 'Company'];
    expect(Object.values(suggestMapping(leads, importFields('leads')))).toEqual(['email', 'last_name', 'status', 'company_name']);
  });
  it('reuses a saved mapping for the same headers in any order and case', () => {
    const headers = ['Mail', 'Surname'];
    const saved = mappingByHeader(headers, { '0': 'email', '1': 'last_name' });
    const reordered = ['SURNAME', 'mail'];
    expect(headerSignature(reordered)).toBe(headerSignature(headers));
    expect(suggestMapping(reordered, importFields('contacts'), saved)).toEqual({ '0': 'last_name', '1': 'email' });
  });
});

describe('CSV edge cases', () => {
  it('reads a UTF-8 file with a BOM, quoted newlines and delimiters, empty lines and trailing delimiters', async () => {
    const text = '\uFEFFEmail,Name,Notes,\r\n"a@example.com","Lovelace, Ada","line one\nline two",\r\n\r\nb@example.com,Bob,,\r\n';
    expect(await rowsOf(utf8(text))).toEqual([
      ['Email', 'Name', 'Notes', ''],
      ['a@example.com', 'Lovelace, Ada', 'line one\nline two', ''],
      ['b@example.com', 'Bob', '', ''],
    ]);
  });
  it('detects semicolon, tab and pipe delimiters, and keeps a `;` list inside a comma file as one cell', async () => {
    expect(detectDelimiter('Email;Name;Course\na@example.com;Ada;ISO 9001\n')).toBe(';');
    expect(detectDelimiter('Email\tName\na@example.com\tAda\n')).toBe('\t');
    expect(detectDelimiter('Email|Name\na@example.com|Ada\n')).toBe('|');
    expect(await rowsOf(utf8('Email,Interests\na@example.com,"ISO 9001;ISO 27001"\n'))).toEqual([
      ['Email', 'Interests'],
      ['a@example.com', 'ISO 9001;ISO 27001'],
    ]);
  });
  it('reads UTF-16 (as Excel saves "Unicode text") and Latin-1 files', async () => {
    const text = 'Email\tName\nzoe@example.com\tZoë Brontë\n';
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      le[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect(detectEncoding(le)).toBe('utf-16le');
    expect(await rowsOf(le, 'unicode.txt')).toEqual([
      ['Email', 'Name'],
      ['zoe@example.com', 'Zoë Brontë'],
    ]);
    const latin1 = Uint8Array.from('Email,Name\nzoe@example.com,Zo\u00eb Bront\u00eb\n', (c) => c.charCodeAt(0));
    expect(detectEncoding(latin1)).toBe('windows-1252');
    expect((await rowsOf(latin1))[1]).toEqual(['zoe@example.com', 'Zoë Brontë']);
  });
  it('reads a 10 MB cell whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const rows = await rowsOf(utf8(`Email,Notes\na@example.com,"${big}"\n`), 'big.csv', whole);
    expect(rows[1]?.[1]?.length).toBe(big.length);
  });
  it('refuses a file whose name and content disagree', () => {
    expect(formatOf('contacts.csv', utf8('PK\u0003\u0004'))).toBeNull();
    expect(formatOf('contacts.xlsx', utf8('Email\n'))).toBeNull();
    expect(formatOf('contacts.pdf', utf8('Email\n'))).toBeNull();
  });
});

describe('XLSX and ZIP files', () => {
  it('reads the first sheet of an XLSX: text, numbers, dates and formula results', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contacts');
    sheet.addRow(['Email', 'Name', 'Seats', 'Joined']);
    sheet.addRow(['a@example.com', 'Ada', 3, new Date('2026-03-04T00:00:00Z')]);
    sheet.addRow([]);
    sheet.addRow(['b@example.com', { formula: '"B"&"ob"', result: 'Bob' }, 1, null]);
    book.addWorksheet('Other').addRow(['ignored']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await rowsOf(bytes, 'contacts.xlsx')).toEqual([
      ['Email', 'Name', 'Seats', 'Joined'],
      ['a@example.com', 'Ada', '3', '2026-03-04'],
      ['b@example.com', 'Bob', '1'],
    ]);
  });
  it('reads every CSV of a ZIP as one table, the repeated header rows dropped', async () => {
    const zip = zipSync({
      'hubspot-export-1.csv': strToU8('Email,Name\na@example.com,Ada\n'),
      'hubspot-export-2.csv': strToU8('Email,Name\nb@example.com,Bob\n'),
      '__MACOSX/._hubspot-export-1.csv': strToU8('junk'),
    });
    expect(await rowsOf(zip, 'export.zip')).toEqual([
      ['Email', 'Name'],
      ['a@example.com', 'Ada'],
      ['b@example.com', 'Bob'],
    ]);
  });
});

describe('a hostile ZIP', () => {
  it('is refused once it unpacks to more than the limit, however small it is', async () => {
    const bomb = zipSync({ 'huge.csv': new Uint8Array(4 * 1024 * 1024).fill(0x41) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const read = async () => {
      for await (const _ of zipRecords(once(bomb), 1024 * 1024)) void _;
    };
    await expect(read()).rejects.toThrow(/unpacks to more than/);
  });
});

describe('a row as it will be stored', () => {
  const interests: PropertyDefinition = {
    id: 'p1', object: 'contact', key: 'interests', label: 'Interests', type: 'multi_select', required: false, is_unique: false, help_text: null, currency: null, position: 0, archived: false,
    options: [
      { value: 'iso-9001', label: 'ISO 9001', color: 'blue' },
      { value: 'iso-27001', label: 'ISO 27001', color: 'green' },
    ],
  };
  // Columns: Email, First, Last, Stage, Owner, Interests, Phone, Record ID.
  const fields = importFields('contacts', [interests]);
  const field = (key: string) => fields.find((f) => f.key === key) as (typeof fields)[number];
  const ctx: RowContext = {
    object: 'contacts',
    match: 'email',
    externalSource: 'hubspot',
    columns: [[0, field('email')], [1, field('first_name')], [2, field('last_name')], [3, field('lifecycle_stage')], [4, field('owner')], [5, field('custom:interests')], [6, field('phone')], [7, field('external_id')]],
    properties: new Map([['interests', interests]]),
    members: [{ user_id: '00000000-0000-4000-8000-000000000001', email: 'owner@northwind.example', display_name: 'Olive Owner' }],
  };
  it('normalises the email, maps HubSpot stages and members, splits `;` lists into options', () => {
    const row = prepareRow(ctx, [' ADA@Example.com ', 'Ada', 'Lovelace', 'Marketing Qualified Lead', 'Olive Owner', 'ISO 9001; iso 27001', '+44 20 7946 0000', '100001']);
    expect(isRefusal(row)).toBe(false);
    expect(row).toMatchObject({
      key: 'ada@example.com',
      values: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', lifecycle_stage: 'prospect', owner_id: '00000000-0000-4000-8000-000000000001', phone: '+44 20 7946 0000' },
      custom: { interests: ['iso-9001', 'iso-27001'] },
      externalId: 'hubspot:100001',
      warnings: [],
    });
  });
  it('warns about values that do not map and still imports the row', () => {
    const row = prepareRow(ctx, ['b@example.com', '', 'B', 'Evangelist-ish', 'stranger@elsewhere.example', 'ISO 14001', 'call me', '']);
    expect(row).toMatchObject({ values: { email: 'b@example.com', last_name: 'B' }, warnings: ['unknown_stage', 'unknown_owner', 'unknown_option', 'invalid_phone'] });
  });
  it('refuses an invalid or missing email when matching on email', () => {
    expect(prepareRow(ctx, ['not-an-email', 'A', 'B'])).toMatchObject({ refused: 'invalid_email' });
    expect(prepareRow(ctx, ['', 'A', 'B'])).toMatchObject({ refused: 'missing_email' });
    expect(prepareRow({ ...ctx, match: 'external_id' }, ['c@example.com', 'A', 'B'])).toMatchObject({ refused: 'missing_external_id' });
  });
  it('removes NUL and other control characters, and reads back a cell a Cohort export neutralised', () => {
    const row = prepareRow(ctx, ['c@example.com', 'A\u0000da', "'+Lovelace", '', '', '', "'+44 20 7946 0000"]);
    expect(row).toMatchObject({ values: { first_name: 'Ada', last_name: '+Lovelace', phone: '+44 20 7946 0000' }, warnings: ['control_characters_removed'] });
  });
  it('folds a duplicate into its first row: blanks filled, values kept', () => {
    expect(foldCells(['a@example.com', 'Ada', ''], [['A@example.com', 'Adeline', 'Lovelace'], ['a@example.com', '', 'King']])).toEqual(['a@example.com', 'Ada', 'Lovelace']);
  });
});

describe('amounts as sheets write them', () => {
  it('reads US, European, spaced and Swiss notations, and refuses what only looks like a number', () => {
    expect(parseAmount('1.234,56 €')).toBe(1234.56);
    expect(parseAmount('1,234.50')).toBe(1234.5);
    expect(parseAmount('12,500.00')).toBe(12500);
    expect(parseAmount('1 234,56')).toBe(1234.56);
    expect(parseAmount("1'234.50")).toBe(1234.5);
    expect(parseAmount('1,5')).toBe(1.5);
    expect(parseAmount('EUR 900')).toBe(900);
    expect(parseAmount('1.234.567')).toBe(1234567);
    expect(parseAmount('1,500')).toBe(1500);
    // A dot before three digits could be a thousands separator or a decimal point.
    expect(parseAmount('1.500')).toBe('ambiguous');
    for (const hostile of ['0x10', '1e3', '€', 'EUR', '-5', '1,2,3.4.5', 'twelve', '']) expect(parseAmount(hostile)).toBeNull();
  });
});

describe('expiry from a course’s validity', () => {
  it('adds months as Postgres does, to the last day of a shorter month', () => {
    expect(addMonths('2025-03-01', 36)).toBe('2028-03-01');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
  });
});
